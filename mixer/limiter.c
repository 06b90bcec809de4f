/* limiter.c: soft peak limiter (fast attack, hold, smooth release). */
#include <math.h>
#include "limiter.h"

#define THRESH     ((double)LIMITER_THRESH)
#define CLIP_KNEE  ((double)LIMITER_CLIP_KNEE)
#define CLIP_WIDTH ((double)(LIMITER_CEIL - LIMITER_CLIP_KNEE))

/* Gains this close to 1 are snapped to exactly 1 (bit-exact output). */
#define GAIN_SNAP (1.0 / 65536.0)

void limiter_init(struct limiter *l, uint32_t rate)
{
	double r;

	if (!l)
		return;

	r = rate ? rate : 48000;
	l->hold_len = (uint32_t)(r * LIMITER_HOLD_MS / 1000.0);
	l->rel = exp(-1000.0 / (r * LIMITER_RELEASE_MS));
	l->attack = 1.0 - exp(-1000.0 / (r * LIMITER_ATTACK_MS));
	l->smooth = 1.0 - exp(-1000.0 / (r * LIMITER_SMOOTH_MS));
	limiter_reset(l);
}

void limiter_reset(struct limiter *l)
{
	if (!l)
		return;

	l->env = 0.0;
	l->gain = 1.0;
	l->hold = 0;
}

/*
 * Safety soft clip: identity up to CLIP_KNEE, then a rational curve with
 * continuous slope toward the asymptote LIMITER_CEIL, never reaching it.
 */
static int16_t soft_clip(double y)
{
	double a = fabs(y), u;
	long v;

	if (a > CLIP_KNEE) {
		u = (a - CLIP_KNEE) / CLIP_WIDTH;
		a = CLIP_KNEE + CLIP_WIDTH * u / (1.0 + u);
		y = copysign(a, y);
	}

	v = lrint(y);
	if (v > LIMITER_CEIL)
		return LIMITER_CEIL;
	if (v < -LIMITER_CEIL)
		return -LIMITER_CEIL;

	return (int16_t)v;
}

/* Largest |in[i]|, as int64 so that |INT32_MIN| fits. */
static int64_t block_peak(const int32_t *in, size_t n)
{
	int64_t pk = 0;

	for (size_t i = 0; i < n; i++) {
		int64_t a = in[i] < 0 ? -(int64_t)in[i] : in[i];

		pk = a > pk ? a : pk;
	}

	return pk;
}

/* One sample: update envelope and gain, return the limited sample. */
static int16_t limit_one(struct limiter *l, int32_t x)
{
	double ax = fabs((double)x);
	double target;

	if (ax >= l->env) {
		l->env = ax;
		l->hold = l->hold_len;
	}
	else if (l->hold) {
		--l->hold;
	}
	else {
		l->env *= l->rel;
	}

	target = l->env > THRESH ? THRESH / l->env : 1.0;
	if (target <= l->gain) {
		l->gain += (target - l->gain) * l->attack;
	}
	else {
		l->gain += (target - l->gain) * l->smooth;
		if (target - l->gain < GAIN_SNAP)
			l->gain = target;
	}

	if (l->gain == 1.0)   /* so env <= THRESH, and |x| <= env */
		return (int16_t)x;

	return soft_clip(x * l->gain);
}

void limiter_process(struct limiter *l, int16_t *restrict out,
		     const int32_t *restrict in, size_t n)
{
	if (!l || !out || !in)
		return;

	/*
	 * Fast path: at unity gain and with every sample within the
	 * threshold, the output is the input, and the envelope (<= THRESH)
	 * has no effect on later output: a sample above THRESH resets it.
	 */
	if (l->gain == 1.0 && block_peak(in, n) <= LIMITER_THRESH) {
		for (size_t i = 0; i < n; i++)
			out[i] = (int16_t)in[i];
		l->env = 0.0;
		l->hold = 0;
		return;
	}

	for (size_t i = 0; i < n; i++)
		out[i] = limit_one(l, in[i]);
}
