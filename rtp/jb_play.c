/* jb_play.c: jitter buffer playout: frames, gaps, delay control. */
#include <string.h>
#include "jb_int.h"

static int64_t target_ts(const struct jb *jb)
{
	return jb_ms_to_ts(jb, jb->target);
}

/* Upper edge of the level band: target + one packet + hysteresis. */
static int64_t high_ts(const struct jb *jb)
{
	return target_ts(jb) + jb->last_dur + jb_ms_to_ts(jb, JB_HYST_MS);
}

/* Lower edge of the level band: target - hysteresis. */
static int64_t low_ts(const struct jb *jb)
{
	return target_ts(jb) - jb_ms_to_ts(jb, JB_HYST_MS);
}

static bool may_adjust(const struct jb *jb, uint64_t now)
{
	return now >= jb->adj_t + JB_ADJUST_US;
}

/* Start playback once the target is buffered or has been waited for. */
static bool try_start(struct jb *jb, uint64_t now)
{
	struct jb_slot *h = jb_head(jb);
	int64_t t = target_ts(jb);

	if (!h)
		return false;

	if (jb_buffered(jb) < t
	    && (now < jb->t0 || now - jb->t0 < (uint64_t)jb->target * 1000))
		return false;

	jb->playing = true;
	jb->starved = false;
	jb->silent = false;
	jb->play_ts = h->ts;
	jb->last_seq = h->seq - 1;
	jb->rx_mask = 0;
	jb->last_dur = h->dur;
	jb->level = jb_buffered(jb);
	jb->level_t = now;
	jb->adj_t = now;

	return true;
}

/* Smooth the buffer level (frozen while starved). */
static void update_level(struct jb *jb, uint64_t now)
{
	uint64_t dt = now > jb->level_t ? now - jb->level_t : 0;

	jb->level_t = now;
	if (jb->starved)
		return;

	if (dt > JB_LEVEL_TAU_US)
		dt = JB_LEVEL_TAU_US;
	jb->level += (jb_buffered(jb) - jb->level) * (int64_t)dt
		/ JB_LEVEL_TAU_US;
}

/*
 * Shrink the gap before the head down to the middle of the band: always
 * for a silence gap, for a loss gap only when far above the band or
 * after an underrun (that time was concealed already).
 */
static void shrink_gap(struct jb *jb, bool force)
{
	struct jb_slot *h = jb_head(jb);
	int64_t gap, buf, aim, skip, k;
	bool dtx;

	if (!h || h->ts <= jb->play_ts)
		return;

	gap = h->ts - jb->play_ts;
	dtx = h->seq == jb->last_seq + 1;
	buf = jb_buffered(jb);
	aim = (target_ts(jb) + high_ts(jb)) / 2;
	if (buf <= aim)
		return;
	if (!force && !dtx && buf <= high_ts(jb))
		return;

	skip = buf - aim < gap ? buf - aim : gap;
	if (!dtx) {
		k = skip / (jb->last_dur ? jb->last_dur : h->dur);
		if (k > h->seq - jb->last_seq - 1)
			k = h->seq - jb->last_seq - 1;
		if (k > 0)
			jb_account_seq(jb, jb->last_seq + k, false);
	}
	jb->play_ts += skip;
	jb->level -= skip;
}

static void out_stretch(struct jb *jb, uint64_t now, enum jb_kind kind,
			uint32_t dur, struct jb_frame *f)
{
	f->kind = kind;
	f->duration = dur;
	++jb->st.stretches;
	jb->level += dur;
	jb->adj_t = now;
}

/* Head is ahead of play_ts: silence, loss, or wait to grow the delay. */
static bool out_gap(struct jb *jb, uint64_t now, uint32_t want,
		    struct jb_frame *f)
{
	struct jb_slot *h;
	int64_t gap;
	uint32_t d;
	bool dtx;

	shrink_gap(jb, false);
	h = jb_head(jb);
	gap = h->ts - jb->play_ts;
	if (gap <= 0)
		return false;

	dtx = h->seq == jb->last_seq + 1;
	d = gap < want ? (uint32_t)gap : want;

	if (jb->level < low_ts(jb) && may_adjust(jb, now)) {
		out_stretch(jb, now, dtx ? JB_DTX : JB_EMPTY,
			    dtx ? d : want, f);
		return true;
	}

	if (dtx) {
		f->kind = JB_DTX;
		f->duration = d;
		jb->play_ts += d;
		jb->silent = true;
		return true;
	}

	d = jb->last_dur ? jb->last_dur : h->dur;
	if (d > gap)
		d = (uint32_t)gap;
	jb_account_seq(jb, jb->last_seq + 1, false);
	f->kind = JB_LOST;
	f->duration = d;
	if (h->seq == jb->last_seq + 1) {
		f->next = h->buf;
		f->next_len = h->len;
	}
	jb->play_ts += d;
	jb->silent = false;

	return true;
}

/* Head covers play_ts: drop it for the delay, or play it. */
static bool out_frame(struct jb *jb, uint64_t now, uint32_t want,
		      struct jb_frame *f)
{
	struct jb_slot *h = jb_head(jb);

	if (jb->level > high_ts(jb) && may_adjust(jb, now) && jb->n > 1
	    && jb_buffered(jb) - h->dur >= target_ts(jb)) {
		jb->level -= h->dur;
		jb->adj_t = now;
		jb_drop_head(jb, &jb->st.drift_drops);
		return false;
	}

	if (jb->level < low_ts(jb) && may_adjust(jb, now)) {
		out_stretch(jb, now, jb->silent ? JB_DTX : JB_EMPTY, want, f);
		return true;
	}

	f->kind = JB_FRAME;
	f->payload = h->buf;
	f->len = h->len;
	f->ts = (uint32_t)h->ts;
	f->duration = h->dur;
	jb_account_seq(jb, h->seq, true);
	jb->last_dur = h->dur;
	jb->play_ts = h->ts + h->dur;
	jb->silent = h->len <= JB_DTX_LEN;
	jb_remove_head(jb);

	return true;
}

/* Nothing buffered while playing: underrun (or silence goes on). */
static void out_dry(struct jb *jb, uint32_t want, struct jb_frame *f)
{
	if (!jb->starved && !jb->silent)
		++jb->st.underruns;
	jb->starved = true;

	f->kind = jb->silent ? JB_DTX : JB_EMPTY;
	f->duration = want;
}

void jb_get(struct jb *jb, uint64_t now, uint32_t want, struct jb_frame *f)
{
	unsigned guard;

	if (!f)
		return;

	memset(f, 0, sizeof(*f));
	f->kind = JB_EMPTY;
	f->duration = want;
	if (!jb)
		return;

	if (!want)
		want = jb->last_dur ? jb->last_dur : jb->cfg.clock_rate / 50;
	f->duration = want;
	f->ts = (uint32_t)jb->play_ts;

	if (!jb->playing && !try_start(jb, now))
		return;

	update_level(jb, now);
	if (jb->starved && jb->n) {
		jb->starved = false;
		shrink_gap(jb, true);
		jb->level = jb_buffered(jb);
	}

	for (guard = 0; guard <= JB_SLOTS; guard++) {
		struct jb_slot *h = jb_head(jb);

		f->ts = (uint32_t)jb->play_ts;
		if (!h) {
			out_dry(jb, want, f);
			return;
		}
		if (h->ts + h->dur <= jb->play_ts) {
			jb_drop_head(jb, &jb->st.late);
			continue;
		}
		if (h->ts > jb->play_ts) {
			if (out_gap(jb, now, want, f))
				return;
			continue;
		}
		if (out_frame(jb, now, want, f))
			return;
	}
}
