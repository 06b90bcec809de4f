/* lstats.c: per-stream receive counters over rtp_rxstats; percentiles. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "lstats.h"


void lrx_init(struct lrx *x, uint32_t clock, uint32_t frame_ts)
{
	memset(x, 0, sizeof(*x));
	rtp_rxstats_init(&x->rs);
	x->rs.min_sequential = 1;   /* count from the first packet */
	x->clock = clock;
	x->frame_ts = frame_ts;
}


static void ts_gap(struct lrx *x, uint16_t seq, uint32_t ts)
{
	uint32_t d;

	if (!x->have_last || !x->frame_ts ||
	    seq != (uint16_t)(x->last_seq + 1))
		return;

	d = ts - x->last_ts;
	if (d > x->frame_ts && d < 0x80000000u)
		x->ts_gaps += d / x->frame_ts - 1;
}


void lrx_packet(struct lrx *x, uint32_t ssrc, uint16_t seq, uint32_t ts,
		size_t payload_len, uint64_t now_us)
{
	int64_t lost = rtp_rxstats_lost(&x->rs);
	uint32_t arrival = (uint32_t)(now_us * x->clock / 1000000u);

	if (x->rs.active && ssrc != x->rs.ssrc) {
		x->lost_prev += lost;
		x->have_last = false;
	}

	(void)rtp_rxstats_update(&x->rs, ssrc, seq, ts, arrival);

	ts_gap(x, seq, ts);
	x->last_seq = seq;
	x->last_ts = ts;
	x->have_last = true;

	if (x->rs.jitter > x->jitter_max)
		x->jitter_max = x->rs.jitter;

	if (!x->pkts)
		x->t_first = now_us;
	x->t_last = now_us;
	++x->pkts;
	x->bytes += payload_len;
}


void lrx_rtcp(struct lrx *x)
{
	++x->rtcp;
}


static double jitter_ms(uint32_t j, uint32_t clock)
{
	return clock ? (double)j / 16.0 * 1000.0 / clock : 0;
}


void lrx_summary(const struct lrx *x, struct lrx_sum *s)
{
	int64_t expected;

	memset(s, 0, sizeof(*s));
	s->pkts = x->pkts;
	s->bytes = x->bytes;
	if (x->pkts > 1 && x->t_last > x->t_first)
		s->pps = (double)(x->pkts - 1) * 1e6 /
			(double)(x->t_last - x->t_first);

	s->lost = x->lost_prev + rtp_rxstats_lost(&x->rs);
	expected = (int64_t)x->pkts + s->lost;
	if (s->lost > 0 && expected > 0)
		s->loss_pct = 100.0 * (double)s->lost / (double)expected;

	s->jitter_ms = jitter_ms(x->rs.jitter, x->clock);
	s->jitter_max_ms = jitter_ms(x->jitter_max, x->clock);
	s->ts_gaps = x->ts_gaps;
}


double lrx_deficit_pct(const struct lrx_sum *s, double expected_pps)
{
	double d;

	if (!s->pkts || !(expected_pps > 0))
		return 0;

	d = 100.0 * (1.0 - s->pps / expected_pps);

	return d < 0 ? 0 : d > 100 ? 100 : d;
}


static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}


double lstat_pctl(double *v, size_t n, double p)
{
	size_t rank;

	if (!v || !n)
		return 0;

	qsort(v, n, sizeof(*v), cmp_double);
	if (p <= 0)
		return v[0];
	if (p >= 100)
		return v[n - 1];

	rank = (size_t)ceil(p / 100.0 * (double)n);

	return v[rank ? rank - 1 : 0];
}
