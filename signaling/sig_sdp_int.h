/* sig_sdp_int.h: helpers shared by sig_sdp.c and sig_sdp_prm.c. */
#ifndef CONSORT_SIG_SDP_INT_H
#define CONSORT_SIG_SDP_INT_H

#include <stdbool.h>
#include <stdint.h>

struct mbuf;
struct codec_params;

/* The body starts with "v=" (RFC 4566), after optional blank lines. */
bool sig_sdp_looks_valid(const struct mbuf *mb);

/*
 * *outp = a copy of mb with the session part and audio sections only;
 * other m-lines keep just their m= line. Ends with CRLF.
 */
int sig_sdp_audio_only(struct mbuf **outp, const struct mbuf *mb);

/* [ms] allowed packet time nearest to want and <= maxptime (0 = any). */
uint32_t sig_sdp_ptime(uint32_t want, uint32_t maxptime);

/* Apply a remote Opus fmtp (RFC 7587) to our encoder settings. */
void sig_sdp_opus_params(struct codec_params *enc, const char *fmtp);

#endif
