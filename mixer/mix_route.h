/*
 * mix_route.h: pure decisions of the audio mix: which inputs are mixed
 * (the loudest K with hysteresis) and where each listener's audio comes
 * from (a shared encode of the common mix, or its own). No clock, no
 * globals: state lives in the structs the caller owns.
 */
#ifndef CONSORT_MIX_ROUTE_H
#define CONSORT_MIX_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One input's view for talker selection, kept by the caller. */
struct mix_cand {
	int level;             /* [dBov] smoothed input level this tick   */
	bool active;           /* carries voice now (VAD or loud enough)  */
	bool in_set;           /* in/out: mixed this tick                 */
	uint64_t last_active;  /* in/out: [ms] when last active           */
};

/*
 * Update the set of mixed inputs for time now [ms]:
 * - a member stays while active, and hold_ms after it last was;
 * - an active non-member joins while fewer than k are mixed;
 * - when k are mixed it replaces the quietest member only if it is
 *   louder by more than margin_db (so the set does not flap).
 * Returns the number of inputs in the set (<= k).
 */
unsigned mix_select(struct mix_cand *c, size_t n, unsigned k, int margin_db,
		    uint32_t hold_ms, uint64_t now);

/* Where a listener's packets come from. */
enum tx_mode {
	TX_SHARED,     /* the room's common encode of its configuration   */
	TX_OWN,        /* its own encoder, its own mix (N-1, tones, deaf) */
	TX_CONVERGE,   /* own encoder fed the common mix, until the two
			  encoder states agree and it can switch back     */
};

struct tx_state {
	enum tx_mode mode;
	unsigned left;         /* [ticks] of TX_CONVERGE still to run     */
};

/*
 * Advance a listener's mode for this tick. needs_own: it must hear a
 * private mix (it is mixed itself, deaf, a tone plays, a gain is set).
 * converge_ticks: how long an own encoder must encode the common mix
 * before its output may be replaced by the shared one (0 = at once).
 * Returns true when the mode changed.
 */
bool tx_advance(struct tx_state *s, bool needs_own, unsigned converge_ticks);

#endif
