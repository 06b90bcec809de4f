/*
 * ctl_hook.c: webhooks. Each configured URL has a bounded queue of
 * events (references into the history) and sends them one at a time,
 * in order, as POSTs with libre's HTTP client on the main loop. A 2xx
 * takes the head off the queue and sends the next at once; anything
 * else retries the head after a backoff of 0.5 s doubling to 30 s.
 * When a queue is full the oldest waiting event is dropped (the one in
 * flight stays) and counted.
 */
#include <string.h>
#include <re.h>
#include "log.h"
#include "ctl_priv.h"

enum {
	BACKOFF_MIN = 500,      /* [ms] */
	BACKOFF_MAX = 30000,    /* [ms] */
};

struct ctl_hooks {
	struct http_cli *cli;
	struct dnsc *dnsc;
	struct list hooks;      /* struct hook */
	uint64_t dropped;       /* [events] over all URLs, ever */
};

struct hook {
	struct le le;
	struct ctl_hooks *hs;
	char *url;
	struct list q;          /* struct qent, oldest first */
	unsigned n, max;
	struct http_req *req;   /* in flight: the head of q */
	struct tmr retry;
	uint32_t backoff;       /* [ms] next retry delay */
	bool failing;           /* last attempt failed (for logging) */
};

struct qent {
	struct le le;
	struct ctl_event *ev;   /* reference */
};


static void qent_destructor(void *arg)
{
	struct qent *q = arg;

	list_unlink(&q->le);
	mem_deref(q->ev);
}


static void hook_destructor(void *arg)
{
	struct hook *h = arg;

	list_unlink(&h->le);
	tmr_cancel(&h->retry);
	mem_deref(h->req);      /* cancels it; no response handler call */
	list_flush(&h->q);
	mem_deref(h->url);
}


static void hooks_destructor(void *arg)
{
	struct ctl_hooks *hs = arg;

	list_flush(&hs->hooks);
	mem_deref(hs->cli);
	mem_deref(hs->dnsc);
}


static void send_head(struct hook *h);


static void retry_h(void *arg)
{
	send_head(arg);
}


static void resp_h(int err, const struct http_msg *msg, void *arg)
{
	struct hook *h = arg;
	uint16_t scode = msg ? msg->scode : 0;

	h->req = NULL;

	if (!err && scode >= 200 && scode < 300) {
		if (h->failing)
			LOGI("http", "webhook %s: delivered again", h->url);
		h->failing = false;
		h->backoff = BACKOFF_MIN;
		mem_deref(list_ledata(h->q.head));
		--h->n;
		send_head(h);
		return;
	}

	if (!h->failing) {
		if (err)
			LOGW("http", "webhook %s: %m; retrying", h->url, err);
		else
			LOGW("http", "webhook %s: status %u; retrying",
			     h->url, scode);
	}
	h->failing = true;

	tmr_start(&h->retry, h->backoff, retry_h, h);
	h->backoff = MIN(h->backoff * 2, (uint32_t)BACKOFF_MAX);
}


static void send_head(struct hook *h)
{
	const struct qent *q = list_ledata(h->q.head);
	int err;

	if (!q || h->req || tmr_isrunning(&h->retry))
		return;

	err = http_request(&h->req, h->hs->cli, "POST", h->url, resp_h, NULL,
			   h, "Content-Type: application/json\r\n"
			   "Content-Length: %zu\r\n"
			   "\r\n"
			   "%s", strlen(q->ev->json), q->ev->json);
	if (err)
		resp_h(err, NULL, h);
}


/* Drop the oldest waiting event (not the one in flight). */
static void drop_oldest(struct hook *h)
{
	struct le *le = h->q.head;

	if (le && (h->req || tmr_isrunning(&h->retry)))
		le = le->next;
	if (!le)
		return;

	mem_deref(le->data);
	--h->n;
	++h->hs->dropped;
}


void ctl_hooks_post(struct ctl_hooks *hs, struct ctl_event *ev)
{
	if (!hs)
		return;

	for (struct le *le = hs->hooks.head; le; le = le->next) {
		struct hook *h = le->data;
		struct qent *q;

		if (h->n >= h->max)
			drop_oldest(h);
		if (h->n >= h->max) {       /* max 1 and one in flight */
			++hs->dropped;
			continue;
		}

		q = mem_zalloc(sizeof(*q), qent_destructor);
		if (!q) {
			++hs->dropped;
			continue;
		}

		q->ev = mem_ref(ev);
		list_append(&h->q, &q->le, q);
		++h->n;
		send_head(h);
	}
}


uint64_t ctl_hooks_dropped(const struct ctl_hooks *hs)
{
	return hs ? hs->dropped : 0;
}


static struct hook *hook_find(const struct ctl_hooks *hs, const char *url)
{
	for (struct le *le = hs->hooks.head; le; le = le->next) {
		struct hook *h = le->data;

		if (!strcmp(h->url, url))
			return h;
	}

	return NULL;
}


static int hook_add(struct ctl_hooks *hs, const char *url, unsigned max)
{
	struct hook *h = mem_zalloc(sizeof(*h), hook_destructor);
	int err;

	if (!h)
		return ENOMEM;

	h->hs = hs;
	h->max = max;
	h->backoff = BACKOFF_MIN;
	tmr_init(&h->retry);

	err = str_dup(&h->url, url);
	if (err) {
		mem_deref(h);
		return err;
	}

	list_append(&hs->hooks, &h->le, h);
	LOGI("http", "webhook %s (queue %u)", url, max);

	return 0;
}


static bool url_listed(const struct ctl_config *cfg, const char *url)
{
	for (unsigned i = 0; i < cfg->nhooks; i++) {
		if (!strcmp(cfg->hooks[i], url))
			return true;
	}

	return false;
}


int ctl_hooks_config(struct ctl_hooks *hs, const struct ctl_config *cfg)
{
	unsigned max = cfg->hook_queue ? cfg->hook_queue : 1;
	struct le *le;
	int err = 0;

	for (le = hs->hooks.head; le;) {
		struct hook *h = le->data;

		le = le->next;
		if (!url_listed(cfg, h->url))
			mem_deref(h);
		else
			h->max = max;
	}

	for (unsigned i = 0; i < cfg->nhooks && !err; i++) {
		if (!hook_find(hs, cfg->hooks[i]))
			err = hook_add(hs, cfg->hooks[i], max);
	}

	return err;
}


int ctl_hooks_alloc(struct ctl_hooks **hp)
{
	struct ctl_hooks *hs;
	struct sa srv[4];
	uint32_t n = ARRAY_SIZE(srv);
	char domain[64] = "";
	int err;

	hs = mem_zalloc(sizeof(*hs), hooks_destructor);
	if (!hs)
		return ENOMEM;

	/* name servers for webhook host names; IP literals need none */
	if (dns_srv_get(domain, sizeof(domain), srv, &n))
		n = 0;

	err = dnsc_alloc(&hs->dnsc, NULL, srv, n);
	if (!err)
		err = http_client_alloc(&hs->cli, hs->dnsc);

	if (err)
		mem_deref(hs);
	else
		*hp = hs;

	return err;
}
