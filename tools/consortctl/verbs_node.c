/* verbs_node.c: verbs about the whole node: status, reload, drain, events. */
#include <errno.h>
#include <string.h>
#include "cctl.h"
#include "render.h"
#include "sse.h"


/* consortctl status */
int cctl_verb_status(struct cctl_ctx *ctx)
{
	struct odict *o;
	int rc;

	rc = cctl_call(ctx, "GET", "/v1/status", NULL, &o);
	if (rc || !o)
		return rc;

	cctl_print_status(ctx->out, o);
	mem_deref(o);

	return CCTL_EXIT_OK;
}


/* consortctl reload */
int cctl_verb_reload(struct cctl_ctx *ctx)
{
	const struct odict *rn;
	struct odict *o;
	struct le *le;
	int rc;

	rc = cctl_call(ctx, "POST", "/v1/reload", NULL, &o);
	if (rc || !o)
		return rc;

	re_hprintf(ctx->out, "configuration reloaded\n");

	rn = cctl_jarr(o, "restart_needed");
	if (rn && odict_count(rn, false)) {
		re_hprintf(ctx->out, "restart needed for:");
		LIST_FOREACH(&rn->lst, le) {
			const struct odict_entry *e = le->data;

			re_hprintf(ctx->out, " ");
			cctl_jentry_print(ctx->out, e);
		}
		re_hprintf(ctx->out, "\n");
	}

	mem_deref(o);
	return CCTL_EXIT_OK;
}


/* consortctl drain [--off] */
int cctl_verb_drain(struct cctl_ctx *ctx)
{
	struct odict *o;
	int rc;

	rc = cctl_call(ctx, "POST", "/v1/drain", ctx->opts->off ?
		       "{\"drain\": false}" : "{\"drain\": true}", &o);
	if (rc || !o)
		return rc;

	if (cctl_jbool(o, "draining"))
		re_hprintf(ctx->out, "draining: new rooms are refused, "
			   "existing rooms go on\n");
	else
		re_hprintf(ctx->out, "not draining: new rooms are accepted\n");

	mem_deref(o);
	return CCTL_EXIT_OK;
}


/* The events verb's state */
struct follow {
	struct cctl_ctx *ctx;
	struct cctl_sse *sse;
	bool out_closed;        /* stdout failed (e.g. `| head`): stop */
};


/* One event from the stream. */
static int event_h(const char *event, const char *data, const char *id,
		   void *arg)
{
	struct follow *f = arg;
	struct re_printf *out = f->ctx->out;
	struct odict *o = NULL;
	int err;

	(void)id;

	if (f->ctx->opts->json)
		err = re_hprintf(out, "%s\n", data);
	else if (cctl_json_decode(&o, data, strlen(data)))
		err = re_hprintf(out, "%s %s\n", event ? event : "message",
				 data);
	else
		err = cctl_print_event(out, o);

	mem_deref(o);
	if (err)
		f->out_closed = true;

	return err;
}


static int chunk_h(const char *p, size_t len, void *arg)
{
	struct follow *f = arg;

	return cctl_sse_feed(f->sse, p, len);
}


/* consortctl events [--levels]: until interrupted or the stream ends. */
int cctl_verb_events(struct cctl_ctx *ctx)
{
	struct cctl_resp resp = {0, NULL, 0};
	struct follow f = {ctx, NULL, false};
	int err, rc = CCTL_EXIT_OK;

	err = cctl_sse_alloc(&f.sse, event_h, &f);
	if (err)
		return CCTL_EXIT_API;

	err = ctx->tp->stream(ctx->tp->arg, ctx->opts->levels ?
			      "/v1/events?levels=1" : "/v1/events",
			      chunk_h, &f, &resp);
	if (err == ECANCELED || f.out_closed)
		rc = CCTL_EXIT_OK;      /* SIGINT, SIGTERM; reader gone */
	else if (err)
		rc = cctl_conn_error(ctx, err);
	else if (resp.status < 200 || resp.status > 299)
		rc = cctl_api_error(ctx, &resp);
	else {
		re_hprintf(ctx->err, "consortctl: consortd ended the event "
			   "stream\n");
		rc = CCTL_EXIT_CONN;
	}

	mem_deref(resp.body);
	mem_deref(f.sse);
	return rc;
}
