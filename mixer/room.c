/*
 * room.c: a conference room on its worker: the participant list and the
 * per-tick mix.
 *
 * Each tick:
 *  1. every participant pulls one tick of audio from its jitter buffer
 *     (decoded, 48 kHz) and measures it;
 *  2. the loudest K inputs that carry voice are chosen, with hysteresis
 *     (mix_select), and summed in 32 bits into `total`;
 *  3. listeners are routed (tx_advance): whoever hears exactly `total`
 *     shares the one encode of its encoder configuration; a mixed
 *     talker (total minus itself), a deaf listener, one hearing a
 *     confirmation tone or with an output gain gets its own encoder,
 *     cloned from the shared one so its stream stays continuous; on the
 *     way back its own encoder first encodes `total` until the states
 *     agree, then the shared payload replaces it;
 *  4. each encode runs once (limiter, resample, codec) and its payload is
 *     packetized per listener (own SSRC, sequence, timestamp).
 * Cost: decode per input + one encode per distinct output + packetize
 * per listener. A room with nobody in it costs nothing.
 */
#include <limits.h>
#include <string.h>
#include <re.h>
#include "mix_kernel.h"
#include "mix_priv.h"

static void room_destructor(void *arg)
{
	struct room *r = arg;

	list_unlink(&r->le);
	list_flush(&r->parts);
	list_flush(&r->encs);
	mem_deref(r->cands);
	room_play(r, NULL);
}

/* Take over a clip (NULL stops the one playing). */
void room_play(struct room *r, struct clip *clip)
{
	mem_deref(r->clip);
	r->clip = clip;
}

/* Add the next tick of the clip to the mix; everyone hears it. */
static void play_clip(struct room *r, size_t n)
{
	struct clip *c = r->clip;
	size_t done = 0;

	while (c && done < n) {
		size_t k = c->n - c->pos;

		if (!k) {
			if (c->loop && c->n) {
				c->pos = 0;
				continue;
			}
			worker_emit(r->w, EV_PLAY_DONE, r->id, false, 0,
				    NULL);
			room_play(r, NULL);
			return;
		}
		if (k > n - done)
			k = n - done;
		mix_add(r->total + done, c->pcm + c->pos, k);
		c->pos += k;
		done += k;
	}
}

int room_alloc(struct room **rp, struct worker *w, uint32_t id,
	       const char *name)
{
	struct room *r;

	if (!rp || !w || !name)
		return EINVAL;
	r = mem_zalloc(sizeof(*r), room_destructor);
	if (!r)
		return ENOMEM;
	r->id = id;
	r->w = w;
	str_ncpy(r->name, name, sizeof(r->name));
	r->phase = worker_phase_pick(w);
	list_append(&w->rooms, &r->le, r);
	*rp = r;
	return 0;
}

struct room *room_find(struct worker *w, uint32_t id)
{
	for (struct le *le = w->rooms.head; le; le = le->next) {
		struct room *r = le->data;
		if (r->id == id)
			return r;
	}
	return NULL;
}

static struct mix_enc *group_find(struct room *r, const struct part *p)
{
	for (struct le *le = r->encs.head; le; le = le->next) {
		struct mix_enc *me = le->data;
		if (mix_enc_match(me, p->m.codec, &p->m.enc))
			return me;
	}
	return NULL;
}

static struct mix_enc *group_get(struct room *r, const struct part *p)
{
	struct mix_enc *me = group_find(r, p);

	if (me || mix_enc_alloc(&me, p->m.codec, &p->m.enc,
				&r->w->st.encoders))
		return me;
	list_append(&r->encs, &me->le, me);
	return me;
}

/* Step 2: choose the inputs to mix. */
static void select_talkers(struct room *r, uint64_t now)
{
	const struct engine_config *cfg = &r->w->cfg;
	unsigned k = cfg->mix_k ? cfg->mix_k : UINT_MAX;
	size_t n = list_count(&r->parts), i = 0;
	struct le *le;

	if (n > r->ncands) {
		struct mix_cand *c = r->cands ?
			mem_realloc(r->cands, n * sizeof(*c)) :
			mem_zalloc(n * sizeof(*c), NULL);
		if (!c)
			return;
		r->cands = c;
		r->ncands = n;
	}
	for (le = r->parts.head; le; le = le->next, i++) {
		struct part *p = le->data;

		p->cand.level = vad_level(&p->vad);
		p->cand.active = p->in_mix && (vad_talking(&p->vad) ||
					       p->level >= cfg->talk_on);
		r->cands[i] = p->cand;
	}
	r->w->st.mixed += mix_select(r->cands, n, k, SELECT_MARGIN_DB,
				     cfg->talk_hold, now / 1000);
	for (le = r->parts.head, i = 0; le; le = le->next, i++) {
		struct part *p = le->data;
		p->cand = r->cands[i];
	}
}

