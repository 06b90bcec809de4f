/* tone.c: phase-continuous tone generator with click-free ramps. */
#include <math.h>
#include "tone.h"

#define BEEP_AMP 6000   /* about -15 dBFS */

const struct tone_seg tone_muted[] = {
	{400, 0, 90, BEEP_AMP}, {0, 0, 70, 0}, {400, 0, 90, BEEP_AMP},
};
const size_t tone_muted_n = sizeof(tone_muted) / sizeof(tone_muted[0]);

const struct tone_seg tone_unmuted[] = {
	{500, 0, 50, BEEP_AMP}, {650, 0, 50, BEEP_AMP},
	{800, 0, 110, BEEP_AMP},
};
const size_t tone_unmuted_n = sizeof(tone_unmuted) / sizeof(tone_unmuted[0]);

const struct tone_seg tone_join[] = {
	{600, 0, 100, BEEP_AMP}, {0, 0, 40, 0}, {900, 0, 150, BEEP_AMP},
};
const size_t tone_join_n = sizeof(tone_join) / sizeof(tone_join[0]);

const struct tone_seg tone_leave[] = {
	{900, 0, 100, BEEP_AMP}, {0, 0, 40, 0}, {600, 0, 150, BEEP_AMP},
};
const size_t tone_leave_n = sizeof(tone_leave) / sizeof(tone_leave[0]);

static uint32_t seg_len(const struct tone_seg *s, uint32_t rate)
{
	return (uint32_t)(((uint64_t)s->ms * rate + 500) / 1000);
}

size_t tone_len(const struct tone_seg *segs, size_t nsegs, uint32_t rate)
{
	size_t len = 0;

	for (size_t i = 0; segs && i < nsegs; i++)
		len += seg_len(&segs[i], rate);

	return len;
}

static bool silent(const struct tone_seg *s)
{
	return (!s->f1 && !s->f2) || !s->amp;
}

/* b continues a without a fade: same amplitude, same components. */
static bool joins(const struct tone_seg *a, const struct tone_seg *b)
{
	return !silent(a) && !silent(b) && a->amp == b->amp &&
	       !a->f1 == !b->f1 && !a->f2 == !b->f2;
}

static uint32_t phase_inc(uint16_t f, uint32_t rate)
{
	if (!f || 2u * f >= rate)
		return 0;

	return (uint32_t)(((uint64_t)f << 32) / rate);
}

/* Enter segment t->seg (skipping empty ones); false when past the end. */
static bool seg_enter(struct tone *t)
{
	const struct tone_seg *s;
	uint32_t ramp = (uint32_t)((uint64_t)t->rate * TONE_RAMP_MS / 1000);

	while (t->seg < t->nsegs && !seg_len(&t->segs[t->seg], t->rate))
		++t->seg;
	if (t->seg >= t->nsegs)
		return false;

	s = &t->segs[t->seg];
	t->pos = 0;
	t->len = seg_len(s, t->rate);
	t->inc1 = phase_inc(s->f1, t->rate);
	t->inc2 = phase_inc(s->f2, t->rate);
	if (ramp > t->len / 2)
		ramp = t->len / 2;
	t->ramp_in = t->seg && joins(s - 1, s) ? 0 : ramp;
	t->ramp_out = t->seg + 1 < t->nsegs && joins(s, s + 1) ? 0 : ramp;

	return true;
}

void tone_start(struct tone *t, const struct tone_seg *segs, size_t nsegs,
		uint32_t rate)
{
	if (!t)
		return;

	t->segs = segs;
	t->nsegs = segs && rate ? nsegs : 0;
	t->seg = 0;
	t->rate = rate;
	t->ph1 = 0;
	t->ph2 = 0;
	if (!seg_enter(t))
		t->nsegs = 0;
}

void tone_stop(struct tone *t)
{
	if (t)
		t->seg = t->nsegs;
}

bool tone_active(const struct tone *t)
{
	return t && t->seg < t->nsegs;
}

/* Raised-cosine fade gain at sample pos of a fade of len samples. */
static double fade(uint32_t pos, uint32_t len)
{
	return 0.5 - 0.5 * cos(M_PI * pos / len);
}

/* Envelope of the current segment at its sample pos, times its amp. */
static double envelope(const struct tone *t, const struct tone_seg *s,
		       uint32_t pos)
{
	uint32_t left = t->len - 1 - pos;
	double a = s->amp;

	if (s->f1 && s->f2)
		a *= 0.5;
	if (pos < t->ramp_in)
		a *= fade(pos, t->ramp_in);
	if (left < t->ramp_out)
		a *= fade(left, t->ramp_out);

	return a;
}

/* A rotating phasor: sin of a phase accumulator, advanced per sample. */
struct osc {
	double c, s;    /* cos, sin of the phase    */
	double cw, sw;  /* cos, sin of the step     */
};

static void osc_init(struct osc *o, uint32_t ph, uint32_t inc)
{
	const double k = 2.0 * M_PI / 4294967296.0;

	o->c = cos(k * ph);
	o->s = inc ? sin(k * ph) : 0.0;  /* absent component: 0 */
	o->cw = cos(k * inc);
	o->sw = sin(k * inc);
}

static double osc_next(struct osc *o)
{
	double y = o->s, c = o->c;

	o->c = c * o->cw - o->s * o->sw;
	o->s = o->s * o->cw + c * o->sw;

	return y;
}

/*
 * Add k samples of the current (audible) segment. The oscillators start
 * from the exact phase accumulators on every call, so rounding in the
 * recursion never builds up beyond one call.
 */
static void seg_mix(struct tone *t, const struct tone_seg *s, int32_t *acc,
		    uint32_t k)
{
	struct osc o1, o2;

	osc_init(&o1, t->ph1, t->inc1);
	osc_init(&o2, t->ph2, t->inc2);

	for (uint32_t i = 0; i < k; i++) {
		double y = osc_next(&o1) + osc_next(&o2);

		acc[i] += (int32_t)lrint(envelope(t, s, t->pos + i) * y);
	}

	t->ph1 += t->inc1 * k;
	t->ph2 += t->inc2 * k;
}

size_t tone_mix(struct tone *t, int32_t *acc, size_t n)
{
	size_t done = 0;

	if (!acc)
		return 0;

	while (done < n && tone_active(t)) {
		const struct tone_seg *s = &t->segs[t->seg];
		uint32_t k = t->len - t->pos;

		k = k < n - done ? k : (uint32_t)(n - done);
		if (!silent(s))
			seg_mix(t, s, acc + done, k);
		t->pos += k;
		done += k;

		if (t->pos >= t->len) {
			++t->seg;
			seg_enter(t);
		}
	}

	return done;
}
