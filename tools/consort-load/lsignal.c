/* lsignal.c: talker and quiet signals, pre-encoded into frame loops. */
#include <errno.h>
#include <math.h>
#include <string.h>
#include <re.h>
#include "codec.h"
#include "lsignal.h"

enum {
	FREQ_BASE = 300,     /* [Hz] lowest talker tone */
	SPACING_MIN = 60,    /* [Hz] */
	SPACING_MAX = 170,   /* [Hz] */
	MAX_FRAME = 2880,    /* [samples] 60 ms at 48 kHz */
	MAX_PAYLOAD = 1275,  /* [bytes] largest Opus frame */
};

struct lframe {
	uint32_t off;        /* [bytes] into data */
	uint16_t len;        /* [bytes] 0 = DTX skip */
};

struct ltrack {
	uint32_t nframes;
	uint32_t frame_ts;   /* [rtp clock units] per frame */
	struct lframe *frames;
	uint8_t *data;
};


double lsig_talker_freq(unsigned slot, unsigned talkers, uint32_t fmax)
{
	unsigned spacing;

	if (slot >= talkers || fmax <= FREQ_BASE)
		return 0;

	spacing = (fmax - FREQ_BASE) / talkers;
	if (spacing > SPACING_MAX)
		spacing = SPACING_MAX;
	if (spacing < SPACING_MIN)
		spacing = SPACING_MIN;

	return FREQ_BASE + (double)slot * spacing;
}


void lsig_spec_init(struct lsig_spec *s, unsigned slot, unsigned talkers,
		    uint32_t fmax)
{
	double amp;

	memset(s, 0, sizeof(*s));
	s->seed = 0x9e3779b9u ^ (slot * 2654435761u);
	if (!s->seed)
		s->seed = 1;

	if (slot >= talkers) {
		s->noise = 0.001;
		return;
	}

	/* peaks of all talkers together stay below 0.8 of full scale */
	amp = 0.8 / talkers;
	if (amp > 0.25)
		amp = 0.25;

	s->freq = lsig_talker_freq(slot, talkers, fmax);
	s->amp = amp;
	s->am_rate = 3.0 + 0.25 * (slot % 7);
	s->am_phase = 1.3 * slot;
	s->noise = 0.0005;
}


static uint32_t xorshift32(uint32_t *x)
{
	uint32_t v = *x;

	v ^= v << 13;
	v ^= v >> 17;
	v ^= v << 5;
	*x = v;

	return v;
}


void lsig_render(int16_t *pcm, size_t n, uint32_t rate, uint64_t t0,
		 const struct lsig_spec *s, uint32_t *rng)
{
	for (size_t i = 0; i < n; i++) {
		double t = (double)(t0 + i) / rate;
		double v = 0;

		if (s->freq > 0) {
			double env = 0.3 + 0.7 *
				fabs(sin(M_PI * s->am_rate * t + s->am_phase));

			v = s->amp * env * sin(2 * M_PI * s->freq * t);
		}

		if (s->noise > 0) {
			double r = (double)xorshift32(rng) / 4294967295.0;

			v += s->noise * (2 * r - 1);
		}

		pcm[i] = (int16_t)lrint(v * 32767);
	}
}


static void destructor(void *arg)
{
	struct ltrack *t = arg;

	mem_deref(t->frames);
	mem_deref(t->data);
}


static int encode_all(struct ltrack *t, struct codec_enc *enc,
		      const struct codec_def *cd, const struct lsig_spec *s,
		      uint32_t samples)
{
	int16_t pcm[MAX_FRAME];
	uint32_t rng = s->seed ? s->seed : 1;
	uint32_t off = 0;
	int err;

	for (uint32_t i = 0; i < t->nframes; i++) {
		size_t len = MAX_PAYLOAD;

		lsig_render(pcm, samples, cd->pcm_rate, (uint64_t)i * samples,
			    s, &rng);
		err = cd->encode(enc, t->data + off, &len, pcm, samples);
		if (err)
			return err;

		t->frames[i].off = off;
		t->frames[i].len = len <= 2 ? 0 : (uint16_t)len;
		off += t->frames[i].len;
	}

	return 0;
}


int ltrack_alloc(struct ltrack **tp, const struct codec_def *cd,
		 const struct codec_params *prm, const struct lsig_spec *s,
		 uint32_t frames, uint32_t ptime)
{
	struct codec_enc *enc = NULL;
	struct ltrack *t;
	uint32_t samples;
	int err;

	if (!tp || !cd || !prm || !s || !frames || !ptime)
		return EINVAL;

	samples = cd->pcm_rate * ptime / 1000;
	if (!samples || samples > MAX_FRAME)
		return EINVAL;

	t = mem_zalloc(sizeof(*t), destructor);
	if (!t)
		return ENOMEM;

	t->nframes = frames;
	t->frame_ts = cd->rtp_clock * ptime / 1000;
	t->frames = mem_zalloc(frames * sizeof(*t->frames), NULL);
	t->data = mem_alloc((size_t)frames * MAX_PAYLOAD, NULL);
	if (!t->frames || !t->data) {
		err = ENOMEM;
		goto out;
	}

	err = cd->enc_alloc(&enc, cd, prm);
	if (err)
		goto out;

	err = encode_all(t, enc, cd, s, samples);

 out:
	mem_deref(enc);
	if (err)
		mem_deref(t);
	else
		*tp = t;

	return err;
}


bool ltrack_frame(const struct ltrack *t, uint32_t i, const uint8_t **buf,
		  size_t *len)
{
	const struct lframe *f = &t->frames[i % t->nframes];

	*buf = t->data + f->off;
	*len = f->len;

	return f->len > 0;
}


uint32_t ltrack_frames(const struct ltrack *t)
{
	return t ? t->nframes : 0;
}


uint32_t ltrack_frame_ts(const struct ltrack *t)
{
	return t ? t->frame_ts : 0;
}
