/* limiter.h: soft peak limiter turning a 32-bit mix into S16 PCM. */
#ifndef CONSORT_LIMITER_H
#define CONSORT_LIMITER_H

#include <stddef.h>
#include <stdint.h>

/*
 * A peak limiter without look-ahead (no added latency):
 *  - a peak envelope follows |in| with instant attack, holds for
 *    LIMITER_HOLD_MS after each peak, then decays exponentially (time
 *    constant LIMITER_RELEASE_MS);
 *  - the target gain is LIMITER_THRESH / env (1 while env <= THRESH);
 *    the applied gain follows it with a one-pole smoother, fast when
 *    falling (LIMITER_ATTACK_MS), slower when rising (LIMITER_SMOOTH_MS),
 *    so it never steps;
 *  - a safety soft clip (identity up to LIMITER_CLIP_KNEE = 0.9 FS, then
 *    a curve with continuous slope toward LIMITER_CEIL) catches the
 *    short overshoot while the gain is falling.
 * The output is always within [-32767, 32767]: no wrap-around, and no
 * flat-topped clipping. While every input sample stays within
 * +-LIMITER_THRESH (-1.06 dBFS) and the gain has recovered, the output is
 * bit-exact (out[i] = in[i]). After an overload the gain is back at unity
 * about 0.4 s after the last peak (10x overload).
 *
 * One instance per distinct mix. The struct is public so it can be
 * embedded; its fields are private to limiter.c (gain may be read, e.g.
 * for a gain-reduction meter).
 */

#define LIMITER_THRESH     29000   /* [sample] limiting above, -1.06 dBFS */
#define LIMITER_CLIP_KNEE  29491   /* [sample] soft clip above, 0.9 FS    */
#define LIMITER_CEIL       32767   /* [sample] output peak asymptote      */
#define LIMITER_ATTACK_MS  0.2     /* [ms] gain fall time constant        */
#define LIMITER_HOLD_MS    50      /* [ms] envelope hold after a peak     */
#define LIMITER_RELEASE_MS 100     /* [ms] envelope decay time constant   */
#define LIMITER_SMOOTH_MS  5       /* [ms] gain rise time constant        */

struct limiter {
	double env;         /* [sample] peak envelope of |in|           */
	double gain;        /* applied gain, 1.0 = unity (read-only)    */
	double rel;         /* envelope decay factor per sample         */
	double attack;      /* gain fall smoothing step per sample      */
	double smooth;      /* gain rise smoothing step per sample      */
	uint32_t hold;      /* [samples] left before the envelope decays*/
	uint32_t hold_len;  /* [samples] LIMITER_HOLD_MS at the rate    */
};

/* Initialise for a sample rate [Hz] (0 is taken as 48000); unity gain. */
void limiter_init(struct limiter *l, uint32_t rate);

/* Forget the envelope: back to unity gain, rate kept. */
void limiter_reset(struct limiter *l);

/*
 * Limit n samples of in (a sum of S16 signals, any int32 value) into
 * out (S16, |out| <= 32767). in and out must not overlap.
 */
void limiter_process(struct limiter *l, int16_t *restrict out,
		     const int32_t *restrict in, size_t n);

#endif
