/*
 * ctl_media.c: POST /v1/rooms/{room}/play {"file": "...", "loop": false}
 * (answered once the file is decoded, see ctl_play.c) and DELETE
 * /v1/rooms/{room}/play.
 */
#include <re.h>
#include "ctl_priv.h"

enum { ROOM_BUF = 72 };


static void play_h(struct ctl_req *r)
{
	static const char *const fields[] = {"file", "loop", NULL};
	struct sig_room_info ri;
	const char *file = NULL, *bad;
	char room[ROOM_BUF];
	bool loop = false, given;
	int err;

	(void)ctl_param(r, 0, room, sizeof(room));
	if (sig_room_get(r->ctl->sig, room, &ri)) {
		(void)ctl_reply_err(r, CTL_E_ROOM_NOT_FOUND, "no room '%s'",
				    room);
		return;
	}

	bad = ctl_json_unknown(r->body, fields);
	if (bad) {
		(void)ctl_reply_err(r, CTL_E_BAD_REQUEST, "unknown field '%s'",
				    bad);
		return;
	}
	if (ctl_json_string(r->body, "file", &file) || !file || !file[0] ||
	    ctl_json_bool(r->body, "loop", &loop, &given)) {
		(void)ctl_reply_err(r, CTL_E_BAD_REQUEST, "expected "
				    "{\"file\": \"/path/to/file.wav\", "
				    "\"loop\": false}");
		return;
	}

	err = ctl_play_start(r->ctl->play, r->conn, room, file, loop);
	if (err == EBUSY)
		(void)ctl_reply_err(r, CTL_E_CONFLICT, "too many files being "
				    "decoded; try again");
	else if (err)
		(void)ctl_reply_err(r, CTL_E_INTERNAL, "play: %m", err);
}


static void stop_h(struct ctl_req *r)
{
	struct sig_room_info ri;
	char room[ROOM_BUF];
	bool was;
	int err;

	(void)ctl_param(r, 0, room, sizeof(room));
	if (sig_room_get(r->ctl->sig, room, &ri)) {
		(void)ctl_reply_err(r, CTL_E_ROOM_NOT_FOUND, "no room '%s'",
				    room);
		return;
	}

	was = ctl_play_file(r->ctl->play, ri.id) != NULL;
	err = engine_play_stop(r->ctl->engine, ri.id);
	if (err) {
		(void)ctl_reply_err(r, CTL_E_INTERNAL, "stop: %m", err);
		return;
	}

	ctl_play_forget(r->ctl->play, ri.id);
	(void)ctl_reply_jsonf(r, 200, "{\"stopped\": %s}\n",
			      was ? "true" : "false");
}


const struct ctl_route ctl_routes_media[] = {
	{"POST",   "/v1/rooms/{room}/play", play_h},
	{"DELETE", "/v1/rooms/{room}/play", stop_h},
	{NULL, NULL, NULL},
};
