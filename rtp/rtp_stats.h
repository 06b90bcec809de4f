/* rtp_stats.h: RFC 3550 receiver statistics (A.1, A.3, A.8), RTCP timing. */
#ifndef CONSORT_RTP_STATS_H
#define CONSORT_RTP_STATS_H

#include <stdbool.h>
#include <stdint.h>

struct rtcp_rb;

enum {
	RTP_MIN_SEQUENTIAL = 2,  /* [packets] in order to validate a source */
	RTP_MAX_DROPOUT = 3000,  /* [packets] largest forward jump accepted */
	RTP_MAX_MISORDER = 100,  /* [packets] largest backward step accepted */
};

/*
 * Receive statistics of one remote source (SSRC). Public so it can be
 * embedded; read the fields, change only min_sequential, and only
 * through the functions otherwise. Sequence numbers and counters follow
 * RFC 3550 Appendix A.1 (`cycles` is the shifted count, i.e. a multiple
 * of 65536).
 */
struct rtp_rxstats {
	bool active;             /* a packet has been seen: ssrc is set */
	uint32_t ssrc;           /* current source */
	uint32_t min_sequential; /* probation length, default 2; set to 1
				    after init to accept the first packet */
	uint16_t max_seq;        /* highest sequence number seen */
	uint32_t cycles;         /* sequence wraps << 16 */
	uint32_t base_seq;       /* first sequence number of this source */
	uint32_t bad_seq;        /* last out-of-range seq + 1 (or 65537) */
	uint32_t probation;      /* in-order packets still needed */
	uint32_t received;       /* [packets] valid, duplicates included */
	uint32_t expected_prior; /* [packets] expected at last report */
	uint32_t received_prior; /* [packets] received at last report */
	bool have_transit;       /* transit holds a sample */
	uint32_t transit;        /* [ts units] arrival - ts, previous packet */
	uint32_t jitter;         /* [1/16 ts units] A.8 estimate */
	bool ssrc_changed;       /* last update switched to a new SSRC */
	bool resynced;           /* last update re-synced the sequence */
	uint32_t ssrc_changes;   /* times a new SSRC replaced the old one */
	uint32_t resyncs;        /* restarts after a large sequence jump */
	uint32_t bad;            /* [packets] refused: probation, bad seq */
};

/* Reset to "no source seen" with the RFC defaults. */
void rtp_rxstats_init(struct rtp_rxstats *s);

/*
 * Account one received packet of `ssrc` with sequence `seq`, RTP
 * timestamp `ts` and `arrival`, the local receive time in the same
 * clock units as ts (e.g. monotonic time * clock rate).
 * Returns:
 *   0          the packet is valid for playout (in order, reordered or a
 *              duplicate within MAX_MISORDER: the jitter buffer decides);
 *   EALREADY   drop it: the source is on probation, or the sequence
 *              jumped and this is not yet the second packet that confirms
 *              the new numbering;
 *   EINVAL     s is NULL.
 * A packet from another SSRC than the current one restarts the stats
 * for that SSRC (on probation) and sets s->ssrc_changed until the next
 * update (not for the first source seen): the caller should then reset
 * state tied to the old source (jitter buffer, decoder, DTMF receiver).
 * A re-sync after a large jump restarts the counters (A.1 init_seq) and
 * sets s->resynced likewise.
 */
int rtp_rxstats_update(struct rtp_rxstats *s, uint32_t ssrc, uint16_t seq,
		       uint32_t ts, uint32_t arrival);

/*
 * Fill *rb for the current source (A.3: fraction lost since the previous
 * call, cumulative lost clamped to 24 bits, extended highest sequence,
 * jitter) with the given lsr and dlsr [1/65536 s], and start a new
 * interval. With no source yet, *rb is all zero but lsr/dlsr.
 */
void rtp_rxstats_report(struct rtp_rxstats *s, struct rtcp_rb *rb,
			uint32_t lsr, uint32_t dlsr);

/* Interarrival jitter [ms] for `clock_rate` [Hz]; 0 if the rate is 0. */
uint32_t rtp_rxstats_jitter_ms(const struct rtp_rxstats *s,
			       uint32_t clock_rate);

/* Cumulative packets lost (negative with duplicates); 0 with no source. */
int64_t rtp_rxstats_lost(const struct rtp_rxstats *s);

/*
 * Randomised RTCP interval (RFC 3550 §6.3.1): mean_ms scaled by a factor
 * uniform in [0.5, 1.5) drawn from `rnd`, a uniform 32-bit random number
 * supplied by the caller. The e-3/2 compensation and the minimum are
 * left to the caller's mean. Returns [ms].
 */
uint32_t rtcp_interval_ms(uint32_t mean_ms, uint32_t rnd);

#endif
