/* test_jb_adapt.c: jitter buffer adaptation: jitter, drift, ptime, stalls. */
#include <criterion/criterion.h>
#include <re.h>
#include "jb_sim.h"

static void jitter_tick(struct play *p, struct jb *jb, uint64_t now)
{
	struct jb_stats st;

	jb_stats(jb, &st);
	if (now == US(9900))
		p->mark[0] = st.target;      /* before the step */
	if (now == US(11000))
		p->mark[1] = st.target;      /* 1 s into the jitter */
	if (now == US(24900))
		p->mark[2] = st.target;      /* end of the jitter */
	if (now >= US(10000) && now < US(25000) && st.delay > p->mark[5])
		p->mark[5] = st.delay;
	if (now == US(24000))
		p->mark[6] = st.delay;
	if (now == US(33000))
		p->mark[3] = st.target;      /* 8 s after calm */
	if (now == US(44900)) {
		p->mark[4] = st.target;      /* 20 s after calm */
		p->mark[7] = st.delay;
	}
}

Test(jb, jitter_step_up_then_down)
{
	struct sender s = {.ptime = 20, .count = 2250, .rng = 99};
	struct jb *jb = sim_jb(20, 500);
	uint32_t rng = 7;
	struct jb_stats st;
	unsigned n = sim_gen(&s), i;

	/* 0..80 ms uniform extra delay between 10 s and 25 s */
	for (i = 500; i < 1250; i++)
		sim_pkts[i].at += sim_rnd(&rng) % US(80);

	sim_init(20);
	sim.on_tick = jitter_tick;
	sim_run(jb, n, US(45000));
	jb_stats(jb, &st);

	cr_log_info("targets %u %u %u %u %u, delay %u %u %u lost %lu",
		    sim.mark[0], sim.mark[1], sim.mark[2], sim.mark[3],
		    sim.mark[4], sim.mark[5], sim.mark[6], sim.mark[7],
		    (unsigned long)st.lost);
	cr_expect_leq(sim.mark[0], 30, "calm target %u", sim.mark[0]);
	cr_expect_geq(sim.mark[1], 70, "1 s after step %u", sim.mark[1]);
	cr_expect_geq(sim.mark[2], 80, "jitter target %u", sim.mark[2]);
	cr_expect_leq(sim.mark[2], 110, "jitter target %u", sim.mark[2]);
	cr_expect_leq(sim.mark[3], 40, "8 s after calm %u", sim.mark[3]);
	cr_expect_leq(sim.mark[4], 30, "20 s after calm %u", sim.mark[4]);
	/* the delay is grown to the target (not left to late packets) */
	cr_expect_geq(sim.mark[6] + 10, sim.mark[2], "delay follows up %u",
		      sim.mark[6]);
	cr_expect_leq(sim.mark[7], 70, "delay follows down %u", sim.mark[7]);
	cr_expect_leq(st.lost, 5, "lost %lu", (unsigned long)st.lost);
	cr_assert(sim.order_ok);
	mem_deref(jb);
}

/* 5 min at 20 ms with 0..30 ms jitter, sender clock off by `ppm`. */
static void drift_run(int32_t ppm)
{
	struct sender s = {.ptime = 20, .count = 15000, .drift_ppm = ppm,
			   .jitter = 30, .rng = 4242};
	struct jb *jb = sim_jb(20, 400);
	struct jb_stats st;
	unsigned n = sim_gen(&s);

	sim_init(20);
	sim_run(jb, n, US(299000));
	jb_stats(jb, &st);

	cr_log_info("drift %d: max delay %u excess %u target %u..%u "
		    "drops %lu stretches %lu lost %lu underruns %lu", ppm,
		    sim.max_delay, sim.max_excess, sim.min_target,
		    sim.max_target, (unsigned long)st.drift_drops,
		    (unsigned long)st.stretches, (unsigned long)st.lost,
		    (unsigned long)st.underruns);
	/* sampled every tick from 2 s to the end */
	cr_expect_leq(sim.max_excess, 50, "delay above target %u",
		      sim.max_excess);
	cr_expect_leq(sim.max_delay, 130, "max delay %u", sim.max_delay);
	cr_expect_leq(sim.max_target, 90);
	cr_expect_leq(st.lost + st.late, 10, "lost %lu late %lu",
		      (unsigned long)st.lost, (unsigned long)st.late);
	cr_assert(sim.order_ok);
	/* 1 % of 5 min is 150 frames to drop or insert */
	if (ppm > 0) {
		cr_expect_geq(st.drift_drops, 120);
		cr_expect_leq(st.drift_drops, 180);
	}
	else {
		cr_expect_geq(st.stretches, 120);
		cr_expect_leq(st.stretches, 180);
		cr_expect_leq(st.underruns, 5);
	}
	mem_deref(jb);
}

