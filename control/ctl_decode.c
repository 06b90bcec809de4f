/*
 * ctl_decode.c: a sound file (WAV, Ogg Opus, anything libavformat
 * reads with an audio stream) to 48 kHz mono S16 PCM, with libavformat,
 * libavcodec and libswresample. No globals: callable from any thread
 * (the play helper threads).
 */
#include <errno.h>
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libswresample/swresample.h>
#include <re.h>
#include "ctl_priv.h"

enum { RATE = 48000 };

struct dec {
	AVFormatContext *fmt;
	AVCodecContext *ctx;
	SwrContext *swr;
	AVPacket *pkt;
	AVFrame *frm;
	int idx;                 /* audio stream index          */
	int16_t *pcm;            /* mem object                  */
	size_t n, cap;           /* [samples] used, allocated   */
	size_t max;              /* [samples] limit             */
	char *err;
	size_t errsz;
};


static int fail(struct dec *d, int err, const char *what, int averr)
{
	char buf[AV_ERROR_MAX_STRING_SIZE] = "";

	if (averr)
		av_strerror(averr, buf, sizeof(buf));

	if (d->err && d->errsz)
		re_snprintf(d->err, d->errsz, "%s%s%s", what,
			    averr ? ": " : "", buf);

	return err;
}


static int open_input(struct dec *d, const char *path)
{
	const AVCodec *codec = NULL;
	AVChannelLayout in, mono = AV_CHANNEL_LAYOUT_MONO;
	int ret;

	ret = avformat_open_input(&d->fmt, path, NULL, NULL);
	if (ret < 0)
		return fail(d, ret == AVERROR(ENOENT) ? ENOENT : EINVAL,
			    "cannot open", ret);

	ret = avformat_find_stream_info(d->fmt, NULL);
	if (ret < 0)
		return fail(d, EINVAL, "cannot read", ret);

	d->idx = av_find_best_stream(d->fmt, AVMEDIA_TYPE_AUDIO, -1, -1,
				     &codec, 0);
	if (d->idx < 0 || !codec)
		return fail(d, EINVAL, "no audio stream", 0);

	d->ctx = avcodec_alloc_context3(codec);
	if (!d->ctx)
		return fail(d, ENOMEM, "out of memory", 0);

	ret = avcodec_parameters_to_context(d->ctx,
					    d->fmt->streams[d->idx]->codecpar);
	if (ret >= 0)
		ret = avcodec_open2(d->ctx, codec, NULL);
	if (ret < 0)
		return fail(d, EINVAL, "cannot open the decoder", ret);

	if (d->ctx->ch_layout.order == AV_CHANNEL_ORDER_UNSPEC)
		av_channel_layout_default(&in, d->ctx->ch_layout.nb_channels);
	else if (av_channel_layout_copy(&in, &d->ctx->ch_layout) < 0)
		return fail(d, ENOMEM, "out of memory", 0);

	ret = swr_alloc_set_opts2(&d->swr, &mono, AV_SAMPLE_FMT_S16, RATE,
				  &in, d->ctx->sample_fmt,
				  d->ctx->sample_rate, 0, NULL);
	av_channel_layout_uninit(&in);
	if (ret >= 0)
		ret = swr_init(d->swr);
	if (ret < 0)
		return fail(d, EINVAL, "cannot resample", ret);

	return 0;
}


static int grow(struct dec *d, size_t need)
{
	size_t cap = d->cap ? d->cap : RATE * 10;
	int16_t *p;

	while (cap < need)
		cap *= 2;
	if (cap == d->cap)
		return 0;

	p = d->pcm ? mem_realloc(d->pcm, cap * sizeof(*p))
		   : mem_alloc(cap * sizeof(*p), NULL);
	if (!p)
		return fail(d, ENOMEM, "out of memory", 0);

	d->pcm = p;
	d->cap = cap;

	return 0;
}


/* Resample a frame (NULL: flush) onto the end of d->pcm. */
static int convert(struct dec *d, const AVFrame *f)
{
	int in = f ? f->nb_samples : 0;
	int out = swr_get_out_samples(d->swr, in);
	uint8_t *dst;
	int err, n;

	if (out <= 0)
		return 0;

	err = grow(d, d->n + (size_t)out);
	if (err)
		return err;

	dst = (uint8_t *)(d->pcm + d->n);
	n = swr_convert(d->swr, &dst, out,
			f ? (const uint8_t **)f->extended_data : NULL, in);
	if (n < 0)
		return fail(d, EINVAL, "cannot resample", n);

	d->n += (size_t)n;
	if (d->n > d->max)
		return fail(d, EFBIG, "too long", 0);

	return 0;
}


/* Send pkt (NULL: end) and take every frame it yields. */
static int decode(struct dec *d, const AVPacket *pkt)
{
	int ret, err;

	ret = avcodec_send_packet(d->ctx, pkt);
	if (ret < 0 && ret != AVERROR(EAGAIN) && ret != AVERROR_EOF)
		return fail(d, EINVAL, "cannot decode", ret);

	for (;;) {
		ret = avcodec_receive_frame(d->ctx, d->frm);
		if (ret == AVERROR(EAGAIN) || ret == AVERROR_EOF)
			return 0;
		if (ret < 0)
			return fail(d, EINVAL, "cannot decode", ret);

		err = convert(d, d->frm);
		av_frame_unref(d->frm);
		if (err)
			return err;
	}
}


static int read_all(struct dec *d)
{
	int ret, err = 0;

	d->pkt = av_packet_alloc();
	d->frm = av_frame_alloc();
	if (!d->pkt || !d->frm)
		return fail(d, ENOMEM, "out of memory", 0);

	while (!err && (ret = av_read_frame(d->fmt, d->pkt)) >= 0) {
		if (d->pkt->stream_index == d->idx)
			err = decode(d, d->pkt);
		av_packet_unref(d->pkt);
	}

	if (!err)
		err = decode(d, NULL);
	if (!err)
		err = convert(d, NULL);
	if (!err && !d->n)
		err = fail(d, EINVAL, "no audio", 0);

	return err;
}


int ctl_decode_file(const char *path, uint32_t max_s, int16_t **pcmp,
		    size_t *np, char *err, size_t errsz)
{
	struct dec d;
	int e;

	if (!path || !pcmp || !np)
		return EINVAL;

	memset(&d, 0, sizeof(d));
	d.err = err;
	d.errsz = errsz;
	d.max = (size_t)max_s * RATE;
	if (err && errsz)
		err[0] = '\0';

	e = open_input(&d, path);
	if (!e)
		e = read_all(&d);

	av_frame_free(&d.frm);
	av_packet_free(&d.pkt);
	swr_free(&d.swr);
	avcodec_free_context(&d.ctx);
	avformat_close_input(&d.fmt);

	if (e) {
		mem_deref(d.pcm);
		return e;
	}

	*pcmp = d.pcm;
	*np = d.n;

	return 0;
}
