/*
 * ctl.h: the control plane of consortd: the HTTP/JSON API (docs/api.md),
 * server-sent events and webhooks, Prometheus metrics and the dashboard.
 *
 * Everything runs on the main (libre) thread: the HTTP server, the
 * webhook client, and the handlers, which read signaling's state and
 * the stats snapshots the media workers publish (engine_part_stats,
 * engine_worker_stats); the API never reaches into a worker. Only the
 * decoding of files to play runs on a short-lived helper thread.
 *
 * Lifecycle: ctl_alloc (before sig_alloc, so sig can be given the event
 * handlers from ctl_sig_handlers), then ctl_start once sig and the
 * engine run. mem_deref the ctl after the sig (sig's last events still
 * arrive) and before the engine.
 */
#ifndef CONSORT_CTL_H
#define CONSORT_CTL_H

#include <stdbool.h>
#include <stdint.h>
#include <re.h>
#include "engine.h"
#include "sig.h"

enum {
	CTL_MAX_HOOKS = 8,       /* webhook URLs                        */
	CTL_URL_MAX = 256,       /* [bytes] of a webhook URL, with NUL  */
	CTL_TOKEN_MAX = 128,     /* [bytes] of the API token, with NUL  */
	CTL_MAX_RESTART = 16,    /* restart-needed keys reported        */
};

struct ctl_config {
	struct sa listen;                   /* HTTP address and port      */
	char token[CTL_TOKEN_MAX];          /* bearer token, "" = none    */
	char hooks[CTL_MAX_HOOKS][CTL_URL_MAX]; /* webhook URLs (http://) */
	unsigned nhooks;
	unsigned hook_queue;                /* [events] queued per URL    */
	unsigned metrics_max_parts;         /* per-participant series cap */
	char version[32];                   /* reported by /v1/status     */
};

/* What a reload did (POST /v1/reload, SIGHUP). */
struct ctl_reload {
	char err[512];                        /* config error, "" = none  */
	char keys[CTL_MAX_RESTART][32];       /* changed, need a restart  */
	unsigned nkeys;
};

/*
 * The daemon's reload: re-read the config file and apply it (it calls
 * ctl_reconfig itself). Returns 0, or an errno code with r->err set
 * (the running config is kept).
 */
typedef int (ctl_reload_h)(struct ctl_reload *r, void *arg);

struct ctl;

/*
 * Allocate the control plane from cfg (copied). Nothing listens yet.
 * reloadh(arg) serves POST /v1/reload. *ctlp is a mem object.
 * Returns 0, EINVAL or ENOMEM.
 */
int  ctl_alloc(struct ctl **ctlp, const struct ctl_config *cfg,
	       ctl_reload_h *reloadh, void *arg);

/* Fill h with the ctl's signaling event handlers (h->arg = c). */
void ctl_sig_handlers(struct ctl *c, struct sig_handlers *h);

/*
 * Listen on cfg->listen and serve. s and e are borrowed and must
 * outlive c. Returns 0, EACCES (a non-loopback address without a
 * token: refused), or the errno of binding; nothing listens then.
 */
int  ctl_start(struct ctl *c, struct sig *s, struct engine *e);

/*
 * Apply a new config: token, webhooks (queues of unchanged URLs are
 * kept), queue size and metrics cap. The listen address is kept.
 * Returns 0 or EACCES (would leave a non-loopback listener without a
 * token: nothing changed).
 */
int  ctl_reconfig(struct ctl *c, const struct ctl_config *cfg);

#endif
