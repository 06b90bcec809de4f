/* jb.c: adaptive audio jitter buffer: storage, arrival side, config. */
/*
 * Algorithm
 *
 * Packets are kept in a pool of JB_SLOTS slots listed in sequence order
 * (order[]). Each slot owns a payload buffer sized on demand and reused,
 * and the lowest free slot is always taken, so only as many buffers
 * exist as packets were ever buffered at once: no allocation in steady
 * state. Sequence numbers are extended to 64 bits against the highest
 * one seen, timestamps likewise modulo 2^32.
 *
 * Arrival (this file): each packet updates the jitter estimator
 * (jb_delay.c): transit = arrival - media time, deviation = transit -
 * the smallest transit of the last ~2 s, into a forgetting histogram.
 * The target delay is its 95th percentile plus one packet duration,
 * clamped to [min_delay, max_delay]; a jitter step raises it within a
 * few hundred ms and it decays over ~6 s once the network calms. Late
 * packets (sequence already passed or timestamp before the playout
 * point) and duplicates are refused but still measured. If the buffered
 * audio (newest end - play_ts) would exceed max_delay, the oldest audio
 * is dropped. A large timestamp jump with a broken sequence, or a
 * confirmed large sequence jump, resyncs as a new stream.
 *
 * Playout (jb_play.c): a timestamp pointer play_ts. Before playback,
 * jb_get answers JB_EMPTY until the buffered audio reaches the target
 * (or the first packet has waited that long), then starts at the
 * oldest packet. The head packet at play_ts is a JB_FRAME; a gap before
 * the head is DTX when the head's sequence follows the last one played
 * (timestamp jump without missing packets), else one JB_LOST per
 * missing packet (with `next` for FEC when the head follows it). An
 * empty buffer is an underrun: JB_EMPTY and play_ts stays, so the delay
 * grows by itself. The buffer level is smoothed (tau 0.5 s) and kept in
 * the band [target - 10 ms, target + packet + 10 ms]: above it a frame is
 * dropped (drift_drops), below it JB_EMPTY/JB_DTX is inserted without
 * advancing (stretches), at most one such step per 200 ms. Silence gaps
 * are shrunk to the target first, for free; after an underrun the gap
 * already concealed is skipped. This keeps the delay bounded with sender
 * clocks off by 1 % or more.
 */
#include <errno.h>
#include <string.h>
#include <re.h>
#include "jb_int.h"

#define RESYNC_MS   3000     /* [ms] timestamp jump that means restart */
#define SEQ_JUMP    1000     /* [packets] sequence jump to confirm */
#define MAX_DELAY_MS 10000u  /* [ms] largest max_delay accepted */
#define CAP_ALIGN   64u      /* [bytes] payload buffer granularity */

static void destructor(void *arg)
{
	struct jb *jb = arg;
	unsigned i;

	for (i = 0; i < JB_SLOTS; i++)
		jb->slot[i].buf = mem_deref(jb->slot[i].buf);
}

static bool config_ok(const struct jb_config *cfg)
{
	return cfg && cfg->clock_rate && cfg->clock_rate <= 384000
		&& cfg->max_delay >= 10 && cfg->max_delay <= MAX_DELAY_MS
		&& cfg->min_delay <= cfg->max_delay;
}

int64_t jb_ms_to_ts(const struct jb *jb, uint32_t ms)
{
	return (int64_t)ms * jb->cfg.clock_rate / 1000;
}

uint32_t jb_ts_to_ms(const struct jb *jb, int64_t ts)
{
	if (ts <= 0)
		return 0;

	return (uint32_t)(ts * 1000 / jb->cfg.clock_rate);
}

/* Media time [us] of an extended timestamp, from the stream origin. */
static int64_t media_us(const struct jb *jb, int64_t ts)
{
	int64_t rate = jb->cfg.clock_rate, d = ts - jb->ts0;

	return d / rate * 1000000 + d % rate * 1000000 / rate;
}

static int64_t unwrap_seq(int64_t ref, uint16_t seq)
{
	uint16_t d = (uint16_t)(seq - (uint16_t)ref);

	return ref + (d < 0x8000 ? (int64_t)d : (int64_t)d - 0x10000);
}

static int64_t unwrap_ts(int64_t ref, uint32_t ts)
{
	uint32_t d = ts - (uint32_t)ref;

	return ref + (d < 0x80000000u ? (int64_t)d
		      : (int64_t)d - 0x100000000LL);
}

int64_t jb_buffered(const struct jb *jb)
{
	if (!jb->n || jb->end_hi <= jb->play_ts)
		return 0;

	return jb->end_hi - jb->play_ts;
}

struct jb_slot *jb_head(struct jb *jb)
{
	return jb->n ? &jb->slot[jb->order[0]] : NULL;
}

void jb_remove_head(struct jb *jb)
{
	if (!jb->n)
		return;

	jb->slot[jb->order[0]].used = false;
	--jb->n;
	memmove(&jb->order[0], &jb->order[1], jb->n);
	if (!jb->playing && jb->n)
		jb->play_ts = jb->slot[jb->order[0]].ts;
}

