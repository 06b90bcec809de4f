/*
 * sig_api.c: what the control plane asks of signaling: rooms and their
 * participants (read), and end / lock / kick / mute / gain / drain.
 * Participants are the calls that are in the engine (call->joined).
 */
#include <string.h>
#include <re.h>
#include "log.h"
#include "sig_priv.h"

static void part_info(const struct sig_call *call, struct sig_part_info *pi)
{
	memset(pi, 0, sizeof(*pi));
	pi->id = call->part_id;
	pi->room_id = call->room_id;
	pi->room = call->room;
	pi->uri = call->uri;
	pi->display_name = call->dname ? call->dname : "";
	pi->codec = call->media.codec;
	pi->remote = call->src;
	pi->joined = call->joined_at;
	pi->hold = !call->media.send;
	pi->muted = call->muted;
	pi->deaf = call->deaf;
	pi->gain_set = call->gain_set;
	pi->gain_in = call->gain_in;
	pi->gain_out = call->gain_out;
	pi->dialled = call->dialled;
}


static unsigned room_nparts(const struct sig *s, uint32_t room_id)
{
	unsigned n = 0;

	for (struct le *le = s->calls.head; le; le = le->next) {
		const struct sig_call *call = le->data;

		n += call->joined && call->room_id == room_id;
	}

	return n;
}


struct rooms_walk {
	const struct sig *s;
	sig_room_h *h;
	void *arg;
};


static bool room_h(const struct sig_room_info *ri, void *arg)
{
	struct rooms_walk *w = arg;
	struct sig_room_info r = *ri;

	r.nparts = room_nparts(w->s, r.id);

	return w->h(&r, w->arg);
}


void sig_rooms_apply(const struct sig *s, sig_room_h *h, void *arg)
{
	struct rooms_walk w = {s, h, arg};

	if (!s || !h)
		return;

	sig_dir_apply(s->dir, room_h, &w);
}


void sig_parts_apply(const struct sig *s, uint32_t room_id, sig_part_h *h,
		     void *arg)
{
	struct sig_part_info pi;

	if (!s || !h)
		return;

	for (struct le *le = s->calls.head; le; le = le->next) {
		const struct sig_call *call = le->data;

		if (!call->joined || (room_id && call->room_id != room_id))
			continue;

		part_info(call, &pi);
		if (h(&pi, arg))
			break;
	}
}


int sig_room_get(const struct sig *s, const char *room,
		 struct sig_room_info *ri)
{
	int err;

	if (!s || !room || !ri)
		return EINVAL;

	err = sig_dir_get(s->dir, room, 0, ri);
	if (err)
		return err;

	ri->nparts = room_nparts(s, ri->id);

	return 0;
}


/* A participant of the room named room, or NULL. */
static struct sig_call *find_part(const struct sig *s, const char *room,
				  uint32_t id)
{
	struct sig_call *call;

	if (!s || !room)
		return NULL;

	call = sig_call_find(s, id);
	if (!call || !call->joined || call->closed || strcmp(call->room, room))
		return NULL;

	return call;
}


int sig_part_get(const struct sig *s, const char *room, uint32_t id,
		 struct sig_part_info *pi)
{
	const struct sig_call *call = find_part(s, room, id);

	if (!call || !pi)
		return ENOENT;

	part_info(call, pi);

	return 0;
}


static void close_room_calls(struct sig *s, struct list *l, uint32_t id,
			     unsigned *n)
{
	struct le *le = l->head;

	while (le) {
		struct sig_call *call = le->data;

		le = le->next;
		if (call->room_id != id || !call->in_room)
			continue;

		*n += call->joined;
		sig_call_close(call, "room_ended");
	}
}


int sig_room_end(struct sig *s, const char *room, unsigned *nparts)
{
	struct sig_room_info ri;
	unsigned n = 0;
	int err;

	if (!s || !room)
		return EINVAL;

	err = sig_dir_get(s->dir, room, 0, &ri);
	if (err)
		return err;

	LOGI("sip", "room end name=%s id=%u (api)", room, ri.id);
	close_room_calls(s, &s->dials, ri.id, &n);
	close_room_calls(s, &s->calls, ri.id, &n);
	sig_dir_remove(s->dir, ri.id);

	if (nparts)
		*nparts = n;

	return 0;
}


int sig_room_lock(struct sig *s, const char *room, bool on)
{
	struct sig_room_info ri;
	int err;

	if (!s || !room)
		return EINVAL;

	err = sig_dir_get(s->dir, room, 0, &ri);
	if (err)
		return err;

	return sig_dir_lock(s->dir, ri.id, on);
}


int sig_part_kick(struct sig *s, const char *room, uint32_t id)
{
	struct sig_call *call = find_part(s, room, id);

	if (!call)
		return ENOENT;

	LOGI("sip", "kick room=%s part=%u uri=%s", call->room, id,
	     call->uri);
	sig_call_event(call, SIG_EV_KICKED);
	sig_call_close(call, "kicked");

	return 0;
}


int sig_part_set(struct sig *s, const char *room, uint32_t id,
		 const char *what, bool on)
{
	struct sig_call *call = find_part(s, room, id);
	int err;

	if (!call)
		return ENOENT;
	if (!what)
		return EINVAL;

	if (!strcmp(what, "mute")) {
		err = engine_set_mute(s->engine, id, on);
		if (!err)
			call->muted = on;
	}
	else if (!strcmp(what, "deaf")) {
		err = engine_set_deaf(s->engine, id, on);
		if (!err)
			call->deaf = on;
	}
	else {
		err = EINVAL;
	}

	return err;
}


int sig_part_gain(struct sig *s, const char *room, uint32_t id,
		  double in_db, double out_db)
{
	struct sig_call *call = find_part(s, room, id);
	int err;

	if (!call)
		return ENOENT;

	err = engine_set_gain(s->engine, id, in_db, out_db);
	if (err)
		return err;

	call->gain_set = true;
	call->gain_in = in_db;
	call->gain_out = out_db;

	return 0;
}


void sig_drain(struct sig *s, bool on)
{
	if (!s || s->draining == on)
		return;

	s->draining = on;
	LOGN("sip", "%s", on ? "draining: new rooms are refused (503)"
	     : "drain ended: new rooms accepted");
}


bool sig_draining(const struct sig *s)
{
	return s && s->draining;
}
