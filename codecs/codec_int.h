/* codec_int.h: internals shared by the codec implementations (private). */
#ifndef CONSORT_CODEC_INT_H
#define CONSORT_CODEC_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codec.h"

extern const struct codec_def codec_opus;
extern const struct codec_def codec_g722;
extern const struct codec_def codec_pcmu;
extern const struct codec_def codec_pcma;

/*
 * True if an Opus SILK/hybrid frame (one frame of a packet, TOC byte
 * stripped) sets the LBRR flag of any channel. silk_frames: 20 ms SILK
 * frames per Opus frame (1 for 10/20 ms, 2 for 40, 3 for 60 ms);
 * channels: 1 or 2 (TOC stereo bit). Garbage in gives an arbitrary
 * answer, never a read past len.
 */
bool codec_opus_has_lbrr(const uint8_t *frame, size_t len,
			 int silk_frames, int channels);

/*
 * True if any SILK frame of any channel of this Opus frame has its VAD
 * flag set, i.e. the encoder found voice activity. Same arguments as
 * codec_opus_has_lbrr; garbage in gives true (decode it to be sure).
 */
bool codec_opus_has_voice(const uint8_t *frame, size_t len,
			  int silk_frames, int channels);

/*
 * Waveform packet-loss concealment for sample-based codecs (G.711,
 * G.722): repeats the last pitch period of the decoded history, holds
 * it for PLC_HOLD_MS, fades it linearly to silence over PLC_FADE_MS and
 * cross-fades into the first good samples after a gap. Embedded by
 * value in a decoder; no allocation.
 */
enum {
	PLC_MAX_RATE = 16000,  /* [Hz] highest supported sample rate      */
	PLC_HIST_MS  = 30,     /* [ms] decoded history kept                */
	PLC_HOLD_MS  = 10,     /* [ms] full-level repetition               */
	PLC_FADE_MS  = 40,     /* [ms] linear fade to silence after hold   */
	PLC_OLA_MS   = 2,      /* [ms] cross-fade into good audio          */
	PLC_HIST_MAX = PLC_MAX_RATE * PLC_HIST_MS / 1000,
};

struct plc {
	uint32_t srate;               /* [Hz] sample rate               */
	int16_t hist[PLC_HIST_MAX];   /* last decoded samples, oldest 1st */
	size_t hist_n;                /* [samples] valid, = capacity used */
	size_t pitch;                 /* [samples] repeated period, 0 =
				       * not concealing                  */
	size_t pos;                   /* [samples] read index in period  */
	size_t lost;                  /* [samples] concealed in this gap */
};

/* Set up for srate [Hz] (<= PLC_MAX_RATE, >= 8000); 0 or EINVAL. */
int plc_init(struct plc *p, uint32_t srate);

/* Feed n good decoded samples (cross-faded in place after a gap). */
void plc_good(struct plc *p, int16_t *pcm, size_t n);

/* Produce n concealment samples into pcm. */
void plc_conceal(struct plc *p, int16_t *pcm, size_t n);

#endif
