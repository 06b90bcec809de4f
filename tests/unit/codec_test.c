/* codec_test.c: signal and codec helpers shared by the codec tests. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <re.h>
#include <criterion/criterion.h>

#include "codec.h"
#include "codec_test.h"

void sine(int16_t *x, size_t n, uint32_t rate, double freq, double amp,
	  size_t t0)
{
	for (size_t i = 0; i < n; i++)
		x[i] = (int16_t)lrint(amp * sin(2 * M_PI * freq *
						(double)(t0 + i) / rate));
}

/* Voiced-speech-like: 12 harmonics of a gliding f0, 3 Hz AM. */
void speech(int16_t *x, size_t n, uint32_t rate, size_t t0)
{
	for (size_t i = 0; i < n; i++) {
		double t = (double)(t0 + i) / rate;
		double f0 = 140 + 30 * sin(2 * M_PI * 0.7 * t);
		double am = 0.5 + 0.5 * sin(2 * M_PI * 3 * t);
		double s = 0;

		for (int h = 1; h <= 12; h++)
			s += sin(2 * M_PI * f0 * h * t + h) / h;

		x[i] = (int16_t)lrint(6000 * am * s);
	}
}

/*
 * Least-squares fit of a*cos + b*sin at freq [Hz]: returns the ratio
 * [dB] of the fitted tone's energy to the residual (noise, distortion,
 * other frequencies). Phase and delay do not matter.
 */
double tone_snr(const int16_t *x, size_t n, uint32_t rate, double freq)
{
	double cc = 0, ss = 0, cs = 0, xc = 0, xs = 0, a, b, det;
	double sig = 0, res = 0;

	for (size_t i = 0; i < n; i++) {
		double w = 2 * M_PI * freq * (double)i / rate;
		double c = cos(w), s = sin(w);

		cc += c * c;
		ss += s * s;
		cs += c * s;
		xc += x[i] * c;
		xs += x[i] * s;
	}

	det = cc * ss - cs * cs;
	a = (xc * ss - xs * cs) / det;
	b = (xs * cc - xc * cs) / det;

	for (size_t i = 0; i < n; i++) {
		double w = 2 * M_PI * freq * (double)i / rate;
		double f = a * cos(w) + b * sin(w);

		sig += f * f;
		res += (x[i] - f) * (x[i] - f);
	}

	return 10 * log10(sig / (res + 1e-9));
}

double rms(const int16_t *x, size_t n)
{
	double e = 0;

	for (size_t i = 0; i < n; i++)
		e += (double)x[i] * x[i];

	return n ? sqrt(e / n) : 0;
}

/* SNR [dB] of y against a reference x of the same length. */
double snr_ref(const int16_t *x, const int16_t *y, size_t n)
{
	double s = 0, e = 0;

	for (size_t i = 0; i < n; i++) {
		s += (double)x[i] * x[i];
		e += ((double)x[i] - y[i]) * ((double)x[i] - y[i]);
	}

	return 10 * log10(s / (e + 1e-9));
}

void pair_open(struct pair *p, const char *name,
	       const struct codec_params *prm)
{
	int err;

	memset(p, 0, sizeof(*p));
	p->def = codec_find(name);
	cr_assert_not_null(p->def, "%s", name);
	p->frame = p->def->pcm_rate * (prm->ptime ? prm->ptime : 20) / 1000;

	err = p->def->enc_alloc(&p->enc, p->def, prm);
	cr_assert_eq(err, 0, "%s enc_alloc: %d", name, err);
	err = p->def->dec_alloc(&p->dec, p->def);
	cr_assert_eq(err, 0, "%s dec_alloc: %d", name, err);
}

void pair_close(struct pair *p)
{
	p->enc = mem_deref(p->enc);
	p->dec = mem_deref(p->dec);
}

/* Encode one frame of pcm, return the packet length. */
size_t pair_encode(struct pair *p, uint8_t *pkt, const int16_t *pcm)
{
	size_t len = MAXPKT;
	int err;

	err = p->def->encode(p->enc, pkt, &len, pcm, p->frame);
	cr_assert_eq(err, 0, "%s encode: %d", p->def->name, err);
	cr_assert_gt(len, 0);

	return len;
}

/* Decode one packet into pcm, return the sample count. */
size_t pair_decode(struct pair *p, int16_t *pcm, const uint8_t *pkt,
		   size_t len)
{
	size_t n = MAXPCM;
	int err;

	err = p->def->decode(p->dec, pcm, &n, pkt, len);
	cr_assert_eq(err, 0, "%s decode: %d", p->def->name, err);

	return n;
}

/* Send `frames` frames of a 1 kHz tone through a codec, fill out. */
size_t tone_through(const char *name, const struct codec_params *prm,
		    int16_t *out, size_t frames)
{
	struct pair p;
	int16_t in[MAXPCM];
	uint8_t pkt[MAXPKT];
	size_t total = 0;

	pair_open(&p, name, prm);

	for (size_t k = 0; k < frames; k++) {
		size_t len, n;

		sine(in, p.frame, p.def->pcm_rate, 1000, 8000, k * p.frame);
		len = pair_encode(&p, pkt, in);
		n = pair_decode(&p, out + total, pkt, len);
		cr_assert_eq(n, p.frame, "%s: %zu samples", name, n);
		total += n;
	}

	pair_close(&p);

	return total;
}
