/* mix_kernel.c: plain-C audio mixing kernels, written to auto-vectorise. */
#include <math.h>
#include "mix_kernel.h"

static int32_t gain_clamp(int32_t g)
{
	if (g < 0)
		return 0;
	if (g > MIX_GAIN_Q15_MAX)
		return MIX_GAIN_Q15_MAX;
	return g;
}

void mix_clear(int32_t *acc, size_t n)
{
	for (size_t i = 0; i < n; i++)
		acc[i] = 0;
}

void mix_add(int32_t *restrict acc, const int16_t *restrict in, size_t n)
{
	for (size_t i = 0; i < n; i++)
		acc[i] += in[i];
}

/*
 * The product needs 34 bits at MIX_GAIN_Q15_MAX, so it is done in 64
 * bits; >> on a negative int64_t is arithmetic with GCC and Clang.
 */
void mix_add_gain(int32_t *restrict acc, const int16_t *restrict in,
		  size_t n, int32_t gain_q15)
{
	const int64_t g = gain_clamp(gain_q15);

	if (g == MIX_GAIN_Q15_UNITY) {
		mix_add(acc, in, n);
		return;
	}

	for (size_t i = 0; i < n; i++)
		acc[i] += (int32_t)((in[i] * g + 16384) >> 15);
}

void mix_minus(int32_t *restrict out, const int32_t *restrict total,
	       const int16_t *restrict own, size_t n)
{
	if (!own) {
		for (size_t i = 0; i < n; i++)
			out[i] = total[i];
		return;
	}

	for (size_t i = 0; i < n; i++)
		out[i] = total[i] - own[i];
}

void pcm_gain(int16_t *buf, size_t n, int32_t gain_q15)
{
	const int64_t g = gain_clamp(gain_q15);

	if (g == MIX_GAIN_Q15_UNITY)
		return;

	for (size_t i = 0; i < n; i++) {
		int64_t v = (buf[i] * g + 16384) >> 15;

		v = v > INT16_MAX ? INT16_MAX : v;
		v = v < INT16_MIN ? INT16_MIN : v;
		buf[i] = (int16_t)v;
	}
}

int32_t gain_db_to_q15(double db)
{
	double g;

	if (isnan(db))
		return 0;

	g = MIX_GAIN_Q15_UNITY * pow(10.0, db / 20.0);
	if (!(g < MIX_GAIN_Q15_MAX))   /* also +inf */
		return MIX_GAIN_Q15_MAX;

	return (int32_t)lrint(g);
}
