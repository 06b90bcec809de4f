/*
 * codec_g711.c: PCMU and PCMA (ITU-T G.711 mu-law and A-law), 8 kHz.
 *
 * Encoding is computed (segment from the leading-zero count, as in the
 * G.711 reference encoder); decoding is one lookup in a const table.
 * Lost packets are concealed by codec_plc.c.
 */
#include <errno.h>
#include <stdbool.h>

#include <re.h>

#include "codec_int.h"

struct codec_enc {
	bool alaw;
};

struct codec_dec {
	const int16_t *tab;   /* code -> linear */
	struct plc plc;
};

/* G.711 mu-law code -> linear (ITU-T G.711 Table 2, x4 to 16 bit) */
static const int16_t ulaw_tab[256] = {
	-32124, -31100, -30076, -29052, -28028, -27004, -25980, -24956,
	-23932, -22908, -21884, -20860, -19836, -18812, -17788, -16764,
	-15996, -15484, -14972, -14460, -13948, -13436, -12924, -12412,
	-11900, -11388, -10876, -10364,  -9852,  -9340,  -8828,  -8316,
	 -7932,  -7676,  -7420,  -7164,  -6908,  -6652,  -6396,  -6140,
	 -5884,  -5628,  -5372,  -5116,  -4860,  -4604,  -4348,  -4092,
	 -3900,  -3772,  -3644,  -3516,  -3388,  -3260,  -3132,  -3004,
	 -2876,  -2748,  -2620,  -2492,  -2364,  -2236,  -2108,  -1980,
	 -1884,  -1820,  -1756,  -1692,  -1628,  -1564,  -1500,  -1436,
	 -1372,  -1308,  -1244,  -1180,  -1116,  -1052,   -988,   -924,
	  -876,   -844,   -812,   -780,   -748,   -716,   -684,   -652,
	  -620,   -588,   -556,   -524,   -492,   -460,   -428,   -396,
	  -372,   -356,   -340,   -324,   -308,   -292,   -276,   -260,
	  -244,   -228,   -212,   -196,   -180,   -164,   -148,   -132,
	  -120,   -112,   -104,    -96,    -88,    -80,    -72,    -64,
	   -56,    -48,    -40,    -32,    -24,    -16,     -8,      0,
	 32124,  31100,  30076,  29052,  28028,  27004,  25980,  24956,
	 23932,  22908,  21884,  20860,  19836,  18812,  17788,  16764,
	 15996,  15484,  14972,  14460,  13948,  13436,  12924,  12412,
	 11900,  11388,  10876,  10364,   9852,   9340,   8828,   8316,
	  7932,   7676,   7420,   7164,   6908,   6652,   6396,   6140,
	  5884,   5628,   5372,   5116,   4860,   4604,   4348,   4092,
	  3900,   3772,   3644,   3516,   3388,   3260,   3132,   3004,
	  2876,   2748,   2620,   2492,   2364,   2236,   2108,   1980,
	  1884,   1820,   1756,   1692,   1628,   1564,   1500,   1436,
	  1372,   1308,   1244,   1180,   1116,   1052,    988,    924,
	   876,    844,    812,    780,    748,    716,    684,    652,
	   620,    588,    556,    524,    492,    460,    428,    396,
	   372,    356,    340,    324,    308,    292,    276,    260,
	   244,    228,    212,    196,    180,    164,    148,    132,
	   120,    112,    104,     96,     88,     80,     72,     64,
	    56,     48,     40,     32,     24,     16,      8,      0,
};

