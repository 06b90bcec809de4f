/*
 * sig_dir.c: room directory: room name -> engine room id, participant
 * count, and the linger timer that frees an empty room.
 *
 * A room is created in the engine on its first join and freed
 * `room_linger` seconds after its last participant left; a join during
 * the linger cancels it. Entries leave the directory when we ask the
 * engine to free the room, so a later join of the same name makes a new
 * room even if the engine's room_freed event is still on its way.
 */
#include <string.h>
#include <re.h>
#include "clock.h"
#include "log.h"
#include "sig_priv.h"

enum {
	DIR_HASH = 64,
	ROOM_NAME_MAX = 64,
};

struct sig_dir {
	struct sig *sig;           /* owner: engine and events */
	struct engine *engine;     /* borrowed */
	struct hash *by_name;
	struct hash *by_id;
	struct list rooms;         /* creation order */
};

struct sig_room {
	struct le he_name;
	struct le he_id;
	struct le le;
	struct tmr linger;
	struct sig_dir *dir;
	char *name;
	uint32_t id;
	unsigned nparts;           /* places taken (calls being set up too) */
	uint64_t created;          /* [ms] wall clock                       */
	bool locked;
};


static void room_event(const struct sig_room *r, enum sig_event_type t)
{
	struct sig_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = t;
	ev.room = r->name;
	ev.room_id = r->id;
	sig_emit(r->dir->sig, &ev);
}


static void room_destructor(void *arg)
{
	struct sig_room *r = arg;

	tmr_cancel(&r->linger);
	hash_unlink(&r->he_name);
	hash_unlink(&r->he_id);
	list_unlink(&r->le);

	if (r->dir) {
		int err = engine_room_free(r->dir->engine, r->id);

		if (err)
			LOGW("sip", "room free name=%s id=%u: %m", r->name,
			     r->id, err);
		else
			LOGI("sip", "room closed name=%s id=%u", r->name,
			     r->id);
		room_event(r, SIG_EV_ROOM_ENDED);
	}

	mem_deref(r->name);
}


static void dir_destructor(void *arg)
{
	struct sig_dir *d = arg;

	hash_flush(d->by_name);   /* rooms: engine_room_free each */
	hash_clear(d->by_id);
	mem_deref(d->by_name);
	mem_deref(d->by_id);
}


int sig_dir_alloc(struct sig_dir **dp, struct sig *s)
{
	struct sig_dir *d;
	int err;

	if (!dp || !s || !s->engine)
		return EINVAL;

	d = mem_zalloc(sizeof(*d), dir_destructor);
	if (!d)
		return ENOMEM;

	d->sig = s;
	d->engine = s->engine;

	err = hash_alloc(&d->by_name, DIR_HASH);
	if (err)
		goto out;

	err = hash_alloc(&d->by_id, DIR_HASH);

 out:
	if (err)
		mem_deref(d);
	else
		*dp = d;

	return err;
}


/* [A-Za-z0-9._-]{1,64} */
bool sig_room_name_valid(const struct pl *name)
{
	if (!name || !name->p || name->l < 1 || name->l > ROOM_NAME_MAX)
		return false;

	for (size_t i = 0; i < name->l; i++) {
		char c = name->p[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		    c == '-')
			continue;

		return false;
	}

	return true;
}


static bool name_cmp(struct le *le, void *arg)
{
	const struct sig_room *r = le->data;

	return !strcmp(r->name, arg);
}


static bool id_cmp(struct le *le, void *arg)
{
	const struct sig_room *r = le->data;

	return r->id == *(const uint32_t *)arg;
}


static struct sig_room *find_id(const struct sig_dir *d, uint32_t id)
{
	return list_ledata(hash_lookup(d->by_id, id, id_cmp, &id));
}


