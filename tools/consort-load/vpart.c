/*
 * vpart.c: --verify for one participant: decode its received mix and
 * feed the tone detector set to its room's talker tones; then, per room,
 * turn the fractions into heard / not-heard verdicts.
 */
#include "load.h"

enum {
	PCM_MAX = 5760,         /* [samples] 120 ms at 48 kHz */
};


/* Decode every talker and the first verify_listeners others. */
static bool sampled(const struct lpart *p)
{
	const struct load *l = p->l;
	unsigned nt = load_room_talkers(l, p->room);

	return p->talker || p->slot < nt + l->o.verify_listeners;
}


int vpart_init(struct lpart *p)
{
	const struct load *l = p->l;
	unsigned nt = load_room_talkers(l, p->room);
	int err;

	if (!nt || !sampled(p))
		return 0;

	err = l->codec->dec_alloc(&p->dec, l->codec);
	if (err)
		return err;

	return tdet_alloc(&p->det, l->codec->pcm_rate, l->freqs, nt);
}


void vpart_packet(struct lpart *p, const uint8_t *buf, size_t len)
{
	const struct load *l = p->l;
	int16_t pcm[PCM_MAX];
	size_t n = PCM_MAX;
	uint32_t max = l->o.verify_secs * (1000 / LOAD_PTIME);

	if (max && p->ver_frames >= max)
		return;

	if (l->codec->decode(p->dec, pcm, &n, buf, len) || !n)
		return;

	if (!tdet_feed(p->det, pcm, n))
		++p->ver_frames;
}


static void check_listener(const struct load *l, const struct lpart *p,
			   struct vcheck *v)
{
	unsigned nt = load_room_talkers(l, p->room);
	unsigned others = p->talker ? nt - 1 : nt;

	++v->listeners;
	for (unsigned s = 0; s < nt; s++) {
		unsigned ti = load_part_at(l, p->room, s);

		vcheck_pair(v, p->idx, ti, tdet_fraction(p->det, s),
			    ti == p->idx, others);
	}
}


int vpart_rooms(const struct load *l, struct vcheck *vc)
{
	for (unsigned i = 0; i < l->n; i++) {
		const struct lpart *p = &l->parts[i];

		if (p->det)
			check_listener(l, p, &vc[p->room]);
	}

	return 0;
}
