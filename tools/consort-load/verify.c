/* verify.c: heard / not-heard verdicts from tone energy fractions. */
#include "verify.h"


double verify_heard_min(unsigned others)
{
	return VERIFY_HEARD_SHARE / (others ? others : 1);
}


double verify_self_max(unsigned others)
{
	double share = VERIFY_SELF_SHARE / (others + 1);

	return share < VERIFY_SELF_MAX ? share : VERIFY_SELF_MAX;
}


bool vcheck_pair(struct vcheck *v, unsigned li, unsigned ti, double frac,
		 bool self, unsigned others)
{
	bool ok;

	if (self) {
		ok = frac <= verify_self_max(others);
		if (!v->have_self || frac > v->max_self)
			v->max_self = frac;
		v->have_self = true;
	}
	else {
		ok = frac >= verify_heard_min(others);
		if (!v->have_heard || frac < v->min_heard)
			v->min_heard = frac;
		v->have_heard = true;
	}

	++v->pairs;
	if (!ok) {
		if (v->fails < VERIFY_MAXFAIL) {
			v->fail[v->fails].listener = li;
			v->fail[v->fails].talker = ti;
			v->fail[v->fails].frac = frac;
		}
		++v->fails;
	}

	return ok;
}


bool vcheck_pass(const struct vcheck *v)
{
	return v->pairs > 0 && v->fails == 0;
}
