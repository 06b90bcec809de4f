/*
 * worker.c: one media thread: an epoll loop over its participants'
 * sockets, a monotonic timerfd that drives the mix tick, and a
 * single-producer ring of commands from the main thread (eventfd wakes
 * the loop). Nothing here blocks, locks or touches the disk.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <re.h>
#include "clock.h"
#include "log.h"
#include "mix_priv.h"

enum {
	EP_BATCH = 64,
	CATCHUP_MAX = 4,        /* ticks run back to back when late       */
	TIMING_WINDOW = 500,    /* [ticks] percentile window (10 s @20 ms) */
};

static void arm(struct worker *w, bool on);

static uint64_t ep_key(uint32_t id, int fd)
{
	return ((uint64_t)id << 32) | (uint32_t)fd;
}

uint32_t worker_rand(struct worker *w)
{
	uint64_t x = w->rnd;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	w->rnd = x;
	return (uint32_t)(x >> 16);
}

int worker_watch(struct worker *w, int fd, struct part *p)
{
	struct epoll_event ev = {.events = EPOLLIN,
				 .data.u64 = ep_key(p->id, fd)};

	if (fd < 0)
		return 0;
	return epoll_ctl(w->epfd, EPOLL_CTL_ADD, fd, &ev) ? errno : 0;
}

static bool part_cmp(struct le *le, void *arg)
{
	const struct part *p = le->data;

	return p->id == *(uint32_t *)arg;
}

struct part *worker_part(struct worker *w, uint32_t id)
{
	struct le *le = hash_lookup(w->parts, id, part_cmp, &id);

	return le ? le->data : NULL;
}

void worker_emit(struct worker *w, enum ev_type type, uint32_t id, bool on,
		 char c, const char *what)
{
	struct ev *ev = mem_zalloc(sizeof(*ev), NULL);

	if (!ev)
		return;
	ev->type = type;
	ev->id = id;
	ev->on = on;
	ev->c = c;
	if (what)
		str_ncpy(ev->what, what, sizeof(ev->what));
	worker_post(w, ev->type, ev);
}

/* Worker thread: queue an event for the main thread; never blocks. A
 * full ring drops it (counted). */
void worker_post(struct worker *w, int type, void *data)
{
	uint32_t head = atomic_load_explicit(&w->out_head,
					     memory_order_relaxed);
	uint32_t tail = atomic_load_explicit(&w->out_tail,
					     memory_order_acquire);
	uint64_t one = 1;

	if (head - tail >= EV_RING) {
		++w->st.ev_dropped;
		mem_deref(data);
		return;
	}
	w->out[head % EV_RING].type = type;
	w->out[head % EV_RING].data = data;
	atomic_store_explicit(&w->out_head, head + 1, memory_order_release);
	(void)!write(w->outfd, &one, sizeof(one));
}

/* Main thread: take the next event; false when there is none. */
bool worker_take(struct worker *w, int *type, void **data)
{
	uint32_t tail = atomic_load_explicit(&w->out_tail,
					     memory_order_relaxed);
	uint32_t head = atomic_load_explicit(&w->out_head,
					     memory_order_acquire);

	if (tail == head)
		return false;
	*type = w->out[tail % EV_RING].type;
	*data = w->out[tail % EV_RING].data;
	atomic_store_explicit(&w->out_tail, tail + 1, memory_order_release);
	return true;
}

int worker_outfd(const struct worker *w)
{
	return w->outfd;
}

struct engine *worker_engine(const struct worker *w)
{
	return w->eng;
}