static bool needs_own(const struct part *p)
{
	return (p->in_mix && p->cand.in_set) || p->deaf ||
	       tone_active(&p->tone) || p->gain_out != MIX_GAIN_Q15_UNITY;
}

/* Step 3: decide where a listener's audio comes from this tick. */
static void route(struct room *r, struct part *p)
{
	enum tx_mode old = p->tx.mode;
	unsigned *counter = &r->w->st.encoders;
	struct mix_enc *grp;

	p->grp = NULL;
	if (!p->m.send)
		return;
	tx_advance(&p->tx, needs_own(p), CONVERGE_TICKS);

	switch (p->tx.mode) {

	case TX_OWN:
	case TX_CONVERGE:
		if (p->own)
			break;
		grp = old == TX_SHARED ? group_find(r, p) : NULL;
		if (grp)
			mix_enc_clone(&p->own, grp, counter);
		else
			mix_enc_alloc(&p->own, p->m.codec, &p->m.enc, counter);
		break;

	case TX_SHARED:
		if (p->own && !group_find(r, p)) {
			/* Its converged encoder becomes the shared one. */
			list_append(&r->encs, &p->own->le, p->own);
			p->own = NULL;
		}
		p->own = mem_deref(p->own);
		p->grp = group_get(r, p);
		if (p->grp) {
			++p->grp->users;
			if (p->remote_loss > p->grp->want_loss)
				p->grp->want_loss = p->remote_loss;
		}
		break;
	}
}

static void apply_gain(int32_t *mix, size_t n, int32_t q15)
{
	for (size_t i = 0; i < n; i++)
		mix[i] = (int32_t)(((int64_t)mix[i] * q15) >> 15);
}

/* Step 4 for a listener with its own encoder. */
static void encode_own(struct room *r, struct part *p, size_t n)
{
	int32_t mix[TICK_MAX];

	if (p->tx.mode == TX_CONVERGE) {
		mix_enc_run(p->own, r->total, n);
		return;
	}
	if (p->deaf)
		mix_clear(mix, n);
	else
		mix_minus(mix, r->total,
			  p->in_mix && p->cand.in_set ? p->frame : NULL, n);
	tone_mix(&p->tone, mix, n);
	if (p->gain_out != MIX_GAIN_Q15_UNITY)
		apply_gain(mix, n, p->gain_out);
	mix_enc_run(p->own, mix, n);
}

void room_tick(struct room *r, uint64_t now)
{
	const size_t n = r->w->tick_samples;
	struct le *le;

	if (!r->parts.head)
		return;

	for (le = r->parts.head; le; le = le->next) {
		part_pull(le->data, now);
		part_rtcp_tick(le->data, now);
	}

	select_talkers(r, now);
	mix_clear(r->total, n);
	for (le = r->parts.head; le; le = le->next) {
		struct part *p = le->data;
		if (p->in_mix && p->cand.in_set)
			mix_add(r->total, p->frame, n);
	}
	play_clip(r, n);

	for (le = r->encs.head; le; le = le->next) {
		struct mix_enc *me = le->data;
		me->users = 0;
		me->want_loss = 0;
	}
	for (le = r->parts.head; le; le = le->next)
		route(r, le->data);

	le = r->encs.head;
	while (le) {
		struct mix_enc *me = le->data;

		le = le->next;
		if (!me->users) {
			mem_deref(me);
			continue;
		}
		mix_enc_set_loss(me, me->want_loss);
		mix_enc_run(me, r->total, n);
	}

	for (le = r->parts.head; le; le = le->next) {
		struct part *p = le->data;

		if (!p->m.send) {
			part_idle(p, n);
		}
		else if (p->grp) {
			part_send(p, p->grp);
		}
		else if (p->own) {
			encode_own(r, p, n);
			part_send(p, p->own);
		}
	}
}
