/* codec_plc.c: pitch-repetition loss concealment for G.711 and G.722. */
#include <errno.h>
#include <string.h>

#include "codec_int.h"

enum {
	PITCH_MIN_US = 2500,   /* [us] shortest period searched (400 Hz) */
	PITCH_MAX_US = 15000,  /* [us] longest period searched (67 Hz)   */
	CORR_WIN_US  = 10000,  /* [us] correlation window                */
};

static size_t us2n(const struct plc *p, uint32_t us)
{
	return (size_t)p->srate * us / 1000000;
}

static size_t hist_cap(const struct plc *p)
{
	return us2n(p, PLC_HIST_MS * 1000);
}

int plc_init(struct plc *p, uint32_t srate)
{
	if (!p || srate < 8000 || srate > PLC_MAX_RATE)
		return EINVAL;

	memset(p, 0, sizeof(*p));
	p->srate = srate;
	p->hist_n = hist_cap(p);

	return 0;
}

/*
 * Period of the history's tail: the lag maximising the normalised
 * correlation of the last CORR_WIN_US with the samples one lag earlier.
 */
static size_t pitch_find(const struct plc *p)
{
	const size_t win = us2n(p, CORR_WIN_US);
	const size_t lmin = us2n(p, PITCH_MIN_US);
	const size_t lmax = us2n(p, PITCH_MAX_US);
	const int16_t *x = p->hist + p->hist_n - win;
	double best = -1.0;
	size_t best_lag = lmin;

	for (size_t lag = lmin; lag <= lmax; lag++) {
		const int16_t *y = x - lag;
		double xy = 0.0, yy = 1.0;

		for (size_t i = 0; i < win; i++) {
			xy += (double)x[i] * y[i];
			yy += (double)y[i] * y[i];
		}

		if (xy > 0.0 && xy * xy / yy > best) {
			best = xy * xy / yy;
			best_lag = lag;
		}
	}

	return best_lag;
}

/* Next concealment sample, advancing the repetition and the fade. */
static int16_t conceal_next(struct plc *p)
{
	const size_t hold = us2n(p, PLC_HOLD_MS * 1000);
	const size_t fade = us2n(p, PLC_FADE_MS * 1000);
	int32_t s = p->hist[p->hist_n - p->pitch + p->pos];
	int32_t g;  /* Q15 gain */

	if (p->lost < hold)
		g = 32768;
	else if (p->lost < hold + fade)
		g = (int32_t)(((hold + fade - p->lost) << 15) / fade);
	else
		g = 0;

	if (++p->pos == p->pitch)
		p->pos = 0;
	++p->lost;

	return (int16_t)((s * g) >> 15);
}

void plc_conceal(struct plc *p, int16_t *pcm, size_t n)
{
	if (!p || !pcm)
		return;

	if (!p->pitch) {
		p->pitch = pitch_find(p);
		p->pos = 0;
		p->lost = 0;
	}

	for (size_t i = 0; i < n; i++)
		pcm[i] = conceal_next(p);
}

static void hist_push(struct plc *p, const int16_t *pcm, size_t n)
{
	const size_t cap = p->hist_n;

	if (n >= cap) {
		memcpy(p->hist, pcm + n - cap, cap * sizeof(*pcm));
		return;
	}

	memmove(p->hist, p->hist + n, (cap - n) * sizeof(*pcm));
	memcpy(p->hist + cap - n, pcm, n * sizeof(*pcm));
}

void plc_good(struct plc *p, int16_t *pcm, size_t n)
{
	if (!p || !pcm)
		return;

	if (p->pitch) {
		size_t ola = us2n(p, PLC_OLA_MS * 1000);

		if (ola > n)
			ola = n;

		for (size_t i = 0; i < ola; i++) {
			int32_t w = (int32_t)(((i + 1) << 15) / (ola + 1));
			int32_t c = conceal_next(p);

			pcm[i] = (int16_t)((c * (32768 - w) + pcm[i] * w)
					   >> 15);
		}

		p->pitch = 0;
	}

	hist_push(p, pcm, n);
}
