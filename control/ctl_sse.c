/*
 * ctl_sse.c: GET /v1/events, server-sent events.
 *
 * The request's TCP connection is taken over from libre's HTTP server
 * (a reference, our own handlers, then http_conn_close lets the HTTP
 * connection go without closing the socket), so the stream has no idle
 * timeout and each event is one tcp_send as it happens. A client that
 * does not read is dropped when its send queue passes SSE_TXQ. Missed
 * events are replayed from the history after Last-Event-ID; with
 * ?levels=1 a "level" event per busy room follows every LEVEL_MS.
 */
#include <stdlib.h>
#include <string.h>
#include <re.h>
#include "clock.h"
#include "log.h"
#include "ctl_priv.h"

enum {
	KEEPALIVE_MS = 15000,
	LEVEL_MS = 200,
	SSE_TXQ = 262144,          /* [bytes] unsent data before a drop */
};

struct ctl_sse {
	struct le le;              /* in ctl->sses */
	struct ctl *ctl;
	struct tcp_conn *tc;
	struct sa peer;
	struct tmr keep;
	struct tmr lvl;
	bool levels;
};


static void sse_destructor(void *arg)
{
	struct ctl_sse *s = arg;

	tmr_cancel(&s->keep);
	tmr_cancel(&s->lvl);
	list_unlink(&s->le);
	mem_deref(s->tc);
}


static void sse_drop(struct ctl_sse *s, int err)
{
	LOGD("http", "event stream to %J closed: %m", &s->peer, err);
	mem_deref(s);
}


/* Send mb (from pos 0); a failure drops the client. */
static int sse_write(struct ctl_sse *s, struct mbuf *mb)
{
	int err;

	mb->pos = 0;
	err = tcp_send(s->tc, mb);
	if (err)
		sse_drop(s, err);

	return err;
}


static void recv_h(struct mbuf *mb, void *arg)
{
	(void)mb;       /* nothing is expected from the client */
	(void)arg;
}


static void close_h(int err, void *arg)
{
	sse_drop(arg, err ? err : ECONNRESET);
}


static void keep_h(void *arg)
{
	struct ctl_sse *s = arg;
	struct mbuf *mb = mbuf_alloc(16);

	if (!mb)
		return;

	(void)mbuf_write_str(mb, ": keepalive\n\n");
	if (!sse_write(s, mb))
		tmr_start(&s->keep, KEEPALIVE_MS, keep_h, s);
	mem_deref(mb);
}


struct lvl_walk {
	const struct ctl *c;
	struct mbuf *mb;
	unsigned n;
};


static bool lvl_part_h(const struct sig_part_info *pi, void *arg)
{
	struct lvl_walk *w = arg;
	struct engine_part_stats st;

	if (engine_part_stats(w->c->engine, pi->id, &st))
		return false;

	(void)mbuf_printf(w->mb, "%s\"%u\": %d", w->n++ ? ", " : "", pi->id,
			  st.level);
	return false;
}


static bool lvl_room_h(const struct sig_room_info *ri, void *arg)
{
	struct lvl_walk *w = arg;
	uint64_t now = clock_wall_us() / 1000;

	if (!ri->nparts)
		return false;

	w->n = 0;
	(void)mbuf_printf(w->mb, "event: level\ndata: {\"type\": \"level\", "
			  "\"time\": %H, \"room\": %H, \"levels\": {",
			  ctl_json_time_h, &now, ctl_json_str_h,
			  (void *)ri->name);
	sig_parts_apply(w->c->sig, ri->id, lvl_part_h, w);
	(void)mbuf_printf(w->mb, "}}\n\n");

	return false;
}


static void lvl_h(void *arg)
{
	struct ctl_sse *s = arg;
	struct lvl_walk w = {s->ctl, mbuf_alloc(1024), 0};

	if (!w.mb)
		return;

	sig_rooms_apply(s->ctl->sig, lvl_room_h, &w);
	if (!w.mb->end || !sse_write(s, w.mb))
		tmr_start(&s->lvl, LEVEL_MS, lvl_h, s);
	mem_deref(w.mb);
}


void ctl_sse_send(struct ctl *c, const struct ctl_event *ev)
{
	struct mbuf *mb;
	struct le *le;

	if (!c->sses.head)
		return;

	mb = mbuf_alloc(512);
	if (!mb || ctl_event_sse(mb, ev)) {
		mem_deref(mb);
		return;
	}

	for (le = c->sses.head; le;) {
		struct ctl_sse *s = le->data;

		le = le->next;
		(void)sse_write(s, mb);
	}

	mem_deref(mb);
}


void ctl_sse_close_all(struct ctl *c)
{
	list_flush(&c->sses);
}


/* Last-Event-ID header (or ?last_event_id=): true and *id if given. */
static bool last_id(const struct http_msg *msg, uint64_t *id)
{
	const struct http_hdr *h = http_msg_xhdr(msg, "Last-Event-ID");
	char buf[24];

	if (h && h->val.l) {
		*id = pl_u64(&h->val);
		return true;
	}

	if (!ctl_query_get(&msg->prm, "last_event_id", buf, sizeof(buf)) &&
	    buf[0]) {
		*id = strtoull(buf, NULL, 10);
		return true;
	}

	return false;
}


/* The response head, then what the client missed. */
static int sse_begin(struct ctl_sse *s, const struct http_msg *msg)
{
	struct mbuf *mb = mbuf_alloc(4096);
	uint64_t since = 0;
	bool replay = last_id(msg, &since);
	int err;

	if (!mb)
		return ENOMEM;

	err = mbuf_write_str(mb, "HTTP/1.1 200 OK\r\n"
			     "Content-Type: text/event-stream\r\n"
			     "Cache-Control: no-cache\r\n"
			     "Connection: close\r\n"
			     "\r\n"
			     "retry: 2000\n\n");
	if (!err && replay)
		err = ctl_events_since(s->ctl, since, mb);
	if (!err)
		err = sse_write(s, mb);

	mem_deref(mb);

	return err;
}


static void events_h(struct ctl_req *r)
{
	struct tcp_conn *tc = http_conn_tcp(r->conn);
	struct ctl *c = r->ctl;
	struct ctl_sse *s;

	if (!tc)
		return;

	s = mem_zalloc(sizeof(*s), sse_destructor);
	if (!s) {
		(void)ctl_reply_err(r, CTL_E_INTERNAL, "out of memory");
		return;
	}

	s->ctl = c;
	s->tc = mem_ref(tc);
	s->peer = *http_conn_peer(r->conn);
	s->levels = ctl_query_flag(&r->msg->prm, "levels");
	tmr_init(&s->keep);
	tmr_init(&s->lvl);

	tcp_set_handlers(tc, NULL, recv_h, close_h, s);
	tcp_conn_txqsz_set(tc, SSE_TXQ);
	http_conn_close(r->conn);      /* the socket is ours now */
	list_append(&c->sses, &s->le, s);

	LOGD("http", "event stream to %J%s", &s->peer,
	     s->levels ? " with levels" : "");

	if (sse_begin(s, r->msg))
		return;        /* dropped */

	tmr_start(&s->keep, KEEPALIVE_MS, keep_h, s);
	if (s->levels)
		tmr_start(&s->lvl, LEVEL_MS, lvl_h, s);
}


const struct ctl_route ctl_routes_events[] = {
	{"GET", "/v1/events", events_h},
	{NULL, NULL, NULL},
};
