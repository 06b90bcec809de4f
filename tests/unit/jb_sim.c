/* jb_sim.c: network and mixer simulator for the jitter buffer tests. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <criterion/criterion.h>
#include "jb_sim.h"

struct pkt sim_pkts[MAX_PKTS];
struct play sim;

uint32_t sim_rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

struct jb *sim_jb(uint32_t min, uint32_t max)
{
	struct jb_config cfg = {RATE, min, max};
	struct jb *jb = NULL;

	cr_assert_eq(jb_alloc(&jb, &cfg), 0);
	return jb;
}

unsigned sim_gen(const struct sender *s)
{
	uint32_t rng = s->rng ? s->rng : 12345;
	uint64_t pt = US(s->ptime);
	unsigned i;

	cr_assert_leq(s->count, MAX_PKTS);
	memset(sim_pkts, 0, sizeof(sim_pkts));
	for (i = 0; i < s->count; i++) {
		struct pkt *p = &sim_pkts[i];
		uint64_t send = i * pt * 1000000
			/ (uint64_t)(1000000 + s->drift_ppm);

		p->at = BASE_US + send;
		if (s->jitter)
			p->at += sim_rnd(&rng) % US(s->jitter);
		p->idx = i;
		p->seq = (uint16_t)(s->seq0 + i);
		p->ts = s->ts0 + i * TS_MS(s->ptime);
		p->dur = TS_MS(s->ptime);
		p->len = 80;
	}
	return s->count;
}

static int cmp_at(const void *a, const void *b)
{
	const struct pkt *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->idx < y->idx ? -1 : (x->idx > y->idx);
}

static void put_pkt(struct jb *jb, const struct pkt *p)
{
	uint8_t buf[200] = {0};
	int rc;

	buf[0] = (uint8_t)(p->seq >> 8);
	buf[1] = (uint8_t)p->seq;
	if (p->len == 1)
		buf[0] = (uint8_t)p->seq;
	rc = jb_put(jb, p->at, p->seq, p->ts, p->dur, buf, p->len);
	switch (rc) {
	case 0:         ++sim.put_rc[0]; break;
	case EALREADY:  ++sim.put_rc[1]; break;
	case ETIMEDOUT: ++sim.put_rc[2]; break;
	case EOVERFLOW: ++sim.put_rc[3]; break;
	default:        cr_assert_fail("jb_put: %d", rc);
	}
}

/* JB_TRACE=1 in the environment prints every get and tick. */
static void trace_tick(struct jb *jb, uint64_t now)
{
	struct jb_stats st;

	if (!getenv("JB_TRACE"))
		return;

	jb_stats(jb, &st);
	fprintf(stderr, "t %lu ms: delay %u target %u\n",
		(unsigned long)(now / 1000), st.delay, st.target);
}

static void record(const struct jb_frame *f)
{
	if (getenv("JB_TRACE"))
		fprintf(stderr, "  get kind %d ts %u dur %u len %zu next %d\n",
			f->kind, f->ts, f->duration, f->len, f->next != NULL);
	switch (f->kind) {
	case JB_FRAME:
		if (f->len >= 2 && sim.frames < MAX_PKTS)
			sim.seqs[sim.frames] = (uint16_t)(f->payload[0] << 8
							| f->payload[1]);
		if (sim.have_end && (int32_t)(f->ts - sim.end_ts) < 0)
			sim.order_ok = false;
		sim.end_ts = f->ts + f->duration;
		sim.have_end = true;
		if (sim.frames)
			sim.empty_mid += sim.empty_tail;
		sim.empty_tail = 0;
		++sim.frames;
		sim.frame_dur += f->duration;
		break;
	case JB_LOST:
		++sim.lost;
		if (f->next)
			++sim.lost_next;
		break;
	case JB_DTX:
		++sim.dtx;
		sim.dtx_dur += f->duration;
		break;
	case JB_EMPTY:
		++sim.empty;
		++sim.empty_tail;
		break;
	}
}

static void sample(struct jb *jb, uint64_t now)
{
	struct jb_stats st;

	if (now < sim.stat_from)
		return;

	jb_stats(jb, &st);
	if (st.delay > sim.max_delay)
		sim.max_delay = st.delay;
	if (st.delay > st.target && st.delay - st.target > sim.max_excess)
		sim.max_excess = st.delay - st.target;
	if (st.target > sim.max_target)
		sim.max_target = st.target;
	if (st.target < sim.min_target)
		sim.min_target = st.target;
}

void sim_init(uint32_t tick)
{
	memset(&sim, 0, sizeof(sim));
	sim.tick = tick;
	sim.order_ok = true;
	sim.min_target = UINT32_MAX;
	sim.stat_from = US(2000);
}

void sim_run(struct jb *jb, unsigned n, uint64_t t_end)
{
	uint32_t want = TS_MS(sim.tick);
	int64_t have = 0;
	uint64_t now;
	unsigned i = 0;

	qsort(sim_pkts, n, sizeof(sim_pkts[0]), cmp_at);
	for (now = 0; now <= t_end; now += US(sim.tick)) {
		struct jb_frame f;

		for (; i < n && sim_pkts[i].at <= now; i++) {
			if (!sim_pkts[i].drop)
				put_pkt(jb, &sim_pkts[i]);
		}
		while (have < want) {
			jb_get(jb, now, (uint32_t)(want - have), &f);
			record(&f);
			cr_assert_gt(f.duration, 0);
			have += f.duration;
		}
		have -= want;
		sample(jb, now);
		trace_tick(jb, now);
		if (sim.on_tick)
			sim.on_tick(&sim, jb, now);
	}
}

void sim_steady(struct jb *jb, uint16_t seq0, uint32_t ts0,
		unsigned count, const unsigned *gone, unsigned ngone)
{
	struct sender s = {.ptime = 20, .count = count, .seq0 = seq0,
			   .ts0 = ts0};
	unsigned n = sim_gen(&s), i;

	for (i = 0; i < ngone; i++)
		sim_pkts[gone[i]].drop = true;
	sim_run(jb, n, US(20 * count + 500));
}

