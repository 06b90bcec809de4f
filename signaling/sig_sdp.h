/*
 * sig_sdp.h: SDP offer/answer for one call, pure logic over libre's sdp
 * objects (no SIP stack, no sockets, no clock).
 *
 * One sig_sdp holds one libre sdp_session with a single local audio
 * m-line. Every other remote m-line (video, application, a second audio,
 * RTP/SAVP audio) is declined with port 0. The answer lists only the
 * chosen codec and one telephone-event format.
 *
 * Typical use, INVITE with an offer:
 *   sig_sdp_alloc -> sig_sdp_offer_decode (fills engine_media)
 *   -> bind RTP with m.rtcp_mux -> sig_sdp_set_transport
 *   -> sig_sdp_encode(offer=false).
 * INVITE without SDP:
 *   sig_sdp_alloc -> bind RTP (no mux) -> sig_sdp_set_transport
 *   -> sig_sdp_encode(offer=true) -> ... ACK -> sig_sdp_answer_decode.
 */
#ifndef CONSORT_SIG_SDP_H
#define CONSORT_SIG_SDP_H

#include <stdbool.h>
#include <stdint.h>
#include <re.h>
#include "codec.h"
#include "engine.h"

enum {
	SIG_SDP_MAXCODECS = 8,
	SIG_SDP_TE_PT8K   = 101,   /* telephone-event/8000 when we offer  */
	SIG_SDP_TE_PT48K  = 110,   /* telephone-event/48000 when we offer */
	SIG_SDP_DYNPT     = 111,   /* first PT of dynamic codecs we offer */
};

/* What we offer and accept, copied at alloc (SIGHUP affects new calls). */
struct sig_sdp_prefs {
	const struct codec_def *codecs[SIG_SDP_MAXCODECS]; /* preference  */
	unsigned ncodecs;
	struct codec_params opus;  /* our Opus defaults (bitrate [bit/s],
				      complexity, fec, dtx)               */
	uint32_t ptime;            /* [ms] packet time we send by default */
};

struct sig_sdp;

/*
 * Create the SDP state of one call. laddr is the media address put in
 * o= and c= (its port is ignored). *sp is a mem object.
 * Returns 0, EINVAL (no codecs, bad args) or ENOMEM.
 */
int sig_sdp_alloc(struct sig_sdp **sp, const struct sig_sdp_prefs *prefs,
		  const struct sa *laddr);

/*
 * Fix the local RTP port and whether RTCP shares it (rtcp_mux). Called
 * once, after the sockets are bound; later negotiations keep them.
 */
void sig_sdp_set_transport(struct sig_sdp *s, uint16_t port, bool rtcp_mux);

/*
 * Decode a remote offer and negotiate; on success *m describes the media
 * (m->rtcp_mux: as offered before sig_sdp_set_transport, as fixed after)
 * and sig_sdp_encode(s, false, ..) gives the answer.
 * Returns 0 or:
 *   EBADMSG  the SDP does not parse (caller answers 400),
 *   ENOENT   no usable audio: no common codec, audio declined, no audio
 *            m-line or only RTP/SAVP (caller answers 488 + Warning 304),
 *   ENOTSUP  a re-offer whose m-lines do not match the earlier ones (488),
 *   ENOMEM.
 * On failure *m is left unchanged.
 */
int sig_sdp_offer_decode(struct sig_sdp *s, struct mbuf *offer,
			 struct engine_media *m);

/*
 * Decode the remote answer to our offer (from the ACK) and fill *m.
 * Returns 0, EBADMSG, ENOENT (nothing common / audio rejected), EPROTO
 * (the answer does not match our offer) or ENOMEM.
 */
int sig_sdp_answer_decode(struct sig_sdp *s, struct mbuf *answer,
			  struct engine_media *m);

/*
 * Encode our SDP: an offer with every codec in preference order plus
 * telephone-event/8000 and /48000 (offer=true), or the answer to the
 * last decoded offer (offer=false). *mbp is a new mbuf (pos 0).
 */
int sig_sdp_encode(struct sig_sdp *s, bool offer, struct mbuf **mbp);

#endif
