/*
 * ctl_parts.c: /v1/rooms/{room}/participants/{id}: GET, DELETE (kick),
 * POST .../mute, unmute, deaf, undeaf, and PUT .../gain.
 */
#include <string.h>
#include <re.h>
#include "ctl_priv.h"

enum {
	ROOM_BUF = 72,
	GAIN_MIN = -24,    /* [dB] */
	GAIN_MAX = 12,     /* [dB] */
};

/* The room and participant of the path, or the 404 is sent. */
static bool lookup(struct ctl_req *r, char *room, size_t sz, uint32_t *id,
		   struct sig_part_info *pi)
{
	struct sig_room_info ri;
	char idbuf[16];

	(void)ctl_param(r, 0, room, sz);
	if (sig_room_get(r->ctl->sig, room, &ri)) {
		(void)ctl_reply_err(r, CTL_E_ROOM_NOT_FOUND, "no room '%s'",
				    room);
		return false;
	}

	if (!ctl_param_id(r, 1, id) ||
	    sig_part_get(r->ctl->sig, room, *id, pi)) {
		(void)ctl_reply_err(r, CTL_E_PART_NOT_FOUND, "no participant "
				    "%s in room '%s'",
				    ctl_param(r, 1, idbuf, sizeof(idbuf)),
				    room);
		return false;
	}

	return true;
}


static void part_get_h(struct ctl_req *r)
{
	struct sig_part_info pi;
	char room[ROOM_BUF];
	uint32_t id;

	if (lookup(r, room, sizeof(room), &id, &pi))
		ctl_reply_part(r, 200, room, id);
}


static void kick_h(struct ctl_req *r)
{
	struct sig_part_info pi;
	char room[ROOM_BUF];
	uint32_t id;

	if (!lookup(r, room, sizeof(room), &id, &pi))
		return;

	if (sig_part_kick(r->ctl->sig, room, id)) {
		(void)ctl_reply_err(r, CTL_E_PART_NOT_FOUND, "no participant "
				    "%u in room '%s'", id, room);
		return;
	}

	(void)ctl_reply_jsonf(r, 200, "{\"kicked\": %u}\n", id);
}


static void set(struct ctl_req *r, const char *what, bool on)
{
	struct sig_part_info pi;
	char room[ROOM_BUF];
	uint32_t id;
	int err;

	if (!lookup(r, room, sizeof(room), &id, &pi))
		return;

	err = sig_part_set(r->ctl->sig, room, id, what, on);
	if (err) {
		(void)ctl_reply_err(r, CTL_E_INTERNAL, "%s: %m", what, err);
		return;
	}

	ctl_reply_part(r, 200, room, id);
}


static void mute_h(struct ctl_req *r)
{
	set(r, "mute", true);
}


static void unmute_h(struct ctl_req *r)
{
	set(r, "mute", false);
}


static void deaf_h(struct ctl_req *r)
{
	set(r, "deaf", true);
}


static void undeaf_h(struct ctl_req *r)
{
	set(r, "deaf", false);
}


/* One gain field: absent keeps cur; false if the 400 was sent. */
static bool gain_field(struct ctl_req *r, const char *key, double cur,
		       double *v, bool *given)
{
	if (ctl_json_num(r->body, key, v, given)) {
		(void)ctl_reply_err(r, CTL_E_BAD_REQUEST, "'%s' must be a "
				    "number", key);
		return false;
	}

	if (!*given) {
		*v = cur;
		return true;
	}

	if (*v < GAIN_MIN || *v > GAIN_MAX) {
		(void)ctl_reply_err(r, CTL_E_BAD_REQUEST, "'%s' must be in "
				    "%d..%d dB", key, GAIN_MIN, GAIN_MAX);
		return false;
	}

	return true;
}


static void gain_h(struct ctl_req *r)
{
	static const char *const fields[] = {"in_db", "out_db", NULL};
	struct engine_part_stats st;
	struct sig_part_info pi;
	char room[ROOM_BUF];
	double in_db, out_db;
	bool gin, gout;
	const char *bad;
	uint32_t id;
	int err;

	if (!lookup(r, room, sizeof(room), &id, &pi))
		return;

	bad = ctl_json_unknown(r->body, fields);
	if (bad || !r->body) {
		(void)ctl_reply_err(r, CTL_E_BAD_REQUEST, bad ?
				    "unknown field '%s'" : "expected "
				    "{\"in_db\": x, \"out_db\": y}", bad);
		return;
	}

	if (engine_part_stats(r->ctl->engine, id, &st))
		memset(&st, 0, sizeof(st));
	if (!pi.gain_set) {
		pi.gain_in = st.gain_in;
		pi.gain_out = st.gain_out;
	}

	if (!gain_field(r, "in_db", pi.gain_in, &in_db, &gin) ||
	    !gain_field(r, "out_db", pi.gain_out, &out_db, &gout))
		return;

	if (!gin && !gout) {
		(void)ctl_reply_err(r, CTL_E_BAD_REQUEST, "give 'in_db' or "
				    "'out_db'");
		return;
	}

	err = sig_part_gain(r->ctl->sig, room, id, in_db, out_db);
	if (err) {
		(void)ctl_reply_err(r, CTL_E_INTERNAL, "gain: %m", err);
		return;
	}

	ctl_reply_part(r, 200, room, id);
}


const struct ctl_route ctl_routes_parts[] = {
	{"GET",    "/v1/rooms/{room}/participants/{id}", part_get_h},
	{"DELETE", "/v1/rooms/{room}/participants/{id}", kick_h},
	{"POST",   "/v1/rooms/{room}/participants/{id}/mute", mute_h},
	{"POST",   "/v1/rooms/{room}/participants/{id}/unmute", unmute_h},
	{"POST",   "/v1/rooms/{room}/participants/{id}/deaf", deaf_h},
	{"POST",   "/v1/rooms/{room}/participants/{id}/undeaf", undeaf_h},
	{"PUT",    "/v1/rooms/{room}/participants/{id}/gain", gain_h},
	{NULL, NULL, NULL},
};
