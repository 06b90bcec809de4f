/* mix_kernel.h: plain-C audio mixing kernels (sum, mix-minus, gain). */
#ifndef CONSORT_MIX_KERNEL_H
#define CONSORT_MIX_KERNEL_H

#include <stddef.h>
#include <stdint.h>

/*
 * All buffers are mono, n samples long. Inputs are S16 PCM, the mix is
 * accumulated in 32 bits. Gains are Q15 fixed point: 32768 = unity
 * (0 dB), clamped to [0, MIX_GAIN_Q15_MAX] (+12.04 dB) by the functions
 * taking one. Products are rounded to nearest (ties toward +inf).
 *
 * Headroom: mix_add() can sum 65536 full-scale inputs without overflow,
 * mix_add_gain() 16384 inputs at MIX_GAIN_Q15_MAX. Buffers must not
 * overlap (restrict) unless stated otherwise. Reads no globals.
 */

#define MIX_GAIN_Q15_UNITY 32768
#define MIX_GAIN_Q15_MAX   131072  /* 4.0, +12.04 dB */

/* acc[i] = 0. */
void mix_clear(int32_t *acc, size_t n);

/* acc[i] += in[i]. */
void mix_add(int32_t *restrict acc, const int16_t *restrict in, size_t n);

/* acc[i] += round(in[i] * gain_q15 / 32768); gain clamped as above. */
void mix_add_gain(int32_t *restrict acc, const int16_t *restrict in,
		  size_t n, int32_t gain_q15);

/*
 * out[i] = total[i] - own[i]: the mix a talker hears (everyone but
 * itself). own may be NULL (not a talker): out is then a copy of total.
 * own must be one of the inputs summed into total, so that the result
 * cannot overflow.
 */
void mix_minus(int32_t *restrict out, const int32_t *restrict total,
	       const int16_t *restrict own, size_t n);

/* buf[i] = saturate16(round(buf[i] * gain_q15 / 32768)), in place. */
void pcm_gain(int16_t *buf, size_t n, int32_t gain_q15);

/*
 * Q15 gain of db [dB] (0 dB -> 32768), rounded, clamped to
 * [0, MIX_GAIN_Q15_MAX]; NaN and -inf give 0 (mute).
 */
int32_t gain_db_to_q15(double db);

#endif