/* Called on the main thread only. */
int worker_cmd(struct worker *w, enum cmd_type type, uint32_t id,
	       void *data, char c)
{
	uint32_t head = atomic_load_explicit(&w->head, memory_order_relaxed);
	uint32_t tail = atomic_load_explicit(&w->tail, memory_order_acquire);
	uint64_t one = 1;

	if (head - tail >= CMD_RING)
		return EAGAIN;
	w->ring[head % CMD_RING] = (struct cmd){type, id, data, c};
	atomic_store_explicit(&w->head, head + 1, memory_order_release);
	if (write(w->evfd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		return errno;
	return 0;
}

static void count_rooms(struct worker *w)
{
	w->st.rooms = list_count(&w->rooms);
	w->st.parts = w->nparts;
}

/* Tick timing over the current window (TIMING_WINDOW ticks). */
static void timing(struct worker *w)
{
	w->st.tick_max_us = w->dur.max;
	w->st.tick_p50_us = tick_hist_pct(&w->dur, 50);
	w->st.tick_p99_us = tick_hist_pct(&w->dur, 99);
	w->st.late_p99_us = tick_hist_pct(&w->late, 99);
	w->st.late_max_us = w->late.max;
}

static void send_stats(struct worker *w)
{
	struct ev *ev = mem_zalloc(sizeof(*ev), NULL);

	if (!ev)
		return;
	count_rooms(w);
	timing(w);
	ev->type = EV_STATS;
	ev->stats = w->st;
	worker_post(w, EV_STATS, ev);
}

/* Publish the worker's counters and every participant's state. */
static void publish(struct worker *w)
{
	struct snapshot *s;
	size_t i = 0;

	s = mem_zalloc(sizeof(*s) + w->nparts * sizeof(s->parts[0]), NULL);
	if (!s)
		return;
	count_rooms(w);
	s->w = w->st;
	for (struct le *le = w->rooms.head; le; le = le->next) {
		struct room *r = le->data;

		for (struct le *pe = r->parts.head; pe && i < w->nparts;
		     pe = pe->next)
			part_snapshot(pe->data, &s->parts[i++]);
	}
	s->n = i;
	worker_post(w, EV_SNAPSHOT, s);
}

/* Errors are logged by the main thread: a worker does no I/O but its
 * sockets. */
static void worker_error(struct worker *w, const char *what, uint32_t id,
			 int err)
{
	struct ev *ev = mem_zalloc(sizeof(*ev), NULL);

	if (!ev)
		return;
	ev->type = EV_ERROR;
	ev->id = id;
	ev->err = err;
	str_ncpy(ev->what, what, sizeof(ev->what));
	worker_post(w, EV_ERROR, ev);
}

static void do_cmd(struct worker *w, struct cmd *c)
{
	struct room *r;
	struct part *p;
	int err;

	switch (c->type) {

	case CMD_ROOM_NEW:
		err = room_alloc(&r, w, c->id, c->data);
		if (err)
			worker_error(w, "room", c->id, err);
		break;

	case CMD_ROOM_FREE:
		r = room_find(w, c->id);
		mem_deref(r);
		worker_emit(w, EV_ROOM_FREED, c->id, false, 0, NULL);
		break;

	case CMD_JOIN: {
		struct join_req *jr = c->data;

		r = room_find(w, jr->room_id);
		err = r ? part_alloc(&p, r, c->id, jr) : ENOENT;
		if (err) {
			worker_error(w, "join", c->id, err);
			if (jr->rtp_fd >= 0)
				close(jr->rtp_fd);
			if (jr->rtcp_fd >= 0)
				close(jr->rtcp_fd);
		}
		break;
	}

	case CMD_UPDATE:
		p = worker_part(w, c->id);
		if (p)
			part_update(p, c->data);
		break;

	case CMD_LEAVE:
		mem_deref(worker_part(w, c->id));
		break;

	case CMD_DTMF:
		p = worker_part(w, c->id);
		if (p)
			part_digit(p, c->c, clock_mono_us());
		break;

	case CMD_MUTE:
	case CMD_DEAF:
		p = worker_part(w, c->id);
		if (p)
			part_set(p, c->type == CMD_MUTE ? "mute" : "deaf",
				 c->c != 0);
		break;

	case CMD_GAIN: {
		const double *db = c->data;

		p = worker_part(w, c->id);
		if (p)
			part_gain(p, db[0], db[1]);
		break;
	}

	case CMD_PLAY:
		r = room_find(w, c->id);
		if (r) {
			room_play(r, c->data);
			c->data = NULL;     /* the room owns it now */
		}
		break;

	case CMD_PLAY_STOP:
		r = room_find(w, c->id);
		if (r)
			room_play(r, NULL);
		break;

	case CMD_RECONFIG:
		w->cfg = *(struct engine_config *)c->data;
		break;

	case CMD_STATS:
		send_stats(w);
		break;

	case CMD_QUIT:
		w->quit = true;
		break;
	}
	mem_deref(c->data);
}

static void drain_cmds(struct worker *w)
{
	uint32_t tail = atomic_load_explicit(&w->tail, memory_order_relaxed);
	uint32_t head = atomic_load_explicit(&w->head, memory_order_acquire);
	uint64_t n;

	(void)!read(w->evfd, &n, sizeof(n));
	while (tail != head) {
		struct cmd c = w->ring[tail % CMD_RING];
		atomic_store_explicit(&w->tail, ++tail, memory_order_release);
		do_cmd(w, &c);
	}
	arm(w, w->nparts > 0);
}

/* Run the tick timer only while someone is connected: an idle worker
 * sleeps in epoll_wait and costs nothing. */
static void arm(struct worker *w, bool on)
{
	struct itimerspec its = {{0, 0}, {0, 0}};
	uint64_t period = (uint64_t)w->cfg.tick * 1000 / w->phases;

	if (on == w->armed)
		return;
	if (on) {
		its.it_interval.tv_nsec = (long)period * 1000L;
		its.it_value = its.it_interval;
		w->next_due = clock_mono_us() + period;
	}
	if (!timerfd_settime(w->timerfd, 0, &its, NULL))
		w->armed = on;
}

/*
 * Rooms are spread over `phases` slots of the tick (a 20 ms tick has 4
 * slots of 5 ms); the timer fires once per slot and runs the rooms of
 * that slot. Every room still ticks every `tick` ms, but a worker's
 * rooms do not all wait behind each other: the longest wake-up, and so
 * the delay added to any room's audio, is about 1/phases of what it
 * would be.
 */
static void run_slot(struct worker *w, uint64_t period)
{
	uint64_t t0, dt, late;
	unsigned rooms = 0;

	t0 = clock_mono_us();
	late = t0 > w->next_due ? t0 - w->next_due : 0;
	w->next_due += period;
	if (!w->phase)
		w->st.mixed = 0;
	for (struct le *le = w->rooms.head; le; le = le->next) {
		struct room *r = le->data;
		if (r->phase != w->phase || !r->parts.head)
			continue;
		room_tick(r, t0);
		++rooms;
	}
	++w->st.slots;

	/* Timing describes slots that had work; empty ones would only
	 * dilute the percentiles. */
	if (rooms) {
		dt = clock_mono_us() - t0;
		tick_hist_add(&w->late, late);
		tick_hist_add(&w->dur, dt);
		w->st.tick_sum_us += dt;
		for (unsigned b = 0; b < ARRAY_SIZE(w->st.tick_le); b++)
			w->st.tick_le[b] += dt <= engine_tick_buckets_us[b];
		if (dt > period)
			worker_emit(w, EV_OVERRUN, (uint32_t)dt, false, 0,
				    NULL);
	}

	if (++w->phase < w->phases)
		return;
	w->phase = 0;
	++w->st.ticks;
	if (w->st.ticks % STATS_TICKS == 0) {
		timing(w);
		publish(w);
	}
	if (w->st.ticks % TIMING_WINDOW == 0) {
		tick_hist_reset(&w->dur);
		tick_hist_reset(&w->late);
	}
}

static void run_ticks(struct worker *w)
{
	const uint64_t period = (uint64_t)w->cfg.tick * 1000 / w->phases;
	uint64_t n = 0;

	if (read(w->timerfd, &n, sizeof(n)) != sizeof(n) || !n)
		return;
	if (n > 1)
		w->st.overruns += n - 1;
	if (n > CATCHUP_MAX * w->phases) {
		/* Too far behind (stopped, or overloaded): skip ahead. */
		w->next_due += (n - CATCHUP_MAX * w->phases) * period;
		n = CATCHUP_MAX * w->phases;
	}
	while (n--)
		run_slot(w, period);
}

/* The slot with the fewest rooms, for a new room. */
unsigned worker_phase_pick(const struct worker *w)
{
	unsigned count[MAX_PHASES] = {0}, best = 0;

	for (struct le *le = w->rooms.head; le; le = le->next) {
		const struct room *r = le->data;
		++count[r->phase];
	}
	for (unsigned i = 1; i < w->phases; i++)
		if (count[i] < count[best])
			best = i;
	return best;
}

static void on_socket(struct worker *w, uint64_t key)
{
	struct part *p = worker_part(w, (uint32_t)(key >> 32));
	int fd = (int)(uint32_t)key;

	if (p)
		part_recv(p, fd, clock_mono_us());
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct epoll_event evs[EP_BATCH];
	sigset_t all;
	char name[16];

	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	re_snprintf(name, sizeof(name), "media-%u", w->idx);
	pthread_setname_np(pthread_self(), name);

	while (!w->quit) {
		int n = epoll_wait(w->epfd, evs, EP_BATCH, -1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			LOGE("mix", "worker %u: epoll: %m", w->idx, errno);
			break;
		}
		for (int i = 0; i < n; i++) {
			uint64_t key = evs[i].data.u64;

			if (key == ep_key(0, w->timerfd))
				run_ticks(w);
			else if (key == ep_key(0, w->evfd))
				drain_cmds(w);
			else
				on_socket(w, key);
		}
	}

	/* Rooms (and their participants) die with the thread that owns
	 * them. */
	list_flush(&w->rooms);
	return NULL;
}

static void worker_destructor(void *arg)
{
	struct worker *w = arg;

	hash_flush(w->parts);
	mem_deref(w->parts);
	if (w->epfd >= 0)
		close(w->epfd);
	if (w->timerfd >= 0)
		close(w->timerfd);
	if (w->evfd >= 0)
		close(w->evfd);
	if (w->outfd >= 0)
		close(w->outfd);
}

static int add_fd(struct worker *w, int fd)
{
	struct epoll_event ev = {.events = EPOLLIN, .data.u64 = ep_key(0, fd)};

	return epoll_ctl(w->epfd, EPOLL_CTL_ADD, fd, &ev) ? errno : 0;
}

int worker_start(struct worker **wp, struct engine *e, unsigned idx,
		 const struct engine_config *cfg)
{
	struct worker *w;
	int err;

	w = mem_zalloc(sizeof(*w), worker_destructor);
	if (!w)
		return ENOMEM;
	w->epfd = w->timerfd = w->evfd = w->outfd = -1;
	w->idx = idx;
	w->eng = e;
	w->cfg = *cfg;
	w->st.worker = idx;
	w->tick_samples = ROOM_RATE / 1000 * cfg->tick;
	w->phases = cfg->tick / 5 ? cfg->tick / 5 : 1;
	if (w->phases > MAX_PHASES)
		w->phases = MAX_PHASES;
	w->rnd = clock_wall_us() ^ ((uint64_t)idx << 40) ^ (uintptr_t)w;
	if (!w->rnd)
		w->rnd = 88172645463325252ull;

	err = hash_alloc(&w->parts, 256);
	if (err)
		goto out;
	w->epfd = epoll_create1(EPOLL_CLOEXEC);
	w->timerfd = timerfd_create(CLOCK_MONOTONIC,
				    TFD_NONBLOCK | TFD_CLOEXEC);
	w->evfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	w->outfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (w->epfd < 0 || w->timerfd < 0 || w->evfd < 0 || w->outfd < 0) {
		err = errno;
		goto out;
	}
	err = add_fd(w, w->timerfd);
	err |= add_fd(w, w->evfd);
	if (err)
		goto out;

	err = pthread_create(&w->thread, NULL, worker_main, w);

 out:
	if (err)
		mem_deref(w);
	else
		*wp = w;
	return err;
}

/* Main thread: ask the worker to quit, join it, free it. */
void worker_stop(struct worker *w)
{
	if (!w)
		return;
	if (worker_cmd(w, CMD_QUIT, 0, NULL, 0))
		w->quit = true;   /* ring full: the flag is read each turn */
	pthread_join(w->thread, NULL);

	/* Commands queued after QUIT, and events not yet taken, still own
	 * payloads. */
	uint32_t tail = atomic_load(&w->tail), head = atomic_load(&w->head);
	for (; tail != head; ++tail)
		mem_deref(w->ring[tail % CMD_RING].data);
	int type;
	void *data;
	while (worker_take(w, &type, &data))
		mem_deref(data);
	mem_deref(w);
}
