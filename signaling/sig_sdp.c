/*
 * sig_sdp.c: SDP offer/answer for one call over libre's sdp objects.
 *
 * libre aligns local and remote formats on sdp_decode: a matching local
 * format gets sup=true (and, for an offer, the remote PT). It would then
 * answer every matching format, so after choosing we clear `sup` on the
 * formats we do not want; media_encode skips them in an answer. The
 * local formats are rebuilt before every offer (ours or theirs) so PTs
 * rewritten by an earlier negotiation never linger.
 */
#include <string.h>
#include <re.h>
#include "sig_sdp.h"
#include "sig_sdp_int.h"

static const char telev_name[] = "telephone-event";

struct sig_sdp {
	struct sig_sdp_prefs prefs;
	struct sdp_session *sess;
	struct sdp_media *audio;                     /* owned by sess    */
	struct sdp_format *fmt[SIG_SDP_MAXCODECS];   /* by preference    */
	struct sdp_format *te8k;
	struct sdp_format *te48k;
	bool transport_set;
	bool mux;           /* RTCP shares the RTP port (fixed)           */
	bool remote_mux;    /* the last remote SDP carried a=rtcp-mux     */
};


static void destructor(void *arg)
{
	struct sig_sdp *s = arg;

	mem_deref(s->sess);
}


static void formats_flush(struct sig_sdp *s)
{
	struct le *le = list_head(sdp_media_format_lst(s->audio, true));

	while (le) {
		struct sdp_format *f = le->data;

		le = le->next;
		mem_deref(f);
	}

	memset(s->fmt, 0, sizeof(s->fmt));
	s->te8k = NULL;
	s->te48k = NULL;
}


static int format_add_codec(struct sig_sdp *s, unsigned i, uint32_t *dynpt)
{
	const struct codec_def *c = s->prefs.codecs[i];
	char id[8];

	if (c->static_pt >= 0)
		re_snprintf(id, sizeof(id), "%d", c->static_pt);
	else
		re_snprintf(id, sizeof(id), "%u", (*dynpt)++);

	return sdp_format_add(&s->fmt[i], s->audio, false, id, c->rtp_name,
			      c->rtp_clock, c->rtp_channels, NULL, NULL,
			      (void *)c, false, c->fmtp ? "%s" : NULL,
			      c->fmtp);
}


static int formats_add(struct sig_sdp *s)
{
	uint32_t dynpt = SIG_SDP_DYNPT;
	char id[8];
	int err = 0;

	for (unsigned i = 0; i < s->prefs.ncodecs && !err; i++)
		err = format_add_codec(s, i, &dynpt);
	if (err)
		return err;

	re_snprintf(id, sizeof(id), "%u", SIG_SDP_TE_PT8K);
	err = sdp_format_add(&s->te8k, s->audio, false, id, telev_name,
			     8000, 1, NULL, NULL, NULL, false, "0-15");
	if (err)
		return err;

	re_snprintf(id, sizeof(id), "%u", SIG_SDP_TE_PT48K);
	return sdp_format_add(&s->te48k, s->audio, false, id, telev_name,
			      48000, 1, NULL, NULL, NULL, false, "0-15");
}


int sig_sdp_alloc(struct sig_sdp **sp, const struct sig_sdp_prefs *prefs,
		  const struct sa *laddr)
{
	struct sig_sdp *s;
	int err;

	if (!sp || !prefs || !laddr || !prefs->ncodecs ||
	    prefs->ncodecs > SIG_SDP_MAXCODECS)
		return EINVAL;

	for (unsigned i = 0; i < prefs->ncodecs; i++) {
		if (!prefs->codecs[i] || !prefs->codecs[i]->rtp_name)
			return EINVAL;
	}

	s = mem_zalloc(sizeof(*s), destructor);
	if (!s)
		return ENOMEM;

	s->prefs = *prefs;

	err = sdp_session_alloc(&s->sess, laddr);
	if (err)
		goto out;

	err = sdp_media_add(&s->audio, s->sess, sdp_media_audio, 0,
			    sdp_proto_rtpavp);
	if (err)
		goto out;

	err = sdp_media_set_alt_protos(s->audio, 2, sdp_proto_rtpavp,
				       "RTP/AVPF");
	if (err)
		goto out;

	err = formats_add(s);
	if (err)
		goto out;

	if (prefs->ptime)
		err = sdp_media_set_lattr(s->audio, true, sdp_attr_ptime,
					  "%u", prefs->ptime);

 out:
	if (err)
		mem_deref(s);
	else
		*sp = s;

	return err;
}


