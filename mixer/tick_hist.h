/* tick_hist.h: a fixed-bucket histogram of tick durations and lateness. */
#ifndef CONSORT_TICK_HIST_H
#define CONSORT_TICK_HIST_H

#include <stdint.h>

enum {
	TICK_HIST_STEP = 50,    /* [us] bucket width                   */
	TICK_HIST_N = 800,      /* buckets: 0..40 ms, last one open    */
};

struct tick_hist {
	uint32_t bucket[TICK_HIST_N];
	uint64_t count;
	uint64_t max;           /* [us] */
};

void tick_hist_reset(struct tick_hist *h);
void tick_hist_add(struct tick_hist *h, uint64_t us);

/* The pct-th percentile [us] (upper edge of its bucket), 0 if empty. */
uint64_t tick_hist_pct(const struct tick_hist *h, unsigned pct);

#endif
