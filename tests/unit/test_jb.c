/* test_jb.c: jitter buffer API, ordering, loss, DTX, wrap and resync. */
#include <errno.h>
#include <string.h>
#include <criterion/criterion.h>
#include <re.h>
#include "jb_sim.h"

Test(jb, args)
{
	struct jb_config cfg = {RATE, 20, 200};
	struct jb *jb = NULL;
	uint8_t b[4] = {0};
	struct jb_stats st;
	struct jb_frame f;

	cr_expect_eq(jb_alloc(NULL, &cfg), EINVAL);
	cr_expect_eq(jb_alloc(&jb, NULL), EINVAL);
	cfg.clock_rate = 0;
	cr_expect_eq(jb_alloc(&jb, &cfg), EINVAL);
	cfg = (struct jb_config){RATE, 300, 200};
	cr_expect_eq(jb_alloc(&jb, &cfg), EINVAL);
	cr_expect_null(jb);

	jb = sim_jb(20, 200);
	cr_expect_eq(jb_put(jb, 0, 1, 0, 960, NULL, 4), EINVAL);
	cr_expect_eq(jb_put(jb, 0, 1, 0, 960, b, 0), EINVAL);
	cr_expect_eq(jb_put(jb, 0, 1, 0, 960, b, JB_MAX_PAYLOAD + 1),
		     EINVAL);
	cr_expect_eq(jb_put(jb, 0, 1, 0, 0, b, 4), EINVAL);
	cr_expect_eq(jb_put(NULL, 0, 1, 0, 960, b, 4), EINVAL);

	jb_get(jb, 0, 960, &f);
	cr_expect_eq(f.kind, JB_EMPTY);
	cr_expect_eq(f.duration, 960);
	jb_get(NULL, 0, 960, &f);
	cr_expect_eq(f.kind, JB_EMPTY);

	cfg = (struct jb_config){RATE, 500, 100};
	cr_expect_eq(jb_set_config(jb, &cfg), EINVAL);
	cfg = (struct jb_config){RATE, 150, 300};
	cr_expect_eq(jb_set_config(jb, &cfg), 0);
	cr_expect_eq(jb_put(jb, 0, 1, 0, 960, b, 4), 0);
	jb_stats(jb, &st);
	cr_expect_eq(st.target, 150, "min_delay bounds the target");
	cr_expect_eq(st.put, 1);
	jb_stats(NULL, &st);
	cr_expect_eq(st.put, 0);
	mem_deref(jb);
}

Test(jb, steady_in_order)
{
	struct sender s = {.ptime = 20, .count = 500, .seq0 = 1000,
			   .ts0 = 77};
	struct jb *jb = sim_jb(20, 300);
	struct jb_stats st;
	unsigned n = sim_gen(&s), i;

	sim_init(20);
	sim_run(jb, n, US(10500));
	jb_stats(jb, &st);

	cr_assert(sim.order_ok);
	cr_expect_eq(sim.frames, 500);
	cr_expect_eq(sim.lost, 0);
	cr_expect_eq(st.lost + st.late + st.dup + st.overflow, 0);
	cr_expect_eq(st.drift_drops, 0);
	cr_expect_eq(st.underruns, 1, "only the end of the stream");
	for (i = 0; i < sim.frames; i++)
		cr_assert_eq(sim.seqs[i], 1000 + i);
	cr_expect_leq(sim.max_delay, 60, "delay %u", sim.max_delay);
	cr_expect_leq(sim.max_target, 30);
	cr_expect_eq(st.put, 500);
	mem_deref(jb);
}

Test(jb, reorder_within_delay)
{
	struct sender s = {.ptime = 20, .count = 300, .seq0 = 7};
	struct jb *jb = sim_jb(80, 300);
	struct jb_stats st;
	unsigned n = sim_gen(&s), i;

	/* every 10th packet overtaken by the next two */
	for (i = 10; i < n - 3; i += 10)
		sim_pkts[i].at += US(45);

	sim_init(20);
	sim_run(jb, n, US(6500));
	jb_stats(jb, &st);

	cr_assert(sim.order_ok);
	cr_expect_eq(sim.frames, 300);
	cr_expect_eq(sim.lost, 0);
	cr_expect_eq(st.late, 0);
	for (i = 0; i < sim.frames; i++)
		cr_assert_eq(sim.seqs[i], 7 + i, "frame %u is %u", i,
			     sim.seqs[i]);
	mem_deref(jb);
}

