/*
 * engine.c: the main thread's side of the media plane: places rooms on
 * the least-loaded worker, routes commands by room and participant id,
 * and delivers worker events to the handlers on the main thread.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <re.h>
#include "log.h"
#include "engine_priv.h"

static void engine_destructor(void *arg)
{
	struct engine *e = arg;

	for (unsigned i = 0; i < e->n; i++) {
		fd_close(worker_outfd(e->workers[i]));
		worker_stop(e->workers[i]);
	}
	hash_flush(e->routes);
	mem_deref(e->routes);
	mem_deref(e->workers);
	mem_deref(e->load);
	mem_deref(e->wst);
}

static bool route_cmp(struct le *le, void *arg)
{
	const struct route *r = le->data;

	return r->id == *(uint32_t *)arg;
}

/* Room ids are odd, participant ids come from signaling: keep the two
 * key spaces apart by storing rooms under id | 1<<31. */
uint32_t room_key(uint32_t room_id)
{
	return room_id | 0x80000000u;
}

struct route *route_find(const struct engine *e, uint32_t key)
{
	struct le *le = hash_lookup(e->routes, key, route_cmp, &key);

	return le ? le->data : NULL;
}

static int route_add(struct engine *e, uint32_t key, unsigned worker,
		     uint32_t room_id, bool is_room)
{
	struct route *r = mem_zalloc(sizeof(*r), NULL);

	if (!r)
		return ENOMEM;
	r->id = key;
	r->worker = worker;
	r->room_id = room_id;
	r->is_room = is_room;
	hash_append(e->routes, key, &r->he, r);
	return 0;
}

static void route_del(struct route *r)
{
	hash_unlink(&r->he);
	mem_deref(r);
}

static void take_snapshot(struct engine *e, const struct snapshot *s)
{
	const struct worker_stats *w = &s->w;
	struct engine_worker_stats *ws;

	if (w->worker >= e->n)
		return;
	ws = &e->wst[w->worker];
	ws->idx = w->worker;
	ws->rooms = w->rooms;
	ws->parts = w->parts;
	ws->encoders = w->encoders;
	ws->rx_pkts = w->rx_pkts;
	ws->tx_pkts = w->tx_pkts;
	ws->ticks = w->ticks;
	ws->overruns = w->overruns;
	for (unsigned i = 0; i < RTP_DROP_MAX && i < ARRAY_SIZE(ws->drop);
	     i++)
		ws->drop[i] = w->drop[i];
	memcpy(ws->tick_le, w->tick_le, sizeof(ws->tick_le));
	ws->tick_sum_us = w->tick_sum_us;
	ws->tick_p50_us = w->tick_p50_us;
	ws->tick_p99_us = w->tick_p99_us;

	for (size_t i = 0; i < s->n; i++) {
		struct route *r = route_find(e, s->parts[i].id);
		if (!r || r->is_room)
			continue;
		r->st = s->parts[i];
		r->have_stats = true;
	}
}

void engine_dispatch(struct engine *e, int id, void *data)
{
	struct ev *ev = data;
	struct route *r;

	if (id == EV_SNAPSHOT) {
		take_snapshot(e, data);
		mem_deref(data);
		return;
	}

	switch (ev->type) {

	case EV_TALKING:
		if (e->h.talking)
			e->h.talking(ev->id, ev->on, e->h.arg);
		break;

	case EV_DTMF:
		if (e->h.dtmf)
			e->h.dtmf(ev->id, ev->c, e->h.arg);
		break;

	case EV_CONTROL:
		if (e->h.control)
			e->h.control(ev->id, ev->what, ev->on, e->h.arg);
		break;

	case EV_ROOM_FREED:
		r = route_find(e, room_key(ev->id));
		if (r) {
			if (e->load[r->worker])
				--e->load[r->worker];
			route_del(r);
		}
		if (e->h.room_freed)
			e->h.room_freed(ev->id, e->h.arg);
		break;

	case EV_STATS:
		engine_log_stats(&ev->stats);
		break;

	case EV_ERROR:
		LOGE("mix", "worker: %s %u failed: %m", ev->what, ev->id,
		     ev->err);
		break;

	case EV_OVERRUN:
		LOGW("mix", "tick overrun: a slot took %u us", ev->id);
		break;

	case EV_PLAY_DONE:
		if (e->h.play_done)
			e->h.play_done(ev->id, e->h.arg);
		break;

	case EV_SNAPSHOT:
		break;
	}
	mem_deref(ev);
}

/* Main loop: a worker has events for us. */
static void on_events(int flags, void *arg)
{
	struct worker *w = arg;
	uint64_t n;
	void *data;
	int type;
	(void)flags;

	(void)!read(worker_outfd(w), &n, sizeof(n));
	while (worker_take(w, &type, &data))
		engine_dispatch(worker_engine(w), type, data);
}

int engine_alloc(struct engine **ep, const struct engine_config *cfg,
		 const struct engine_handlers *h)
{
	struct engine *e;
	int err;

	if (!ep || !cfg || !cfg->workers || !h)
		return EINVAL;

	e = mem_zalloc(sizeof(*e), engine_destructor);
	if (!e)
		return ENOMEM;
	e->h = *h;
	e->cfg = *cfg;
	e->next_room = 1;

	err = hash_alloc(&e->routes, 256);
	if (err)
		goto out;
	e->workers = mem_zalloc(cfg->workers * sizeof(*e->workers), NULL);
	e->load = mem_zalloc(cfg->workers * sizeof(*e->load), NULL);
	e->wst = mem_zalloc(cfg->workers * sizeof(*e->wst), NULL);
	if (!e->workers || !e->load || !e->wst) {
		err = ENOMEM;
		goto out;
	}
	for (unsigned i = 0; i < cfg->workers; i++) {
		err = worker_start(&e->workers[i], e, i, cfg);
		if (err)
			goto out;
		e->n++;
		err = fd_listen(worker_outfd(e->workers[i]), FD_READ,
				on_events, e->workers[i]);
		if (err)
			goto out;
	}

 out:
	if (err)
		mem_deref(e);
	else
		*ep = e;
	return err;
}