static int room_create(struct sig_room **rp, struct sig_dir *d,
		       const char *name)
{
	struct sig_room *r;
	int err;

	r = mem_zalloc(sizeof(*r), room_destructor);
	if (!r)
		return ENOMEM;

	tmr_init(&r->linger);

	err = str_dup(&r->name, name);
	if (err)
		goto out;

	err = engine_room_alloc(d->engine, name, &r->id);
	if (err) {
		LOGW("sip", "room create name=%s: %m", name, err);
		goto out;
	}

	r->dir = d;
	r->created = clock_wall_us() / 1000;
	hash_append(d->by_name, hash_joaat_str(name), &r->he_name, r);
	hash_append(d->by_id, r->id, &r->he_id, r);
	list_append(&d->rooms, &r->le, r);
	LOGI("sip", "room opened name=%s id=%u", name, r->id);
	room_event(r, SIG_EV_ROOM_CREATED);

 out:
	if (err)
		mem_deref(r);
	else
		*rp = r;

	return err;
}


static struct sig_room *find_name(const struct sig_dir *d,
				  const char *name)
{
	return list_ledata(hash_lookup(d->by_name, hash_joaat_str(name),
				       name_cmp, (void *)name));
}


int sig_dir_join(struct sig_dir *d, const char *name, unsigned max,
		 bool create, uint32_t *room_id)
{
	struct sig_room *r;
	int err;

	if (!d || !name || !room_id)
		return EINVAL;

	r = find_name(d, name);
	if (!r && !create)
		return ENOENT;
	if (!r) {
		err = room_create(&r, d, name);
		if (err)
			return err;
	}

	if (r->locked)
		return EACCES;
	if (max && r->nparts >= max)
		return EBUSY;

	tmr_cancel(&r->linger);
	++r->nparts;
	*room_id = r->id;

	return 0;
}


static void linger_h(void *arg)
{
	struct sig_room *r = arg;

	mem_deref(r);    /* the directory's only reference */
}


void sig_dir_leave(struct sig_dir *d, uint32_t room_id, uint32_t linger)
{
	struct sig_room *r;

	if (!d)
		return;

	r = find_id(d, room_id);
	if (!r || !r->nparts)
		return;

	if (--r->nparts)
		return;

	tmr_start(&r->linger, (uint64_t)linger * 1000, linger_h, r);
}


void sig_dir_room_freed(struct sig_dir *d, uint32_t room_id)
{
	(void)d;

	LOGD("sip", "room id=%u released by the engine", room_id);
}


/* Free every room now (shutdown). */
void sig_dir_flush(struct sig_dir *d)
{
	if (!d)
		return;

	hash_clear(d->by_id);
	hash_flush(d->by_name);
}


static bool count_h(struct le *le, void *arg)
{
	(void)le;
	++*(unsigned *)arg;
	return false;
}


unsigned sig_dir_count(const struct sig_dir *d)
{
	unsigned n = 0;

	if (d)
		hash_apply(d->by_name, count_h, &n);

	return n;
}


int sig_dir_get(const struct sig_dir *d, const char *name, uint32_t room_id,
		struct sig_room_info *ri)
{
	const struct sig_room *r;

	if (!d || !ri)
		return EINVAL;

	r = name ? find_name(d, name) : find_id(d, room_id);
	if (!r)
		return ENOENT;

	memset(ri, 0, sizeof(*ri));
	ri->name = r->name;
	ri->id = r->id;
	ri->created = r->created;
	ri->locked = r->locked;

	return 0;
}


void sig_dir_apply(const struct sig_dir *d, sig_room_h *h, void *arg)
{
	struct sig_room_info ri;
	struct le *le;

	if (!d || !h)
		return;

	for (le = d->rooms.head; le; le = le->next) {
		const struct sig_room *r = le->data;

		if (sig_dir_get(d, NULL, r->id, &ri))
			continue;
		if (h(&ri, arg))
			break;
	}
}


int sig_dir_lock(struct sig_dir *d, uint32_t room_id, bool on)
{
	struct sig_room *r = d ? find_id(d, room_id) : NULL;

	if (!r)
		return ENOENT;

	if (r->locked != on) {
		r->locked = on;
		LOGI("sip", "room %s name=%s id=%u", on ? "locked" :
		     "unlocked", r->name, r->id);
		room_event(r, on ? SIG_EV_LOCKED : SIG_EV_UNLOCKED);
	}

	return 0;
}


/* Free a room now, whoever still holds a place in it (room_end). */
void sig_dir_remove(struct sig_dir *d, uint32_t room_id)
{
	struct sig_room *r = d ? find_id(d, room_id) : NULL;

	mem_deref(r);
}
