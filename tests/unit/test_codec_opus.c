/* test_codec_opus.c: Opus DTX and in-band FEC. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <re.h>
#include <criterion/criterion.h>

#include "codec.h"
#include "codec_test.h"

#include <opus.h>

/* ---- Opus DTX, FEC ---- */

static unsigned count_small_packets(bool dtx)
{
	struct codec_params prm = {.ptime = 20, .complexity = 5,
				   .dtx = dtx};
	int16_t pcm[960] = {0};
	uint8_t pkt[MAXPKT];
	struct pair p;
	unsigned small = 0;

	pair_open(&p, "opus", &prm);

	/* 1 s of speech, then 2 s of digital silence */
	for (size_t k = 0; k < 150; k++) {
		size_t len;

		if (k < 50)
			speech(pcm, 960, 48000, k * 960);
		else
			memset(pcm, 0, sizeof(pcm));

		len = pair_encode(&p, pkt, pcm);
		if (k < 50)
			cr_assert_gt(len, 2, "speech frame %zu: %zu", k, len);
		else if (len <= 2)
			++small;
	}

	pair_close(&p);

	return small;
}

Test(opus, dtx_silence)
{
	unsigned with = count_small_packets(true);
	unsigned without = count_small_packets(false);

	cr_log_info("DTX: %u/100 tiny packets (%u without DTX)", with,
		    without);
	cr_assert_geq(with, 80, "only %u tiny packets with DTX", with);
	cr_assert_eq(without, 0, "%u tiny packets without DTX", without);
}

struct stream {
	uint8_t pkt[100][MAXPKT];
	size_t len[100];
	size_t n;
};

static void encode_speech(struct stream *s, const struct codec_params *prm,
			  int loss)
{
	struct pair p;
	int16_t pcm[MAXPCM];

	pair_open(&p, "opus", prm);
	p.def->enc_set_loss(p.enc, loss);

	for (s->n = 0; s->n < ARRAY_SIZE(s->len); s->n++) {
		speech(pcm, p.frame, 48000, s->n * p.frame);
		s->len[s->n] = pair_encode(&p, s->pkt[s->n], pcm);
	}

	pair_close(&p);
}

Test(opus, fec_recovers_lost_packet)
{
	static struct stream s;
	struct codec_params prm = {.ptime = 20, .bitrate = 24000,
				   .complexity = 5, .fec = true};
	const struct codec_def *o = codec_find("opus");
	unsigned recovered = 0, better = 0, tried = 0;

	encode_speech(&s, &prm, 20);

	/* lose packet k (one decoder pass per k, from the start) */
	for (size_t k = 20; k < s.n - 1; k += 7) {
		struct codec_dec *ref = NULL, *fec = NULL, *plc = NULL;
		int16_t want[960], got[960], conc[960], tmp[MAXPCM];
		size_t n;
		int err;

		cr_assert_eq(o->dec_alloc(&ref, o), 0);
		cr_assert_eq(o->dec_alloc(&fec, o), 0);
		cr_assert_eq(o->dec_alloc(&plc, o), 0);

		for (size_t i = 0; i < k; i++) {
			n = MAXPCM;
			cr_assert_eq(o->decode(ref, tmp, &n, s.pkt[i],
					       s.len[i]), 0);
			n = MAXPCM;
			cr_assert_eq(o->decode(fec, tmp, &n, s.pkt[i],
					       s.len[i]), 0);
			n = MAXPCM;
			cr_assert_eq(o->decode(plc, tmp, &n, s.pkt[i],
					       s.len[i]), 0);
		}

		n = 960;
		cr_assert_eq(o->decode(ref, want, &n, s.pkt[k], s.len[k]), 0);
		cr_assert_eq(o->plc(plc, conc, 960), 0);
		err = o->fec(fec, got, 960, s.pkt[k + 1], s.len[k + 1]);
		cr_assert(err == 0 || err == ENOENT, "fec: %d", err);

		++tried;
		if (!err) {
			double s_fec = snr_ref(want, got, 960);
			double s_plc = snr_ref(want, conc, 960);

			++recovered;
			if (s_fec > s_plc + 3)
				++better;
			cr_log_info("k=%zu FEC %.1f dB, PLC %.1f dB", k,
				    s_fec, s_plc);
		}

		/* the stream continues normally after FEC */
		n = MAXPCM;
		cr_assert_eq(o->decode(fec, tmp, &n, s.pkt[k + 1],
				       s.len[k + 1]), 0);
		cr_assert_eq(n, 960);

		mem_deref(ref);
		mem_deref(fec);
		mem_deref(plc);
	}

	cr_assert_geq(recovered, tried * 3 / 4, "FEC in %u of %u",
		      recovered, tried);
	cr_assert_geq(better, recovered * 3 / 4, "FEC better than PLC in "
		      "only %u of %u", better, recovered);
}

