/*
 * setup.c: build a run from the options: codec, addresses, participants
 * (room, talker slot, track), pre-encoded tracks, the --rtp-only stream
 * list, the SIP stack, --verify decoders; and tear it all down.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include "load.h"
#include "rtpfile.h"

enum {
	DYN_PT = 111,           /* payload type we offer for Opus */
	FMAX_NARROW = 3400,     /* [Hz] talker tones below this for G.711 */
	FMAX_WIDE = 6000,       /* [Hz] ... and for Opus */
};


static int tracks_init(struct load *l)
{
	struct codec_params prm;
	struct lsig_spec s;
	uint32_t fmax = l->codec->pcm_rate > 8000 ? FMAX_WIDE : FMAX_NARROW;
	int err;

	memset(&prm, 0, sizeof(prm));
	prm.bitrate = l->o.bitrate;
	prm.ptime = LOAD_PTIME;
	prm.complexity = 5;
	prm.dtx = l->o.dtx;

	l->ntalk = load_room_talkers(l, 0);
	l->talk = mem_zalloc((l->ntalk + 1) * sizeof(*l->talk), NULL);
	l->freqs = mem_zalloc((l->ntalk + 1) * sizeof(*l->freqs), NULL);
	if (!l->talk || !l->freqs)
		return ENOMEM;

	for (unsigned k = 0; k < l->ntalk; k++) {
		lsig_spec_init(&s, k, l->ntalk, fmax);
		l->freqs[k] = s.freq;
		err = ltrack_alloc(&l->talk[k], l->codec, &prm, &s,
				   LOAD_TRACK_FRAMES, LOAD_PTIME);
		if (err)
			return err;
	}

	lsig_spec_init(&s, l->ntalk, l->ntalk, fmax);

	return ltrack_alloc(&l->quiet, l->codec, &prm, &s, LOAD_TRACK_FRAMES,
			    LOAD_PTIME);
}


static void part_init(struct load *l, struct lpart *p, unsigned i)
{
	unsigned r = l->o.rooms, nt;

	p->l = l;
	p->idx = i;
	p->fd = -1;
	p->pt = l->pt;
	if (l->o.grouped) {
		unsigned per = (l->n + r - 1) / r;

		p->room = i / per;
		p->slot = i % per;
	}
	else {
		p->room = i % r;
		p->slot = i / r;
	}

	nt = load_room_talkers(l, p->room);
	p->talker = p->slot < nt;
	p->track = p->talker ? l->talk[p->slot] : l->quiet;
	p->track_pos = rand_u32() % ltrack_frames(p->track);
	lrx_init(&p->rx, l->codec->rtp_clock,
		 ltrack_frame_ts(p->track));
}


static int rtp_only_init(struct load *l, struct rtpfile_ent **entp)
{
	unsigned n = 0, bad = 0;
	int err;

	err = rtpfile_load(l->o.rtp_only, entp, &n, &bad);
	if (err == EINVAL)
		fprintf(stderr, "consort-load: %s:%u: expected \"local_port "
			"remote_ip remote_port pt\"\n", l->o.rtp_only, bad);
	else if (err)
		fprintf(stderr, "consort-load: %s: %s\n", l->o.rtp_only,
			strerror(err));
	if (err)
		return err;

	l->o.parts = n;
	if (l->o.rooms > n)
		l->o.rooms = n;

	return 0;
}


static int rtp_only_open(struct load *l, const struct rtpfile_ent *ents)
{
	for (unsigned i = 0; i < l->n; i++) {
		struct lpart *p = &l->parts[i];
		struct sa laddr = l->laddr;
		int err;

		sa_set_port(&laddr, ents[i].lport);
		err = media_open(p, &laddr);
		if (err) {
			re_fprintf(stderr, "consort-load: bind %J: %s\n",
				   &laddr, strerror(err));
			return err;
		}
		p->raddr = ents[i].raddr;
		p->pt = ents[i].pt;
	}

	return 0;
}


static int addrs_init(struct load *l)
{
	if (sa_set_str(&l->laddr, l->o.local_ip, 0)) {
		fprintf(stderr, "consort-load: bad --local-ip %s\n",
			l->o.local_ip);
		return EINVAL;
	}

	if (!l->o.rtp_only &&
	    sa_decode(&l->sip_target, l->o.target, strlen(l->o.target))) {
		fprintf(stderr, "consort-load: bad --target %s (want "
			"IP:PORT)\n", l->o.target);
		return EINVAL;
	}

	return 0;
}


static int parts_init(struct load *l)
{
	int err = 0;

	l->n = l->o.parts;
	l->parts = mem_zalloc(l->n * sizeof(*l->parts), NULL);
	if (!l->parts)
		return ENOMEM;

	err = tracks_init(l);
	if (err) {
		fprintf(stderr, "consort-load: pre-encoding: %s\n",
			strerror(err));
		return err;
	}

	for (unsigned i = 0; i < l->n; i++)
		part_init(l, &l->parts[i], i);

	for (unsigned i = 0; i < l->n && l->o.verify && !err; i++)
		err = vpart_init(&l->parts[i]);

	return err;
}


int load_setup(struct load *l)
{
	struct rtpfile_ent *ents = NULL;
	int err;

	l->tfd = -1;
	l->codec = codec_find(l->o.codec);
	if (!l->codec)
		return ENOTSUP;
	l->pt = l->codec->static_pt >= 0 ? (uint8_t)l->codec->static_pt :
		DYN_PT;

	tmr_init(&l->ramp_tmr);
	tmr_init(&l->phase_tmr);
	tmr_init(&l->prog_tmr);
	tmr_init(&l->verify_tmr);

	err = addrs_init(l);
	if (!err && l->o.rtp_only)
		err = rtp_only_init(l, &ents);
	if (!err)
		err = parts_init(l);
	if (err)
		goto out;

	if (l->o.rtp_only)
		err = rtp_only_open(l, ents);
	else
		err = lsip_init(l);

 out:
	mem_deref(ents);
	return err;
}


void load_teardown(struct load *l)
{
	tmr_cancel(&l->ramp_tmr);
	tmr_cancel(&l->phase_tmr);
	tmr_cancel(&l->prog_tmr);
	tmr_cancel(&l->verify_tmr);
	media_stop(l);

	for (unsigned i = 0; l->parts && i < l->n; i++) {
		struct lpart *p = &l->parts[i];

		p->sess = mem_deref(p->sess);
		p->sdp = mem_deref(p->sdp);
		media_close(p);
		p->dec = mem_deref(p->dec);
		p->det = mem_deref(p->det);
	}

	lsip_free(l);
	for (unsigned k = 0; l->talk && k < l->ntalk; k++)
		mem_deref(l->talk[k]);
	l->talk = mem_deref(l->talk);
	l->quiet = mem_deref(l->quiet);
	l->freqs = mem_deref(l->freqs);
	l->parts = mem_deref(l->parts);
}
