/*
 * sig_event.c: DTMF received by SIP INFO, and the engine's events,
 * logged with the room and URI of the participant and passed on to the
 * control plane (sig_handlers).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <re.h>
#include "log.h"
#include "sig_priv.h"

static const char accept_dtmf[] =
	"Accept: application/dtmf-relay, application/dtmf\r\n";


static void trim(struct pl *pl)
{
	while (pl->l && isspace((unsigned char)pl->p[0]))
		pl_advance(pl, 1);
	while (pl->l && isspace((unsigned char)pl->p[pl->l - 1]))
		--pl->l;
}


/* "5", "*", "a", or an RFC 4733 event code such as "10" (= '*'). */
static int value_digit(char *digit, const struct pl *v)
{
	static const char events[] = "0123456789*#ABCD";
	uint32_t ev;

	if (v->l == 1) {
		char c = (char)toupper((unsigned char)v->p[0]);

		if (!strchr(events, c) || !c)
			return EBADMSG;
		*digit = c;
		return 0;
	}

	if (v->l != 2 || !isdigit((unsigned char)v->p[0]) ||
	    !isdigit((unsigned char)v->p[1]))
		return EBADMSG;

	ev = pl_u32(v);
	if (ev >= sizeof(events) - 1)
		return EBADMSG;

	*digit = events[ev];
	return 0;
}


/* The value of the "Signal=" line of application/dtmf-relay. */
static bool relay_signal(const struct pl *body, struct pl *val)
{
	struct pl rest = *body;

	while (rest.l) {
		const char *nl = memchr(rest.p, '\n', rest.l);
		struct pl line = {rest.p, nl ? (size_t)(nl - rest.p) : rest.l};

		pl_advance(&rest, (ssize_t)(nl ? line.l + 1 : line.l));
		trim(&line);

		if (line.l < 6 || strncasecmp(line.p, "signal", 6))
			continue;

		pl_advance(&line, 6);
		trim(&line);
		if (!line.l || line.p[0] != '=')
			continue;

		pl_advance(&line, 1);
		trim(&line);
		*val = line;
		return true;
	}

	return false;
}


/*
 * Decode the digit of an INFO body. Returns 0, ENOTSUP (not a DTMF
 * content type) or EBADMSG (a DTMF type with a body we cannot read).
 */
int sig_dtmf_decode(char *digit, const struct msg_ctype *ctype,
		    const struct pl *body)
{
	struct pl v;

	if (!digit || !ctype || !body)
		return EINVAL;

	if (msg_ctype_cmp(ctype, "application", "dtmf-relay")) {
		if (!relay_signal(body, &v))
			return EBADMSG;
	}
	else if (msg_ctype_cmp(ctype, "application", "dtmf")) {
		v = *body;
		trim(&v);
	}
	else {
		return ENOTSUP;
	}

	return value_digit(digit, &v);
}


/* sipsess: INFO inside a call's dialog; we must answer it. */
void sig_call_info_h(struct sip *sip, const struct sip_msg *msg, void *arg)
{
	struct sig_call *call = arg;
	struct sig *s = call->sig;
	struct pl body;
	char digit = 0;
	int err;

	(void)sip;

	if (call->closed) {
		(void)sig_reply(s, msg, 481, "Call Does Not Exist", NULL);
		return;
	}

	sig_msg_body(msg, &body);
	if (!body.l) {                            /* keep-alive */
		(void)sig_reply(s, msg, 200, "OK", NULL);
		return;
	}

	err = sig_dtmf_decode(&digit, &msg->ctyp, &body);
	if (err == ENOTSUP) {
		(void)sig_reply(s, msg, 415, "Unsupported Media Type",
				accept_dtmf);
		return;
	}
	if (err) {
		++s->cnt.malformed;
		(void)sig_reply(s, msg, 400, "Bad DTMF Body", NULL);
		return;
	}

	(void)sig_reply(s, msg, 200, "OK", NULL);
	++s->cnt.dtmf_info;
	LOGD("sip", "dtmf by INFO room=%s part=%u digit=%c", call->room,
	     call->part_id, digit);

	if (call->joined) {
		err = engine_dtmf(s->engine, call->part_id, digit);
		if (err)
			LOGW("sip", "engine_dtmf part=%u: %m", call->part_id,
			     err);
	}
}


static void who(const struct sig *s, uint32_t part_id, const char **room,
		const char **uri)
{
	const struct sig_call *call = sig_call_find(s, part_id);

	*room = call ? call->room : "?";
	*uri = call ? call->uri : "?";
}


