/*
 * part.c: a participant's life on its worker: creation from a join
 * request, codec set-up, re-negotiation and teardown.
 */
#include <string.h>
#include <unistd.h>
#include <re.h>
#include "log.h"
#include "mix_priv.h"
#include "resample.h"

static void codec_release(struct part *p)
{
	p->dec = mem_deref(p->dec);
	p->own = mem_deref(p->own);
	p->rs_in = mem_deref(p->rs_in);
	p->jb = mem_deref(p->jb);
	p->tx.mode = TX_SHARED;
}

static void part_destructor(void *arg)
{
	struct part *p = arg;

	part_rtcp_bye(p);
	list_unlink(&p->le);
	if (p->he.list) {
		hash_unlink(&p->he);
		--p->w->nparts;
	}
	codec_release(p);
	if (p->rtp_fd >= 0)
		close(p->rtp_fd);
	if (p->rtcp_fd >= 0)
		close(p->rtcp_fd);
}

static int jb_setup(struct part *p)
{
	const struct engine_config *cfg = &p->w->cfg;
	struct jb_config jc = {
		.clock_rate = p->m.codec->rtp_clock,
		.min_delay = cfg->jb_min,
		.max_delay = cfg->jb_max,
	};

	return jb_alloc(&p->jb, &jc);
}

/* (Re)create decoder, resampler and the jitter buffer for the
 * negotiated codec; the listener starts on its configuration's shared
 * encode (room.c). */
static int codec_setup(struct part *p)
{
	const struct codec_def *def = p->m.codec;
	int err;

	codec_release(p);
	p->in_fill = 0;

	err = def->dec_alloc(&p->dec, def);
	if (err)
		return err;
	if (def->pcm_rate != ROOM_RATE) {
		err = resamp_alloc(&p->rs_in, def->pcm_rate, ROOM_RATE);
		if (err)
			return err;
	}
	return jb_setup(p);
}

static void media_fixup(struct engine_media *m)
{
	static const uint32_t allowed[] = {10, 20, 30, 40, 60};
	uint32_t pt = m->enc.ptime ? m->enc.ptime : 20;
	bool ok = false;

	for (size_t i = 0; i < ARRAY_SIZE(allowed); i++)
		ok |= pt == allowed[i];
	m->enc.ptime = ok ? pt : 20;
}

int part_alloc(struct part **pp, struct room *r, uint32_t id,
	       struct join_req *jr)
{
	struct worker *w = r->w;
	struct vad_config vc;
	struct part *p;
	int err;

	p = mem_zalloc(sizeof(*p), part_destructor);
	if (!p)
		return ENOMEM;
	p->rtp_fd = p->rtcp_fd = -1;
	p->id = id;
	p->room = r;
	p->w = w;
	p->m = jr->m;
	media_fixup(&p->m);
	str_ncpy(p->label, jr->label, sizeof(p->label));
	p->gain_in = p->gain_out = 32768;
	p->rtp_peer = p->m.rtp_addr;
	p->rtcp_peer = p->m.rtcp_addr;
	p->tx_ssrc = worker_rand(w) | 1u;
	p->tx_seq = (uint16_t)worker_rand(w);
	p->tx_ts = worker_rand(w);
	rxstats_reset(p);
	rtp_dtmf_rx_init(&p->dtmf);
	vc = (struct vad_config){
		.on_db = w->cfg.talk_on,
		.off_db = w->cfg.talk_off,
		.hold_ms = w->cfg.talk_hold,
		.attack_ms = 40,
	};
	vad_init(&p->vad, &vc, ROOM_RATE);

	/* From here on the part owns the sockets. */
	p->rtp_fd = jr->rtp_fd;
	p->rtcp_fd = jr->rtcp_fd;
	jr->rtp_fd = jr->rtcp_fd = -1;

	err = codec_setup(p);
	if (err)
		goto out;
	err = worker_watch(w, p->rtp_fd, p);
	if (err)
		goto out;
	err = worker_watch(w, p->rtcp_fd, p);
	if (err)
		goto out;

	hash_append(w->parts, id, &p->he, p);
	++w->nparts;
	list_append(&r->parts, &p->le, p);
 out:
	if (err)
		mem_deref(p);
	else
		*pp = p;
	return err;
}

int part_update(struct part *p, const struct engine_media *m)
{
	struct engine_media nm = *m;
	bool codec_changed;
	int err = 0;

	media_fixup(&nm);
	codec_changed = nm.codec != p->m.codec || nm.pt != p->m.pt ||
			memcmp(&nm.enc, &p->m.enc, sizeof(nm.enc));

	if (!sa_cmp(&nm.rtp_addr, &p->m.rtp_addr, SA_ALL) &&
	    sa_isset(&nm.rtp_addr, SA_ALL)) {
		/* They moved: forget the latched source. */
		p->rtp_peer = nm.rtp_addr;
		p->rtcp_peer = nm.rtcp_addr;
		p->latched = false;
		p->relatch_n = 0;
	}
	p->m = nm;

	if (codec_changed) {
		err = codec_setup(p);
		p->rx_started = false;
		rxstats_reset(p);
	}
	if (!p->m.recv && p->jb)
		jb_reset(p->jb);
	return err;
}
