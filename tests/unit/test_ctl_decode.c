/* test_ctl_decode.c: files to 48 kHz mono PCM for play: a WAV written
 * here (8 kHz stereo, 1 kHz left / silence right), errors and limits. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <criterion/criterion.h>
#include <re.h>
#include "ctl_priv.h"

static char path[64];


static void le16(FILE *f, unsigned v)
{
	fputc((int)(v & 0xff), f);
	fputc((int)((v >> 8) & 0xff), f);
}


static void le32(FILE *f, unsigned v)
{
	le16(f, v & 0xffff);
	le16(f, v >> 16);
}


/* secs of hz at rate, 2 channels (the right one silent), S16. */
static void write_wav(unsigned rate, unsigned hz, double secs)
{
	unsigned n = (unsigned)(rate * secs);
	int fd;
	FILE *f;

	strcpy(path, "/tmp/test_ctl_decode_XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	f = fdopen(fd, "wb");
	cr_assert_not_null(f);

	fputs("RIFF", f);
	le32(f, 36 + n * 4);
	fputs("WAVEfmt ", f);
	le32(f, 16);
	le16(f, 1);
	le16(f, 2);
	le32(f, rate);
	le32(f, rate * 4);
	le16(f, 4);
	le16(f, 16);
	fputs("data", f);
	le32(f, n * 4);
	for (unsigned i = 0; i < n; i++) {
		double v = 16000 * sin(2 * M_PI * hz * i / rate);

		le16(f, (unsigned)(int16_t)lrint(v));
		le16(f, 0);
	}
	fclose(f);
}


static void fini(void)
{
	if (path[0])
		unlink(path);
}

TestSuite(ctl_decode, .fini = fini);


Test(ctl_decode, wav_to_48k_mono)
{
	int16_t *pcm = NULL;
	size_t n = 0, cross = 0;
	char err[128];
	int peak = 0;

	write_wav(8000, 1000, 0.5);
	cr_assert_eq(ctl_decode_file(path, 10, &pcm, &n, err, sizeof(err)),
		     0, "%s", err);
	cr_assert_not_null(pcm);

	/* 0.5 s at 48 kHz, give or take the resampler's edges */
	cr_expect(n >= 23900 && n <= 24100, "n=%zu", n);

	/* 1 kHz: 2 zero crossings per ms; mono = the mean of the two
	 * channels, so half the amplitude */
	for (size_t i = 1000; i < n - 1000; i++) {
		cross += (pcm[i - 1] < 0) != (pcm[i] < 0);
		peak = MAX(peak, abs(pcm[i]));
	}
	cr_expect(cross >= 2 * 22 * 1000 / 48 - 2 * 10 &&
		  cross <= 2 * 22 * 1000 / 48 + 2 * 10, "cross=%zu", cross);
	cr_expect(peak > 6000 && peak < 10000, "peak=%d", peak);
	cr_expect_eq(mem_nrefs(pcm), 1);

	mem_deref(pcm);
}


Test(ctl_decode, too_long)
{
	int16_t *pcm = NULL;
	size_t n = 0;
	char err[128];

	write_wav(8000, 440, 1.5);
	cr_expect_eq(ctl_decode_file(path, 1, &pcm, &n, err, sizeof(err)),
		     EFBIG);
	cr_expect_null(pcm);
	cr_expect_str_eq(err, "too long");
}


Test(ctl_decode, errors)
{
	int16_t *pcm = NULL;
	size_t n = 0;
	char err[128];
	FILE *f;
	int fd;

	cr_expect_eq(ctl_decode_file("/nonexistent/a.wav", 10, &pcm, &n, err,
				     sizeof(err)), ENOENT);
	cr_expect_not_null(strstr(err, "cannot open"), "%s", err);
	cr_expect_null(pcm);

	strcpy(path, "/tmp/test_ctl_decode_XXXXXX");
	fd = mkstemp(path);
	cr_assert_geq(fd, 0);
	f = fdopen(fd, "w");
	fputs("this is not a sound file\n", f);
	fclose(f);
	cr_expect_eq(ctl_decode_file(path, 10, &pcm, &n, err, sizeof(err)),
		     EINVAL);
	cr_expect_neq(err[0], '\0');
	cr_expect_null(pcm);

	cr_expect_eq(ctl_decode_file(NULL, 10, &pcm, &n, err, sizeof(err)),
		     EINVAL);
}
