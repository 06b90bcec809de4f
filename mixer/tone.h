/* tone.h: tone generator for beeps and audible confirmations. */
#ifndef CONSORT_TONE_H
#define CONSORT_TONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A tone is a sequence of segments, each of one or two sine components
 * (f1, f2; 0 = none) or silence (f1 = f2 = 0). With two components each
 * has amplitude amp/2, so |sample| <= |amp|. A segment lasts
 * round(ms * rate / 1000) samples, exactly. Phases run on across
 * segments; a segment fades in (out) over TONE_RAMP_MS, raised cosine,
 * unless the previous (next) segment continues it (same amp and same
 * components present), so a run of such segments is one beep stepping
 * in frequency without clicks. Components at or above rate/2 are
 * dropped.
 */

#define TONE_RAMP_MS 5   /* [ms] fade at segment edges */

struct tone_seg {
	uint16_t f1, f2;    /* [Hz] components, 0 = none                */
	uint16_t ms;        /* [ms] duration; f1 = f2 = 0 means silence */
	int16_t amp;        /* [sample] peak amplitude                  */
};

/*
 * Public so it can be embedded; fields are private to tone.c. A zeroed
 * struct tone is inactive.
 */
struct tone {
	const struct tone_seg *segs; /* not owned; must outlive the tone  */
	size_t nsegs;
	size_t seg;         /* current segment                          */
	uint32_t rate;      /* [Hz]                                     */
	uint32_t pos;       /* [samples] position in the segment        */
	uint32_t len;       /* [samples] length of the segment          */
	uint32_t ramp_in;   /* [samples] fade-in length, 0 = none       */
	uint32_t ramp_out;  /* [samples] fade-out length, 0 = none      */
	uint32_t ph1, ph2;  /* [2^-32 cycle] phase accumulators         */
	uint32_t inc1, inc2;/* [2^-32 cycle / sample] phase increments  */
};

/*
 * Start playing segs[0..nsegs) at rate [Hz], replacing whatever t was
 * playing. segs is referenced, not copied. NULL, nsegs = 0 or rate = 0
 * leave t inactive. t needs no other initialisation.
 */
void tone_start(struct tone *t, const struct tone_seg *segs, size_t nsegs,
		uint32_t rate);

/* Stop at once (tone_active() becomes false). */
void tone_stop(struct tone *t);

/* True while there are samples left to play. */
bool tone_active(const struct tone *t);

/*
 * Add up to n samples of the tone into acc[0..) (saturation is left to
 * the limiter) and advance. Returns the number of samples added: n,
 * fewer at the end, 0 when done or inactive.
 */
size_t tone_mix(struct tone *t, int32_t *acc, size_t n);

/* Total length of a pattern [samples] at rate [Hz]. */
size_t tone_len(const struct tone_seg *segs, size_t nsegs, uint32_t rate);

/* Patterns: */
extern const struct tone_seg tone_muted[];   /* two short low beeps  */
extern const size_t tone_muted_n;
extern const struct tone_seg tone_unmuted[]; /* one rising beep      */
extern const size_t tone_unmuted_n;
extern const struct tone_seg tone_join[];    /* low then high beep   */
extern const size_t tone_join_n;
extern const struct tone_seg tone_leave[];   /* high then low beep   */
extern const size_t tone_leave_n;

#endif
