/*
 * codec_opus.c: Opus (libopus) at 48 kHz, mono in and out.
 *
 * The SDP says opus/48000/2 (RFC 7587) but we encode mono; a stereo
 * stream decodes to mono. Loss handling:
 *   plc  opus_decode(NULL) in steps of at most 120 ms. libopus conceals
 *        only multiples of 2.5 ms (120 samples); a remainder is made by
 *        concealing one more 2.5 ms step and dropping its tail.
 *   fec  libopus silently falls back to PLC when the next packet holds
 *        no LBRR (low bit-rate redundancy) data, so we look first: the
 *        packet must be SILK or hybrid, last no longer than the gap, and
 *        its first frame must set an LBRR flag (codec_opus_lbrr.c).
 *        Otherwise ENOENT and the decoder is left untouched.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <re.h>
#include <opus.h>

#include "codec_int.h"

enum {
	OPUS_RATE        = 48000,  /* [Hz]                     */
	OPUS_STEP        = 120,    /* [samples] 2.5 ms          */
	OPUS_MAX_FRAME   = 5760,   /* [samples] 120 ms          */
	OPUS_DEF_BITRATE = 32000,  /* [bit/s]                   */
};

struct codec_enc {
	OpusEncoder *enc;
};

struct codec_dec {
	OpusDecoder *dec;
};

static int opus2errno(int ret)
{
	switch (ret) {

	case OPUS_BAD_ARG:          return EINVAL;
	case OPUS_BUFFER_TOO_SMALL: return EOVERFLOW;
	case OPUS_INVALID_PACKET:   return EBADMSG;
	case OPUS_ALLOC_FAIL:       return ENOMEM;
	default:                    return EPROTO;
	}
}

static void enc_destructor(void *arg)
{
	struct codec_enc *enc = arg;

	if (enc->enc)
		opus_encoder_destroy(enc->enc);
}

static void dec_destructor(void *arg)
{
	struct codec_dec *dec = arg;

	if (dec->dec)
		opus_decoder_destroy(dec->dec);
}

static int enc_configure(OpusEncoder *oe, const struct codec_params *prm)
{
	opus_int32 bitrate = prm->bitrate ? (opus_int32)prm->bitrate
					  : OPUS_DEF_BITRATE;
	int ret = 0;

	ret |= opus_encoder_ctl(oe, OPUS_SET_BITRATE(bitrate));
	ret |= opus_encoder_ctl(oe, OPUS_SET_COMPLEXITY(prm->complexity));
	ret |= opus_encoder_ctl(oe, OPUS_SET_SIGNAL(OPUS_SIGNAL_VOICE));
	ret |= opus_encoder_ctl(oe, OPUS_SET_INBAND_FEC(prm->fec ? 1 : 0));
	ret |= opus_encoder_ctl(oe, OPUS_SET_PACKET_LOSS_PERC(0));
	ret |= opus_encoder_ctl(oe, OPUS_SET_DTX(prm->dtx ? 1 : 0));

	return ret ? EPROTO : 0;
}

static int opus_enc_alloc(struct codec_enc **encp, const struct codec_def *def,
			  const struct codec_params *prm)
{
	struct codec_enc *enc;
	int err, ret;

	if (!encp || def != &codec_opus || !prm || prm->complexity < 0 ||
	    prm->complexity > 10 || prm->bitrate > 512000)
		return EINVAL;

	enc = mem_zalloc(sizeof(*enc), enc_destructor);
	if (!enc)
		return ENOMEM;

	enc->enc = opus_encoder_create(OPUS_RATE, 1, OPUS_APPLICATION_VOIP,
				       &ret);
	if (!enc->enc) {
		err = opus2errno(ret);
		goto out;
	}

	err = enc_configure(enc->enc, prm);

 out:
	if (err)
		mem_deref(enc);
	else
		*encp = enc;

	return err;
}

/* OpusEncoder is one flat block without internal pointers (its parts
 * are reached by offsets), so a byte copy clones it. */
static int opus_enc_copy(struct codec_enc *dst, const struct codec_enc *src)
{
	if (!dst || !src)
		return EINVAL;
	memcpy(dst->enc, src->enc, (size_t)opus_encoder_get_size(1));
	return 0;
}

static int opus_encode_frm(struct codec_enc *enc, uint8_t *buf, size_t *len,
			   const int16_t *pcm, size_t samples)
{
	opus_int32 cap;
	opus_int32 n;

	if (!enc || !buf || !len || !*len || !pcm || !samples ||
	    samples > OPUS_MAX_FRAME)
		return EINVAL;

	cap = *len > INT32_MAX ? INT32_MAX : (opus_int32)*len;
	n = opus_encode(enc->enc, pcm, (int)samples, buf, cap);
	if (n < 0)
		return opus2errno(n);

	*len = (size_t)n;

	return 0;
}

static void opus_set_loss(struct codec_enc *enc, int loss_pct)
{
	if (!enc)
		return;

	if (loss_pct < 0)
		loss_pct = 0;
	else if (loss_pct > 100)
		loss_pct = 100;

	opus_encoder_ctl(enc->enc, OPUS_SET_PACKET_LOSS_PERC(loss_pct));
}

