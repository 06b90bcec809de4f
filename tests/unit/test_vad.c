/* test_vad.c: level meter and talker detection. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "vad.h"

#define RATE  48000
#define FRAME 960    /* 20 ms */

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s >> 8;
}

/* Sine of amplitude amp [sample], frequency f [Hz], from sample n0. */
static void sine(int16_t *buf, size_t n, double f, double amp, size_t n0)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (int16_t)lrint(amp * sin(2 * M_PI * f * (double)(n0 + i)
						  / RATE));
}

/* Amplitude of a sine whose RMS level is db [dBov]. */
static double sine_amp(double db)
{
	return 32768.0 * M_SQRT2 * pow(10.0, db / 20.0);
}

static const struct vad_config vcfg = {
	.on_db = -40, .off_db = -50, .hold_ms = 500, .attack_ms = 60,
};

Test(vad, level)
{
	int16_t b[FRAME];

	memset(b, 0, sizeof(b));
	cr_assert_eq(vad_level_dbov(b, FRAME), VAD_SILENCE_DBOV);
	cr_assert_eq(vad_level_dbov(b, 0), VAD_SILENCE_DBOV);
	b[5] = 1;
	cr_assert_eq(vad_level_dbov(b, FRAME), -120);

	for (size_t i = 0; i < FRAME; i++)
		b[i] = i & 1 ? INT16_MIN : INT16_MAX;
	cr_assert_eq(vad_level_dbov(b, FRAME), 0);

	sine(b, FRAME, 1000, 32767, 0);
	cr_assert_eq(vad_level_dbov(b, FRAME), -3);
	sine(b, FRAME, 1000, sine_amp(-20), 0);
	cr_assert_eq(vad_level_dbov(b, FRAME), -20);
	sine(b, FRAME, 1000, sine_amp(-45), 0);
	cr_assert_eq(vad_level_dbov(b, FRAME), -45);
}

/* Feed frames of a -20 dBov tone (on) or silence; return talking. */
static bool feed(struct vad *v, bool on, size_t *t)
{
	int16_t b[FRAME];
	int lvl;
	bool talk;

	sine(b, FRAME, 300, on ? sine_amp(-20) : 0, *t);
	talk = vad_process(v, b, FRAME, &lvl);
	cr_assert_eq(lvl, on ? -20 : VAD_SILENCE_DBOV);
	*t += FRAME;
	return talk;
}

Test(vad, attack_hold_release)
{
	struct vad v;
	size_t t = 0;

	vad_init(&v, &vcfg, RATE);
	for (int f = 0; f < 100; f++)                /* 2 s silence */
		cr_assert(!feed(&v, false, &t));
	cr_assert_eq(vad_level(&v), VAD_SILENCE_DBOV);

	cr_assert(!feed(&v, true, &t));              /* 20 ms */
	cr_assert(!feed(&v, true, &t));              /* 40 ms */
	cr_assert(feed(&v, true, &t));               /* 60 ms: attack */
	cr_assert(vad_changed(&v));
	cr_assert(feed(&v, true, &t));
	cr_assert(!vad_changed(&v));
	for (int f = 0; f < 20; f++)
		cr_assert(feed(&v, true, &t));
	cr_assert_geq(vad_level(&v), -21);

	for (int f = 0; f < 10; f++)                 /* 200 ms dip */
		cr_assert(feed(&v, false, &t));
	cr_assert_lt(vad_level(&v), -30);
	for (int f = 0; f < 10; f++)
		cr_assert(feed(&v, true, &t));
	cr_assert(!vad_changed(&v));

	for (int f = 0; f < 24; f++)                 /* 480 ms */
		cr_assert(feed(&v, false, &t));
	cr_assert(!feed(&v, false, &t));             /* 500 ms: hold */
	cr_assert(vad_changed(&v));
	cr_assert(!feed(&v, false, &t));
	cr_assert(!vad_changed(&v));
}

/* White noise frames at level db [dBov]; counts frames talking. */
static int noise(struct vad *v, double db, int frames, uint32_t *s,
		 int *last_talk)
{
	const double a = 32768.0 * sqrt(3.0) * pow(10.0, db / 20.0);
	int16_t b[FRAME];
	int n = 0, lvl;

	for (int f = 0; f < frames; f++) {
		for (size_t i = 0; i < FRAME; i++)
			b[i] = (int16_t)lrint(a * ((lcg(s) & 0xffff) / 32767.5
						   - 1.0));
		if (vad_process(v, b, FRAME, &lvl)) {
			++n;
			*last_talk = f;
		}
		cr_assert(lvl >= db - 1 && lvl <= db + 1, "lvl %d", lvl);
	}
	return n;
}

Test(vad, steady_noise)
{
	struct vad v;
	uint32_t s = 11;
	int last = -1;

	vad_init(&v, &vcfg, RATE);
	cr_assert_eq(noise(&v, -45, 500, &s, &last), 0);   /* 10 s */
}

Test(vad, noise_floor_adapts)
{
	const struct vad_config sens = {
		.on_db = -50, .off_db = -60, .hold_ms = 500, .attack_ms = 60,
	};
	struct vad v;
	uint32_t s = 5;
	int16_t b[FRAME];
	size_t t = 0;
	int last = -1, n;

	vad_init(&v, &sens, RATE);
	n = noise(&v, -45, 500, &s, &last);
	cr_log_info("-45 dBov noise: talking %d frames, last at %d ms, "
		    "floor %d", n, last * 20, vad_floor(&v));
	cr_assert_lt(last, 250, "still talking after 5 s");
	cr_assert(!vad_talking(&v));
	cr_assert_geq(vad_floor(&v), -47);

	/* speech over the noise is still detected */
	for (int f = 0; f < 3; f++) {
		sine(b, FRAME, 300, sine_amp(-20), t);
		t += FRAME;
		vad_process(&v, b, FRAME, NULL);
	}
	cr_assert(vad_talking(&v));
}

Test(vad, no_floor_keeps_tone)
{
	struct vad_config c = vcfg;
	struct vad v;
	size_t t = 0;

	c.no_floor = true;
	vad_init(&v, &c, RATE);
	for (int f = 0; f < 1000; f++)              /* 20 s */
		feed(&v, true, &t);
	cr_assert(vad_talking(&v));

	vad_init(&v, &vcfg, RATE);                  /* with floor: stops */
	for (int f = 0; f < 1000; f++)
		feed(&v, true, &t);
	cr_assert(!vad_talking(&v));
}

Test(vad, floor_falls_when_noise_stops)
{
	struct vad v;
	uint32_t s = 9;
	int16_t b[FRAME];
	size_t t = 0;
	int last = -1;

	vad_init(&v, &vcfg, RATE);
	noise(&v, -35, 500, &s, &last);             /* 10 s loud noise */
	cr_assert(!vad_talking(&v));
	cr_assert_geq(vad_floor(&v), -37);

	memset(b, 0, sizeof(b));
	for (int f = 0; f < 10; f++)                 /* 200 ms silence */
		vad_process(&v, b, FRAME, NULL);
	cr_assert_eq(vad_floor(&v), vcfg.on_db - VAD_FLOOR_ON_DB);

	for (int f = 0; f < 3; f++) {                /* -30 dBov talker */
		sine(b, FRAME, 300, sine_amp(-30), t);
		t += FRAME;
		vad_process(&v, b, FRAME, NULL);
	}
	cr_assert(vad_talking(&v));
}
