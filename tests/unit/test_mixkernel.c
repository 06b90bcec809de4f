/* test_mixkernel.c: mix kernels and limiter. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "mix_kernel.h"
#include "limiter.h"

#define RATE  48000
#define FRAME 960    /* 20 ms */

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

/* Sine of amplitude amp [sample], frequency f [Hz], from sample n0. */
static void sine(int16_t *buf, size_t n, double f, double amp, size_t n0)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (int16_t)lrint(amp * sin(2 * M_PI * f * (double)(n0 + i)
						  / RATE));
}

/* ---------------------------------------------------------------- mix */

Test(mix, clear_and_add_extremes)
{
	int16_t hi[16], lo[16];
	int32_t a[16], b[16];

	for (size_t i = 0; i < 16; i++) {
		hi[i] = INT16_MAX;
		lo[i] = INT16_MIN;
		a[i] = b[i] = 12345;
	}
	mix_clear(a, 16);
	mix_clear(b, 16);
	cr_assert_eq(a[0], 0);
	cr_assert_eq(a[15], 0);

	for (int k = 0; k < 65536; k++) {
		mix_add(a, hi, 16);
		mix_add(b, lo, 16);
	}
	for (size_t i = 0; i < 16; i++) {
		cr_assert_eq(a[i], 65536 * 32767);
		cr_assert_eq(b[i], INT32_MIN);
	}
}

Test(mix, minus_exact)
{
	int16_t in[8][4];
	int32_t total[4], out[4];
	uint32_t s = 1;

	mix_clear(total, 4);
	for (int p = 0; p < 8; p++) {
		for (int i = 0; i < 4; i++)
			in[p][i] = (int16_t)(lcg(&s) & 0xffff);
		mix_add(total, in[p], 4);
	}
	for (int p = 0; p < 8; p++) {
		mix_minus(out, total, in[p], 4);
		for (int i = 0; i < 4; i++) {
			int32_t e = 0;

			for (int q = 0; q < 8; q++)
				e += q == p ? 0 : in[q][i];
			cr_assert_eq(out[i], e, "p=%d i=%d", p, i);
		}
	}

	mix_minus(out, total, NULL, 4);
	cr_assert_eq(memcmp(out, total, sizeof(out)), 0);

	/* extreme: 65536 x -32768 minus one of them */
	for (int i = 0; i < 4; i++) {
		total[i] = INT32_MIN;
		in[0][i] = INT16_MIN;
	}
	mix_minus(out, total, in[0], 4);
	cr_assert_eq(out[0], INT32_MIN + 32768);
}

static int32_t ref_gain(int16_t x, int32_t g)
{
	g = g < 0 ? 0 : g > MIX_GAIN_Q15_MAX ? MIX_GAIN_Q15_MAX : g;
	return (int32_t)floor((double)x * g / 32768.0 + 0.5);
}

Test(mix, add_gain)
{
	static const int32_t gains[] = {0, 1, 16384, 23197, 32767, 32768,
					32769, 65536, 100000, 130441,
					131072, 200000, -5};
	int16_t in[512];
	int32_t acc[512];
	uint32_t s = 7;

	for (size_t i = 0; i < 512; i++)
		in[i] = (int16_t)(lcg(&s) & 0xffff);
	in[0] = INT16_MIN;
	in[1] = INT16_MAX;
	in[2] = 3;
	in[3] = -3;

	for (size_t k = 0; k < sizeof(gains) / sizeof(gains[0]); k++) {
		for (size_t i = 0; i < 512; i++)
			acc[i] = 1000;
		mix_add_gain(acc, in, 512, gains[k]);
		for (size_t i = 0; i < 512; i++)
			cr_assert_eq(acc[i], 1000 + ref_gain(in[i], gains[k]),
				     "gain %d in %d", gains[k], in[i]);
	}

	/* rounding: 1.5 -> 2, -1.5 -> -1 */
	mix_clear(acc, 4);
	mix_add_gain(acc, in, 4, 16384);
	cr_assert_eq(acc[2], 2);
	cr_assert_eq(acc[3], -1);
	cr_assert_eq(acc[0], -16384);

	/* headroom: 16384 inputs at max gain */
	mix_clear(acc, 2);
	for (int k = 0; k < 16384; k++)
		mix_add_gain(acc, in, 2, MIX_GAIN_Q15_MAX);
	cr_assert_eq(acc[0], INT32_MIN);
	cr_assert_eq(acc[1], 16384 * 4 * 32767);
}

