/*
 * codec_opus_lbrr.c: what an Opus frame's SILK header says before any
 * decoding: does it carry LBRR (in-band FEC), does it carry voice (VAD)?
 *
 * The SILK layer of a SILK or hybrid frame opens with, per channel, one
 * VAD bit per 20 ms SILK frame and then one LBRR flag, each range-coded
 * with probability 1/2 (RFC 6716 4.2.3). Reading them needs the range
 * decoder's first steps (RFC 6716 4.1, entdec.c), reproduced here.
 */
#include "codec_int.h"

struct rdec {
	const uint8_t *buf;
	size_t len;
	size_t pos;
	uint32_t rng;   /* range, > 2^23 after normalisation */
	uint32_t val;   /* top of range minus the coded value */
	int rem;        /* last byte read, its low bit still unused */
};

static int rd_byte(struct rdec *d)
{
	return d->pos < d->len ? d->buf[d->pos++] : 0;
}

static void rd_normalize(struct rdec *d)
{
	while (d->rng <= (1u << 23)) {
		int sym = d->rem;

		d->rem = rd_byte(d);
		sym = ((sym << 8) | d->rem) >> 1;
		d->rng <<= 8;
		d->val = ((d->val << 8) + (uint32_t)(255 & ~sym))
			 & 0x7fffffffu;
	}
}

static void rd_init(struct rdec *d, const uint8_t *buf, size_t len)
{
	d->buf = buf;
	d->len = len;
	d->pos = 0;
	d->rem = rd_byte(d);
	d->rng = 128;
	d->val = 127 - (uint32_t)(d->rem >> 1);
	rd_normalize(d);
}

/* One symbol with P(1) = 1/2 (ec_dec_bit_logp(d, 1)). */
static bool rd_bit(struct rdec *d)
{
	uint32_t s = d->rng >> 1;
	bool bit = d->val < s;

	if (!bit)
		d->val -= s;
	d->rng = bit ? s : d->rng - s;
	rd_normalize(d);

	return bit;
}

bool codec_opus_has_lbrr(const uint8_t *frame, size_t len,
			 int silk_frames, int channels)
{
	struct rdec d;

	if (!frame || !len || silk_frames < 1 || silk_frames > 3 ||
	    channels < 1 || channels > 2)
		return false;

	rd_init(&d, frame, len);

	for (int ch = 0; ch < channels; ch++) {
		for (int i = 0; i < silk_frames; i++)
			(void)rd_bit(&d);  /* VAD flag */

		if (rd_bit(&d))
			return true;
	}

	return false;
}

bool codec_opus_has_voice(const uint8_t *frame, size_t len,
			  int silk_frames, int channels)
{
	struct rdec d;

	if (!frame || !len || silk_frames < 1 || silk_frames > 3 ||
	    channels < 1 || channels > 2)
		return true;

	rd_init(&d, frame, len);

	for (int ch = 0; ch < channels; ch++) {
		for (int i = 0; i < silk_frames; i++) {
			if (rd_bit(&d))   /* VAD flag */
				return true;
		}
		(void)rd_bit(&d);         /* LBRR flag */
	}

	return false;
}