Test(jb, duplicates)
{
	struct jb *jb = sim_jb(40, 300);
	uint8_t b[4] = {1, 2, 3, 4};
	struct jb_frame f;
	struct jb_stats st;

	cr_assert_eq(jb_put(jb, 0, 10, 9600, 960, b, 4), 0);
	cr_assert_eq(jb_put(jb, 100, 10, 9600, 960, b, 4), EALREADY);
	cr_assert_eq(jb_put(jb, US(20), 11, 10560, 960, b, 4), 0);
	cr_assert_eq(jb_put(jb, US(40), 12, 11520, 960, b, 4), 0);

	jb_get(jb, US(40), 960, &f);
	cr_assert_eq(f.kind, JB_FRAME);
	cr_assert_eq(f.ts, 9600);
	/* a copy of the packet just played is a duplicate, not late */
	cr_assert_eq(jb_put(jb, US(41), 10, 9600, 960, b, 4), EALREADY);
	cr_assert_eq(jb_put(jb, US(42), 12, 11520, 960, b, 4), EALREADY);

	jb_stats(jb, &st);
	cr_expect_eq(st.dup, 3);
	cr_expect_eq(st.late, 0);
	cr_expect_eq(st.put, 6);
	mem_deref(jb);
}

Test(jb, late_packet)
{
	struct sender s = {.ptime = 20, .count = 200, .seq0 = 100};
	struct jb *jb = sim_jb(40, 300);
	struct jb_stats st;
	unsigned n = sim_gen(&s);

	sim_pkts[50].at += US(400);   /* long after its playout */

	sim_init(20);
	sim_run(jb, n, US(4500));
	jb_stats(jb, &st);

	cr_expect_eq(sim.lost, 1);
	cr_expect_eq(sim.lost_next, 1);
	cr_expect_eq(sim.put_rc[2], 1);
	cr_expect_eq(st.late, 1);
	cr_expect_eq(st.lost, 1);
	cr_expect_eq(sim.frames, 199);
	cr_assert(sim.order_ok);
	mem_deref(jb);
}

Test(jb, single_loss_fec_next)
{
	struct jb *jb = sim_jb(40, 300);
	const unsigned gone[] = {30};
	struct jb_stats st;
	struct jb_frame f;
	uint64_t now;
	unsigned i;
	uint8_t b[4] = {0};

	/* by hand up to the loss, to inspect the JB_LOST itself */
	for (i = 0; i < 40; i++) {
		now = US(20 * i);
		b[1] = (uint8_t)i;
		if (i != 30)
			cr_assert_eq(jb_put(jb, now, (uint16_t)i,
					    i * 960, 960, b, 4), 0);
		jb_get(jb, now, 960, &f);
		if (f.kind == JB_LOST) {
			cr_assert_eq(f.ts, 30 * 960);
			cr_assert_eq(f.duration, 960);
			cr_assert_not_null(f.next);
			cr_assert_eq(f.next_len, 4);
			cr_assert_eq(f.next[1], 31);
			jb_count_fec(jb);
			jb_count_concealed(jb, 480);
			jb_get(jb, now + 1, 960, &f);
			cr_assert_eq(f.kind, JB_FRAME);
			cr_assert_eq(f.ts, 31 * 960);
			break;
		}
		cr_assert(f.kind == JB_FRAME || f.kind == JB_EMPTY,
			  "kind %d at %u", f.kind, i);
	}
	cr_assert_lt(i, 40, "no JB_LOST seen");
	jb_stats(jb, &st);
	cr_expect_eq(st.lost, 1);
	cr_expect_eq(st.fec, 1);
	cr_expect_eq(st.concealed, 480);
	mem_deref(jb);

	/* the same through the simulator */
	jb = sim_jb(40, 300);
	sim_init(20);
	sim_steady(jb, 65000, 5, 100, gone, 1);
	cr_expect_eq(sim.lost, 1);
	cr_expect_eq(sim.lost_next, 1);
	cr_expect_eq(sim.frames, 99);
	mem_deref(jb);
}

