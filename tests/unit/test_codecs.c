/* test_codecs.c: codec table, G.711 tables, packet sizes and durations. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <re.h>
#include <criterion/criterion.h>

#include "codec.h"
#include "codec_test.h"

/* ---- table ---- */

Test(codec, table_order)
{
	cr_assert_str_eq(codec_table[0]->name, "opus");
	cr_assert_str_eq(codec_table[1]->name, "G722");
	cr_assert_str_eq(codec_table[2]->name, "PCMU");
	cr_assert_str_eq(codec_table[3]->name, "PCMA");
	cr_assert_null(codec_table[4]);
}

Test(codec, descriptors)
{
	const struct codec_def *o = codec_find("opus");
	const struct codec_def *g = codec_find("G722");
	const struct codec_def *u = codec_find("PCMU");
	const struct codec_def *a = codec_find("PCMA");

	cr_assert_eq(o->static_pt, -1);
	cr_assert_eq(o->rtp_clock, 48000);
	cr_assert_eq(o->pcm_rate, 48000);
	cr_assert_eq(o->rtp_channels, 2);
	cr_assert_str_eq(o->fmtp, "minptime=10;useinbandfec=1");
	cr_assert_not_null(o->fec);
	cr_assert_not_null(o->enc_set_loss);

	cr_assert_eq(g->static_pt, 9);
	cr_assert_eq(g->rtp_clock, 8000);
	cr_assert_eq(g->pcm_rate, 16000);
	cr_assert_eq(g->rtp_channels, 1);
	cr_assert_null(g->fec);

	cr_assert_eq(u->static_pt, 0);
	cr_assert_eq(a->static_pt, 8);
	cr_assert_eq(u->rtp_clock, 8000);
	cr_assert_eq(a->pcm_rate, 8000);
	cr_assert_null(u->fmtp);
	cr_assert_null(a->fec);
}

Test(codec, find)
{
	cr_assert_eq(codec_find("OPUS"), codec_table[0]);
	cr_assert_eq(codec_find("g722"), codec_table[1]);
	cr_assert_eq(codec_find("pcmu"), codec_table[2]);
	cr_assert_eq(codec_find("Pcma"), codec_table[3]);
	cr_assert_null(codec_find("G729"));
	cr_assert_null(codec_find(""));
	cr_assert_null(codec_find(NULL));
}

Test(codec, find_rtp)
{
	cr_assert_eq(codec_find_rtp("opus", 48000, 2), codec_table[0]);
	cr_assert_eq(codec_find_rtp("OPUS", 48000, 0), codec_table[0]);
	cr_assert_null(codec_find_rtp("opus", 48000, 1));
	cr_assert_null(codec_find_rtp("opus", 16000, 2));
	cr_assert_eq(codec_find_rtp("g722", 8000, 1), codec_table[1]);
	cr_assert_null(codec_find_rtp("G722", 16000, 1));
	cr_assert_eq(codec_find_rtp("PCMU", 8000, 0), codec_table[2]);
	cr_assert_eq(codec_find_rtp("pcma", 8000, 1), codec_table[3]);
	cr_assert_null(codec_find_rtp("PCMA", 8000, 2));
	cr_assert_null(codec_find_rtp("telephone-event", 8000, 0));
	cr_assert_null(codec_find_rtp(NULL, 8000, 0));
}

/* ---- G.711 ---- */

static uint8_t g711_enc1(const struct codec_def *def, int16_t x)
{
	struct codec_params prm = {0};
	struct codec_enc *enc = NULL;
	uint8_t c = 0;
	size_t len = 1;

	cr_assert_eq(def->enc_alloc(&enc, def, &prm), 0);
	cr_assert_eq(def->encode(enc, &c, &len, &x, 1), 0);
	cr_assert_eq(len, 1);
	mem_deref(enc);

	return c;
}

static int16_t g711_dec1(const struct codec_def *def, uint8_t c)
{
	struct codec_dec *dec = NULL;
	int16_t x = 0x5555;
	size_t n = 1;

	cr_assert_eq(def->dec_alloc(&dec, def), 0);
	cr_assert_eq(def->decode(dec, &x, &n, &c, 1), 0);
	cr_assert_eq(n, 1);
	mem_deref(dec);

	return x;
}

