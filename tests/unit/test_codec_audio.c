/* test_codec_audio.c: tones through every codec, loss concealment. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <re.h>
#include <criterion/criterion.h>

#include "codec.h"
#include "codec_test.h"

/* ---- tone through each codec ---- */

static void check_tone(const char *name, const struct codec_params *prm,
		       double min_snr)
{
	const struct codec_def *def = codec_find(name);
	static int16_t out[48000];
	size_t n, skip;
	double snr;

	/* 1 s; judge the last 0.8 s (adaptation, codec delay) */
	n = tone_through(name, prm, out, 1000 / prm->ptime);
	cr_assert_eq(n, def->pcm_rate);
	skip = def->pcm_rate / 5;
	snr = tone_snr(out + skip, n - skip, def->pcm_rate, 1000);
	cr_log_info("%s: 1 kHz SNR %.1f dB", name, snr);
	cr_assert_geq(snr, min_snr, "%s: SNR %.1f dB", name, snr);

	/* and not merely a loud fit: the tone is at the input's level */
	cr_assert_geq(rms(out + skip, n - skip), 8000 / M_SQRT2 * 0.8);
	cr_assert_leq(rms(out + skip, n - skip), 8000 / M_SQRT2 * 1.2);
}

Test(tone, pcmu)
{
	struct codec_params prm = {.ptime = 20};

	check_tone("PCMU", &prm, 35);
}

Test(tone, pcma)
{
	struct codec_params prm = {.ptime = 20};

	check_tone("PCMA", &prm, 35);
}

Test(tone, g722)
{
	struct codec_params prm = {.ptime = 20};

	check_tone("G722", &prm, 30);
}

Test(tone, opus)
{
	struct codec_params prm = {.ptime = 20, .complexity = 5};

	check_tone("opus", &prm, 25);
}

Test(tone, opus_10ms_low_rate)
{
	struct codec_params prm = {.ptime = 10, .bitrate = 16000,
				   .complexity = 0};

	check_tone("opus", &prm, 15);
}

/* ---- PLC ---- */

/* Prime a decoder with 200 ms of tone, conceal `n` samples. */
static void plc_after_tone(const char *name, int16_t *out, size_t n,
			   double *tone_rms)
{
	struct codec_params prm = {.ptime = 20, .complexity = 5};
	int16_t pcm[MAXPCM];
	uint8_t pkt[MAXPKT];
	struct pair p;
	int err;

	pair_open(&p, name, &prm);

	for (size_t k = 0; k < 10; k++) {
		sine(pcm, p.frame, p.def->pcm_rate, 1000, 8000, k * p.frame);
		pair_decode(&p, pcm, pkt, pair_encode(&p, pkt, pcm));
	}
	*tone_rms = rms(pcm, p.frame);

	err = p.def->plc(p.dec, out, n);
	cr_assert_eq(err, 0, "%s plc(%zu): %d", name, n, err);

	/* decoding goes on after the gap */
	sine(pcm, p.frame, p.def->pcm_rate, 1000, 8000, 10 * p.frame);
	cr_assert_eq(pair_decode(&p, pcm, pkt, pair_encode(&p, pkt, pcm)),
		     p.frame);

	pair_close(&p);
}

static void check_plc(const char *name, size_t n, size_t hold,
		      size_t silent_after)
{
	static int16_t out[MAXPCM + 16];
	double tone;

	for (size_t i = 0; i < ARRAY_SIZE(out); i++)
		out[i] = 0x7777;

	plc_after_tone(name, out, n, &tone);

	/* exactly n samples written */
	for (size_t i = n; i < ARRAY_SIZE(out); i++)
		cr_assert_eq(out[i], 0x7777, "%s: wrote past %zu", name, n);

	/* bounded: never much louder than what came before */
	for (size_t i = 0; i < n; i++)
		cr_assert_leq(abs(out[i]), 2 * 8000, "%s [%zu] %d", name, i,
			      out[i]);

	/* not a hard zero: the start carries on at about the tone's level */
	cr_assert_geq(rms(out, hold), 0.5 * tone, "%s: rms %.0f vs %.0f",
		      name, rms(out, hold), tone);

	if (silent_after < n)
		cr_assert_leq(rms(out + silent_after, n - silent_after), 1.0,
			      "%s: no fade-out", name);
}

Test(plc, pcmu)
{
	/* 10 ms held, faded out by 50 ms */
	check_plc("PCMU", 160, 80, MAXPCM);
	check_plc("PCMU", 800, 80, 400);
}

Test(plc, pcmu_keeps_pitch)
{
	int16_t out[80];
	double tone;

	plc_after_tone("PCMU", out, 80, &tone);
	cr_assert_geq(tone_snr(out, 80, 8000, 1000), 25);
}

Test(plc, pcma)
{
	check_plc("PCMA", 160, 80, MAXPCM);
}

Test(plc, g722)
{
	check_plc("G722", 320, 160, MAXPCM);
	check_plc("G722", 1600, 160, 800);
}

Test(plc, opus)
{
	check_plc("opus", 960, 480, MAXPCM);
	check_plc("opus", 2880, 480, MAXPCM);
	check_plc("opus", MAXPCM, 480, MAXPCM);
	/* not a multiple of 2.5 ms: still exactly n samples */
	check_plc("opus", 1000, 480, MAXPCM);
	check_plc("opus", 50, 50, MAXPCM);
}

/* After a gap the first decoded samples are cross-faded, not spliced. */
Test(plc, crossfade_into_next_packet)
{
	struct codec_params prm = {.ptime = 20};
	int16_t pcm[160], conc[160], next[160];
	uint8_t pkt[MAXPKT];
	struct pair p;
	int jump = 0, slope = 0;

	pair_open(&p, "PCMU", &prm);

	for (size_t k = 0; k < 10; k++) {
		sine(pcm, 160, 8000, 1000, 8000, k * 160);
		pair_decode(&p, pcm, pkt, pair_encode(&p, pkt, pcm));
	}

	/* largest step of the tone itself */
	for (size_t i = 1; i < 160; i++)
		slope = MAX(slope, abs(pcm[i] - pcm[i - 1]));

	cr_assert_eq(p.def->plc(p.dec, conc, 160), 0);

	/* the tone resumes a quarter period early: a hard splice jumps */
	sine(next, 160, 8000, 1000, 8000, 11 * 160 + 2);
	cr_assert_eq(pair_decode(&p, next, pkt, pair_encode(&p, pkt, next)),
		     160);

	jump = abs(next[0] - conc[159]);
	for (size_t i = 1; i < 16; i++)
		jump = MAX(jump, abs(next[i] - next[i - 1]));

	cr_assert_leq(jump, slope + 1200, "jump %d, tone slope %d", jump,
		      slope);
	pair_close(&p);
}
