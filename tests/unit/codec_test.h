/* codec_test.h: signal and codec helpers shared by the codec tests. */
#ifndef CONSORT_CODEC_TEST_H
#define CONSORT_CODEC_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "codec.h"

enum {
	MAXPKT = 4000,   /* [bytes]   */
	MAXPCM = 5760,   /* [samples] 120 ms at 48 kHz */
};

/* amp * sin(2 pi freq t), t from sample t0 at rate [Hz] */
void sine(int16_t *x, size_t n, uint32_t rate, double freq, double amp,
	  size_t t0);
/* Voiced-speech-like: 12 harmonics of a gliding f0, 3 Hz AM. */
void speech(int16_t *x, size_t n, uint32_t rate, size_t t0);
/* Energy of the best-fit tone at freq over the residual [dB]. */
double tone_snr(const int16_t *x, size_t n, uint32_t rate, double freq);
double rms(const int16_t *x, size_t n);
/* SNR [dB] of y against a reference x of the same length. */
double snr_ref(const int16_t *x, const int16_t *y, size_t n);

struct pair {
	const struct codec_def *def;
	struct codec_enc *enc;
	struct codec_dec *dec;
	size_t frame;    /* [samples] per packet at pcm_rate */
};

/* Helpers assert (Criterion) on any failure. */
void pair_open(struct pair *p, const char *name,
	       const struct codec_params *prm);
void pair_close(struct pair *p);
size_t pair_encode(struct pair *p, uint8_t *pkt, const int16_t *pcm);
size_t pair_decode(struct pair *p, int16_t *pcm, const uint8_t *pkt,
		   size_t len);
/* Send `frames` frames of a 1 kHz tone through a codec into out. */
size_t tone_through(const char *name, const struct codec_params *prm,
		    int16_t *out, size_t frames);

#endif