Test(g711, known_vectors)
{
	const struct codec_def *u = codec_find("PCMU");
	const struct codec_def *a = codec_find("PCMA");

	cr_assert_eq(g711_enc1(u, 0), 0xff);
	cr_assert_eq(g711_enc1(a, 0), 0xd5);
	cr_assert_eq(g711_enc1(u, 32767), 0x80);
	cr_assert_eq(g711_enc1(u, -32768), 0x00);
	cr_assert_eq(g711_enc1(a, 32767), 0xaa);
	cr_assert_eq(g711_enc1(a, -32768), 0x2a);
	cr_assert_eq(g711_enc1(a, -1), 0x55);

	cr_assert_eq(g711_dec1(u, 0xff), 0);
	cr_assert_eq(g711_dec1(u, 0x7f), 0);
	cr_assert_eq(g711_dec1(u, 0x80), 32124);
	cr_assert_eq(g711_dec1(u, 0x00), -32124);
	cr_assert_eq(g711_dec1(u, 0xfe), 8);
	cr_assert_eq(g711_dec1(u, 0xef), 132);
	cr_assert_eq(g711_dec1(a, 0xd5), 8);
	cr_assert_eq(g711_dec1(a, 0x55), -8);
	cr_assert_eq(g711_dec1(a, 0xaa), 32256);
	cr_assert_eq(g711_dec1(a, 0x2a), -32256);
	cr_assert_eq(g711_dec1(a, 0xc5), 264);
}

/* Half the quantiser step [16-bit units] of the segment of code c. */
static int half_step(bool alaw, uint8_t c)
{
	int seg;

	if (alaw) {
		seg = ((c ^ 0x55) >> 4) & 7;
		return seg < 2 ? 8 : 4 << seg;
	}

	seg = ((uint8_t)~c >> 4) & 7;
	return 4 << seg;
}

static void g711_full_range(const char *name, int32_t max_out)
{
	const struct codec_def *def = codec_find(name);
	const bool alaw = !strcmp(name, "PCMA");
	struct codec_params prm = {0};
	struct codec_enc *enc = NULL;
	struct codec_dec *dec = NULL;
	static int16_t in[65536], out[65536];
	static uint8_t code[65536];
	size_t len = sizeof(code), n = 65536;
	int32_t worst = 0;

	for (int32_t i = 0; i < 65536; i++)
		in[i] = (int16_t)(i - 32768);

	cr_assert_eq(def->enc_alloc(&enc, def, &prm), 0);
	cr_assert_eq(def->dec_alloc(&dec, def), 0);
	cr_assert_eq(def->encode(enc, code, &len, in, 65536), 0);
	cr_assert_eq(len, 65536);
	cr_assert_eq(def->decode(dec, out, &n, code, len), 0);
	cr_assert_eq(n, 65536);

	for (int32_t i = 0; i < 65536; i++) {
		int32_t err = abs(out[i] - in[i]);
		int32_t bound = half_step(alaw, code[i]);

		/* beyond the largest code the error is the clipping */
		if (abs(in[i]) > max_out)
			bound = abs(in[i]) - max_out + bound;

		cr_assert_leq(err, bound, "%s x=%d c=%02x y=%d", name,
			      in[i], code[i], out[i]);
		if (i)
			cr_assert_geq(out[i], out[i - 1], "%s not monotonic "
				      "at %d", name, in[i]);
		if (err > worst && abs(in[i]) < 120)
			worst = err;
	}

	/* fine resolution near zero */
	cr_assert_leq(worst, alaw ? 8 : 4, "%s worst %d", name, worst);

	mem_deref(enc);
	mem_deref(dec);
}

Test(g711, ulaw_round_trip_full_range)
{
	g711_full_range("PCMU", 32124);
}

Test(g711, alaw_round_trip_full_range)
{
	g711_full_range("PCMA", 32256);
}

/* Every code decodes to a value that encodes back to the same code. */
Test(g711, codes_idempotent)
{
	const struct codec_def *u = codec_find("PCMU");
	const struct codec_def *a = codec_find("PCMA");

	for (int c = 0; c < 256; c++) {
		if (c != 0x7f)  /* mu-law -0 re-encodes as +0 (0xff) */
			cr_assert_eq(g711_enc1(u, g711_dec1(u, (uint8_t)c)),
				     c, "mu %02x", c);
		cr_assert_eq(g711_enc1(a, g711_dec1(a, (uint8_t)c)), c,
			     "A %02x", c);
	}
}