Test(jb, burst_loss)
{
	struct jb *jb = sim_jb(120, 300);
	const unsigned gone[] = {30, 31, 32, 33};
	struct jb_stats st;
	unsigned i;

	/* enough buffered to see the whole gap: one JB_LOST per packet */
	sim_init(20);
	sim_steady(jb, 500, 0, 100, gone, 4);
	jb_stats(jb, &st);

	cr_expect_eq(sim.lost, 4);
	cr_expect_eq(sim.lost_next, 1, "only the last one has a successor");
	cr_expect_eq(st.lost, 4);
	cr_expect_eq(st.underruns, 1, "only the end of the stream");
	cr_expect_eq(sim.frames, 96);
	cr_assert(sim.order_ok);
	for (i = 0; i < 30; i++)
		cr_assert_eq(sim.seqs[i], 500 + i);
	cr_assert_eq(sim.seqs[30], 534);
	mem_deref(jb);

	/* 40 ms buffered: it runs dry first, then only what remains of
	 * the gap is concealed as JB_LOST, the last one with FEC */
	jb = sim_jb(40, 300);
	sim_init(20);
	sim_steady(jb, 500, 0, 100, gone, 4);
	jb_stats(jb, &st);

	cr_expect_eq(st.lost, 4);
	cr_expect_eq(st.underruns, 2);
	cr_expect_geq(sim.lost, 1);
	cr_expect_eq(sim.lost_next, 1);
	cr_expect_eq(sim.frames, 96);
	cr_expect_leq(sim.max_delay, 60, "delay %u", sim.max_delay);
	cr_assert(sim.order_ok);
	mem_deref(jb);
}

Test(jb, dtx_gap_is_not_loss)
{
	struct sender s = {.ptime = 20, .count = 200, .seq0 = 40000};
	struct jb *jb = sim_jb(100, 300);
	struct jb_stats st;
	unsigned n = sim_gen(&s), i;

	/* after packet 50, 3 frames of silence: ts and time jump 60 ms */
	for (i = 51; i < n; i++) {
		sim_pkts[i].ts += TS_MS(60);
		sim_pkts[i].at += US(60);
	}

	sim_init(20);
	sim_run(jb, n, US(5000));
	jb_stats(jb, &st);

	cr_expect_eq(sim.lost, 0);
	cr_expect_eq(st.lost, 0);
	/* silence may be trimmed a little to stay near the target */
	cr_expect_geq(sim.dtx_dur, TS_MS(40), "dtx %u", (unsigned)sim.dtx_dur);
	cr_expect_leq(sim.dtx_dur, TS_MS(60), "dtx %u", (unsigned)sim.dtx_dur);
	cr_expect_eq(sim.empty_mid, 0);
	cr_expect_eq(sim.frames, 200);
	cr_expect_eq(st.underruns, 1, "only the end of the stream");
	cr_assert(sim.order_ok);
	mem_deref(jb);
}

Test(jb, long_silence_without_packets)
{
	struct sender s = {.ptime = 20, .count = 600, .jitter = 20,
			   .seq0 = 65400, .rng = 5};
	struct jb *jb = sim_jb(20, 500);
	struct jb_stats st;
	unsigned n = sim_gen(&s), i;

	/* VAD: after packet 300 nothing is sent for 5 s; the sequence
	 * goes on, the timestamp jumps */
	for (i = 300; i < n; i++) {
		sim_pkts[i].ts += TS_MS(5000);
		sim_pkts[i].at += US(5000);
	}

	sim_init(20);
	sim_run(jb, n, US(17500));
	jb_stats(jb, &st);

	cr_expect_eq(sim.lost, 0);
	cr_expect_eq(st.lost + st.late + st.overflow, 0);
	cr_expect_eq(sim.frames, 600);
	cr_assert(sim.order_ok);
	/* the talk spurt after the silence plays at the normal delay */
	cr_expect_leq(sim.max_delay, 80, "delay %u", sim.max_delay);
	cr_expect_leq(sim.dtx_dur, TS_MS(80), "dtx %u",
		      (unsigned)sim.dtx_dur);
	mem_deref(jb);
}

Test(jb, opus_dtx_stream)
{
	struct sender s = {.ptime = 20, .count = 600, .seq0 = 1};
	struct jb *jb = sim_jb(40, 300);
	struct jb_stats st;
	unsigned n = sim_gen(&s), i, seq = 1;
	uint32_t ts = 0;
	uint64_t t = BASE_US;

	/* 1 s of talk, then 2 s of DTX (1-byte frames every 400 ms), ... */
	for (i = 0; i < n; i++) {
		bool talk = (t / US(1000)) % 3 == 0;

		sim_pkts[i].seq = (uint16_t)seq++;
		sim_pkts[i].ts = ts;
		sim_pkts[i].at = t;
		sim_pkts[i].len = talk ? 80 : 1;
		ts += TS_MS(talk ? 20 : 400);
		t += US(talk ? 20 : 400);
	}

	sim_init(20);
	sim_run(jb, n, t - US(500));
	jb_stats(jb, &st);

	cr_expect_eq(sim.lost, 0);
	cr_expect_eq(st.lost, 0);
	cr_expect_eq(st.underruns, 0);
	cr_expect_gt(sim.dtx, 100);
	cr_assert(sim.order_ok);
	cr_expect_leq(sim.max_delay, 300);
	mem_deref(jb);
}