Test(opus, fec_absent_is_enoent)
{
	static struct stream s;
	struct codec_params nofec = {.ptime = 20, .bitrate = 24000,
				     .complexity = 5, .fec = false};
	struct codec_params celt = {.ptime = 5, .bitrate = 64000,
				    .complexity = 5, .fec = true};
	const struct codec_def *o = codec_find("opus");
	/* TOC config 31: CELT-only fullband 20 ms, code 0 */
	const uint8_t celt_pkt[4] = {31 << 3, 0x12, 0x34, 0x56};
	struct codec_dec *dec = NULL;
	int16_t pcm[MAXPCM];

	cr_assert_eq(o->dec_alloc(&dec, o), 0);

	/* SILK/hybrid without FEC enabled: no LBRR flags */
	encode_speech(&s, &nofec, 20);
	for (size_t k = 1; k < s.n; k++)
		cr_assert_eq(o->fec(dec, pcm, 960, s.pkt[k], s.len[k]),
			     ENOENT, "packet %zu", k);

	/* 5 ms packets are always CELT-only */
	encode_speech(&s, &celt, 20);
	for (size_t k = 1; k < s.n; k++) {
		cr_assert_geq(s.pkt[k][0] >> 3, 16);
		cr_assert_eq(o->fec(dec, pcm, 240, s.pkt[k], s.len[k]),
			     ENOENT);
	}

	cr_assert_eq(o->fec(dec, pcm, 960, celt_pkt, sizeof(celt_pkt)),
		     ENOENT);
	cr_assert_eq(o->fec(dec, pcm, 960, NULL, 0), EINVAL);

	mem_deref(dec);
}

Test(opus, fec_gap_shorter_than_packet)
{
	static struct stream s;
	struct codec_params prm = {.ptime = 20, .bitrate = 24000,
				   .complexity = 5, .fec = true};
	const struct codec_def *o = codec_find("opus");
	struct codec_dec *dec = NULL;
	int16_t pcm[MAXPCM];
	unsigned ok = 0;

	encode_speech(&s, &prm, 20);
	cr_assert_eq(o->dec_alloc(&dec, o), 0);

	for (size_t k = 20; k < s.n; k++) {
		/* 10 ms gap cannot be filled from a 20 ms packet's FEC */
		cr_assert_eq(o->fec(dec, pcm, 480, s.pkt[k], s.len[k]),
			     ENOENT);
		/* not a multiple of 2.5 ms */
		cr_assert_eq(o->fec(dec, pcm, 1000, s.pkt[k], s.len[k]),
			     ENOENT);
		/* 40 ms gap: PLC for 20 ms, then the FEC frame */
		if (!o->fec(dec, pcm, 1920, s.pkt[k], s.len[k]))
			++ok;
	}

	cr_assert_gt(ok, 0);
	mem_deref(dec);
}

/* Concealment after SILK (low-rate speech) packets, any size. */
Test(opus, plc_after_silk)
{
	static const size_t sizes[] = {120, 1000, 960, 50, 2880};
	struct codec_params prm = {.ptime = 20, .bitrate = 12000,
				   .complexity = 5};
	int16_t pcm[MAXPCM + 8];
	uint8_t pkt[MAXPKT];
	struct pair p;
	double level;

	pair_open(&p, "opus", &prm);

	for (size_t k = 0; k < 20; k++) {
		speech(pcm, 960, 48000, k * 960);
		pair_decode(&p, pcm, pkt, pair_encode(&p, pkt, pcm));
	}
	cr_assert_lt(pkt[0] >> 3, 12, "not SILK: config %d", pkt[0] >> 3);
	level = rms(pcm, 960);

	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (size_t j = 0; j < ARRAY_SIZE(pcm); j++)
			pcm[j] = 0x7777;

		cr_assert_eq(p.def->plc(p.dec, pcm, sizes[i]), 0);

		for (size_t j = sizes[i]; j < ARRAY_SIZE(pcm); j++)
			cr_assert_eq(pcm[j], 0x7777, "size %zu", sizes[i]);
		cr_log_info("PLC %zu: rms %.0f after %.0f", sizes[i],
			    rms(pcm, sizes[i]), level);
		cr_assert_leq(rms(pcm, sizes[i]), 2 * level);
	}

	pair_close(&p);
}

