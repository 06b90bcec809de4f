/* mix_route.c: loudest-K talker selection and listener routing. */
#include "mix_route.h"

static long quietest_member(const struct mix_cand *c, size_t n)
{
	long q = -1;

	for (size_t i = 0; i < n; i++) {
		if (!c[i].in_set)
			continue;
		if (q < 0 || c[i].level < c[q].level)
			q = (long)i;
	}
	return q;
}

static long loudest_waiting(const struct mix_cand *c, size_t n)
{
	long best = -1;

	for (size_t i = 0; i < n; i++) {
		if (c[i].in_set || !c[i].active)
			continue;
		if (best < 0 || c[i].level > c[best].level)
			best = (long)i;
	}
	return best;
}

unsigned mix_select(struct mix_cand *c, size_t n, unsigned k, int margin_db,
		    uint32_t hold_ms, uint64_t now)
{
	unsigned count = 0;

	for (size_t i = 0; i < n; i++) {
		if (c[i].active)
			c[i].last_active = now;
		if (c[i].in_set && !c[i].active &&
		    now - c[i].last_active > hold_ms)
			c[i].in_set = false;
		count += c[i].in_set;
	}

	/* Fill free places, loudest first. */
	while (count < k) {
		long w = loudest_waiting(c, n);
		if (w < 0)
			return count;
		c[w].in_set = true;
		++count;
	}

	/* Full: a clearly louder newcomer replaces the quietest member. */
	for (;;) {
		long w = loudest_waiting(c, n);
		long q = quietest_member(c, n);

		if (w < 0 || q < 0 || c[w].level <= c[q].level + margin_db)
			break;
		c[q].in_set = false;
		c[w].in_set = true;
	}
	return count;
}

bool tx_advance(struct tx_state *s, bool needs_own, unsigned converge_ticks)
{
	enum tx_mode old = s->mode;

	if (needs_own) {
		s->mode = TX_OWN;
		s->left = 0;
	}
	else if (s->mode == TX_OWN) {
		s->mode = converge_ticks ? TX_CONVERGE : TX_SHARED;
		s->left = converge_ticks;
	}
	else if (s->mode == TX_CONVERGE && (!s->left || !--s->left)) {
		s->mode = TX_SHARED;
	}
	return s->mode != old;
}
