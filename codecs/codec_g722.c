/*
 * codec_g722.c: G.722 at 64 kbit/s through libavcodec ("g722").
 *
 * PCM is 16 kHz but the RTP clock is 8000 Hz (RFC 3551 4.5.2): one
 * byte carries two samples and spans one RTP tick, so 20 ms is 320
 * samples, 160 bytes and 160 ticks. The libavcodec encoder takes any
 * even number of samples up to its frame_size (it has
 * AV_CODEC_CAP_SMALL_LAST_FRAME, which FFmpeg 5.1 checks only as an
 * upper bound); longer input is fed in frame_size chunks.
 * Lost packets are concealed by codec_plc.c.
 */
#include <errno.h>
#include <string.h>

#include <re.h>
#include <libavcodec/avcodec.h>
#include <libavutil/channel_layout.h>

#include "codec_int.h"

enum {
	G722_RATE  = 16000,  /* [Hz] PCM rate                          */
	G722_CHUNK = 1920,   /* [samples] encoder frame_size, 120 ms   */
};

struct codec_enc {
	AVCodecContext *ctx;
	AVFrame *frame;
	AVPacket *pkt;
};

struct codec_dec {
	AVCodecContext *ctx;
	AVFrame *frame;
	AVPacket *pkt;
	struct plc plc;
};

static int av2errno(int ret)
{
	return ret == AVERROR(ENOMEM) ? ENOMEM : EPROTO;
}

static void enc_destructor(void *arg)
{
	struct codec_enc *enc = arg;

	av_packet_free(&enc->pkt);
	av_frame_free(&enc->frame);
	avcodec_free_context(&enc->ctx);
}

static void dec_destructor(void *arg)
{
	struct codec_dec *dec = arg;

	av_packet_free(&dec->pkt);
	av_frame_free(&dec->frame);
	avcodec_free_context(&dec->ctx);
}

/* A mono S16 context at 16 kHz for codec, opened. */
static int ctx_open(AVCodecContext **ctxp, const AVCodec *codec, int chunk)
{
	AVCodecContext *ctx;
	int ret;

	if (!codec)
		return EPROTO;

	ctx = avcodec_alloc_context3(codec);
	if (!ctx)
		return ENOMEM;

	ctx->sample_rate = G722_RATE;
	ctx->sample_fmt = AV_SAMPLE_FMT_S16;
	ctx->bits_per_coded_sample = 8;
	ctx->bit_rate = 64000;
	ctx->frame_size = chunk;
	av_channel_layout_default(&ctx->ch_layout, 1);

	ret = avcodec_open2(ctx, codec, NULL);
	if (ret < 0) {
		avcodec_free_context(&ctx);
		return av2errno(ret);
	}

	*ctxp = ctx;

	return 0;
}

static int frame_setup(AVFrame *frame, const AVCodecContext *ctx)
{
	int ret;

	frame->format = AV_SAMPLE_FMT_S16;
	frame->sample_rate = G722_RATE;
	frame->nb_samples = ctx->frame_size;
	ret = av_channel_layout_copy(&frame->ch_layout, &ctx->ch_layout);
	if (ret < 0)
		return av2errno(ret);

	ret = av_frame_get_buffer(frame, 0);

	return ret < 0 ? av2errno(ret) : 0;
}

static int g722_enc_alloc(struct codec_enc **encp, const struct codec_def *def,
			  const struct codec_params *prm)
{
	struct codec_enc *enc;
	int err;

	if (!encp || !prm || def != &codec_g722)
		return EINVAL;

	enc = mem_zalloc(sizeof(*enc), enc_destructor);
	if (!enc)
		return ENOMEM;

	err = ctx_open(&enc->ctx,
		       avcodec_find_encoder(AV_CODEC_ID_ADPCM_G722),
		       G722_CHUNK);
	if (err)
		goto out;

	enc->frame = av_frame_alloc();
	enc->pkt = av_packet_alloc();
	if (!enc->frame || !enc->pkt) {
		err = ENOMEM;
		goto out;
	}

	err = frame_setup(enc->frame, enc->ctx);

 out:
	if (err)
		mem_deref(enc);
	else
		*encp = enc;

	return err;
}

/* Encode one chunk (<= frame_size samples), appending to buf. */
static int encode_chunk(struct codec_enc *enc, uint8_t *buf, size_t cap,
			size_t *used, const int16_t *pcm, size_t n)
{
	int ret;

	/* a copy-on-write reallocation sizes the buffer by nb_samples */
	enc->frame->nb_samples = enc->ctx->frame_size;
	ret = av_frame_make_writable(enc->frame);
	if (ret < 0)
		return av2errno(ret);

	memcpy(enc->frame->data[0], pcm, n * sizeof(*pcm));
	enc->frame->nb_samples = (int)n;

	ret = avcodec_send_frame(enc->ctx, enc->frame);
	if (ret < 0)
		return av2errno(ret);

	while ((ret = avcodec_receive_packet(enc->ctx, enc->pkt)) == 0) {
		size_t sz = (size_t)enc->pkt->size;

		if (sz > cap - *used) {
			av_packet_unref(enc->pkt);
			return EOVERFLOW;
		}

		memcpy(buf + *used, enc->pkt->data, sz);
		*used += sz;
		av_packet_unref(enc->pkt);
	}

	return ret == AVERROR(EAGAIN) ? 0 : av2errno(ret);
}

