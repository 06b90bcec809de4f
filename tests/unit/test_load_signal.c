/*
 * test_load_signal.c: consort-load's talker signals and pre-encoded
 * tracks (through the real codecs and the tone detector), the --verify
 * verdicts and the --rtp-only list parser.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <re.h>
#include "codec.h"
#include "lsignal.h"
#include "rtpfile.h"
#include "tdet.h"
#include "verify.h"

Test(load_signal, talker_frequencies)
{
	cr_expect_eq(lsig_talker_freq(0, 3, 6000), 300);
	cr_expect_eq(lsig_talker_freq(2, 3, 6000), 640);   /* 170 Hz max */
	cr_expect_eq(lsig_talker_freq(49, 50, 6000), 300 + 49 * 114);
	cr_expect_eq(lsig_talker_freq(99, 100, 3400), 300 + 99 * 60);
	cr_expect_eq(lsig_talker_freq(3, 3, 6000), 0);
	for (unsigned k = 1; k < 20; k++)
		cr_expect_gt(lsig_talker_freq(k, 20, 3400),
			     lsig_talker_freq(k - 1, 20, 3400));
}

Test(load_signal, render_levels)
{
	struct lsig_spec talk, quiet;
	int16_t pcm[48000];
	uint32_t rng = 1;
	int peak = 0;

	lsig_spec_init(&talk, 0, 4, 6000);
	cr_expect_float_eq(talk.amp, 0.2, 1e-9);
	lsig_render(pcm, 48000, 48000, 0, &talk, &rng);
	for (unsigned i = 0; i < 48000; i++)
		peak = abs(pcm[i]) > peak ? abs(pcm[i]) : peak;
	cr_expect_leq(peak, (0.2 + 0.0005) * 32767 + 1);
	cr_expect_gt(peak, 0.19 * 32767);

	lsig_spec_init(&quiet, 4, 4, 6000);
	cr_expect_eq(quiet.freq, 0);
	peak = 0;
	lsig_render(pcm, 48000, 48000, 0, &quiet, &rng);
	for (unsigned i = 0; i < 48000; i++)
		peak = abs(pcm[i]) > peak ? abs(pcm[i]) : peak;
	cr_expect_leq(peak, 33);
}

/* Decode every frame of t and return the fraction at freq. */
static double decoded_fraction(const struct codec_def *cd,
			       const struct ltrack *t, double freq)
{
	struct codec_dec *dec = NULL;
	struct tdet *d = NULL;
	int16_t pcm[5760];
	double frac;

	cr_assert_eq(cd->dec_alloc(&dec, cd), 0);
	cr_assert_eq(tdet_alloc(&d, cd->pcm_rate, &freq, 1), 0);
	for (uint32_t i = 0; i < ltrack_frames(t); i++) {
		const uint8_t *buf;
		size_t len, n = 5760;

		cr_assert(ltrack_frame(t, i, &buf, &len));
		cr_assert_eq(cd->decode(dec, pcm, &n, buf, len), 0);
		cr_assert_eq(tdet_feed(d, pcm, n), 0);
	}
	frac = tdet_fraction(d, 0);
	mem_deref(d);
	mem_deref(dec);

	return frac;
}

Test(load_signal, pcmu_track_carries_the_tone)
{
	const struct codec_def *cd = codec_find("pcmu");
	struct codec_params prm = {.ptime = 20};
	struct lsig_spec s;
	struct ltrack *t = NULL;
	const uint8_t *buf;
	size_t len;

	cr_assert_not_null(cd);
	lsig_spec_init(&s, 1, 3, 3400);
	cr_assert_eq(ltrack_alloc(&t, cd, &prm, &s, 50, 20), 0);
	cr_expect_eq(ltrack_frames(t), 50);
	cr_expect_eq(ltrack_frame_ts(t), 160);
	cr_expect(ltrack_frame(t, 51, &buf, &len));
	cr_expect_eq(len, 160);
	cr_expect_gt(decoded_fraction(cd, t, s.freq), 0.9);
	mem_deref(t);
}

Test(load_signal, opus_track_carries_the_tone)
{
	const struct codec_def *cd = codec_find("opus");
	struct codec_params prm = {.bitrate = 32000, .ptime = 20,
				   .complexity = 5};
	struct lsig_spec s;
	struct ltrack *t = NULL;

	cr_assert_not_null(cd);
	lsig_spec_init(&s, 2, 3, 6000);
	cr_assert_eq(ltrack_alloc(&t, cd, &prm, &s, 100, 20), 0);
	cr_expect_eq(ltrack_frame_ts(t), 960);
	cr_expect_gt(decoded_fraction(cd, t, s.freq), 0.8);
	mem_deref(t);
}

