/*
 * ctl_events.c: signaling's events as API events: numbered, encoded
 * once as the JSON of the SSE data: line and the webhook body, kept in
 * a history of CTL_HISTORY for Last-Event-ID, and fanned out to the SSE
 * clients and the webhook queues (which hold references).
 */
#include <string.h>
#include <re.h>
#include "clock.h"
#include "log.h"
#include "ctl_priv.h"

struct ev_print {
	const struct sig_event *ev;
	uint64_t seq;
	uint64_t time;          /* [ms] wall clock */
};


static void event_destructor(void *arg)
{
	struct ctl_event *e = arg;

	mem_deref(e->json);
}


static int event_print_h(struct re_printf *pf, void *arg)
{
	const struct ev_print *a = arg;
	const struct sig_event *ev = a->ev;
	int err;

	err = re_hprintf(pf, "{\"seq\": %llu, \"time\": %H, \"type\": \"%s\", "
			 "\"room\": %H", (unsigned long long)a->seq,
			 ctl_json_time_h, (void *)&a->time,
			 sig_event_name(ev->type), ctl_json_str_h,
			 (void *)ev->room);

	if (ev->part)
		err |= re_hprintf(pf, ", \"participant\": %u", ev->part);
	if (ev->uri)
		err |= re_hprintf(pf, ", \"uri\": %H", ctl_json_str_h,
				  (void *)ev->uri);
	if (ev->type == SIG_EV_DIAL_PROGRESS ||
	    ev->type == SIG_EV_DIAL_FAILED)
		err |= re_hprintf(pf, ", \"status\": %u", ev->status);
	if (ev->reason)
		err |= re_hprintf(pf, ", \"reason\": %H", ctl_json_str_h,
				  (void *)ev->reason);
	if (ev->type == SIG_EV_DTMF)
		err |= re_hprintf(pf, ", \"digit\": \"%c\"", ev->digit);

	return err | re_hprintf(pf, "}");
}


static void history_add(struct ctl *c, struct ctl_event *e)
{
	list_append(&c->history, &e->le, e);
	++c->nhistory;

	while (c->nhistory > CTL_HISTORY) {
		struct ctl_event *old = list_ledata(c->history.head);

		list_unlink(&old->le);
		--c->nhistory;
		mem_deref(old);
	}
}


void ctl_event_post(struct ctl *c, const struct sig_event *ev)
{
	struct ev_print a;
	struct ctl_event *e;

	if (!c || !ev)
		return;

	e = mem_zalloc(sizeof(*e), event_destructor);
	if (!e)
		return;

	a.ev = ev;
	a.seq = ++c->seq;
	a.time = clock_wall_us() / 1000;
	e->seq = a.seq;
	e->type = sig_event_name(ev->type);

	if (re_sdprintf(&e->json, "%H", event_print_h, &a)) {
		mem_deref(e);
		return;
	}

	LOGD("http", "event %llu %s room=%s part=%u",
	     (unsigned long long)e->seq, e->type, ev->room ? ev->room : "",
	     ev->part);

	history_add(c, e);
	ctl_sse_send(c, e);
	ctl_hooks_post(c->hooks, e);
}


void ctl_events_flush(struct ctl *c)
{
	list_flush(&c->history);
	c->nhistory = 0;
}


int ctl_event_sse(struct mbuf *mb, const struct ctl_event *ev)
{
	return mbuf_printf(mb, "id: %llu\nevent: %s\ndata: %s\n\n",
			   (unsigned long long)ev->seq, ev->type, ev->json);
}


int ctl_events_since(const struct ctl *c, uint64_t seq, struct mbuf *mb)
{
	int err = 0;

	for (struct le *le = c->history.head; le && !err; le = le->next) {
		const struct ctl_event *ev = le->data;

		if (ev->seq > seq)
			err = ctl_event_sse(mb, ev);
	}

	return err;
}
