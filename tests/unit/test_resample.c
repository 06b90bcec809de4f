/* test_resample.c: sample-rate conversion. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <re.h>
#include <criterion/criterion.h>

#include "codec_test.h"
#include "resample.h"

/* ---- resampler ---- */

static void check_resample(uint32_t in_rate, uint32_t out_rate)
{
	const size_t chunk = in_rate / 50;  /* 20 ms */
	static int16_t out[96000];
	struct resamp *r = NULL;
	int16_t in[960];
	size_t total = 0, expect = out_rate;
	double snr;

	cr_assert_eq(resamp_alloc(&r, in_rate, out_rate), 0);

	for (size_t k = 0; k < 50; k++) {
		/* the capacity resample.h promises to be enough */
		size_t n = chunk * out_rate / in_rate + 64;

		sine(in, chunk, in_rate, 1000, 8000, k * chunk);
		cr_assert_eq(resamp_process(r, out + total, &n, in, chunk),
			     0, "%u->%u call %zu", in_rate, out_rate, k);
		cr_assert_leq(n, chunk * out_rate / in_rate + 64);
		total += n;
	}

	/* 1 s in; all but the filter delay (about 2 ms) out */
	cr_assert_leq(total, expect, "%u->%u: %zu", in_rate, out_rate, total);
	cr_assert_geq(total, expect - out_rate * 3 / 1000, "%u->%u: %zu",
		      in_rate, out_rate, total);

	/* still a clean 1 kHz tone at the same level */
	snr = tone_snr(out + out_rate / 10, total - out_rate / 10, out_rate,
		       1000);
	cr_log_info("%u->%u: %zu samples, SNR %.1f dB", in_rate, out_rate,
		    total, snr);
	cr_assert_geq(snr, 40, "%u->%u: SNR %.1f", in_rate, out_rate, snr);
	cr_assert_float_eq(rms(out + out_rate / 10, total - out_rate / 10),
			   8000 / M_SQRT2, 200);

	mem_deref(r);
}

Test(resample, up_8k_48k)
{
	check_resample(8000, 48000);
}

Test(resample, down_48k_8k)
{
	check_resample(48000, 8000);
}

Test(resample, up_16k_48k)
{
	check_resample(16000, 48000);
}

Test(resample, down_48k_16k)
{
	check_resample(48000, 16000);
}

Test(resample, identity_copies)
{
	struct resamp *r = NULL;
	int16_t in[480], out[480];
	size_t n = 480;

	sine(in, 480, 48000, 1000, 8000, 0);
	cr_assert_eq(resamp_alloc(&r, 48000, 48000), 0);
	cr_assert_eq(resamp_process(r, out, &n, in, 480), 0);
	cr_assert_eq(n, 480);
	cr_assert_arr_eq(out, in, sizeof(in));

	n = 100;
	cr_assert_eq(resamp_process(r, out, &n, in, 480), EOVERFLOW);
	mem_deref(r);
}

Test(resample, bad_args)
{
	struct resamp *r = NULL;
	int16_t in[160] = {0}, out[160];
	size_t n = 10;

	cr_assert_eq(resamp_alloc(&r, 0, 48000), EINVAL);
	cr_assert_eq(resamp_alloc(&r, 8000, 0), EINVAL);
	cr_assert_eq(resamp_alloc(NULL, 8000, 48000), EINVAL);
	cr_assert_eq(resamp_alloc(&r, 8000, 48000), 0);
	/* 160 in at 8 kHz needs room for 960 out: nothing is consumed */
	cr_assert_eq(resamp_process(r, out, &n, in, 160), EOVERFLOW);
	cr_assert_eq(n, 10);
	cr_assert_eq(resamp_process(r, NULL, &n, in, 160), EINVAL);
	mem_deref(r);
}