Test(jb, drift_fast_sender)
{
	drift_run(10000);
}

Test(jb, drift_slow_sender)
{
	drift_run(-10000);
}

static void ptime_run(uint32_t ptime)
{
	struct sender s = {.ptime = ptime, .count = 6000 / ptime,
			   .seq0 = 3};
	struct jb *jb = sim_jb(20, 300);
	struct jb_stats st;
	unsigned n = sim_gen(&s), i;

	sim_init(20);
	sim_run(jb, n, US(6500));
	jb_stats(jb, &st);

	cr_assert(sim.order_ok);
	cr_expect_eq(sim.frames, n);
	cr_expect_eq(sim.frame_dur, (uint64_t)n * TS_MS(ptime));
	cr_expect_eq(sim.lost, 0);
	cr_expect_eq(st.drift_drops, 0);
	for (i = 0; i < sim.frames; i++)
		cr_assert_eq(sim.seqs[i], 3 + i);
	cr_expect_leq(sim.max_delay, 2 * ptime + 40, "delay %u",
		      sim.max_delay);
	mem_deref(jb);
}

Test(jb, ptime_40_with_20ms_ticks)
{
	ptime_run(40);
}

Test(jb, ptime_30_with_20ms_ticks)
{
	ptime_run(30);
}

Test(jb, ptime_10_with_20ms_ticks)
{
	ptime_run(10);
}

Test(jb, outage_underrun_and_recovery)
{
	struct sender s = {.ptime = 20, .count = 500};
	struct jb *jb = sim_jb(20, 300);
	struct jb_stats st;
	unsigned n = sim_gen(&s), i;

	/* packets 100..109 are lost: the buffer runs dry for ~200 ms;
	 * 109 turns up 1 s late, after the gap was skipped */
	for (i = 100; i < 109; i++)
		sim_pkts[i].drop = true;
	sim_pkts[109].at += US(1000);

	sim_init(20);
	sim_run(jb, n, US(10500));
	jb_stats(jb, &st);

	cr_expect_eq(st.underruns, 2, "the outage and the end");
	cr_expect_eq(st.lost, 10);
	cr_expect_eq(st.late, 1);
	cr_expect_eq(sim.put_rc[2], 1, "refused as late");
	cr_expect_geq(sim.empty, 5);
	cr_expect_eq(sim.frames, 490);
	cr_expect_leq(sim.max_delay, 60, "delay %u", sim.max_delay);
	cr_assert(sim.order_ok);
	mem_deref(jb);
}

static void stall_tick(struct play *p, struct jb *jb, uint64_t now)
{
	struct jb_stats st;

	jb_stats(jb, &st);
	if (now == US(11900))
		p->mark[0] = st.delay;
}

Test(jb, burst_arrival_overflow)
{
	struct sender s = {.ptime = 20, .count = 600};
	struct jb *jb = sim_jb(20, 200);
	struct jb_stats st;
	unsigned n = sim_gen(&s), i;

	/* a 1 s network stall: packets 100..150 arrive together */
	for (i = 100; i < 150; i++)
		sim_pkts[i].at = sim_pkts[150].at;

	sim_init(20);
	sim.stat_from = 0;
	sim.on_tick = stall_tick;
	sim_run(jb, n, US(12500));
	jb_stats(jb, &st);

	cr_expect_gt(st.overflow, 30, "overflow %lu",
		     (unsigned long)st.overflow);
	cr_expect_leq(sim.max_delay, 200, "delay %u", sim.max_delay);
	cr_expect_eq(st.underruns, 2, "the stall and the end");
	cr_expect_leq(sim.mark[0], 60, "delay back down: %u", sim.mark[0]);
	cr_assert(sim.order_ok);
	mem_deref(jb);
}