static void talking_h(uint32_t part_id, bool talking, void *arg)
{
	const struct sig_call *call = sig_call_find(arg, part_id);
	const char *room, *uri;

	who(arg, part_id, &room, &uri);
	LOGI("sip", "talking %s room=%s part=%u uri=%s",
	     talking ? "start" : "stop", room, part_id, uri);

	if (call)
		sig_call_event(call, talking ? SIG_EV_TALKING_START
				     : SIG_EV_TALKING_STOP);
}


static void dtmf_h(uint32_t part_id, char digit, void *arg)
{
	const struct sig_call *call = sig_call_find(arg, part_id);
	const char *room, *uri;
	struct sig_event ev;

	who(arg, part_id, &room, &uri);
	LOGI("sip", "dtmf room=%s part=%u digit=%c uri=%s", room, part_id,
	     digit, uri);

	if (!call)
		return;

	memset(&ev, 0, sizeof(ev));
	ev.type = SIG_EV_DTMF;
	ev.room = call->room;
	ev.room_id = call->room_id;
	ev.part = part_id;
	ev.uri = call->uri;
	ev.digit = digit;
	sig_emit(arg, &ev);
}


/* Keep the call's view of its state in step with the worker's. */
static void control_note(struct sig_call *call, const char *what, bool on)
{
	if (!strcmp(what, "mute")) {
		call->muted = on;
		sig_call_event(call, on ? SIG_EV_MUTED : SIG_EV_UNMUTED);
	}
	else if (!strcmp(what, "deaf")) {
		call->deaf = on;
		sig_call_event(call, on ? SIG_EV_DEAF : SIG_EV_UNDEAF);
	}
	else if (!strncmp(what, "vol_", 4)) {
		call->gain_set = false;   /* the worker's snapshot tells */
	}
}


static void control_h(uint32_t part_id, const char *what, bool on,
		      void *arg)
{
	struct sig_call *call = sig_call_find(arg, part_id);
	const char *room, *uri;

	who(arg, part_id, &room, &uri);

	if (what && !strcmp(what, "mute"))
		LOGI("sip", "%s room=%s part=%u uri=%s",
		     on ? "muted" : "unmuted", room, part_id, uri);
	else
		LOGI("sip", "control %s=%s room=%s part=%u uri=%s",
		     what ? what : "?", on ? "on" : "off", room, part_id,
		     uri);

	if (call && what)
		control_note(call, what, on);
}


static void room_freed_h(uint32_t room_id, void *arg)
{
	struct sig *s = arg;

	sig_dir_room_freed(s->dir, room_id);
}


static void play_done_h(uint32_t room_id, void *arg)
{
	struct sig *s = arg;
	struct sig_room_info ri;
	struct sig_event ev;

	if (sig_dir_get(s->dir, NULL, room_id, &ri))
		return;

	LOGI("sip", "play done room=%s", ri.name);
	memset(&ev, 0, sizeof(ev));
	ev.type = SIG_EV_PLAY_DONE;
	ev.room = ri.name;
	ev.room_id = room_id;
	sig_emit(s, &ev);
}


void sig_engine_handlers(struct sig *s, struct engine_handlers *h)
{
	if (!h)
		return;

	memset(h, 0, sizeof(*h));
	h->talking = talking_h;
	h->dtmf = dtmf_h;
	h->control = control_h;
	h->room_freed = room_freed_h;
	h->play_done = play_done_h;
	h->arg = s;
}


static const char *const ev_names[SIG_EV_COUNT] = {
	[SIG_EV_ROOM_CREATED]   = "room.created",
	[SIG_EV_ROOM_ENDED]     = "room.ended",
	[SIG_EV_JOINED]         = "participant.joined",
	[SIG_EV_LEFT]           = "participant.left",
	[SIG_EV_KICKED]         = "participant.kicked",
	[SIG_EV_MUTED]          = "participant.muted",
	[SIG_EV_UNMUTED]        = "participant.unmuted",
	[SIG_EV_DEAF]           = "participant.deaf",
	[SIG_EV_UNDEAF]         = "participant.undeaf",
	[SIG_EV_TALKING_START]  = "talking.start",
	[SIG_EV_TALKING_STOP]   = "talking.stop",
	[SIG_EV_DTMF]           = "dtmf",
	[SIG_EV_DIAL_PROGRESS]  = "dial.progress",
	[SIG_EV_DIAL_FAILED]    = "dial.failed",
	[SIG_EV_PLAY_DONE]      = "play.done",
	[SIG_EV_LOCKED]         = "room.locked",
	[SIG_EV_UNLOCKED]       = "room.unlocked",
};


const char *sig_event_name(enum sig_event_type t)
{
	return (unsigned)t < SIG_EV_COUNT ? ev_names[t] : "unknown";
}
