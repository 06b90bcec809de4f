/* jb_delay.h: jitter estimator of the jitter buffer (internal to jb). */
#ifndef CONSORT_JB_DELAY_H
#define CONSORT_JB_DELAY_H

#include <stdbool.h>
#include <stdint.h>

enum {
	JB_DELAY_BINS = 128,     /* histogram bins */
	JB_DELAY_BIN_MS = 5,     /* [ms] width of one bin */
	JB_DELAY_WIN = 8,        /* buckets of the transit minimum window */
};

/*
 * Relative transit delay statistics. A packet's transit is its arrival
 * time minus its media time; its deviation is the transit minus the
 * smallest transit of the last ~2 s (the fastest recent packet). The
 * deviations go into a histogram that forgets with a ~2 s time
 * constant, whose 95th percentile is the jitter the buffer must
 * absorb. Embedded by value in struct jb; no allocation.
 */
struct jb_delay {
	float hist[JB_DELAY_BINS]; /* weight of each deviation bin */
	float mass;                /* sum of hist */
	uint32_t quantile;         /* [ms] cached 95th percentile */
	int64_t win_min[JB_DELAY_WIN]; /* [us] min transit per bucket */
	uint64_t win_id;           /* bucket number of win_min[win_cur] */
	unsigned win_cur;          /* current bucket index */
	bool have_win;             /* win_* hold samples */
	bool have_last;            /* last_transit is valid */
	int64_t last_transit;      /* [us] transit of the previous packet */
	uint32_t jitter;           /* [us] RFC 3550 interarrival jitter */
};

/* Forget everything. */
void jb_delay_reset(struct jb_delay *d);

/* Forget the transit reference only (the media time origin moved). */
void jb_delay_rebase(struct jb_delay *d);

/*
 * Account a packet that arrived at `now` [us] with media time `media`
 * [us] (its RTP timestamp converted, from any fixed origin) and
 * duration `dur_ms` [ms] (sets the forgetting per packet).
 */
void jb_delay_update(struct jb_delay *d, uint64_t now, int64_t media,
		     uint32_t dur_ms);

/* 95th percentile of the transit deviation [ms] (0 before any packet). */
uint32_t jb_delay_quantile(const struct jb_delay *d);

/* RFC 3550 interarrival jitter [ms]. */
uint32_t jb_delay_jitter(const struct jb_delay *d);

#endif
