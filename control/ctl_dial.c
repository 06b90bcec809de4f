/* ctl_dial.c: POST /v1/rooms/{room}/dial {"uri": "sip:..."}: call out. */
#include <string.h>
#include <re.h>
#include "ctl_priv.h"

enum {
	ROOM_BUF = 72,
	ROOM_MAX = 64,
};


/* [A-Za-z0-9._-]{1,64}, as in sip:ROOM@host */
static bool room_name_ok(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= ROOM_MAX &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789._-") == n;
}


static void dial_h(struct ctl_req *r)
{
	static const char *const fields[] = {"uri", NULL};
	const char *uri = NULL, *bad;
	char room[ROOM_BUF];
	uint32_t id = 0;
	int err;

	(void)ctl_param(r, 0, room, sizeof(room));
	if (!room_name_ok(room)) {
		(void)ctl_reply_err(r, CTL_E_BAD_REQUEST, "bad room name '%s'"
				    " (1..64 of A-Z a-z 0-9 . _ -)", room);
		return;
	}

	bad = ctl_json_unknown(r->body, fields);
	if (bad) {
		(void)ctl_reply_err(r, CTL_E_BAD_REQUEST, "unknown field '%s'",
				    bad);
		return;
	}
	if (ctl_json_string(r->body, "uri", &uri) || !uri) {
		(void)ctl_reply_err(r, CTL_E_BAD_REQUEST, "expected {\"uri\": "
				    "\"sip:user@host\"}");
		return;
	}

	err = sig_dial(r->ctl->sig, room, uri, &id);
	switch (err) {

	case 0:
		(void)ctl_reply_jsonf(r, 202, "{\"dial\": %u, \"uri\": %H}\n",
				      id, ctl_json_str_h, (void *)uri);
		break;

	case EINVAL:
		(void)ctl_reply_err(r, CTL_E_BAD_REQUEST, "bad SIP URI '%s'",
				    uri);
		break;

	case ENOTSUP:
		(void)ctl_reply_err(r, CTL_E_BAD_REQUEST, "the host of '%s' "
				    "must be an IP address (no DNS)", uri);
		break;

	case EACCES:
		(void)ctl_reply_err(r, CTL_E_CONFLICT, "room '%s' is locked",
				    room);
		break;

	case EBUSY:
		(void)ctl_reply_err(r, CTL_E_CONFLICT, "room '%s' is full",
				    room);
		break;

	case ESHUTDOWN:
		(void)ctl_reply_err(r, CTL_E_DRAINING, "draining: no new "
				    "rooms");
		break;

	default:
		(void)ctl_reply_err(r, CTL_E_INTERNAL, "dial %s: %m", uri,
				    err);
		break;
	}
}


const struct ctl_route ctl_routes_dial[] = {
	{"POST", "/v1/rooms/{room}/dial", dial_h},
	{NULL, NULL, NULL},
};