Test(mix, pcm_gain)
{
	int16_t b[6] = {20000, -20000, 3, -3, INT16_MIN, INT16_MAX};
	int16_t c[6];

	memcpy(c, b, sizeof(b));
	pcm_gain(c, 6, 32768);
	cr_assert_eq(memcmp(b, c, sizeof(b)), 0);

	pcm_gain(c, 6, 65536);
	cr_assert_eq(c[0], INT16_MAX);
	cr_assert_eq(c[1], INT16_MIN);
	cr_assert_eq(c[2], 6);
	cr_assert_eq(c[3], -6);
	cr_assert_eq(c[4], INT16_MIN);
	cr_assert_eq(c[5], INT16_MAX);

	memcpy(c, b, sizeof(b));
	pcm_gain(c, 6, 16384);
	cr_assert_eq(c[0], 10000);
	cr_assert_eq(c[2], 2);
	cr_assert_eq(c[3], -1);
	cr_assert_eq(c[4], -16384);

	pcm_gain(c, 6, 0);
	for (int i = 0; i < 6; i++)
		cr_assert_eq(c[i], 0);
}

Test(mix, gain_db)
{
	cr_assert_eq(gain_db_to_q15(0.0), 32768);
	cr_assert_eq(gain_db_to_q15(20 * log10(0.5)), 16384);
	cr_assert_eq(gain_db_to_q15(20 * log10(2.0)), 65536);
	cr_assert_eq(gain_db_to_q15(-20.0), 3277);      /* 3276.8 */
	cr_assert_eq(gain_db_to_q15(-6.0), 16423);      /* 16422.7 */
	cr_assert_eq(gain_db_to_q15(12.0), 130452);     /* 130451.6 */
	cr_assert_eq(gain_db_to_q15(20.0), MIX_GAIN_Q15_MAX);
	cr_assert_eq(gain_db_to_q15(INFINITY), MIX_GAIN_Q15_MAX);
	cr_assert_eq(gain_db_to_q15(-200.0), 0);
	cr_assert_eq(gain_db_to_q15(-INFINITY), 0);
	cr_assert_eq(gain_db_to_q15(NAN), 0);
}

/* ------------------------------------------------------------ limiter */

Test(limiter, below_knee_bit_exact)
{
	struct limiter l;
	int32_t in[FRAME];
	int16_t out[FRAME];
	uint32_t s = 3;

	limiter_init(&l, RATE);
	for (int f = 0; f < 50; f++) {
		for (size_t i = 0; i < FRAME; i++)
			in[i] = (int32_t)(lcg(&s) % 58001) - 29000;
		in[f % FRAME] = f & 1 ? LIMITER_THRESH : -LIMITER_THRESH;
		limiter_process(&l, out, in, FRAME);
		for (size_t i = 0; i < FRAME; i++)
			cr_assert_eq(out[i], in[i], "f %d i %zu", f, i);
	}
	cr_assert_eq(l.gain, 1.0);
}

Test(limiter, extremes_no_wrap)
{
	struct limiter l;
	int32_t in[8] = {INT32_MAX, INT32_MIN, INT32_MAX, 1 << 20,
			 -(1 << 20), 40000, -40000, 0};
	int16_t out[8];

	limiter_init(&l, RATE);
	limiter_process(&l, out, in, 8);
	for (int i = 0; i < 8; i++) {
		cr_assert(out[i] <= 32767 && out[i] >= -32767);
		cr_assert(in[i] >= 0 ? out[i] >= 0 : out[i] <= 0);
	}
	cr_assert_gt(out[0], 32000);
	cr_assert_lt(out[1], -32000);

	limiter_reset(&l);
	cr_assert_eq(l.gain, 1.0);
	limiter_process(&l, out, &in[7], 1);
	cr_assert_eq(out[0], 0);
}

#define NT 10
static const double tfreq[NT] = {180, 233, 310, 377, 440,
				 523, 610, 707, 850, 1000};

/* Ten full-scale sines, n samples from sample n0. */
static void ten_talkers(int32_t *buf, size_t n, size_t n0)
{
	for (size_t i = 0; i < n; i++) {
		double t = (double)(n0 + i) / RATE, y = 0;

		for (int k = 0; k < NT; k++)
			y += 32767 * sin(2 * M_PI * tfreq[k] * t + k * 0.7);
		buf[i] = (int32_t)lrint(y);
	}
}

