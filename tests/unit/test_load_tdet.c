/* test_load_tdet.c: consort-load's Goertzel tone detector. */
#include <criterion/criterion.h>
#include <errno.h>
#include <math.h>
#include <re.h>
#include "tdet.h"

#define RATE  48000
#define FRAME 960      /* 20 ms */

static const double freqs[] = {300, 470, 640};

/* Feed `frames` frames of a1 sin(f1) + a2 sin(f2) (+ noise) to d. */
static void feed(struct tdet *d, double f1, double a1, double f2, double a2,
		 double noise, unsigned frames)
{
	int16_t pcm[FRAME];
	uint32_t rng = 12345;

	for (unsigned k = 0; k < frames; k++) {
		for (unsigned i = 0; i < FRAME; i++) {
			double t = (double)(k * FRAME + i) / RATE;
			double v = a1 * sin(2 * M_PI * f1 * t) +
				a2 * sin(2 * M_PI * f2 * t);

			rng = rng * 1103515245u + 12345u;
			v += noise * ((double)(rng >> 8) / 8388608.0 - 1.0);
			pcm[i] = (int16_t)lrint(v * 32767);
		}
		cr_assert_eq(tdet_feed(d, pcm, FRAME), 0);
	}
}

Test(load_tdet, single_tone_is_all_at_its_frequency)
{
	struct tdet *d = NULL;

	cr_assert_eq(tdet_alloc(&d, RATE, freqs, 3), 0);
	feed(d, 470, 0.3, 0, 0, 0, 50);
	cr_expect_gt(tdet_fraction(d, 1), 0.95, "got %f",
		     tdet_fraction(d, 1));
	cr_expect_lt(tdet_fraction(d, 0), 0.01);
	cr_expect_lt(tdet_fraction(d, 2), 0.01);
	cr_expect_eq(tdet_frames(d), 50);
	mem_deref(d);
}

Test(load_tdet, two_equal_tones_share_the_energy)
{
	struct tdet *d = NULL;

	cr_assert_eq(tdet_alloc(&d, RATE, freqs, 3), 0);
	feed(d, 300, 0.2, 640, 0.2, 0, 50);
	cr_expect_float_eq(tdet_fraction(d, 0), 0.5, 0.05, "got %f",
			   tdet_fraction(d, 0));
	cr_expect_float_eq(tdet_fraction(d, 2), 0.5, 0.05, "got %f",
			   tdet_fraction(d, 2));
	cr_expect_lt(tdet_fraction(d, 1), 0.01);
	mem_deref(d);
}

Test(load_tdet, off_bin_frequency_and_level)
{
	static const double f[] = {333.3};
	struct tdet *d = NULL;

	/* 333.3 Hz is not on a 50 Hz bin; full scale sine is -3 dBFS */
	cr_assert_eq(tdet_alloc(&d, RATE, f, 1), 0);
	feed(d, 333.3, 0.999, 0, 0, 0, 20);
	cr_expect_float_eq(tdet_fraction(d, 0), 1.0, 0.05, "got %f",
			   tdet_fraction(d, 0));
	cr_expect_float_eq(tdet_level_db(d), -3.0, 0.1, "got %f",
			   tdet_level_db(d));
	mem_deref(d);
}

Test(load_tdet, noise_and_silence_show_no_tone)
{
	struct tdet *d = NULL;

	cr_assert_eq(tdet_alloc(&d, RATE, freqs, 3), 0);
	feed(d, 0, 0, 0, 0, 0, 10);
	cr_expect_eq(tdet_fraction(d, 0), 0);
	cr_expect_eq(tdet_level_db(d), -120);
	feed(d, 0, 0, 0, 0, 0.1, 50);
	for (unsigned i = 0; i < 3; i++)
		cr_expect_lt(tdet_fraction(d, i), 0.01, "f%u: %f", i,
			     tdet_fraction(d, i));
	mem_deref(d);
}

Test(load_tdet, bad_arguments)
{
	static const double nyq[] = {24000};
	struct tdet *d = NULL;
	int16_t pcm[4] = {0};

	cr_expect_eq(tdet_alloc(&d, RATE, freqs, 0), EINVAL);
	cr_expect_eq(tdet_alloc(&d, RATE, nyq, 1), EINVAL);
	cr_expect_eq(tdet_alloc(&d, 0, freqs, 1), EINVAL);
	cr_expect_eq(tdet_alloc(&d, RATE, freqs, TDET_MAXF + 1), EINVAL);
	cr_expect_null(d);
	cr_assert_eq(tdet_alloc(&d, RATE, freqs, 1), 0);
	cr_expect_eq(tdet_feed(d, pcm, 1), EINVAL);
	cr_expect_eq(tdet_feed(d, pcm, TDET_MAXN + 1), EINVAL);
	cr_expect_eq(tdet_fraction(d, 1), 0);
	mem_deref(d);
}