/* Encode frame k of a tone or speech as identical L and R channels. */
static int encode_stereo(OpusEncoder *oe, uint8_t *pkt, size_t k,
			 bool tone)
{
	int16_t mono[960], lr[2 * 960];

	if (tone)
		sine(mono, 960, 48000, 1000, 8000, k * 960);
	else
		speech(mono, 960, 48000, k * 960);

	for (size_t i = 0; i < 960; i++) {
		lr[2 * i] = mono[i];
		lr[2 * i + 1] = mono[i];
	}

	return opus_encode(oe, lr, 960, pkt, MAXPKT);
}

/* A stereo sender (opus/48000/2): decoded to mono, FEC still found. */
Test(opus, stereo_stream)
{
	const struct codec_def *o = codec_find("opus");
	struct codec_dec *dec = NULL, *fdec = NULL;
	static int16_t all[48000];
	int16_t out[MAXPCM];
	uint8_t pkt[MAXPKT];
	OpusEncoder *oe;
	unsigned fec = 0;
	int len, ret;

	oe = opus_encoder_create(48000, 2, OPUS_APPLICATION_VOIP, &ret);
	cr_assert_not_null(oe);
	cr_assert_eq(opus_encoder_ctl(oe, OPUS_SET_BITRATE(32000)), 0);
	cr_assert_eq(opus_encoder_ctl(oe, OPUS_SET_INBAND_FEC(1)), 0);
	cr_assert_eq(opus_encoder_ctl(oe, OPUS_SET_PACKET_LOSS_PERC(20)), 0);
	cr_assert_eq(o->dec_alloc(&dec, o), 0);
	cr_assert_eq(o->dec_alloc(&fdec, o), 0);

	/* 1 s of tone decodes to 1 s of clean mono tone */
	for (size_t k = 0; k < 50; k++) {
		size_t n = MAXPCM;

		len = encode_stereo(oe, pkt, k, true);
		cr_assert_gt(len, 0);
		cr_assert_eq(opus_packet_get_nb_channels(pkt), 2);
		cr_assert_eq(o->decode(dec, all + k * 960, &n, pkt,
				       (size_t)len), 0);
		cr_assert_eq(n, 960);
	}
	cr_assert_geq(tone_snr(all + 9600, 48000 - 9600, 48000, 1000), 20);

	/* stereo speech: the LBRR flags of both channels are parsed */
	cr_assert_eq(opus_encoder_ctl(oe, OPUS_RESET_STATE), 0);
	for (size_t k = 0; k < 50; k++) {
		len = encode_stereo(oe, pkt, k, false);
		cr_assert_gt(len, 0);
		if (k && !o->fec(fdec, out, 960, pkt, (size_t)len))
			++fec;
	}
	cr_log_info("stereo: FEC in %u of 49", fec);
	cr_assert_geq(fec, 25, "FEC in %u of 49 stereo packets", fec);

	opus_encoder_destroy(oe);
	mem_deref(dec);
	mem_deref(fdec);
}

/* The SILK VAD flags tell voice from quiet noise without decoding. */
Test(opus, pkt_voice_flags)
{
	struct codec_params prm = {.bitrate = 32000, .ptime = 20,
				   .complexity = 5};
	const struct codec_def *def = codec_find("opus");
	struct codec_enc *enc;
	int16_t pcm[960];
	uint8_t pkt[MAXPKT];
	unsigned voice = 0, quiet = 0, noise_voice = 0, noise_n = 0;
	uint32_t seed = 1;

	cr_assert_eq(def->enc_alloc(&enc, def, &prm), 0);
	for (int i = 0; i < 100; i++) {
		size_t len = sizeof(pkt);

		if (i < 50) {
			speech(pcm, 960, 48000, (size_t)i * 960);
		}
		else {
			/* Quiet white noise at about -60 dBov. */
			for (size_t k = 0; k < 960; k++) {
				seed = seed * 1103515245u + 12345u;
				pcm[k] = (int16_t)((int)(seed >> 16 & 0x3f) -
						   32);
			}
		}
		cr_assert_eq(def->encode(enc, pkt, &len, pcm, 960), 0);
		int v = def->pkt_voice(pkt, len);
		cr_assert(v >= -1 && v <= 1);
		if (i >= 10 && i < 50)
			voice += v == 1;
		/* SILK's VAD hangs over for about 500 ms after speech. */
		if (i >= 80) {
			++noise_n;
			noise_voice += v == 1;
			quiet += v == 0;
		}
	}
	cr_expect_geq(voice, 25, "speech (with syllable gaps) judged voice in %u/40", voice);
	cr_expect_geq(quiet, 18, "noise judged no voice in %u/%u (voice %u)",
		      quiet, noise_n, noise_voice);
	cr_expect_eq(def->pkt_voice((const uint8_t *)"\xf8", 1), -1);
	cr_expect_null(codec_find("PCMU")->pkt_voice);
	mem_deref(enc);
}