unsigned engine_workers(const struct engine *e)
{
	return e ? e->n : 0;
}

int engine_room_alloc(struct engine *e, const char *name, uint32_t *room_id)
{
	unsigned best = 0;
	char *dup = NULL;
	uint32_t id;
	int err;

	if (!e || !name || !room_id)
		return EINVAL;

	for (unsigned i = 1; i < e->n; i++)
		if (e->load[i] < e->load[best])
			best = i;

	id = e->next_room++ & 0x7fffffffu;
	if (!id)
		id = e->next_room++;

	err = str_dup(&dup, name);
	if (err)
		return err;
	err = route_add(e, room_key(id), best, id, true);
	if (err)
		goto out;
	err = worker_cmd(e->workers[best], CMD_ROOM_NEW, id, dup, 0);
	if (err) {
		route_del(route_find(e, room_key(id)));
		goto out;
	}
	dup = NULL;
	++e->load[best];
	*room_id = id;
	LOGD("mix", "room %s id=%u on worker %u", name, id, best);
 out:
	mem_deref(dup);
	return err;
}

int engine_room_free(struct engine *e, uint32_t room_id)
{
	return engine_room_cmd(e, room_id, CMD_ROOM_FREE, NULL);
}

int engine_join(struct engine *e, uint32_t room_id, uint32_t part_id,
		const struct engine_media *m, int rtp_fd, int rtcp_fd,
		const char *label)
{
	struct join_req *jr = NULL;
	struct route *r;
	int err;

	if (!e || !m || !m->codec || !part_id || (part_id & 0x80000000u)) {
		err = EINVAL;
		goto fail;
	}
	r = route_find(e, room_key(room_id));
	if (!r || route_find(e, part_id)) {
		err = r ? EEXIST : ENOENT;
		goto fail;
	}
	jr = mem_zalloc(sizeof(*jr), NULL);
	if (!jr) {
		err = ENOMEM;
		goto fail;
	}
	jr->room_id = room_id;
	jr->m = *m;
	jr->rtp_fd = rtp_fd;
	jr->rtcp_fd = rtcp_fd;
	str_ncpy(jr->label, label ? label : "", sizeof(jr->label));

	err = route_add(e, part_id, r->worker, room_id, false);
	if (err)
		goto fail;
	err = worker_cmd(e->workers[r->worker], CMD_JOIN, part_id, jr, 0);
	if (err) {
		route_del(route_find(e, part_id));
		goto fail;
	}
	++e->load[r->worker];
	return 0;

 fail:
	mem_deref(jr);
	if (rtp_fd >= 0)
		close(rtp_fd);
	if (rtcp_fd >= 0)
		close(rtcp_fd);
	return err;
}

int engine_update(struct engine *e, uint32_t part_id,
		  const struct engine_media *m)
{
	struct engine_media *copy;
	struct route *r;
	int err;

	if (!e || !m || !m->codec)
		return EINVAL;
	r = route_find(e, part_id);
	if (!r)
		return ENOENT;
	copy = mem_zalloc(sizeof(*copy), NULL);
	if (!copy)
		return ENOMEM;
	*copy = *m;
	err = worker_cmd(e->workers[r->worker], CMD_UPDATE, part_id, copy, 0);
	if (err)
		mem_deref(copy);
	return err;
}

int engine_leave(struct engine *e, uint32_t part_id)
{
	struct route *r;
	unsigned w;

	if (!e)
		return EINVAL;
	r = route_find(e, part_id);
	if (!r)
		return ENOENT;
	w = r->worker;
	route_del(r);
	if (e->load[w])
		--e->load[w];
	return worker_cmd(e->workers[w], CMD_LEAVE, part_id, NULL, 0);
}

int engine_dtmf(struct engine *e, uint32_t part_id, char digit)
{
	struct route *r;

	if (!e)
		return EINVAL;
	r = route_find(e, part_id);
	if (!r)
		return ENOENT;
	return worker_cmd(e->workers[r->worker], CMD_DTMF, part_id, NULL,
			  digit);
}

int engine_reconfig(struct engine *e, const struct engine_config *cfg)
{
	int err = 0;

	if (!e || !cfg)
		return EINVAL;
	e->cfg = *cfg;
	for (unsigned i = 0; i < e->n; i++) {
		struct engine_config *c = mem_zalloc(sizeof(*c), NULL);
		if (!c)
			return ENOMEM;
		*c = *cfg;
		err = worker_cmd(e->workers[i], CMD_RECONFIG, 0, c, 0);
		if (err)
			mem_deref(c);
	}
	return err;
}

int engine_stats(struct engine *e)
{
	int err = 0;

	if (!e)
		return EINVAL;
	for (unsigned i = 0; i < e->n; i++)
		err |= worker_cmd(e->workers[i], CMD_STATS, 0, NULL, 0);
	return err ? EAGAIN : 0;
}


int engine_room_worker(const struct engine *e, uint32_t room_id,
		       unsigned *idx)
{
	const struct route *r = e ? route_find(e, room_key(room_id)) : NULL;

	if (!r || !idx)
		return ENOENT;
	*idx = r->worker;
	return 0;
}
