/* test_tone.c: tone generator (lengths, ramps, phase continuity). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "tone.h"

#define RATE  48000
#define FRAME 960    /* 20 ms */

static size_t play(struct tone *t, int32_t *acc, size_t max, size_t chunk)
{
	size_t total = 0, k;

	while ((k = tone_mix(t, acc + total,
			     max - total < chunk ? max - total : chunk)))
		total += k;
	return total;
}

Test(tone, duration_exact)
{
	static const uint32_t rates[] = {8000, 16000, 44100, 48000};
	int32_t *acc = calloc(RATE, sizeof(*acc));
	struct tone t;

	cr_assert(acc);
	cr_assert_eq(tone_len(tone_muted, tone_muted_n, 48000), 12000);
	for (size_t r = 0; r < 4; r++) {
		size_t len = tone_len(tone_unmuted, tone_unmuted_n, rates[r]);

		tone_start(&t, tone_unmuted, tone_unmuted_n, rates[r]);
		cr_assert(tone_active(&t));
		cr_assert_eq(play(&t, acc, RATE, rates[r] / 50), len);
		cr_assert(!tone_active(&t));
		cr_assert_eq(tone_mix(&t, acc, 10), 0);
	}
	cr_assert_eq(tone_len(tone_unmuted, tone_unmuted_n, 44100),
		     2205 + 2205 + 4851);

	tone_start(&t, NULL, 3, RATE);
	cr_assert(!tone_active(&t));
	tone_start(&t, tone_muted, 0, RATE);
	cr_assert(!tone_active(&t));
	free(acc);
}

Test(tone, ramps_and_silence)
{
	int32_t acc[12000];
	struct tone t;
	int32_t pk = 0;

	memset(acc, 0, sizeof(acc));
	tone_start(&t, tone_muted, tone_muted_n, RATE);
	cr_assert_eq(play(&t, acc, 12000, FRAME), 12000);

	cr_assert_eq(acc[0], 0);                     /* starts from 0 */
	cr_assert_lt(abs(acc[10]), 100);             /* ramping in */
	cr_assert_eq(acc[4319], 0);                  /* ends at 0 */
	for (size_t i = 4320; i < 7680; i++)         /* gap is silent */
		cr_assert_eq(acc[i], 0);
	cr_assert_eq(acc[7680], 0);
	cr_assert_eq(acc[11999], 0);
	for (size_t i = 0; i < 12000; i++)
		pk = abs(acc[i]) > pk ? abs(acc[i]) : pk;
	cr_assert(pk > 5900 && pk <= 6000, "peak %d", pk);
}

Test(tone, joined_segments_click_free)
{
	const double w = 2 * M_PI * 800 / RATE;
	int32_t acc[12000];
	struct tone t;
	double d1 = 0;
	size_t n;

	memset(acc, 0, sizeof(acc));
	tone_start(&t, tone_unmuted, tone_unmuted_n, RATE);
	n = play(&t, acc, 12000, 7);                 /* odd chunks */
	cr_assert_eq(n, 48 * 210);
	for (size_t i = 1; i < n; i++)
		d1 = fmax(d1, abs(acc[i] - acc[i - 1]));
	/* no faster than the 800 Hz sine: phases continue across joins */
	cr_assert_leq(d1, 6000 * 2 * sin(w / 2) + 2, "d1 %.0f", d1);
	/* no fade at the 500 -> 650 Hz join */
	cr_assert_gt(abs(acc[2400]) + abs(acc[2401]) + abs(acc[2402]), 500);
}

Test(tone, dual_bounded)
{
	static const struct tone_seg dtmf[] = {{697, 1209, 100, 8000}};
	int32_t acc[4800];
	struct tone t;
	int32_t pk = 0;

	memset(acc, 0, sizeof(acc));
	tone_start(&t, dtmf, 1, RATE);
	cr_assert_eq(play(&t, acc, 4800, FRAME), 4800);
	for (size_t i = 0; i < 4800; i++)
		pk = abs(acc[i]) > pk ? abs(acc[i]) : pk;
	cr_assert(pk > 7000 && pk <= 8000, "peak %d", pk);
}

Test(tone, waveform_exact)
{
	static const struct tone_seg seg[] = {{1000, 0, 200, 10000}};
	int32_t acc[9600];
	struct tone t;

	memset(acc, 0, sizeof(acc));
	tone_start(&t, seg, 1, RATE);
	cr_assert_eq(play(&t, acc, 9600, 1000), 9600);
	for (size_t i = 240; i < 9600 - 240; i++) {   /* outside ramps */
		double e = 10000 * sin(2 * M_PI * 1000 * (double)i / RATE);

		cr_assert(fabs(acc[i] - e) <= 1.0, "i %zu: %d vs %.1f", i,
			  acc[i], e);
	}
}
