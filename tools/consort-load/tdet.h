/*
 * tdet.h: Goertzel tone detector. Accumulates, over many frames, how much
 * of a signal's energy lies at each of a few frequencies: the fraction
 * answers "is talker f heard in this mix?".
 *
 * Each frame is Hann-windowed, then a Goertzel filter per frequency
 * estimates the energy of a sinusoid at f (8 |X(f)|^2 / n, exact for a
 * steady tone at any frequency, bin-centred or not). Neighbouring tones
 * 3 or more bins away (60 Hz at 20 ms frames) leak less than -30 dB.
 */
#ifndef CONSORT_TDET_H
#define CONSORT_TDET_H

#include <stddef.h>
#include <stdint.h>

enum {
	TDET_MAXF = 64,      /* frequencies per detector */
	TDET_MAXN = 5760,    /* [samples] longest frame (120 ms @ 48k) */
};

struct tdet;

/*
 * Create a detector for nf (1..TDET_MAXF) frequencies [Hz], each below
 * rate / 2, on PCM at `rate` [Hz]. freq is copied. *dp is a mem object.
 * Returns 0, EINVAL or ENOMEM.
 */
int tdet_alloc(struct tdet **dp, uint32_t rate, const double *freq,
	       unsigned nf);

/*
 * Add one frame of n (2..TDET_MAXN) samples. Returns 0, EINVAL or
 * ENOMEM (window of a new length); on error nothing is accumulated.
 */
int tdet_feed(struct tdet *d, const int16_t *pcm, size_t n);

/*
 * Fraction 0..~1 of the accumulated energy that lies at frequency i:
 * tone energy / total energy over every frame fed. 0 when nothing (or
 * only silence) was fed or i is out of range.
 */
double tdet_fraction(const struct tdet *d, unsigned i);

/* Frames fed so far. */
uint64_t tdet_frames(const struct tdet *d);

/* Mean power of what was fed [dBFS, full-scale sine = -3 dB], -120 when
 * silent. */
double tdet_level_db(const struct tdet *d);

#endif
