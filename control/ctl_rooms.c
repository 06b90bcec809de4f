/*
 * ctl_rooms.c: GET /v1/rooms, GET and DELETE /v1/rooms/{room},
 * POST /v1/rooms/{room}/lock and /unlock.
 */
#include <re.h>
#include "ctl_priv.h"

enum { ROOM_BUF = 72 };   /* a room name (64) and some slack */

struct list_walk {
	struct re_printf *pf;
	const struct ctl *c;
	unsigned n;
	int err;
};


static bool room_h(const struct sig_room_info *ri, void *arg)
{
	struct list_walk *w = arg;

	w->err |= re_hprintf(w->pf, "%s", w->n++ ? ", " : "");
	w->err |= ctl_print_room(w->pf, w->c, ri, false);

	return w->err != 0;
}


static int rooms_print_h(struct re_printf *pf, void *arg)
{
	struct list_walk w = {pf, arg, 0, 0};
	int err;

	err = re_hprintf(pf, "{\"rooms\": [");
	sig_rooms_apply(w.c->sig, room_h, &w);

	return err | w.err | re_hprintf(pf, "]}\n");
}


static void rooms_h(struct ctl_req *r)
{
	(void)ctl_reply_jsonf(r, 200, "%H", rooms_print_h, r->ctl);
}


static void room_get_h(struct ctl_req *r)
{
	char room[ROOM_BUF];

	ctl_reply_room(r, 200, ctl_param(r, 0, room, sizeof(room)));
}


static void room_delete_h(struct ctl_req *r)
{
	char room[ROOM_BUF];
	unsigned n = 0;

	(void)ctl_param(r, 0, room, sizeof(room));
	if (sig_room_end(r->ctl->sig, room, &n)) {
		(void)ctl_reply_err(r, CTL_E_ROOM_NOT_FOUND, "no room '%s'",
				    room);
		return;
	}

	(void)ctl_reply_jsonf(r, 200, "{\"ended\": %H, \"participants\": "
			      "%u}\n", ctl_json_str_h, room, n);
}


static void lock(struct ctl_req *r, bool on)
{
	char room[ROOM_BUF];

	(void)ctl_param(r, 0, room, sizeof(room));
	if (sig_room_lock(r->ctl->sig, room, on)) {
		(void)ctl_reply_err(r, CTL_E_ROOM_NOT_FOUND, "no room '%s'",
				    room);
		return;
	}

	ctl_reply_room(r, 200, room);
}


static void lock_h(struct ctl_req *r)
{
	lock(r, true);
}


static void unlock_h(struct ctl_req *r)
{
	lock(r, false);
}


const struct ctl_route ctl_routes_rooms[] = {
	{"GET",    "/v1/rooms", rooms_h},
	{"GET",    "/v1/rooms/{room}", room_get_h},
	{"DELETE", "/v1/rooms/{room}", room_delete_h},
	{"POST",   "/v1/rooms/{room}/lock", lock_h},
	{"POST",   "/v1/rooms/{room}/unlock", unlock_h},
	{NULL, NULL, NULL},
};