static int g722_encode(struct codec_enc *enc, uint8_t *buf, size_t *len,
		       const int16_t *pcm, size_t samples)
{
	size_t chunk, used = 0;
	int err = 0;

	if (!enc || !buf || !len || !pcm || !samples || samples % 2)
		return EINVAL;
	if (*len < samples / 2)
		return EOVERFLOW;

	chunk = (size_t)enc->ctx->frame_size;
	if (!chunk)
		return EPROTO;

	for (size_t off = 0; off < samples && !err; off += chunk) {
		size_t n = samples - off;

		if (n > chunk)
			n = chunk;

		err = encode_chunk(enc, buf, *len, &used, pcm + off, n);
	}

	if (!err)
		*len = used;

	return err;
}

static int g722_dec_alloc(struct codec_dec **decp, const struct codec_def *def)
{
	struct codec_dec *dec;
	int err;

	if (!decp || def != &codec_g722)
		return EINVAL;

	dec = mem_zalloc(sizeof(*dec), dec_destructor);
	if (!dec)
		return ENOMEM;

	err = plc_init(&dec->plc, G722_RATE);
	if (err)
		goto out;

	err = ctx_open(&dec->ctx,
		       avcodec_find_decoder(AV_CODEC_ID_ADPCM_G722), 0);
	if (err)
		goto out;

	dec->frame = av_frame_alloc();
	dec->pkt = av_packet_alloc();
	if (!dec->frame || !dec->pkt)
		err = ENOMEM;

 out:
	if (err)
		mem_deref(dec);
	else
		*decp = dec;

	return err;
}

/* Copy every pending decoded frame to pcm; *n in/out as decode(). */
static int drain_frames(struct codec_dec *dec, int16_t *pcm, size_t cap,
			size_t *n)
{
	AVFrame *f = dec->frame;
	int ret;

	while ((ret = avcodec_receive_frame(dec->ctx, f)) == 0) {
		size_t k = (size_t)f->nb_samples;
		int err = 0;

		if (f->format != AV_SAMPLE_FMT_S16)
			err = EPROTO;
		else if (k > cap - *n)
			err = EOVERFLOW;

		if (err) {
			av_frame_unref(f);
			return err;
		}

		memcpy(pcm + *n, f->data[0], k * sizeof(*pcm));
		*n += k;
		av_frame_unref(f);
	}

	return ret == AVERROR(EAGAIN) ? 0 : av2errno(ret);
}

static int g722_decode(struct codec_dec *dec, int16_t *pcm, size_t *samples,
		       const uint8_t *buf, size_t len)
{
	size_t n = 0;
	int ret, err;

	if (!dec || !pcm || !samples || !buf || !len || len > INT32_MAX / 2)
		return EINVAL;
	if (*samples < 2 * len)
		return EOVERFLOW;

	/* not refcounted: libavcodec copies the payload */
	dec->pkt->data = (uint8_t *)buf;
	dec->pkt->size = (int)len;
	ret = avcodec_send_packet(dec->ctx, dec->pkt);
	dec->pkt->data = NULL;
	dec->pkt->size = 0;
	if (ret < 0)
		return av2errno(ret);

	err = drain_frames(dec, pcm, *samples, &n);
	if (err)
		return err;

	plc_good(&dec->plc, pcm, n);
	*samples = n;

	return 0;
}

static int g722_plc(struct codec_dec *dec, int16_t *pcm, size_t samples)
{
	if (!dec || !pcm)
		return EINVAL;

	plc_conceal(&dec->plc, pcm, samples);

	return 0;
}

/* One byte = two 16 kHz samples = one 8 kHz RTP tick. */
static uint32_t g722_pkt_duration(const uint8_t *buf, size_t len)
{
	if (!buf || len > UINT32_MAX)
		return 0;

	return (uint32_t)len;
}

const struct codec_def codec_g722 = {
	.name = "G722",
	.rtp_name = "G722",
	.static_pt = 9,
	.rtp_clock = 8000,
	.pcm_rate = G722_RATE,
	.rtp_channels = 1,
	.fmtp = NULL,
	.enc_alloc = g722_enc_alloc,
	.encode = g722_encode,
	.enc_set_loss = NULL,
	.dec_alloc = g722_dec_alloc,
	.decode = g722_decode,
	.plc = g722_plc,
	.fec = NULL,
	.pkt_duration = g722_pkt_duration,
};
