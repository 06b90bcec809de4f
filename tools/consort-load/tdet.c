/* tdet.c: Goertzel tone detector over Hann-windowed frames. */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <re.h>
#include "tdet.h"

struct tdet {
	uint32_t rate;             /* [Hz] */
	unsigned nf;
	double freq[TDET_MAXF];    /* [Hz] */
	double coef[TDET_MAXF];    /* 2 cos(2 pi f / rate) */
	double tone[TDET_MAXF];    /* [sample^2] accumulated tone energy */
	double energy;             /* [sample^2] accumulated total energy */
	uint64_t samples;          /* [samples] fed */
	uint64_t frames;
	size_t wn;                 /* [samples] length of win */
	float *win;                /* Hann window of wn samples */
};


static void destructor(void *arg)
{
	struct tdet *d = arg;

	mem_deref(d->win);
}


int tdet_alloc(struct tdet **dp, uint32_t rate, const double *freq,
	       unsigned nf)
{
	struct tdet *d;

	if (!dp || !rate || !freq || !nf || nf > TDET_MAXF)
		return EINVAL;

	for (unsigned i = 0; i < nf; i++) {
		if (!(freq[i] > 0) || freq[i] >= rate / 2.0)
			return EINVAL;
	}

	d = mem_zalloc(sizeof(*d), destructor);
	if (!d)
		return ENOMEM;

	d->rate = rate;
	d->nf = nf;
	for (unsigned i = 0; i < nf; i++) {
		d->freq[i] = freq[i];
		d->coef[i] = 2 * cos(2 * M_PI * freq[i] / rate);
	}

	*dp = d;

	return 0;
}


static int window_make(struct tdet *d, size_t n)
{
	float *w;

	if (d->wn == n)
		return 0;

	w = mem_alloc(n * sizeof(*w), NULL);
	if (!w)
		return ENOMEM;

	for (size_t i = 0; i < n; i++)
		w[i] = (float)(0.5 - 0.5 * cos(2 * M_PI * i / n));

	mem_deref(d->win);
	d->win = w;
	d->wn = n;

	return 0;
}


/* |X(f)|^2 of the windowed frame x[0..n). */
static double goertzel(const float *x, size_t n, double coef)
{
	double s1 = 0, s2 = 0;

	for (size_t i = 0; i < n; i++) {
		double s0 = x[i] + coef * s1 - s2;

		s2 = s1;
		s1 = s0;
	}

	return s1 * s1 + s2 * s2 - coef * s1 * s2;
}


int tdet_feed(struct tdet *d, const int16_t *pcm, size_t n)
{
	float x[TDET_MAXN];
	double e = 0;
	int err;

	if (!d || !pcm || n < 2 || n > TDET_MAXN)
		return EINVAL;

	err = window_make(d, n);
	if (err)
		return err;

	for (size_t i = 0; i < n; i++) {
		e += (double)pcm[i] * pcm[i];
		x[i] = pcm[i] * d->win[i];
	}

	for (unsigned i = 0; i < d->nf; i++)
		d->tone[i] += 8 * goertzel(x, n, d->coef[i]) / (double)n;

	d->energy += e;
	d->samples += n;
	++d->frames;

	return 0;
}


double tdet_fraction(const struct tdet *d, unsigned i)
{
	if (!d || i >= d->nf || d->energy <= 0)
		return 0;

	return d->tone[i] / d->energy;
}


uint64_t tdet_frames(const struct tdet *d)
{
	return d ? d->frames : 0;
}


double tdet_level_db(const struct tdet *d)
{
	double p;

	if (!d || !d->samples || d->energy <= 0)
		return -120;

	p = d->energy / (double)d->samples / (32767.0 * 32767.0);

	return 10 * log10(p);
}
