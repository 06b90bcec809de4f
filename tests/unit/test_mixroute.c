/* test_mixroute.c: loudest-K selection, listener routing, shared encodes. */
#include <math.h>
#include <string.h>
#include <criterion/criterion.h>
#include <re.h>
#include "codec.h"
#include "mix_priv.h"
#include "mix_route.h"
#include "tick_hist.h"

static void set(struct mix_cand *c, int level, bool active)
{
	c->level = level;
	c->active = active;
}

Test(select, fills_free_places_loudest_first)
{
	struct mix_cand c[5] = {0};

	set(&c[0], -30, true);
	set(&c[1], -10, true);
	set(&c[2], -20, true);
	set(&c[3], -5, false);   /* loud but not voice: never mixed */
	set(&c[4], -40, true);

	cr_assert_eq(mix_select(c, 5, 2, 6, 500, 1000), 2);
	cr_expect(c[1].in_set && c[2].in_set);
	cr_expect(!c[0].in_set && !c[3].in_set && !c[4].in_set);
}

Test(select, all_when_k_large)
{
	struct mix_cand c[4] = {0};

	for (int i = 0; i < 4; i++)
		set(&c[i], -20 - i, true);
	cr_assert_eq(mix_select(c, 4, 100, 6, 500, 0), 4);
}

Test(select, hysteresis_needs_margin_to_replace)
{
	struct mix_cand c[3] = {0};

	set(&c[0], -20, true);
	set(&c[1], -22, true);
	mix_select(c, 3, 2, 6, 500, 0);
	cr_assert(c[0].in_set && c[1].in_set);

	/* A newcomer 4 dB louder than the quietest: no change. */
	set(&c[2], -18, true);
	mix_select(c, 3, 2, 6, 500, 20);
	cr_expect(!c[2].in_set && c[1].in_set);

	/* 7 dB louder: it takes the quietest's place. */
	set(&c[2], -15, true);
	mix_select(c, 3, 2, 6, 500, 40);
	cr_expect(c[2].in_set);
	cr_expect(!c[1].in_set);
	cr_expect(c[0].in_set);

	/* The replaced one coming back a little louder does not flap. */
	set(&c[1], -19, true);
	mix_select(c, 3, 2, 6, 500, 60);
	cr_expect(!c[1].in_set);
}

Test(select, member_held_then_released)
{
	struct mix_cand c[2] = {0};

	set(&c[0], -20, true);
	mix_select(c, 2, 1, 6, 500, 0);
	cr_assert(c[0].in_set);

	/* Silent for less than hold: keeps its place (its smoothed level
	 * still decaying) and blocks a newcomer that is not clearly
	 * louder. */
	set(&c[0], -25, false);
	set(&c[1], -28, true);
	mix_select(c, 2, 1, 6, 500, 400);
	cr_expect(c[0].in_set && !c[1].in_set);

	/* Past the hold: released, and the waiting talker enters. */
	mix_select(c, 2, 1, 6, 500, 520);
	cr_expect(!c[0].in_set && c[1].in_set);
}

Test(route, talker_gets_own_then_converges_back)
{
	struct tx_state s = {0};

	cr_expect(!tx_advance(&s, false, 3));
	cr_expect_eq(s.mode, TX_SHARED);

	cr_expect(tx_advance(&s, true, 3));
	cr_expect_eq(s.mode, TX_OWN);
	cr_expect(!tx_advance(&s, true, 3));

	/* Stops talking: converge for 3 ticks, then shared. */
	cr_expect(tx_advance(&s, false, 3));
	cr_expect_eq(s.mode, TX_CONVERGE);
	cr_expect(!tx_advance(&s, false, 3));
	cr_expect(!tx_advance(&s, false, 3));
	cr_expect(tx_advance(&s, false, 3));
	cr_expect_eq(s.mode, TX_SHARED);

	/* Talking again while converging goes straight back to own. */
	tx_advance(&s, true, 3);
	tx_advance(&s, false, 3);
	cr_expect_eq(s.mode, TX_CONVERGE);
	tx_advance(&s, true, 3);
	cr_expect_eq(s.mode, TX_OWN);

	/* No convergence needed: straight back. */
	tx_advance(&s, false, 0);
	cr_expect_eq(s.mode, TX_SHARED);
}