Test(jb, seq_and_ts_wrap)
{
	struct jb *jb = sim_jb(40, 300);
	const unsigned gone[] = {40, 60};
	struct jb_stats st;
	unsigned i;

	/* seq wraps at packet 36, ts at packet 50 */
	sim_init(20);
	sim_steady(jb, 65500, 0xffffffffu - 50 * 960 + 1, 120, gone, 2);
	jb_stats(jb, &st);

	cr_assert(sim.order_ok);
	cr_expect_eq(sim.lost, 2);
	cr_expect_eq(sim.lost_next, 2);
	cr_expect_eq(st.lost, 2);
	cr_expect_eq(st.late + st.overflow + st.drift_drops, 0);
	cr_expect_eq(sim.frames, 118);
	for (i = 0; i < 40; i++)
		cr_assert_eq(sim.seqs[i], (uint16_t)(65500 + i));
	cr_expect_leq(sim.max_delay, 60);
	mem_deref(jb);
}

Test(jb, reset_and_new_stream)
{
	struct jb *jb = sim_jb(40, 300);
	uint8_t b[4] = {0};
	struct jb_frame f;
	struct jb_stats st;
	uint64_t now = 0;
	unsigned i, frames = 0;

	for (i = 0; i < 20; i++, now += US(20)) {
		jb_put(jb, now, (uint16_t)(100 + i), i * 960, 960, b, 4);
		jb_get(jb, now, 960, &f);
	}
	jb_reset(jb);
	jb_get(jb, now, 960, &f);
	cr_assert_eq(f.kind, JB_EMPTY);

	/* a new source with unrelated numbering starts cleanly */
	for (i = 0; i < 50; i++, now += US(20)) {
		b[1] = (uint8_t)i;
		cr_assert_eq(jb_put(jb, now, (uint16_t)(9 + i),
				    123456789 + i * 960, 960, b, 4), 0);
		jb_get(jb, now, 960, &f);
		if (f.kind == JB_FRAME) {
			cr_assert_eq(f.payload[1], frames);
			++frames;
		}
		else {
			cr_assert_eq(f.kind, JB_EMPTY);
			cr_assert_eq(frames, 0);
		}
	}
	jb_stats(jb, &st);
	cr_expect_geq(frames, 45);
	cr_expect_eq(st.lost + st.late + st.dup, 0);
	cr_expect_eq(st.put, 70, "counters survive a reset");
	mem_deref(jb);
}

Test(jb, sender_restart_resyncs)
{
	struct sender s = {.ptime = 20, .count = 400, .seq0 = 10};
	struct jb *jb = sim_jb(40, 300);
	struct jb_stats st;
	unsigned n = sim_gen(&s), i;

	/* at packet 200 the sender restarts: new seq and ts 10 s ahead */
	for (i = 200; i < n; i++) {
		sim_pkts[i].seq = (uint16_t)(sim_pkts[i].seq + 321);
		sim_pkts[i].ts += TS_MS(10000);
	}

	sim_init(20);
	sim_run(jb, n, US(8500));
	jb_stats(jb, &st);

	/* what was buffered of the old stream is dropped at the resync */
	cr_expect_eq(st.lost, 0, "lost %lu", (unsigned long)st.lost);
	cr_expect_geq(sim.frames, 395);
	cr_expect_eq(st.late + st.overflow, 0);
	cr_expect_leq(sim.max_delay, 60, "delay %u", sim.max_delay);
	for (i = 0; i < 195; i++)
		cr_assert_eq(sim.seqs[i], 10 + i);
	for (i = sim.frames - 195; i < sim.frames; i++)
		cr_assert_eq(sim.seqs[i], (uint16_t)(sim.seqs[i - 1] + 1));
	cr_expect_eq(sim.seqs[sim.frames - 1], (uint16_t)(10 + 399 + 321));
	mem_deref(jb);
}
