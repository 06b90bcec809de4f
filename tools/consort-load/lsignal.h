/*
 * lsignal.h: the audio consort-load sends: a speech-like talker signal
 * (a talker-specific tone, amplitude-modulated like syllables) or quiet
 * noise, rendered once and pre-encoded into a loop of RTP payloads so
 * that sending a frame costs a memcpy.
 */
#ifndef CONSORT_LSIGNAL_H
#define CONSORT_LSIGNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct codec_def;
struct codec_params;

struct lsig_spec {
	double freq;      /* [Hz] tone, 0 = no tone */
	double amp;       /* tone peak [fraction of full scale] 0..1 */
	double am_rate;   /* [Hz] syllable rate of the envelope */
	double am_phase;  /* [rad] envelope phase */
	double noise;     /* noise peak [fraction of full scale] 0..1 */
	uint32_t seed;    /* noise generator seed */
};

/*
 * Tone frequency [Hz] of talker slot `slot` of `talkers` per room, all
 * below fmax [Hz]: 300 Hz + slot * spacing, spacing 60..170 Hz (whole
 * Hz, so a 4 s loop holds whole periods). Returns 0 if slot >= talkers.
 */
double lsig_talker_freq(unsigned slot, unsigned talkers, uint32_t fmax);

/*
 * Fill *s for talker slot `slot` of `talkers` (tone below fmax [Hz],
 * peak scaled so that `talkers` tones mixed together do not clip, a
 * syllable rate of 3..4.5 Hz that depends on the slot) or, with
 * slot >= talkers, for a quiet participant (noise at about -65 dBFS).
 */
void lsig_spec_init(struct lsig_spec *s, unsigned slot, unsigned talkers,
		    uint32_t fmax);

/*
 * Render n samples at `rate` [Hz] starting at sample t0 of the signal.
 * The envelope is 0.3 + 0.7 * |sin(pi * am_rate * t + am_phase)|;
 * *rng is the noise state (xorshift32, must not be 0).
 */
void lsig_render(int16_t *pcm, size_t n, uint32_t rate, uint64_t t0,
		 const struct lsig_spec *s, uint32_t *rng);

struct ltrack;

/*
 * Render `frames` frames of `ptime` [ms] of signal s at the codec's PCM
 * rate and encode each with a fresh encoder of `cd` with params prm.
 * Frames a DTX encoder reports as "nothing to send" (<= 2 bytes) are
 * kept as skips. *tp is a mem object. Returns 0, EINVAL, ENOMEM or the
 * codec's error.
 */
int ltrack_alloc(struct ltrack **tp, const struct codec_def *cd,
		 const struct codec_params *prm, const struct lsig_spec *s,
		 uint32_t frames, uint32_t ptime);

/*
 * Frame i (taken modulo the track length): *buf and *len point into the
 * track. Returns false for a DTX skip (nothing to send; *len = 0).
 */
bool ltrack_frame(const struct ltrack *t, uint32_t i, const uint8_t **buf,
		  size_t *len);

uint32_t ltrack_frames(const struct ltrack *t);

/* RTP clock units per frame. */
uint32_t ltrack_frame_ts(const struct ltrack *t);

#endif
