/*
 * resample.c: mono S16 sample-rate conversion through libswresample.
 * Equal rates take a copy-only path with no SwrContext.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include <re.h>
#include <libavutil/channel_layout.h>
#include <libavutil/samplefmt.h>
#include <libswresample/swresample.h>

#include "resample.h"

enum {
	RATE_MIN = 1000,    /* [Hz] */
	RATE_MAX = 384000,  /* [Hz] */
};

struct resamp {
	struct SwrContext *swr;  /* NULL when in_rate == out_rate */
	uint32_t in_rate;        /* [Hz] */
	uint32_t out_rate;       /* [Hz] */
};

static void resamp_destructor(void *arg)
{
	struct resamp *r = arg;

	swr_free(&r->swr);
}

static int swr_setup(struct resamp *r)
{
	AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
	int ret;

	ret = swr_alloc_set_opts2(&r->swr, &mono, AV_SAMPLE_FMT_S16,
				  (int)r->out_rate, &mono, AV_SAMPLE_FMT_S16,
				  (int)r->in_rate, 0, NULL);
	if (ret < 0 || !r->swr)
		return ret == AVERROR(ENOMEM) ? ENOMEM : EPROTO;

	ret = swr_init(r->swr);
	if (ret < 0)
		return ret == AVERROR(ENOMEM) ? ENOMEM : EPROTO;

	return 0;
}

int resamp_alloc(struct resamp **rp, uint32_t in_rate, uint32_t out_rate)
{
	struct resamp *r;
	int err = 0;

	if (!rp || in_rate < RATE_MIN || in_rate > RATE_MAX ||
	    out_rate < RATE_MIN || out_rate > RATE_MAX)
		return EINVAL;

	r = mem_zalloc(sizeof(*r), resamp_destructor);
	if (!r)
		return ENOMEM;

	r->in_rate = in_rate;
	r->out_rate = out_rate;

	if (in_rate != out_rate) {
		err = swr_setup(r);
		if (err)
			goto out;
	}

 out:
	if (err)
		mem_deref(r);
	else
		*rp = r;

	return err;
}

static int convert(struct resamp *r, int16_t *out, size_t *out_n,
		   const int16_t *in, size_t in_n)
{
	uint64_t need = (uint64_t)in_n * r->out_rate / r->in_rate + 1;
	uint8_t *o = (uint8_t *)out;
	const uint8_t *i = (const uint8_t *)in;
	int cap, ret;

	if (*out_n < need)
		return EOVERFLOW;

	/* output beyond cap stays buffered in swr for the next call */
	cap = *out_n > INT_MAX ? INT_MAX : (int)*out_n;
	ret = swr_convert(r->swr, &o, cap, &i, (int)in_n);
	if (ret < 0)
		return EPROTO;

	*out_n = (size_t)ret;

	return 0;
}

int resamp_process(struct resamp *r, int16_t *out, size_t *out_n,
		   const int16_t *in, size_t in_n)
{
	if (!r || !out || !out_n || (!in && in_n) || in_n > INT_MAX / 8)
		return EINVAL;

	if (!in_n) {
		*out_n = 0;
		return 0;
	}

	if (!r->swr) {
		if (*out_n < in_n)
			return EOVERFLOW;

		memmove(out, in, in_n * sizeof(*in));
		*out_n = in_n;
		return 0;
	}

	return convert(r, out, out_n, in, in_n);
}