/* Passing `seq`: count the missing ones before it (and it, if lost). */
void jb_account_seq(struct jb *jb, int64_t seq, bool received)
{
	int64_t k = seq - jb->last_seq;

	if (!jb->playing || k <= 0)
		return;

	jb->st.lost += (uint64_t)(received ? k - 1 : k);
	jb->rx_mask = k >= 64 ? 0 : jb->rx_mask << k;
	if (received)
		jb->rx_mask |= 1;
	jb->last_seq = seq;
}

/* Discard the oldest packet, counting it in *counter. */
void jb_drop_head(struct jb *jb, uint64_t *counter)
{
	struct jb_slot *h = jb_head(jb);

	if (!h)
		return;

	if (jb->playing) {
		jb_account_seq(jb, h->seq, true);
		if (jb->play_ts < h->ts + h->dur)
			jb->play_ts = h->ts + h->dur;
	}
	++*counter;
	jb_remove_head(jb);
}

static void clear(struct jb *jb)
{
	while (jb->n)
		jb_remove_head(jb);

	jb->synced = false;
	jb->playing = false;
	jb->starved = false;
	jb->silent = false;
	jb->probing = false;
}

/* Start a stream at this packet; keep the jitter histogram if asked. */
static void sync_to(struct jb *jb, uint64_t now, uint16_t seq, uint32_t ts,
		    bool keep_hist)
{
	clear(jb);
	if (keep_hist)
		jb_delay_rebase(&jb->est);
	else
		jb_delay_reset(&jb->est);

	jb->synced = true;
	jb->seq_hi = seq;
	jb->ts_hi = ts;
	jb->end_hi = ts;
	jb->ts0 = ts;
	jb->t0 = now;
	jb->play_ts = ts;
}

static void update_target(struct jb *jb, uint32_t dur)
{
	uint32_t t = jb_delay_quantile(&jb->est) + jb_ts_to_ms(jb, dur);

	if (t < jb->cfg.min_delay)
		t = jb->cfg.min_delay;
	if (t > jb->cfg.max_delay)
		t = jb->cfg.max_delay;
	jb->target = t;
}

/* Sender restart or sequence jump; 0 to go on, else drop the packet. */
static int check_jump(struct jb *jb, uint64_t now, uint16_t seq,
		      uint32_t ts, int64_t *xseq, int64_t *xts)
{
	int64_t dseq = *xseq - jb->seq_hi, dts = *xts - jb->ts_hi;
	uint32_t r_ms = jb->cfg.max_delay * 2;
	int64_t r = jb_ms_to_ts(jb, r_ms > RESYNC_MS ? r_ms : RESYNC_MS);

	if ((dts > r && dseq != 1) || dts < -r)
		goto resync;

	if (dseq <= SEQ_JUMP && dseq >= -SEQ_JUMP) {
		jb->probing = false;
		return 0;
	}

	if (jb->probing && seq == jb->probe_seq)
		goto resync;

	jb->probing = true;
	jb->probe_seq = (uint16_t)(seq + 1);
	if (dseq > 0) {
		++jb->st.overflow;
		return EOVERFLOW;
	}
	++jb->st.late;
	return ETIMEDOUT;

 resync:
	sync_to(jb, now, seq, ts, true);
	*xseq = seq;
	*xts = ts;
	return 0;
}

/* Duplicate or late? 0 if the packet may be stored. */
static int check_old(struct jb *jb, int64_t xseq, int64_t xts)
{
	unsigned i;

	for (i = 0; i < jb->n; i++) {
		if (jb->slot[jb->order[i]].seq == xseq) {
			++jb->st.dup;
			return EALREADY;
		}
	}

	if (!jb->playing)
		return 0;

	if (xseq <= jb->last_seq) {
		int64_t back = jb->last_seq - xseq;

		if (back < 64 && (jb->rx_mask >> back) & 1) {
			++jb->st.dup;
			return EALREADY;
		}
		++jb->st.late;
		return ETIMEDOUT;
	}

	if (xts < jb->play_ts) {
		++jb->st.late;
		return ETIMEDOUT;
	}

	return 0;
}

/* A free slot with room for len bytes, or NULL (ENOMEM). */
static struct jb_slot *slot_get(struct jb *jb, size_t len)
{
	struct jb_slot *s = NULL, *bare = NULL;
	unsigned i;

	for (i = 0; i < JB_SLOTS; i++) {
		struct jb_slot *c = &jb->slot[i];

		if (c->used)
			continue;
		if (c->cap >= len)
			return c;
		if (c->buf && !s)
			s = c;
		if (!c->buf && !bare)
			bare = c;
	}

	if (!s)
		s = bare;
	if (!s)
		return NULL;

	s->buf = mem_deref(s->buf);
	s->cap = 0;
	s->buf = mem_alloc((len + CAP_ALIGN - 1) / CAP_ALIGN * CAP_ALIGN,
			   NULL);
	if (!s->buf)
		return NULL;
	s->cap = (uint16_t)((len + CAP_ALIGN - 1) / CAP_ALIGN * CAP_ALIGN);

