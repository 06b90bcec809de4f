/*
 * verify.h: the per-room verdict of --verify. For each decoded listener
 * and each talker of its room, the fraction of the listener's received
 * energy at the talker's tone (tdet) must be large enough when the
 * talker is someone else ("heard") and tiny when it is the listener
 * itself ("does not hear itself").
 */
#ifndef CONSORT_VERIFY_H
#define CONSORT_VERIFY_H

#include <stdbool.h>

enum {
	VERIFY_MAXFAIL = 8,      /* failures kept per room for the report */
};

#define VERIFY_SELF_MAX 0.05     /* own tone: at most 5 % of the energy */
#define VERIFY_SELF_SHARE 0.5    /* ... and at most half a talker's share */
#define VERIFY_HEARD_SHARE 0.2   /* others: >= 20 % of an equal share */

struct vfail {
	unsigned listener;       /* participant index */
	unsigned talker;         /* participant index */
	double frac;
};

/* Accumulated verdict of one room; zero it to start. */
struct vcheck {
	unsigned listeners;      /* listeners checked */
	unsigned pairs;          /* (listener, talker) pairs checked */
	unsigned fails;
	double min_heard;        /* smallest fraction of another talker */
	double max_self;         /* largest fraction of one's own tone */
	bool have_heard;
	bool have_self;
	struct vfail fail[VERIFY_MAXFAIL];
};

/*
 * Smallest fraction that counts as "heard" for a talker when the
 * listener hears `others` talkers: VERIFY_HEARD_SHARE / others.
 */
double verify_heard_min(unsigned others);

/*
 * Largest fraction of its own tone a talker may hear when it should hear
 * `others` talkers: the smaller of VERIFY_SELF_MAX and VERIFY_SELF_SHARE
 * / (others + 1), so that hearing oneself as one of many still fails,
 * while the noise floor of a quiet mix (about 2 % per tone at 8 kHz)
 * passes.
 */
double verify_self_max(unsigned others);

/*
 * Check one pair: listener `li` hears talker `ti` at fraction frac of
 * its energy; self = the talker is the listener; others = talkers the
 * listener should hear. Returns true if the pair passes.
 */
bool vcheck_pair(struct vcheck *v, unsigned li, unsigned ti, double frac,
		 bool self, unsigned others);

/* True if at least one pair was checked and none failed. */
bool vcheck_pass(const struct vcheck *v);

#endif
