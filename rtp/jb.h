/* jb.h: adaptive audio jitter buffer with timestamp-driven playout. */
#ifndef CONSORT_JB_H
#define CONSORT_JB_H

#include <stddef.h>
#include <stdint.h>

/*
 * One jitter buffer per inbound audio stream (one SSRC). Pure logic: no
 * clock, no globals, no I/O, no locks; time comes in as `now` [us] from
 * a monotonic clock, the same for jb_put and jb_get. Codec-agnostic: the
 * caller tells each packet's duration in RTP clock units. Not
 * thread-safe: one owner thread. Call jb_get every tick while the
 * stream is live (even if its audio is not mixed): the playout point
 * only moves in jb_get, otherwise the buffer fills up to max_delay.
 * Payloads of 1-2 bytes (Opus DTX, SID) count as silence: when the
 * buffer runs dry after one, jb_get answers JB_DTX, not an underrun.
 */
struct jb;

enum {
	JB_MAX_PAYLOAD = 1500,   /* [bytes] largest payload accepted */
	JB_SLOTS = 64,           /* [packets] most packets held at once */
};

struct jb_config {
	uint32_t clock_rate;  /* [Hz] RTP clock of the stream (1..384000) */
	uint32_t min_delay;   /* [ms] lower bound of the target delay */
	uint32_t max_delay;   /* [ms] upper bound of the target delay; also
				 caps the buffered audio (10..10000) */
};

enum jb_kind {
	JB_EMPTY,  /* nothing to play: conceal `duration` (= want) without
		      advancing; before playback starts, or the buffer ran
		      dry (underrun), or the buffer grows towards target */
	JB_FRAME,  /* decode payload; it covers `duration` from `ts` */
	JB_LOST,   /* a packet is missing: decode FEC from `next` if set,
		      else run PLC, for `duration` */
	JB_DTX,    /* silence (sender DTX / VAD gap): play `duration` of
		      comfort noise */
};

struct jb_frame {
	enum jb_kind kind;
	const uint8_t *payload; /* JB_FRAME: valid until the next jb_put,
				   jb_get or jb_reset */
	size_t len;             /* [bytes] of payload */
	uint32_t ts;            /* RTP timestamp where this output starts */
	uint32_t duration;      /* [clock units] covered; for JB_FRAME the
				   whole packet, which may exceed `want` */
	const uint8_t *next;    /* JB_LOST: the packet right after the lost
				   one, if buffered (for in-band FEC), else
				   NULL; valid like payload */
	size_t next_len;        /* [bytes] of next */
};

struct jb_stats {
	uint64_t put;          /* [packets] offered (valid arguments) */
	uint64_t late;         /* [packets] refused: their time had passed */
	uint64_t dup;          /* [packets] refused: duplicates */
	uint64_t lost;         /* [packets] never there when due (JB_LOST
				  returned, or skipped inside a gap) */
	uint64_t overflow;     /* [packets] dropped to respect max_delay or
				  JB_SLOTS, or too far ahead */
	uint64_t drift_drops;  /* [packets] received frames dropped to
				  bring the delay down to the target */
	uint64_t underruns;    /* times the buffer ran dry while playing
				  speech (one per run of JB_EMPTY) */
	uint64_t stretches;    /* JB_EMPTY/JB_DTX inserted to grow the
				  delay up to the target */
	uint64_t concealed;    /* [clock units] reported by the caller */
	uint64_t fec;          /* [packets] recovered by FEC (caller) */
	uint32_t delay;        /* [ms] buffered audio ahead of the playout
				  point, smoothed over ~0.5 s (0 while
				  dry, at most max_delay) */
	uint32_t target;       /* [ms] current target delay */
	uint32_t jitter;       /* [ms] RFC 3550 interarrival jitter */
};

/*
 * Allocate a jitter buffer (a mem object: release with mem_deref).
 * Returns 0 and sets *jbp, EINVAL on a NULL or invalid config (rate 0,
 * min_delay > max_delay, max_delay out of range), or ENOMEM; *jbp is
 * unchanged on failure.
 */
int jb_alloc(struct jb **jbp, const struct jb_config *cfg);

/*
 * Offer one received packet: RTP sequence `seq`, RTP timestamp `ts`,
 * `duration` [clock units, 1..clock_rate/2], `len` bytes copied
 * from `payload` (nothing is kept by reference). `now` [us] is its
 * arrival time. Returns
 *   0          stored (older audio may have been dropped to respect
 *              max_delay, counted in overflow);
 *   EALREADY   duplicate, not stored;
 *   ETIMEDOUT  late: its playout time has passed, not stored;
 *   EOVERFLOW  not stored: buffer full with newer packets, or a
 *              sequence jump awaiting confirmation by the next packet;
 *   ENOMEM     no memory for the payload;
 *   EINVAL     NULL jb/payload, len 0 or > JB_MAX_PAYLOAD, bad duration.
 * Refused packets still feed the jitter estimate (late ones raise it).
 * A timestamp jump of more than ~3 s with a non-contiguous sequence,
 * or a confirmed sequence jump of more than 1000, is a sender restart:
 * the buffer resyncs to the new numbering by itself.
 */
int jb_put(struct jb *jb, uint64_t now, uint16_t seq, uint32_t ts,
	   uint32_t duration, const uint8_t *payload, size_t len);

/*
 * Take the next piece of audio to play at mixer time `now` [us]. `want`
 * [clock units] is what the caller still needs this tick (0: one
 * packet's worth). Fills *f (always; kind JB_EMPTY for a NULL jb).
 * A JB_FRAME is returned whole even if it is longer than `want`: the
 * caller keeps the leftover PCM and calls jb_get only when it holds
 * less than a tick. JB_DTX and JB_EMPTY never exceed `want`; JB_LOST
 * covers one packet. Payload pointers stay valid until the next
 * jb_put, jb_get or jb_reset.
 */
void jb_get(struct jb *jb, uint64_t now, uint32_t want, struct jb_frame *f);

/* Report concealed audio [clock units] / one FEC-recovered packet. */
void jb_count_concealed(struct jb *jb, uint32_t samples);
void jb_count_fec(struct jb *jb);

/* Copy the counters and current delay figures into *st (zero if NULL). */
void jb_stats(const struct jb *jb, struct jb_stats *st);

/*
 * Drop all packets and the learnt timing and jitter (e.g. SSRC change);
 * keep the config and the cumulative counters. The next packet starts
 * a new stream.
 */
void jb_reset(struct jb *jb);

/*
 * Change the delay bounds (and clock rate; a new rate resets the buffer).
 * Returns 0, or EINVAL (as jb_alloc) leaving the config unchanged.
 */
int jb_set_config(struct jb *jb, const struct jb_config *cfg);

#endif