void sig_sdp_set_transport(struct sig_sdp *s, uint16_t port, bool rtcp_mux)
{
	if (!s)
		return;

	sdp_media_set_lport(s->audio, port);
	s->mux = rtcp_mux;
	s->transport_set = true;
}


static int decode(struct sig_sdp *s, struct mbuf *mb, bool offer)
{
	struct mbuf *amb = NULL;
	int err;

	if (!mb || !sig_sdp_looks_valid(mb))
		return EBADMSG;

	err = sig_sdp_audio_only(&amb, mb);
	if (err)
		return err;

	err = sdp_decode(s->sess, amb, offer);
	mem_deref(amb);

	switch (err) {

	case 0:
	case ENOMEM:
		return err;

	case ENOTSUP:   /* re-offer m-line differs from the earlier one */
		return offer ? ENOTSUP : EPROTO;

	case EPROTO:    /* answer has more or other m-lines than ours */
		return offer ? EBADMSG : EPROTO;

	default:        /* EBADMSG, ENOSYS (v!=0), EINVAL ... */
		return EBADMSG;
	}
}


static bool rfmt_match(struct sdp_format *rf, void *arg)
{
	const struct sdp_format *lf = arg;

	/* RTP payload types are 7 bits (RFC 3550) */
	if (rf->pt < 0 || rf->pt > 127)
		return false;

	return rf->sup && sdp_format_cmp(lf, rf);
}


/* The first remote format matching a local one, or NULL. */
static const struct sdp_format *remote_of(const struct sig_sdp *s,
					  struct sdp_format *lf)
{
	if (!lf || !lf->sup)
		return NULL;

	return sdp_media_format_apply(s->audio, false, NULL, -1, NULL, -1,
				      -1, rfmt_match, lf);
}


/* telephone-event at the codec's clock if both have it, else any. */
static struct sdp_format *pick_te(const struct sig_sdp *s, uint32_t clock)
{
	struct sdp_format *same = clock == 48000 ? s->te48k : s->te8k;
	struct sdp_format *other = clock == 48000 ? s->te8k : s->te48k;

	if (remote_of(s, same))
		return same;
	if (remote_of(s, other))
		return other;

	return NULL;
}


static uint32_t rattr_u32(const struct sig_sdp *s, const char *name)
{
	const char *v = sdp_media_session_rattr(s->audio, s->sess, name);
	struct pl pl;

	if (!v)
		return 0;

	pl_set_str(&pl, v);
	return pl_u32(&pl);
}


static void enc_params(const struct sig_sdp *s, const struct codec_def *c,
		       const struct sdp_format *rf, struct codec_params *enc)
{
	uint32_t want = rattr_u32(s, sdp_attr_ptime);

	memset(enc, 0, sizeof(*enc));

	if (!str_casecmp(c->name, "opus")) {
		*enc = s->prefs.opus;
		sig_sdp_opus_params(enc, rf->params);
	}

	enc->ptime = sig_sdp_ptime(want ? want : s->prefs.ptime,
				rattr_u32(s, sdp_attr_maxptime));
}


static void set_direction(struct sig_sdp *s, struct engine_media *em)
{
	/* c=0.0.0.0 is RFC 2543 hold: the peer does not want media */
	bool c0 = !sa_isset(&em->rtp_addr, SA_ADDR);
	enum sdp_dir dir;

	sdp_media_set_ldir(s->audio, c0 ? SDP_RECVONLY : SDP_SENDRECV);

	/* libre mirrors rdir: remote sendonly reads as SDP_RECVONLY */
	dir = sdp_media_dir(s->audio);
	em->send = (dir & SDP_SENDONLY) != 0;
	em->recv = (dir & SDP_RECVONLY) != 0;
}