Test(g711, bad_args)
{
	const struct codec_def *u = codec_find("PCMU");
	struct codec_params prm = {0};
	struct codec_enc *enc = NULL;
	struct codec_dec *dec = NULL;
	int16_t pcm[160] = {0};
	uint8_t buf[160] = {0};
	size_t len = 100, n = 100;

	cr_assert_eq(u->enc_alloc(&enc, codec_find("opus"), &prm), EINVAL);
	cr_assert_eq(u->enc_alloc(&enc, u, NULL), EINVAL);
	cr_assert_eq(u->enc_alloc(&enc, u, &prm), 0);
	cr_assert_eq(u->dec_alloc(&dec, u), 0);
	cr_assert_eq(u->encode(enc, buf, &len, pcm, 160), EOVERFLOW);
	cr_assert_eq(u->decode(dec, pcm, &n, buf, 160), EOVERFLOW);
	cr_assert_eq(u->decode(dec, pcm, &n, buf, 0), EINVAL);
	mem_deref(enc);
	mem_deref(dec);
}

/* ---- packet sizes and durations ---- */

Test(duration, g711_g722)
{
	struct codec_params prm = {.ptime = 20};
	int16_t pcm[MAXPCM] = {0};
	uint8_t pkt[MAXPKT];
	struct pair p;
	size_t len;

	pair_open(&p, "PCMU", &prm);
	len = pair_encode(&p, pkt, pcm);
	cr_assert_eq(len, 160);
	cr_assert_eq(p.def->pkt_duration(pkt, len), 160);
	pair_close(&p);

	pair_open(&p, "G722", &prm);
	cr_assert_eq(p.frame, 320);
	len = pair_encode(&p, pkt, pcm);
	cr_assert_eq(len, 160);
	cr_assert_eq(p.def->pkt_duration(pkt, len), 160);
	cr_assert_eq(pair_decode(&p, pcm, pkt, len), 320);
	pair_close(&p);
}

Test(duration, g722_long_and_odd)
{
	const struct codec_def *g = codec_find("G722");
	struct codec_params prm = {.ptime = 20};
	struct codec_enc *enc = NULL;
	int16_t pcm[4000];
	uint8_t pkt[MAXPKT];
	size_t len = sizeof(pkt);

	sine(pcm, 4000, 16000, 1000, 8000, 0);
	cr_assert_eq(g->enc_alloc(&enc, g, &prm), 0);
	/* 250 ms, longer than the encoder's 120 ms frame */
	cr_assert_eq(g->encode(enc, pkt, &len, pcm, 4000), 0);
	cr_assert_eq(len, 2000);
	len = sizeof(pkt);
	cr_assert_eq(g->encode(enc, pkt, &len, pcm, 321), EINVAL);
	len = 100;
	cr_assert_eq(g->encode(enc, pkt, &len, pcm, 320), EOVERFLOW);
	mem_deref(enc);
}

Test(duration, opus)
{
	static const uint32_t ptimes[] = {10, 20, 40, 60};
	const struct codec_def *o = codec_find("opus");
	uint8_t bad[3] = {0xff, 0xff, 0xff};  /* code 3, 0 frames */

	for (size_t i = 0; i < ARRAY_SIZE(ptimes); i++) {
		struct codec_params prm = {.ptime = ptimes[i]};
		int16_t pcm[MAXPCM];
		uint8_t pkt[MAXPKT];
		struct pair p;
		size_t len;

		pair_open(&p, "opus", &prm);
		sine(pcm, p.frame, 48000, 1000, 8000, 0);
		len = pair_encode(&p, pkt, pcm);
		cr_assert_eq(o->pkt_duration(pkt, len), ptimes[i] * 48);
		cr_assert_eq(pair_decode(&p, pcm, pkt, len), ptimes[i] * 48);
		pair_close(&p);
	}

	cr_assert_eq(o->pkt_duration(bad, 0), 0);
	cr_assert_eq(o->pkt_duration(bad, sizeof(bad)), 0);
}
