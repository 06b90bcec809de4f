/*
 * sig_sdp_prm.c: the text-level helpers of sig_sdp: body sanity and
 * filtering before libre parses it, packet time, and Opus fmtp.
 */
#include <string.h>
#include <re.h>
#include "sig_sdp.h"
#include "sig_sdp_int.h"

enum {
	OPUS_BR_MIN = 6000,     /* [bit/s] RFC 7587 maxaveragebitrate range */
	OPUS_BR_MAX = 510000,
};

/* [ms] packet times we can send; a=ptime is rounded to one of these. */
static const uint32_t ptimes[] = {10, 20, 40, 60};


/* RFC 4566 requires "v=" first; libre would accept some free text. */
bool sig_sdp_looks_valid(const struct mbuf *mb)
{
	const uint8_t *p = mbuf_buf(mb);
	size_t n = mbuf_get_left(mb);

	while (n && (*p == '\r' || *p == '\n' || *p == ' ')) {
		++p;
		--n;
	}

	return n >= 2 && p[0] == 'v' && p[1] == '=';
}


/*
 * Copy the session part and the audio sections; of any other section
 * keep only its m= line. We decline those, so a malformed attribute in
 * them (say "a=rtpmap:31 LPC") must not fail the call. Ends with CRLF.
 */
int sig_sdp_audio_only(struct mbuf **outp, const struct mbuf *mb)
{
	const char *p = (const char *)mbuf_buf(mb);
	const char *end = p + mbuf_get_left(mb);
	struct mbuf *out;
	bool keep = true;
	int err = 0;

	out = mbuf_alloc(mbuf_get_left(mb) + 2);
	if (!out)
		return ENOMEM;

	while (p < end && !err) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		if (n >= 2 && p[0] == 'm' && p[1] == '=') {
			keep = n > 8 && !memcmp(p, "m=audio ", 8);
			err = mbuf_write_mem(out, (const uint8_t *)p, n);
		}
		else if (keep) {
			err = mbuf_write_mem(out, (const uint8_t *)p, n);
		}

		p += n;
	}

	if (!err && out->end && out->buf[out->end - 1] != '\n')
		err = mbuf_write_str(out, "\r\n");

	out->pos = 0;

	if (err)
		mem_deref(out);
	else
		*outp = out;

	return err;
}


/* Nearest allowed ptime to `want` that is <= maxptime (0 = no cap). */
uint32_t sig_sdp_ptime(uint32_t want, uint32_t maxptime)
{
	uint32_t best = 0, bestd = UINT32_MAX;

	for (size_t i = 0; i < ARRAY_SIZE(ptimes); i++) {
		uint32_t p = ptimes[i];
		uint32_t d = p > want ? p - want : want - p;

		if (maxptime && p > maxptime)
			continue;
		if (d < bestd) {
			best = p;
			bestd = d;
		}
	}

	return best ? best : ptimes[0];
}


static bool param_flag(const struct pl *prm, const char *name, bool *val)
{
	struct pl v;

	if (!fmt_param_get(prm, name, &v))
		return false;

	*val = pl_u32(&v) == 1;
	return true;
}


/* Opus fmtp (RFC 7587): what the receiver asks of our encoder. */
void sig_sdp_opus_params(struct codec_params *enc, const char *fmtp)
{
	struct pl prm, v;
	bool flag;

	pl_set_str(&prm, fmtp ? fmtp : "");

	if (param_flag(&prm, "useinbandfec", &flag))
		enc->fec = flag;
	if (param_flag(&prm, "usedtx", &flag))
		enc->dtx = flag;
	if (param_flag(&prm, "stereo", &flag))
		enc->stereo = flag;

	if (fmt_param_get(&prm, "maxaveragebitrate", &v)) {
		uint32_t cap = pl_u32(&v);

		cap = MAX(cap, (uint32_t)OPUS_BR_MIN);
		cap = MIN(cap, (uint32_t)OPUS_BR_MAX);
		if (!enc->bitrate || enc->bitrate > cap)
			enc->bitrate = cap;
	}
}