/* Keep only the chosen codec and telephone-event in the answer. */
static void keep_only(struct sig_sdp *s, const struct sdp_format *lf,
		      const struct sdp_format *te)
{
	struct le *le = list_head(sdp_media_format_lst(s->audio, true));

	for (; le; le = le->next) {
		struct sdp_format *f = le->data;

		if (f != lf && f != te)
			f->sup = false;
	}
}


static int negotiate(struct sig_sdp *s, bool answerer,
		     struct engine_media *out)
{
	struct sdp_format *lf = NULL, *te;
	const struct sdp_format *rf = NULL;
	const struct codec_def *codec = NULL;
	struct engine_media em;

	if (!sdp_media_rport(s->audio))
		return ENOENT;

	for (unsigned i = 0; i < s->prefs.ncodecs && !codec; i++) {
		rf = remote_of(s, s->fmt[i]);
		if (!rf)
			continue;
		lf = s->fmt[i];
		codec = s->prefs.codecs[i];
	}

	if (!codec)
		return ENOENT;

	/* offered twice (say 96 and 97): libre answers the last one */
	if (answerer) {
		const struct sdp_format *same;

		same = sdp_media_format(s->audio, false, lf->id, -1, NULL,
					-1, -1);
		if (same)
			rf = same;
	}

	memset(&em, 0, sizeof(em));
	em.codec = codec;
	em.pt = (uint8_t)(answerer ? lf->pt : rf->pt);

	te = pick_te(s, codec->rtp_clock);
	em.te_pt = -1;
	if (te) {
		em.te_pt = answerer ? te->pt : remote_of(s, te)->pt;
		em.te_rate = te->srate;
	}

	enc_params(s, codec, rf, &em.enc);

	s->remote_mux = sdp_media_rattr(s->audio, "rtcp-mux") != NULL;
	em.rtcp_mux = s->transport_set ? s->mux : s->remote_mux;
	em.rtp_addr = *sdp_media_raddr(s->audio);
	if (em.rtcp_mux && s->remote_mux)
		em.rtcp_addr = em.rtp_addr;
	else
		sdp_media_raddr_rtcp(s->audio, &em.rtcp_addr);

	set_direction(s, &em);
	keep_only(s, lf, te);

	*out = em;

	return 0;
}


int sig_sdp_offer_decode(struct sig_sdp *s, struct mbuf *offer,
			 struct engine_media *m)
{
	int err;

	if (!s || !offer || !m)
		return EINVAL;

	formats_flush(s);
	err = formats_add(s);
	if (err)
		return err;

	err = decode(s, offer, true);
	if (err)
		return err;

	return negotiate(s, true, m);
}


int sig_sdp_answer_decode(struct sig_sdp *s, struct mbuf *answer,
			  struct engine_media *m)
{
	int err;

	if (!s || !answer || !m)
		return EINVAL;

	err = decode(s, answer, false);
	if (err)
		return err;

	return negotiate(s, false, m);
}


static int set_mux_attr(struct sig_sdp *s, bool on)
{
	sdp_media_del_lattr(s->audio, "rtcp-mux");

	return on ? sdp_media_set_lattr(s->audio, false, "rtcp-mux", NULL)
		  : 0;
}


int sig_sdp_encode(struct sig_sdp *s, bool offer, struct mbuf **mbp)
{
	int err;

	if (!s || !mbp)
		return EINVAL;

	if (offer) {
		formats_flush(s);
		err = formats_add(s);
		if (err)
			return err;

		sdp_media_set_ldir(s->audio, SDP_SENDRECV);
		err = set_mux_attr(s, s->mux);
	}
	else {
		err = set_mux_attr(s, s->mux && s->remote_mux);
	}
	if (err)
		return err;

	return sdp_encode(mbp, s->sess, offer);
}