static double maxabs_d(const double *y, size_t from, size_t n, int order)
{
	double m = 0;

	for (size_t i = from + 2; i < n; i++) {
		double d = order == 1 ? y[i] - y[i - 1]
				      : y[i] - 2 * y[i - 1] + y[i - 2];
		m = fmax(m, fabs(d));
	}
	return m;
}

Test(limiter, ten_loud_talkers)
{
	const size_t n = RATE;  /* 1 s */
	const double w = 2 * M_PI * tfreq[NT - 1] / RATE;
	const double d1max = 32767 * 2 * sin(w / 2);  /* Bernstein */
	const double d2max = d1max * 2 * sin(w / 2);
	struct limiter l;
	int32_t *in = calloc(n, sizeof(*in));
	int16_t *out = calloc(n, sizeof(*out));
	double *y = calloc(n, sizeof(*y)), *c = calloc(n, sizeof(*c));
	double lim1, lim2, clip1, clip2, st1, st2, pk = 0;

	cr_assert(in && out && y && c);
	ten_talkers(in, n, 0);
	limiter_init(&l, RATE);
	for (size_t i = 0; i < n; i += FRAME)
		limiter_process(&l, &out[i], &in[i], FRAME);

	for (size_t i = 0; i < n; i++) {
		cr_assert(out[i] <= 32767 && out[i] >= -32767);
		y[i] = out[i];
		c[i] = in[i] > 32767 ? 32767 : in[i] < -32767 ? -32767 : in[i];
	}

	lim1 = maxabs_d(y, 0, n, 1);
	lim2 = maxabs_d(y, 0, n, 2);
	clip1 = maxabs_d(c, 0, n, 1);
	clip2 = maxabs_d(c, 0, n, 2);
	st1 = maxabs_d(y, RATE / 20, n, 1);  /* after 50 ms */
	st2 = maxabs_d(y, RATE / 20, n, 2);
	cr_log_info("d1 max: limited %.0f (steady %.0f) hard-clip %.0f "
		    "sine bound %.0f", lim1, st1, clip1, d1max);
	cr_log_info("d2 max: limited %.0f (steady %.0f) hard-clip %.0f "
		    "sine bound %.0f", lim2, st2, clip2, d2max);

	/* steady state: no faster than a full-scale 1 kHz sine allows */
	cr_assert_leq(st1, d1max, "d1 %.0f", st1);
	cr_assert_leq(st2, 2.5 * d2max, "d2 %.0f", st2);
	/* far from hard clipping, also at the onset */
	cr_assert_lt(st2 * 10, clip2, "d2 %.0f vs %.0f", st2, clip2);
	cr_assert_lt(lim2 * 4, clip2, "d2 %.0f vs %.0f", lim2, clip2);
	/* and loud: the limiter does not pump the level down */
	cr_assert_lt(l.gain, 0.12);
	for (size_t i = RATE / 2; i < n; i++)
		pk = fmax(pk, fabs(y[i]));
	cr_assert_gt(pk, 28500.0);

	free(in);
	free(out);
	free(y);
	free(c);
}

Test(limiter, release_to_unity)
{
	struct limiter l;
	int32_t in[FRAME];
	int16_t out[FRAME], q[FRAME];
	double g, maxstep = 0;
	size_t t = 0;

	limiter_init(&l, RATE);
	for (; t < RATE / 2; t += FRAME) {
		ten_talkers(in, FRAME, t);
		limiter_process(&l, out, in, FRAME);
	}
	cr_log_info("gain after 0.5 s of ten talkers: %.3f", l.gain);
	cr_assert_lt(l.gain, 0.2);

	/* -20 dBFS sine, one sample per call to watch the gain */
	g = l.gain;
	for (int f = 0; f < 30; f++, t += FRAME) {
		sine(q, FRAME, 440, 3277, t);
		for (size_t i = 0; i < FRAME; i++) {
			int32_t x = q[i];

			limiter_process(&l, &out[i], &x, 1);
			cr_assert_geq(l.gain, g - 1e-12, "gain fell");
			maxstep = fmax(maxstep, l.gain - g);
			g = l.gain;
		}
	}
	cr_log_info("largest gain step per sample in release: %g", maxstep);
	cr_assert_lt(maxstep, 0.005);
	cr_assert_eq(l.gain, 1.0);  /* recovered within 600 ms */

	for (size_t i = 0; i < FRAME; i++)
		in[i] = q[i];
	limiter_process(&l, out, in, FRAME);
	cr_assert_eq(memcmp(out, q, sizeof(q)), 0);
}
