/*
 * ctl.c: the control plane's lifecycle: alloc, start (the loopback
 * rule), reconfig, and signaling's events coming in.
 */
#include <string.h>
#include <re.h>
#include "clock.h"
#include "log.h"
#include "ctl_priv.h"

static void destructor(void *arg)
{
	struct ctl *c = arg;

	ctl_sse_close_all(c);
	mem_deref(c->http);
	mem_deref(c->hooks);
	mem_deref(c->play);     /* waits for decode threads */
	ctl_events_flush(c);
}


/* Only loopback may listen without a token. */
static int check_listen(const struct sa *listen, const char *token)
{
	if (!token[0] && !sa_is_loopback(listen))
		return EACCES;

	return 0;
}


static void sig_event_h(const struct sig_event *ev, void *arg)
{
	struct ctl *c = arg;

	if (ev->type == SIG_EV_PLAY_DONE || ev->type == SIG_EV_ROOM_ENDED)
		ctl_play_forget(c->play, ev->room_id);

	ctl_event_post(c, ev);
}


int ctl_alloc(struct ctl **ctlp, const struct ctl_config *cfg,
	      ctl_reload_h *reloadh, void *arg)
{
	struct ctl *c;
	int err;

	if (!ctlp || !cfg)
		return EINVAL;

	c = mem_zalloc(sizeof(*c), destructor);
	if (!c)
		return ENOMEM;

	c->cfg = *cfg;
	c->cfg.token[sizeof(c->cfg.token) - 1] = '\0';
	c->cfg.version[sizeof(c->cfg.version) - 1] = '\0';
	c->reloadh = reloadh;
	c->arg = arg;
	c->started = clock_wall_us() / 1000;

	err = ctl_hooks_alloc(&c->hooks);
	if (err)
		goto out;

	err = ctl_hooks_config(c->hooks, &c->cfg);
	if (err)
		goto out;

	err = ctl_play_alloc(&c->play, c);

 out:
	if (err)
		mem_deref(c);
	else
		*ctlp = c;

	return err;
}


void ctl_sig_handlers(struct ctl *c, struct sig_handlers *h)
{
	if (!h)
		return;

	memset(h, 0, sizeof(*h));
	h->event = sig_event_h;
	h->arg = c;
}


int ctl_start(struct ctl *c, struct sig *s, struct engine *e)
{
	if (!c || !s || !e)
		return EINVAL;
	if (c->http)
		return EALREADY;

	if (check_listen(&c->cfg.listen, c->cfg.token)) {
		LOGE("http", "http_listen %J is not a loopback address: set "
		     "api_token, or listen on 127.0.0.1", &c->cfg.listen);
		return EACCES;
	}

	c->sig = s;
	c->engine = e;

	return ctl_http_start(c);
}


int ctl_reconfig(struct ctl *c, const struct ctl_config *cfg)
{
	int err;

	if (!c || !cfg)
		return EINVAL;

	err = check_listen(&c->cfg.listen, cfg->token);
	if (err) {
		LOGE("http", "reload: an empty api_token would leave %J open",
		     &c->cfg.listen);
		return err;
	}

	str_ncpy(c->cfg.token, cfg->token, sizeof(c->cfg.token));
	memcpy(c->cfg.hooks, cfg->hooks, sizeof(c->cfg.hooks));
	c->cfg.nhooks = cfg->nhooks;
	c->cfg.hook_queue = cfg->hook_queue;
	c->cfg.metrics_max_parts = cfg->metrics_max_parts;

	return ctl_hooks_config(c->hooks, &c->cfg);
}
