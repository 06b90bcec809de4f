/* tick_hist.c: percentile histogram for per-worker tick timing. */
#include <string.h>
#include "tick_hist.h"

void tick_hist_reset(struct tick_hist *h)
{
	memset(h, 0, sizeof(*h));
}

void tick_hist_add(struct tick_hist *h, uint64_t us)
{
	uint64_t b = us / TICK_HIST_STEP;

	++h->bucket[b < TICK_HIST_N ? b : TICK_HIST_N - 1];
	++h->count;
	if (us > h->max)
		h->max = us;
}

uint64_t tick_hist_pct(const struct tick_hist *h, unsigned pct)
{
	uint64_t want, seen = 0;

	if (!h->count)
		return 0;
	want = (h->count * pct + 99) / 100;
	if (!want)
		want = 1;
	for (unsigned i = 0; i < TICK_HIST_N; i++) {
		seen += h->bucket[i];
		if (seen >= want)
			return i == TICK_HIST_N - 1 ? h->max
						    : (uint64_t)(i + 1) *
							      TICK_HIST_STEP;
	}
	return h->max;
}
