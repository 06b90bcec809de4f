/* test_load_stats.c: consort-load receive statistics and percentiles. */
#include <criterion/criterion.h>
#include "lstats.h"

#define CLOCK 48000
#define FTS   960         /* ts units per 20 ms */
#define US    20000ull    /* [us] per packet */

Test(load_stats, steady_stream)
{
	struct lrx x;
	struct lrx_sum s;

	lrx_init(&x, CLOCK, FTS);
	for (unsigned i = 0; i < 101; i++)
		lrx_packet(&x, 7, (uint16_t)(65500 + i), 1000 + i * FTS, 80,
			   1000000 + i * US);
	lrx_summary(&x, &s);
	cr_expect_eq(s.pkts, 101);
	cr_expect_eq(s.bytes, 101 * 80);
	cr_expect_float_eq(s.pps, 50.0, 1e-9);
	cr_expect_eq(s.lost, 0);
	cr_expect_eq(s.loss_pct, 0);
	cr_expect_lt(s.jitter_ms, 0.05);
	cr_expect_eq(s.ts_gaps, 0);
	cr_expect_eq(lrx_deficit_pct(&s, 50), 0);
}

Test(load_stats, sequence_loss)
{
	struct lrx x;
	struct lrx_sum s;

	lrx_init(&x, CLOCK, FTS);
	for (unsigned i = 0; i < 100; i++) {
		if (i % 20 == 10)
			continue;           /* 5 lost */
		lrx_packet(&x, 7, (uint16_t)i, i * FTS, 80, i * US);
	}
	lrx_summary(&x, &s);
	cr_expect_eq(s.pkts, 95);
	cr_expect_eq(s.lost, 5);
	cr_expect_float_eq(s.loss_pct, 5.0, 1e-9);
	cr_expect_eq(s.ts_gaps, 0, "a sequence gap is loss, not a ts gap");
}

Test(load_stats, jitter_of_alternating_delay)
{
	struct lrx x;
	struct lrx_sum s;

	/* every other packet 2 ms late: |D| = 2 ms each step, J -> 2 ms */
	lrx_init(&x, CLOCK, FTS);
	for (unsigned i = 0; i < 400; i++)
		lrx_packet(&x, 7, (uint16_t)i, i * FTS, 80,
			   i * US + (i % 2 ? 2000 : 0));
	lrx_summary(&x, &s);
	cr_expect_float_eq(s.jitter_ms, 2.0, 0.1, "got %f", s.jitter_ms);
	cr_expect_geq(s.jitter_max_ms, s.jitter_ms);
}

Test(load_stats, timestamp_gap_and_rate_deficit)
{
	struct lrx x;
	struct lrx_sum s;

	/* a mixer that skips every other tick: seq contiguous, ts jumps */
	lrx_init(&x, CLOCK, FTS);
	for (unsigned i = 0; i < 51; i++)
		lrx_packet(&x, 7, (uint16_t)i, i * 2 * FTS, 80,
			   i * 2 * US);
	lrx_summary(&x, &s);
	cr_expect_eq(s.lost, 0);
	cr_expect_eq(s.ts_gaps, 50);
	cr_expect_float_eq(s.pps, 25.0, 1e-9);
	cr_expect_float_eq(lrx_deficit_pct(&s, 50), 50.0, 1e-9);
	cr_expect_eq(lrx_deficit_pct(&s, 0), 0);
}

Test(load_stats, new_ssrc_keeps_earlier_loss)
{
	struct lrx x;
	struct lrx_sum s;
	unsigned i;

	lrx_init(&x, CLOCK, FTS);
	for (i = 0; i < 20; i++) {
		if (i == 5 || i == 6)
			continue;
		lrx_packet(&x, 1, (uint16_t)i, i * FTS, 80, i * US);
	}
	for (; i < 40; i++)
		lrx_packet(&x, 2, (uint16_t)(9000 + i), i * FTS, 80, i * US);
	lrx_rtcp(&x);
	lrx_summary(&x, &s);
	cr_expect_eq(s.pkts, 38);
	cr_expect_eq(s.lost, 2);
	cr_expect_eq(x.rtcp, 1);
}

Test(load_stats, percentiles)
{
	double v[] = {5, 1, 3, 2, 4};
	double w[] = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};

	cr_expect_eq(lstat_pctl(v, 5, 50), 3);
	cr_expect_eq(lstat_pctl(v, 5, 0), 1);
	cr_expect_eq(lstat_pctl(v, 5, 100), 5);
	cr_expect_eq(lstat_pctl(w, 10, 95), 100);
	cr_expect_eq(lstat_pctl(w, 10, 90), 90);
	cr_expect_eq(lstat_pctl(w, 10, 50), 50);
	cr_expect_eq(lstat_pctl(NULL, 0, 50), 0);
}
