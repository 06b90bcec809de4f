/* jb_int.h: the jitter buffer's state, shared by jb.c and jb_play.c. */
#ifndef CONSORT_JB_INT_H
#define CONSORT_JB_INT_H

#include <stdbool.h>
#include <stdint.h>
#include "jb.h"
#include "jb_delay.h"

enum {
	JB_DTX_LEN = 2,          /* [bytes] payloads this small are silence */
	JB_HYST_MS = 10,         /* [ms] added to one packet for the band */
	JB_LEVEL_TAU_US = 500000,  /* [us] smoothing of the buffer level */
	JB_ADJUST_US = 200000,   /* [us] least time between drop/stretch */
};

/* One buffered packet; buf is kept when the slot is freed. */
struct jb_slot {
	int64_t seq;       /* extended sequence number */
	int64_t ts;        /* extended RTP timestamp */
	uint32_t dur;      /* [clock units] */
	uint16_t len;      /* [bytes] payload length */
	uint16_t cap;      /* [bytes] size of buf */
	uint8_t *buf;      /* payload storage (mem object) or NULL */
	bool used;
};

struct jb {
	struct jb_config cfg;
	struct jb_slot slot[JB_SLOTS];
	uint8_t order[JB_SLOTS];  /* used slot indices, ascending seq */
	unsigned n;               /* [packets] buffered */
	struct jb_delay est;      /* jitter estimator */
	uint32_t target;          /* [ms] current target delay */

	/* stream reference, valid when synced */
	bool synced;              /* a packet was seen since (re)sync */
	int64_t seq_hi;           /* highest extended seq stored */
	int64_t ts_hi;            /* extended ts of seq_hi */
	int64_t end_hi;           /* ts_hi + its duration */
	int64_t ts0;              /* extended ts of the first packet */
	uint64_t t0;              /* [us] arrival of the first packet */
	bool probing;             /* a sequence jump awaits confirmation */
	uint16_t probe_seq;       /* seq that would confirm it */

	/* playout, valid when playing */
	bool playing;             /* playback started */
	bool starved;             /* ran dry: play_ts frozen */
	bool silent;              /* last output was silence */
	int64_t play_ts;          /* next timestamp to play (pre-start:
				     the oldest buffered one) */
	int64_t last_seq;         /* last seq played, dropped or lost */
	uint64_t rx_mask;         /* bit i: last_seq - i was received */
	uint32_t last_dur;        /* [clock units] of the last packet */
	int64_t level;            /* [clock units] smoothed buffer level */
	uint64_t level_t;         /* [us] time of the last level update */
	uint64_t adj_t;           /* [us] time of the last drop/stretch */

	struct jb_stats st;       /* counters */
};

/* jb.c: buffer primitives used by the playout logic */
struct jb_slot *jb_head(struct jb *jb);
void jb_remove_head(struct jb *jb);
void jb_drop_head(struct jb *jb, uint64_t *counter);
void jb_account_seq(struct jb *jb, int64_t seq, bool received);
int64_t jb_buffered(const struct jb *jb);
int64_t jb_ms_to_ts(const struct jb *jb, uint32_t ms);
uint32_t jb_ts_to_ms(const struct jb *jb, int64_t ts);

#endif