/* G.711 A-law code -> linear (ITU-T G.711 Table 1, x8 to 16 bit) */
static const int16_t alaw_tab[256] = {
	 -5504,  -5248,  -6016,  -5760,  -4480,  -4224,  -4992,  -4736,
	 -7552,  -7296,  -8064,  -7808,  -6528,  -6272,  -7040,  -6784,
	 -2752,  -2624,  -3008,  -2880,  -2240,  -2112,  -2496,  -2368,
	 -3776,  -3648,  -4032,  -3904,  -3264,  -3136,  -3520,  -3392,
	-22016, -20992, -24064, -23040, -17920, -16896, -19968, -18944,
	-30208, -29184, -32256, -31232, -26112, -25088, -28160, -27136,
	-11008, -10496, -12032, -11520,  -8960,  -8448,  -9984,  -9472,
	-15104, -14592, -16128, -15616, -13056, -12544, -14080, -13568,
	  -344,   -328,   -376,   -360,   -280,   -264,   -312,   -296,
	  -472,   -456,   -504,   -488,   -408,   -392,   -440,   -424,
	   -88,    -72,   -120,   -104,    -24,     -8,    -56,    -40,
	  -216,   -200,   -248,   -232,   -152,   -136,   -184,   -168,
	 -1376,  -1312,  -1504,  -1440,  -1120,  -1056,  -1248,  -1184,
	 -1888,  -1824,  -2016,  -1952,  -1632,  -1568,  -1760,  -1696,
	  -688,   -656,   -752,   -720,   -560,   -528,   -624,   -592,
	  -944,   -912,  -1008,   -976,   -816,   -784,   -880,   -848,
	  5504,   5248,   6016,   5760,   4480,   4224,   4992,   4736,
	  7552,   7296,   8064,   7808,   6528,   6272,   7040,   6784,
	  2752,   2624,   3008,   2880,   2240,   2112,   2496,   2368,
	  3776,   3648,   4032,   3904,   3264,   3136,   3520,   3392,
	 22016,  20992,  24064,  23040,  17920,  16896,  19968,  18944,
	 30208,  29184,  32256,  31232,  26112,  25088,  28160,  27136,
	 11008,  10496,  12032,  11520,   8960,   8448,   9984,   9472,
	 15104,  14592,  16128,  15616,  13056,  12544,  14080,  13568,
	   344,    328,    376,    360,    280,    264,    312,    296,
	   472,    456,    504,    488,    408,    392,    440,    424,
	    88,     72,    120,    104,     24,      8,     56,     40,
	   216,    200,    248,    232,    152,    136,    184,    168,
	  1376,   1312,   1504,   1440,   1120,   1056,   1248,   1184,
	  1888,   1824,   2016,   1952,   1632,   1568,   1760,   1696,
	   688,    656,    752,    720,    560,    528,    624,    592,
	   944,    912,   1008,    976,    816,    784,    880,    848,
};

/* floor(log2(v)) for v > 0 */
static int ilog2(uint32_t v)
{
	return 31 - __builtin_clz(v);
}

/*
 * Linear -> mu-law: 14-bit magnitude (one's complement for negative
 * input, as the G.191 reference), bias 33, clip at 8158.
 */
static uint8_t ulaw_enc(int16_t x)
{
	uint8_t mask = 0xff;
	int v, seg;

	if (x < 0) {
		v = ~x >> 2;
		mask = 0x7f;
	}
	else {
		v = x >> 2;
	}
	if (v > 8158)
		v = 8158;

	v += 33;
	seg = ilog2((uint32_t)v) - 5;

	return (uint8_t)(((seg << 4) | ((v >> (seg + 1)) & 0xf)) ^ mask);
}

/* Linear -> A-law: 13-bit magnitude, one's complement when negative. */
static uint8_t alaw_enc(int16_t x)
{
	uint8_t mask = 0xd5;
	int v, seg, mant;

	if (x < 0) {
		v = ~x >> 3;
		mask = 0x55;
	}
	else {
		v = x >> 3;
	}

	seg = v < 32 ? 0 : ilog2((uint32_t)v) - 4;
	mant = seg < 2 ? v >> 1 : v >> seg;

	return (uint8_t)(((seg << 4) | (mant & 0xf)) ^ mask);
}

/* G.711 keeps no state: any two encoders are interchangeable. */
static int g711_enc_copy(struct codec_enc *dst, const struct codec_enc *src)
{
	return dst && src ? 0 : EINVAL;
}

