/*
 * ctl_play.c: playing files into rooms. A request starts a job whose
 * helper thread decodes the file (ctl_decode.c); the thread hands the
 * job back to the main loop through an mqueue, which gives the PCM to
 * engine_play and only then answers the HTTP request (202 with the
 * duration, or 400 if the file cannot be read). Also what each room is
 * playing, for the room object.
 *
 * Threads: a job belongs to the main thread except for its result
 * fields, which only the helper thread writes, before it pushes the job;
 * the main thread reads them after pthread_join. The destructor joins
 * every thread still running before the mqueue goes.
 */
#include <pthread.h>
#include <string.h>
#include <time.h>
#include <re.h>
#include "log.h"
#include "ctl_priv.h"

enum {
	MAX_JOBS = 4,          /* decodes at once                        */
	MAX_SECONDS = 600,     /* [s] longest clip accepted              */
	PUSH_TRIES = 500,      /* mqueue full: retries, 10 ms apart      */
	ROOM_BUF = 72,
};

struct ctl_play {
	struct ctl *ctl;
	struct mqueue *mq;
	struct list jobs;      /* struct job, decoding */
	struct list playing;   /* struct playing */
};

struct job {
	struct le le;
	struct ctl_play *p;
	struct http_conn *conn;  /* reference: answered when done */
	char *file;
	char room[ROOM_BUF];
	bool loop;
	pthread_t thr;
	bool running;            /* thread started, not joined           */
	/* written by the thread: */
	int err;
	char msg[160];
	int16_t *pcm;            /* mem object, n samples at 48 kHz      */
	size_t n;
};

struct playing {
	struct le le;
	uint32_t room_id;
	char *file;
};


static void job_join(struct job *j)
{
	if (j->running) {
		(void)pthread_join(j->thr, NULL);
		j->running = false;
	}
}


static void job_destructor(void *arg)
{
	struct job *j = arg;

	job_join(j);
	list_unlink(&j->le);
	mem_deref(j->pcm);
	mem_deref(j->file);
	mem_deref(j->conn);
}


static void playing_destructor(void *arg)
{
	struct playing *pl = arg;

	list_unlink(&pl->le);
	mem_deref(pl->file);
}


static void play_destructor(void *arg)
{
	struct ctl_play *p = arg;

	list_flush(&p->jobs);     /* joins the threads */
	mem_deref(p->mq);
	list_flush(&p->playing);
}


static void *decode_thread(void *arg)
{
	struct job *j = arg;
	const struct timespec ts = {0, 10000000};

	j->err = ctl_decode_file(j->file, MAX_SECONDS, &j->pcm, &j->n,
				 j->msg, sizeof(j->msg));

	for (int i = 0; i < PUSH_TRIES; i++) {
		if (!mqueue_push(j->p->mq, 0, j))
			break;
		nanosleep(&ts, NULL);
	}

	return NULL;
}


static struct playing *playing_find(const struct ctl_play *p, uint32_t id)
{
	for (struct le *le = p->playing.head; le; le = le->next) {
		struct playing *pl = le->data;

		if (pl->room_id == id)
			return pl;
	}

	return NULL;
}


const char *ctl_play_file(const struct ctl_play *p, uint32_t room_id)
{
	const struct playing *pl = p ? playing_find(p, room_id) : NULL;

	return pl ? pl->file : NULL;
}


void ctl_play_forget(struct ctl_play *p, uint32_t room_id)
{
	if (p)
		mem_deref(playing_find(p, room_id));
}


static void playing_set(struct ctl_play *p, uint32_t room_id,
			const char *file)
{
	struct playing *pl;

	ctl_play_forget(p, room_id);

	pl = mem_zalloc(sizeof(*pl), playing_destructor);
	if (!pl)
		return;

	pl->room_id = room_id;
	if (str_dup(&pl->file, file)) {
		mem_deref(pl);
		return;
	}

	list_append(&p->playing, &pl->le, pl);
}


/* The decoded clip goes to the engine; the request is answered. */
static void job_finish(struct job *j)
{
	struct ctl *c = j->p->ctl;
	struct ctl_req r = {.ctl = c, .conn = j->conn};
	struct sig_room_info ri;
	int16_t *pcm;
	int err;

	if (j->err) {
		(void)ctl_reply_err(&r, CTL_E_BAD_REQUEST, "cannot play '%s': "
				    "%s", j->file, j->msg);
		return;
	}

	if (sig_room_get(c->sig, j->room, &ri)) {
		(void)ctl_reply_err(&r, CTL_E_ROOM_NOT_FOUND, "no room '%s'",
				    j->room);
		return;
	}

	pcm = j->pcm;
	j->pcm = NULL;
	err = engine_play(c->engine, ri.id, pcm, j->n, j->loop);
	if (err) {
		(void)ctl_reply_err(&r, CTL_E_INTERNAL, "play: %m", err);
		return;
	}

	playing_set(j->p, ri.id, j->file);
	LOGI("http", "play room=%s file=%s samples=%zu loop=%d", j->room,
	     j->file, j->n, j->loop);
	(void)ctl_reply_jsonf(&r, 202, "{\"playing\": %H, \"duration_ms\": "
			      "%llu}\n", ctl_json_str_h, j->file,
			      (unsigned long long)j->n / 48);
}


static void mq_h(int id, void *data, void *arg)
{
	struct job *j = data;

	(void)id;
	(void)arg;

	job_join(j);
	job_finish(j);
	mem_deref(j);
}


int ctl_play_start(struct ctl_play *p, struct http_conn *conn,
		   const char *room, const char *file, bool loop)
{
	struct job *j;
	int err;

	if (!p || !conn || !room || !file)
		return EINVAL;
	if (list_count(&p->jobs) >= MAX_JOBS)
		return EBUSY;

	j = mem_zalloc(sizeof(*j), job_destructor);
	if (!j)
		return ENOMEM;

	j->p = p;
	j->loop = loop;
	str_ncpy(j->room, room, sizeof(j->room));
	err = str_dup(&j->file, file);
	if (err)
		goto out;

	err = pthread_create(&j->thr, NULL, decode_thread, j);
	if (err)
		goto out;

	j->running = true;
	j->conn = mem_ref(conn);
	list_append(&p->jobs, &j->le, j);

 out:
	if (err)
		mem_deref(j);

	return err;
}


int ctl_play_alloc(struct ctl_play **pp, struct ctl *c)
{
	struct ctl_play *p;
	int err;

	p = mem_zalloc(sizeof(*p), play_destructor);
	if (!p)
		return ENOMEM;

	p->ctl = c;
	err = mqueue_alloc(&p->mq, mq_h, p);
	if (err)
		mem_deref(p);
	else
		*pp = p;

	return err;
}
