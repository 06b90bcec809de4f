/*
 * lstats.h: what one participant received: packets, rate, loss, RFC 3550
 * interarrival jitter and timestamp gaps, plus percentiles for the
 * aggregate. Pure: the caller passes the arrival time.
 */
#ifndef CONSORT_LSTATS_H
#define CONSORT_LSTATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "rtp_stats.h"

/* Receive state of one stream; embed it, touch it only through lrx_*. */
struct lrx {
	struct rtp_rxstats rs;
	uint32_t clock;         /* [Hz] RTP clock */
	uint32_t frame_ts;      /* [ts units] expected per packet */
	uint64_t pkts;          /* [packets] RTP, every one received */
	uint64_t bytes;         /* [bytes] RTP payload */
	uint64_t rtcp;          /* [packets] RTCP */
	uint64_t t_first;       /* [us] first RTP packet, 0 = none */
	uint64_t t_last;        /* [us] last RTP packet */
	int64_t lost_prev;      /* [packets] lost under earlier SSRCs */
	uint64_t ts_gaps;       /* [frames] skipped by timestamp */
	uint32_t jitter_max;    /* [1/16 ts units] largest estimate */
	uint16_t last_seq;
	uint32_t last_ts;
	bool have_last;
};

/* A participant's numbers at the end. */
struct lrx_sum {
	uint64_t pkts;
	uint64_t bytes;
	double pps;             /* [packets/s] between first and last */
	int64_t lost;           /* [packets] by sequence number */
	double loss_pct;        /* lost / expected * 100, 0 if none */
	double jitter_ms;       /* [ms] final RFC 3550 estimate */
	double jitter_max_ms;   /* [ms] largest estimate seen */
	uint64_t ts_gaps;       /* [frames] timestamp jumps between packets
				   with consecutive sequence numbers */
};

/* Start counting a stream of `clock` [Hz] and frame_ts [ts units]. */
void lrx_init(struct lrx *x, uint32_t clock, uint32_t frame_ts);

/*
 * Account one RTP packet (payload_len [bytes]) that arrived at now_us
 * [us] on any monotonic clock. A new SSRC keeps the loss counted so far.
 */
void lrx_packet(struct lrx *x, uint32_t ssrc, uint16_t seq, uint32_t ts,
		size_t payload_len, uint64_t now_us);

/* Account one RTCP packet. */
void lrx_rtcp(struct lrx *x);

void lrx_summary(const struct lrx *x, struct lrx_sum *s);

/*
 * How far the receive rate fell short of expected_pps [packets/s]:
 * 100 * (1 - pps / expected), clamped to 0..100; 0 with no packets or
 * no expectation. Catches ticks a mixer skipped, which leave no gap in
 * the sequence numbers.
 */
double lrx_deficit_pct(const struct lrx_sum *s, double expected_pps);

/*
 * The p-th percentile (0..100, nearest rank) of v[0..n); sorts v in
 * place. 0 when n is 0.
 */
double lstat_pctl(double *v, size_t n, double p);

#endif
