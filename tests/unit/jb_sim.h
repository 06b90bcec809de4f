/* jb_sim.h: network and mixer simulator for the jitter buffer tests. */
#ifndef CONSORT_JB_SIM_H
#define CONSORT_JB_SIM_H

#include <stdbool.h>
#include <stdint.h>
#include "jb.h"

#define RATE      48000u
#define TS_MS(ms) ((uint32_t)((ms) * RATE / 1000))
#define US(ms)    ((uint64_t)(ms) * 1000)
#define BASE_US   US(5)          /* network transit without jitter */
#define MAX_PKTS  20000

/* One packet of a trace as the network delivers it. */
struct pkt {
	uint64_t at;      /* [us] arrival */
	uint32_t idx;     /* send order */
	uint16_t seq;
	uint32_t ts;
	uint32_t dur;     /* [clock units] */
	uint16_t len;     /* [bytes] */
	bool drop;        /* lost in the network */
};

/* A sender: ptime, numbering, clock drift and uniform jitter. */
struct sender {
	uint32_t ptime;     /* [ms] */
	uint32_t count;     /* [packets] */
	uint16_t seq0;
	uint32_t ts0;
	int32_t drift_ppm;  /* sender clock fast (+) or slow (-) */
	uint32_t jitter;    /* [ms] max extra delay */
	uint32_t rng;       /* PRNG seed */
};

/* What the consumer saw. */
struct play {
	uint32_t tick;          /* [ms] mixer tick */
	unsigned frames, lost, dtx, empty, lost_next;
	unsigned empty_mid;     /* JB_EMPTY between two frames */
	unsigned empty_tail;    /* JB_EMPTY since the last frame */
	uint64_t frame_dur, dtx_dur;
	uint16_t seqs[MAX_PKTS]; /* payload ids of the frames, in order */
	bool order_ok;
	bool have_end;
	uint32_t end_ts;        /* end of the last frame */
	unsigned put_rc[4];     /* 0, EALREADY, ETIMEDOUT, EOVERFLOW */
	uint64_t stat_from;     /* [us] sample delay/target from here */
	uint32_t max_delay, max_excess, max_target, min_target;
	void (*on_tick)(struct play *p, struct jb *jb, uint64_t now);
	uint32_t mark[8];       /* free for on_tick */
};

extern struct pkt sim_pkts[MAX_PKTS];  /* the trace being played */
extern struct play sim;                /* what the consumer saw */

/* xorshift32 step: deterministic pseudo-random numbers. */
uint32_t sim_rnd(uint32_t *s);

/* A jitter buffer at RATE with these delay bounds (asserts success). */
struct jb *sim_jb(uint32_t min, uint32_t max);

/* Fill sim_pkts[] with the sender's packets; returns their count. */
unsigned sim_gen(const struct sender *s);

/* Reset `sim` for a consumer ticking every `tick` ms. */
void sim_init(uint32_t tick);

/*
 * Deliver the first n packets of sim_pkts[] at their arrival times
 * (sorting them) and tick the consumer from 0 to t_end [us]: at each
 * tick jb_get is called until a tick's worth of audio is covered (the
 * leftover of a longer frame is kept), results are recorded in `sim`.
 */
void sim_run(struct jb *jb, unsigned n, uint64_t t_end);

/* 20 ms packets without jitter, those listed in `gone` lost; run. */
void sim_steady(struct jb *jb, uint16_t seq0, uint32_t ts0,
		unsigned count, const unsigned *gone, unsigned ngone);

#endif