static int g711_enc_alloc(struct codec_enc **encp, const struct codec_def *def,
			  const struct codec_params *prm)
{
	struct codec_enc *enc;

	if (!encp || !prm || (def != &codec_pcmu && def != &codec_pcma))
		return EINVAL;

	enc = mem_zalloc(sizeof(*enc), NULL);
	if (!enc)
		return ENOMEM;

	enc->alaw = def == &codec_pcma;
	*encp = enc;

	return 0;
}

static int g711_encode(struct codec_enc *enc, uint8_t *buf, size_t *len,
		       const int16_t *pcm, size_t samples)
{
	if (!enc || !buf || !len || !pcm || !samples)
		return EINVAL;
	if (*len < samples)
		return EOVERFLOW;

	if (enc->alaw) {
		for (size_t i = 0; i < samples; i++)
			buf[i] = alaw_enc(pcm[i]);
	}
	else {
		for (size_t i = 0; i < samples; i++)
			buf[i] = ulaw_enc(pcm[i]);
	}

	*len = samples;

	return 0;
}

static int g711_dec_alloc(struct codec_dec **decp, const struct codec_def *def)
{
	struct codec_dec *dec;
	int err;

	if (!decp || (def != &codec_pcmu && def != &codec_pcma))
		return EINVAL;

	dec = mem_zalloc(sizeof(*dec), NULL);
	if (!dec)
		return ENOMEM;

	dec->tab = def == &codec_pcma ? alaw_tab : ulaw_tab;
	err = plc_init(&dec->plc, def->pcm_rate);
	if (err)
		goto out;

 out:
	if (err)
		mem_deref(dec);
	else
		*decp = dec;

	return err;
}

static int g711_decode(struct codec_dec *dec, int16_t *pcm, size_t *samples,
		       const uint8_t *buf, size_t len)
{
	if (!dec || !pcm || !samples || !buf || !len)
		return EINVAL;
	if (*samples < len)
		return EOVERFLOW;

	for (size_t i = 0; i < len; i++)
		pcm[i] = dec->tab[buf[i]];

	plc_good(&dec->plc, pcm, len);
	*samples = len;

	return 0;
}

static int g711_plc(struct codec_dec *dec, int16_t *pcm, size_t samples)
{
	if (!dec || !pcm)
		return EINVAL;

	plc_conceal(&dec->plc, pcm, samples);

	return 0;
}

/* One byte per sample per RTP tick. */
static uint32_t g711_pkt_duration(const uint8_t *buf, size_t len)
{
	if (!buf || len > UINT32_MAX)
		return 0;

	return (uint32_t)len;
}

const struct codec_def codec_pcmu = {
	.name = "PCMU",
	.rtp_name = "PCMU",
	.static_pt = 0,
	.rtp_clock = 8000,
	.pcm_rate = 8000,
	.rtp_channels = 1,
	.fmtp = NULL,
	.enc_alloc = g711_enc_alloc,
	.enc_copy = g711_enc_copy,
	.encode = g711_encode,
	.enc_set_loss = NULL,
	.dec_alloc = g711_dec_alloc,
	.decode = g711_decode,
	.plc = g711_plc,
	.fec = NULL,
	.pkt_duration = g711_pkt_duration,
};

const struct codec_def codec_pcma = {
	.name = "PCMA",
	.rtp_name = "PCMA",
	.static_pt = 8,
	.rtp_clock = 8000,
	.pcm_rate = 8000,
	.rtp_channels = 1,
	.fmtp = NULL,
	.enc_alloc = g711_enc_alloc,
	.enc_copy = g711_enc_copy,
	.encode = g711_encode,
	.enc_set_loss = NULL,
	.dec_alloc = g711_dec_alloc,
	.decode = g711_decode,
	.plc = g711_plc,
	.fec = NULL,
	.pkt_duration = g711_pkt_duration,
};
