/*
 * room.c: a conference room on its worker: the participant list and the
 * per-tick N-1 mix.
 *
 * Each tick: every participant pulls one tick of audio from its jitter
 * buffer (decoded, at 48 kHz); the frames that carry sound are summed in
 * 32 bits into `total`; each listener then gets total minus its own
 * contribution, its private tones, its output gain, and a limiter, and
 * the result is encoded for it. Listeners who did not contribute all
 * hear the same `total` (the point where a later shared encode fits).
 */
#include <string.h>
#include <re.h>
#include "mix_kernel.h"
#include "mix_priv.h"

static void room_destructor(void *arg)
{
	struct room *r = arg;

	list_unlink(&r->le);
	list_flush(&r->parts);
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

static void apply_gain(int32_t *mix, size_t n, int32_t q15)
{
	for (size_t i = 0; i < n; i++)
		mix[i] = (int32_t)(((int64_t)mix[i] * q15) >> 15);
}

void room_tick(struct room *r, uint64_t now)
{
	const size_t n = r->w->tick_samples;
	int32_t mix[TICK_MAX];
	int16_t out[TICK_MAX];
	unsigned inputs = 0;

	if (!r->parts.head)
		return;

	mix_clear(r->total, n);
	for (struct le *le = r->parts.head; le; le = le->next) {
		struct part *p = le->data;

		part_pull(p, now);
		part_rtcp_tick(p, now);
		if (p->in_mix) {
			mix_add(r->total, p->frame, n);
			++inputs;
		}
	}

	for (struct le *le = r->parts.head; le; le = le->next) {
		struct part *p = le->data;

		if (!p->m.send) {
			part_send(p, NULL, n);
			continue;
		}
		if (p->deaf || !inputs)
			mix_clear(mix, n);
		else
			mix_minus(mix, r->total, p->in_mix ? p->frame : NULL,
				  n);
		tone_mix(&p->tone, mix, n);
		if (p->gain_out != 32768)
			apply_gain(mix, n, p->gain_out);
		limiter_process(&p->lim, out, mix, n);
		part_send(p, out, n);
	}
}