static void tone(int32_t *buf, size_t n, double f, size_t *phase)
{
	for (size_t i = 0; i < n; i++, (*phase)++)
		buf[i] = (int32_t)(8000 * sin(2 * M_PI * f * (double)*phase /
					      48000));
}

/* Who shares: equal settings match; any difference does not. */
Test(share, encoder_key)
{
	const struct codec_def *opus = codec_find("opus");
	struct codec_params a = {.bitrate = 32000, .ptime = 20,
				 .complexity = 5, .fec = true};
	struct codec_params b = a;
	struct mix_enc *me;
	unsigned count = 0;

	cr_assert_eq(mix_enc_alloc(&me, opus, &a, &count), 0);
	cr_expect_eq(count, 1);
	cr_expect(mix_enc_match(me, opus, &b));
	b.stereo = true;      /* we send mono anyway */
	cr_expect(mix_enc_match(me, opus, &b));
	b = a; b.dtx = true;
	cr_expect(!mix_enc_match(me, opus, &b));
	b = a; b.ptime = 40;
	cr_expect(!mix_enc_match(me, opus, &b));
	b = a; b.bitrate = 24000;
	cr_expect(!mix_enc_match(me, opus, &b));
	cr_expect(!mix_enc_match(me, codec_find("PCMU"), &a));
	mem_deref(me);
	cr_expect_eq(count, 0);
}

/* A listener who starts talking leaves the shared encode through a
 * clone: fed the same audio, the clone's packets are bit-identical to
 * what the shared encoder makes, so its decoder sees no seam. */
Test(share, clone_continues_bit_exact)
{
	const struct codec_def *opus = codec_find("opus");
	struct codec_params prm = {.bitrate = 32000, .ptime = 20,
				   .complexity = 5, .fec = true};
	struct mix_enc *shared, *own;
	int32_t mix[960];
	size_t phase = 0;
	unsigned count = 0;

	cr_assert_eq(mix_enc_alloc(&shared, opus, &prm, &count), 0);
	for (int i = 0; i < 25; i++) {
		tone(mix, 960, 440, &phase);
		mix_enc_run(shared, mix, 960);
	}
	cr_assert_eq(mix_enc_clone(&own, shared, &count), 0);
	cr_expect_eq(count, 2);
	for (int i = 0; i < 10; i++) {
		tone(mix, 960, 440, &phase);
		mix_enc_run(shared, mix, 960);
		mix_enc_run(own, mix, 960);
		cr_assert_eq(shared->npkt, 1);
		cr_assert_eq(own->npkt, 1);
		cr_assert_eq(shared->len[0], own->len[0]);
		cr_assert_arr_eq(shared->pkt[0], own->pkt[0], own->len[0]);
	}
	mem_deref(own);
	mem_deref(shared);
}

/* Renegotiation to 40 ms: the encode yields a packet every 2nd tick. */
Test(share, ptime_longer_than_tick)
{
	struct codec_params prm = {.ptime = 40};
	struct mix_enc *me;
	int32_t mix[960] = {0};
	unsigned pkts = 0;

	cr_assert_eq(mix_enc_alloc(&me, codec_find("PCMA"), &prm, NULL), 0);
	/* 21 ticks = 420 ms, less the resampler's ~2 ms delay: 10 packets,
	 * never two in one tick. */
	for (int i = 0; i < 21; i++) {
		mix_enc_run(me, mix, 960);
		cr_expect_leq(me->npkt, 1);
		pkts += me->npkt;
		if (me->npkt)
			cr_expect_eq(me->len[0], 320);
	}
	cr_expect_eq(pkts, 10);
	mem_deref(me);
}

Test(tick_hist, percentiles)
{
	struct tick_hist h;

	tick_hist_reset(&h);
	cr_expect_eq(tick_hist_pct(&h, 50), 0);
	for (int i = 0; i < 98; i++)
		tick_hist_add(&h, 120);
	tick_hist_add(&h, 5000);
	tick_hist_add(&h, 90000);
	cr_expect_eq(tick_hist_pct(&h, 50), 150);
	cr_expect_eq(tick_hist_pct(&h, 99), 5050);
	cr_expect_eq(tick_hist_pct(&h, 100), 90000);
	cr_expect_eq(h.max, 90000);
}