static int opus_dec_alloc(struct codec_dec **decp, const struct codec_def *def)
{
	struct codec_dec *dec;
	int err = 0, ret;

	if (!decp || def != &codec_opus)
		return EINVAL;

	dec = mem_zalloc(sizeof(*dec), dec_destructor);
	if (!dec)
		return ENOMEM;

	dec->dec = opus_decoder_create(OPUS_RATE, 1, &ret);
	if (!dec->dec)
		err = opus2errno(ret);

	if (err)
		mem_deref(dec);
	else
		*decp = dec;

	return err;
}

static int opus_decode_frm(struct codec_dec *dec, int16_t *pcm,
			   size_t *samples, const uint8_t *buf, size_t len)
{
	int cap, n;

	if (!dec || !pcm || !samples || !*samples || !buf || !len ||
	    len > INT32_MAX)
		return EINVAL;

	cap = *samples > INT_MAX ? INT_MAX : (int)*samples;
	n = opus_decode(dec->dec, buf, (opus_int32)len, pcm, cap, 0);
	if (n < 0)
		return opus2errno(n);

	*samples = (size_t)n;

	return 0;
}

static int opus_decode_plc(struct codec_dec *dec, int16_t *pcm,
			   size_t samples)
{
	int16_t tail[OPUS_STEP];
	int n;

	if (!dec || !pcm)
		return EINVAL;

	while (samples >= OPUS_STEP) {
		size_t want = samples - samples % OPUS_STEP;

		if (want > OPUS_MAX_FRAME)
			want = OPUS_MAX_FRAME;

		n = opus_decode(dec->dec, NULL, 0, pcm, (int)want, 0);
		if (n <= 0)
			return n < 0 ? opus2errno(n) : EPROTO;

		pcm += n;
		samples -= (size_t)n;
	}

	if (!samples)
		return 0;

	n = opus_decode(dec->dec, NULL, 0, tail, OPUS_STEP, 0);
	if (n < (int)samples)
		return n < 0 ? opus2errno(n) : EPROTO;

	memcpy(pcm, tail, samples * sizeof(*pcm));

	return 0;
}

/* Does `next` carry FEC that libopus would use for a gap of `samples`? */
static bool fec_usable(const uint8_t *next, size_t len, size_t samples)
{
	const unsigned char *frames[48];
	opus_int16 sizes[48];
	unsigned char toc;
	int nframes, per_frame, chans;

	nframes = opus_packet_parse(next, (opus_int32)len, &toc, frames,
				    sizes, NULL);
	if (nframes < 1 || (toc >> 3) >= 16)  /* config 16..31: CELT only */
		return false;

	per_frame = opus_packet_get_samples_per_frame(next, OPUS_RATE);
	if (per_frame <= 0 || samples < (size_t)per_frame)
		return false;

	chans = opus_packet_get_nb_channels(next);

	return codec_opus_has_lbrr(frames[0], (size_t)sizes[0],
				   per_frame > 960 ? per_frame / 960 : 1,
				   chans);
}

static int opus_pkt_voice(const uint8_t *buf, size_t len)
{
	const unsigned char *frames[48];
	opus_int16 sizes[48];
	unsigned char toc;
	int nframes, per_frame, chans;

	if (!buf || len < 2)
		return -1;
	nframes = opus_packet_parse(buf, (opus_int32)len, &toc, frames,
				    sizes, NULL);
	if (nframes < 1 || (toc >> 3) >= 16)  /* CELT only: no VAD flag */
		return -1;
	per_frame = opus_packet_get_samples_per_frame(buf, OPUS_RATE);
	chans = opus_packet_get_nb_channels(buf);
	for (int i = 0; i < nframes; i++) {
		if (codec_opus_has_voice(frames[i], (size_t)sizes[i],
					 per_frame > 960 ? per_frame / 960 : 1,
					 chans))
			return 1;
	}
	return 0;
}

static int opus_decode_fec(struct codec_dec *dec, int16_t *pcm,
			   size_t samples, const uint8_t *next,
			   size_t next_len)
{
	int n;

	if (!dec || !pcm || !samples || !next || !next_len ||
	    next_len > INT32_MAX)
		return EINVAL;

	if (samples % OPUS_STEP || samples > OPUS_MAX_FRAME ||
	    !fec_usable(next, next_len, samples))
		return ENOENT;

	n = opus_decode(dec->dec, next, (opus_int32)next_len, pcm,
			(int)samples, 1);
	if (n < 0)
		return opus2errno(n);

	return n == (int)samples ? 0 : EPROTO;
}

static uint32_t opus_pkt_duration(const uint8_t *buf, size_t len)
{
	int n;

	if (!buf || !len || len > INT32_MAX)
		return 0;

	n = opus_packet_get_nb_samples(buf, (opus_int32)len, OPUS_RATE);

	return n > 0 ? (uint32_t)n : 0;
}

const struct codec_def codec_opus = {
	.name = "opus",
	.rtp_name = "opus",
	.static_pt = -1,
	.rtp_clock = OPUS_RATE,
	.pcm_rate = OPUS_RATE,
	.rtp_channels = 2,
	.fmtp = "minptime=10;useinbandfec=1",
	.enc_alloc = opus_enc_alloc,
	.encode = opus_encode_frm,
	.enc_copy = opus_enc_copy,
	.enc_set_loss = opus_set_loss,
	.dec_alloc = opus_dec_alloc,
	.decode = opus_decode_frm,
	.plc = opus_decode_plc,
	.fec = opus_decode_fec,
	.pkt_voice = opus_pkt_voice,
	.pkt_duration = opus_pkt_duration,
};
