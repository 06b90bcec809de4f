/* jb_delay.c: transit-deviation histogram and jitter of the jitter buffer. */
#include <string.h>
#include "jb_delay.h"

#define BUCKET_US   250000    /* [us] width of a transit-minimum bucket */
#define FORGET_MS   2000u     /* [ms] histogram forgetting time constant */
#define QUANTILE    0.95f     /* share of packets the target must cover */
#define TINY        1e-6f     /* weights below this are flushed to 0 */

void jb_delay_reset(struct jb_delay *d)
{
	if (!d)
		return;

	memset(d, 0, sizeof(*d));
}

void jb_delay_rebase(struct jb_delay *d)
{
	if (!d)
		return;

	d->have_win = false;
	d->have_last = false;
}

/* Slide the minimum window to the bucket of `now`; return the minimum. */
static int64_t window_min(struct jb_delay *d, uint64_t now, int64_t transit)
{
	uint64_t id = now / BUCKET_US;
	int64_t min;
	unsigned i;

	if (!d->have_win) {
		for (i = 0; i < JB_DELAY_WIN; i++)
			d->win_min[i] = transit;
		d->win_id = id;
		d->win_cur = 0;
		d->have_win = true;
	}

	if (id > d->win_id) {
		uint64_t k = id - d->win_id;

		for (i = 1; i <= JB_DELAY_WIN && i <= k; i++) {
			d->win_cur = (d->win_cur + 1) % JB_DELAY_WIN;
			d->win_min[d->win_cur] = INT64_MAX;
		}
		d->win_id = id;
	}

	if (transit < d->win_min[d->win_cur])
		d->win_min[d->win_cur] = transit;

	min = INT64_MAX;
	for (i = 0; i < JB_DELAY_WIN; i++) {
		if (d->win_min[i] < min)
			min = d->win_min[i];
	}

	return min;
}

static void hist_add(struct jb_delay *d, int64_t dev_us, uint32_t dur_ms)
{
	float keep, thr, cum = 0.0f;
	int64_t bin = dev_us / (JB_DELAY_BIN_MS * 1000);
	unsigned i;

	if (dur_ms < 1)
		dur_ms = 1;
	if (dur_ms > FORGET_MS / 10)
		dur_ms = FORGET_MS / 10;
	keep = 1.0f - (float)dur_ms / (float)FORGET_MS;

	if (bin < 0)
		bin = 0;
	if (bin >= JB_DELAY_BINS)
		bin = JB_DELAY_BINS - 1;

	for (i = 0; i < JB_DELAY_BINS; i++) {
		d->hist[i] *= keep;
		if (d->hist[i] < TINY)
			d->hist[i] = 0.0f;
	}
	d->hist[bin] += 1.0f - keep;
	d->mass = d->mass * keep + (1.0f - keep);

	thr = QUANTILE * d->mass;
	for (i = 0; i < JB_DELAY_BINS - 1; i++) {
		cum += d->hist[i];
		if (cum >= thr)
			break;
	}
	d->quantile = (i + 1) * JB_DELAY_BIN_MS;
}

static void jitter_add(struct jb_delay *d, int64_t transit)
{
	int64_t diff;

	if (d->have_last) {
		diff = transit - d->last_transit;
		if (diff < 0)
			diff = -diff;
		if (diff > 10000000)
			diff = 10000000;
		d->jitter = (uint32_t)((int64_t)d->jitter
				       + (diff - (int64_t)d->jitter) / 16);
	}
	d->last_transit = transit;
	d->have_last = true;
}

void jb_delay_update(struct jb_delay *d, uint64_t now, int64_t media,
		     uint32_t dur_ms)
{
	int64_t transit, dev;

	if (!d)
		return;

	transit = (int64_t)now - media;
	jitter_add(d, transit);
	dev = transit - window_min(d, now, transit);
	hist_add(d, dev, dur_ms);
}

uint32_t jb_delay_quantile(const struct jb_delay *d)
{
	return d ? d->quantile : 0;
}

uint32_t jb_delay_jitter(const struct jb_delay *d)
{
	return d ? (d->jitter + 500) / 1000 : 0;
}