Test(load_signal, opus_dtx_silence_is_skipped)
{
	const struct codec_def *cd = codec_find("opus");
	struct codec_params prm = {.ptime = 20, .dtx = true};
	struct lsig_spec s;
	struct ltrack *t = NULL;
	unsigned skips = 0;

	memset(&s, 0, sizeof(s));
	s.seed = 1;
	cr_assert_eq(ltrack_alloc(&t, cd, &prm, &s, 100, 20), 0);
	for (uint32_t i = 0; i < 100; i++) {
		const uint8_t *buf;
		size_t len;

		if (!ltrack_frame(t, i, &buf, &len)) {
			cr_expect_eq(len, 0);
			++skips;
		}
	}
	cr_expect_gt(skips, 50, "only %u of 100 frames skipped", skips);
	mem_deref(t);
}

Test(load_verify, verdicts)
{
	struct vcheck v;

	memset(&v, 0, sizeof(v));
	cr_expect(!vcheck_pass(&v), "nothing checked is no pass");
	cr_expect_float_eq(verify_heard_min(2), 0.1, 1e-12);
	cr_expect_float_eq(verify_heard_min(0), 0.2, 1e-12);
	cr_expect_float_eq(verify_self_max(0), 0.05, 1e-12);
	cr_expect_float_eq(verify_self_max(2), 0.05, 1e-12);
	cr_expect_float_eq(verify_self_max(49), 0.01, 1e-12);

	cr_expect(vcheck_pair(&v, 5, 0, 0.45, false, 2));
	cr_expect(vcheck_pair(&v, 0, 0, 0.001, true, 1));
	cr_expect(vcheck_pass(&v));
	cr_expect(!vcheck_pair(&v, 5, 1, 0.05, false, 2));
	cr_expect(!vcheck_pair(&v, 1, 1, 0.3, true, 1));
	cr_expect(!vcheck_pass(&v));
	cr_expect_eq(v.pairs, 4);
	cr_expect_eq(v.fails, 2);
	cr_expect_float_eq(v.min_heard, 0.05, 1e-12);
	cr_expect_float_eq(v.max_self, 0.3, 1e-12);
	cr_expect_eq(v.fail[0].listener, 5);
	cr_expect_eq(v.fail[0].talker, 1);
	cr_expect_eq(v.fail[1].listener, 1);

	/* one of 50 talkers hearing itself at an equal share fails */
	cr_expect(!vcheck_pair(&v, 3, 3, 0.02, true, 49));
	cr_expect(vcheck_pair(&v, 3, 3, 0.02, true, 2));
	for (unsigned i = 0; i < 20; i++)
		vcheck_pair(&v, 9, 9, 0.5, true, 0);
	cr_expect_eq(v.fails, 23, "every failure counted");
	cr_expect_eq(v.fail[VERIFY_MAXFAIL - 1].listener, 9);
}

Test(load_rtpfile, parse_lines)
{
	struct rtpfile_ent e;

	cr_assert_eq(rtpfile_parse_line("50000 127.0.0.1 40000 111", &e), 0);
	cr_expect_eq(e.lport, 50000);
	cr_expect_eq(sa_port(&e.raddr), 40000);
	cr_expect_eq(e.pt, 111);
	cr_expect_eq(rtpfile_parse_line("\t1 ::1 2 0  # v6", &e), 0);
	cr_expect_eq(sa_af(&e.raddr), AF_INET6);
	cr_expect_eq(rtpfile_parse_line("", &e), ENOENT);
	cr_expect_eq(rtpfile_parse_line("   # only a comment", &e), ENOENT);
	cr_expect_eq(rtpfile_parse_line("1 127.0.0.1 2", &e), EINVAL);
	cr_expect_eq(rtpfile_parse_line("1 127.0.0.1 2 0 9", &e), EINVAL);
	cr_expect_eq(rtpfile_parse_line("1 127.0.0.1 2 128", &e), EINVAL);
	cr_expect_eq(rtpfile_parse_line("0 127.0.0.1 2 0", &e), EINVAL);
	cr_expect_eq(rtpfile_parse_line("1 127.0.0.1 65536 0", &e), EINVAL);
	cr_expect_eq(rtpfile_parse_line("1 localhost 2 0", &e), EINVAL);
	cr_expect_eq(rtpfile_parse_line("-1 127.0.0.1 2 0", &e), EINVAL);
}

Test(load_rtpfile, load_file)
{
	char path[] = "/tmp/test_load_rtpfile_XXXXXX";
	struct rtpfile_ent *ents = NULL;
	unsigned n = 0, bad = 0;
	int fd = mkstemp(path);
	FILE *f;

	cr_assert_geq(fd, 0);
	f = fdopen(fd, "w");
	fprintf(f, "# lport rip rport pt\n50000 127.0.0.1 40000 111\n\n"
		"50002 127.0.0.1 40001 111\r\n");
	fclose(f);
	cr_expect_eq(rtpfile_load(path, &ents, &n, &bad), 0);
	cr_expect_eq(n, 2);
	cr_expect_eq(ents[1].lport, 50002);
	mem_deref(ents);

	f = fopen(path, "a");
	fprintf(f, "oops\n");
	fclose(f);
	cr_expect_eq(rtpfile_load(path, &ents, &n, &bad), EINVAL);
	cr_expect_eq(bad, 5);
	unlink(path);
	cr_expect_eq(rtpfile_load(path, &ents, &n, &bad), ENOENT);
}