	return s;
}

static int store(struct jb *jb, int64_t xseq, int64_t xts, uint32_t dur,
		 const uint8_t *payload, size_t len)
{
	struct jb_slot *s;
	unsigned pos;

	if (jb->n == JB_SLOTS) {
		if (xseq < jb_head(jb)->seq) {
			++jb->st.overflow;
			return EOVERFLOW;
		}
		jb_drop_head(jb, &jb->st.overflow);
	}

	s = slot_get(jb, len);
	if (!s)
		return ENOMEM;

	memcpy(s->buf, payload, len);
	s->len = (uint16_t)len;
	s->seq = xseq;
	s->ts = xts;
	s->dur = dur;
	s->used = true;

	pos = jb->n;
	while (pos && jb->slot[jb->order[pos - 1]].seq > xseq)
		--pos;
	memmove(&jb->order[pos + 1], &jb->order[pos], jb->n - pos);
	jb->order[pos] = (uint8_t)(s - jb->slot);
	++jb->n;

	if (xseq >= jb->seq_hi || jb->n == 1) {
		jb->seq_hi = xseq;
		jb->ts_hi = xts;
		jb->end_hi = xts + dur;
	}
	if (!jb->playing)
		jb->play_ts = jb_head(jb)->ts;

	return 0;
}

/* Keep the buffered audio within max_delay by dropping the oldest. */
static void trim(struct jb *jb)
{
	int64_t max = jb_ms_to_ts(jb, jb->cfg.max_delay), to;
	struct jb_slot *h;

	if (jb_buffered(jb) <= max)
		return;

	to = jb->end_hi - max;
	while (jb->n > 1 && jb_head(jb)->ts < to)
		jb_drop_head(jb, &jb->st.overflow);

	h = jb_head(jb);
	if (!jb->playing) {
		jb->play_ts = h->ts;
		return;
	}

	to = to < h->ts ? to : h->ts;
	if (jb->play_ts < to)
		jb->play_ts = to;
	if (jb->level > jb_buffered(jb))
		jb->level = jb_buffered(jb);
}

int jb_put(struct jb *jb, uint64_t now, uint16_t seq, uint32_t ts,
	   uint32_t duration, const uint8_t *payload, size_t len)
{
	int64_t xseq, xts;
	int err;

	if (!jb || !payload || !len || len > JB_MAX_PAYLOAD || !duration
	    || duration > jb->cfg.clock_rate / 2)
		return EINVAL;

	++jb->st.put;

	if (!jb->synced)
		sync_to(jb, now, seq, ts, false);

	xseq = unwrap_seq(jb->seq_hi, seq);
	xts = unwrap_ts(jb->ts_hi, ts);

	err = check_jump(jb, now, seq, ts, &xseq, &xts);
	if (err)
		return err;

	jb_delay_update(&jb->est, now, media_us(jb, xts),
			jb_ts_to_ms(jb, duration));
	update_target(jb, duration);

	err = check_old(jb, xseq, xts);
	if (err)
		return err;

	err = store(jb, xseq, xts, duration, payload, len);
	if (err)
		return err;

	trim(jb);

	return 0;
}

int jb_alloc(struct jb **jbp, const struct jb_config *cfg)
{
	struct jb *jb;

	if (!jbp || !config_ok(cfg))
		return EINVAL;

	jb = mem_zalloc(sizeof(*jb), destructor);
	if (!jb)
		return ENOMEM;

	jb->cfg = *cfg;
	jb->target = cfg->min_delay;
	jb_delay_reset(&jb->est);

	*jbp = jb;

	return 0;
}

void jb_reset(struct jb *jb)
{
	if (!jb)
		return;

	clear(jb);
	jb_delay_reset(&jb->est);
	jb->target = jb->cfg.min_delay;
}

int jb_set_config(struct jb *jb, const struct jb_config *cfg)
{
	bool new_rate;

	if (!jb || !config_ok(cfg))
		return EINVAL;

	new_rate = cfg->clock_rate != jb->cfg.clock_rate;
	jb->cfg = *cfg;
	if (new_rate)
		jb_reset(jb);

	if (jb->target < cfg->min_delay)
		jb->target = cfg->min_delay;
	if (jb->target > cfg->max_delay)
		jb->target = cfg->max_delay;

	return 0;
}

void jb_count_concealed(struct jb *jb, uint32_t samples)
{
	if (jb)
		jb->st.concealed += samples;
}

void jb_count_fec(struct jb *jb)
{
	if (jb)
		++jb->st.fec;
}

void jb_stats(const struct jb *jb, struct jb_stats *st)
{
	if (!st)
		return;

	memset(st, 0, sizeof(*st));
	if (!jb)
		return;

	*st = jb->st;
	st->delay = jb_ts_to_ms(jb, jb->playing && !jb->starved ? jb->level
				: jb_buffered(jb));
	if (st->delay > jb->cfg.max_delay)
		st->delay = jb->cfg.max_delay;
	st->target = jb->target;
	st->jitter = jb_delay_jitter(&jb->est);
}
