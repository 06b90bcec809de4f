/* api.c: one API call for a verb: transport, errors, --json, decoding. */
#include <errno.h>
#include <string.h>
#include "cctl.h"
#include "render.h"


/*
 * Prints "consortctl: cannot reach consortd at URL: REASON" for the
 * transport error ERR. Returns CCTL_EXIT_CONN.
 */
int cctl_conn_error(struct cctl_ctx *ctx, int err)
{
	if (err == EDESTADDRREQ)
		re_hprintf(ctx->err, "consortctl: cannot reach consortd at "
			   "%s: host not found\n", ctx->opts->url);
	else if (err == ECANCELED)
		re_hprintf(ctx->err, "consortctl: interrupted\n");
	else if (err == EAFNOSUPPORT)
		re_hprintf(ctx->err, "consortctl: cannot reach consortd at "
			   "%s: IPv6 is not supported, use an IPv4 address\n",
			   ctx->opts->url);
	else
		re_hprintf(ctx->err, "consortctl: cannot reach consortd at "
			   "%s: %m\n", ctx->opts->url, err);

	return CCTL_EXIT_CONN;
}


/* The body as it came, ending with a newline. */
static void print_body(struct re_printf *pf, const struct cctl_resp *resp)
{
	if (!resp->len)
		return;

	re_hprintf(pf, "%s%s", resp->body,
		   resp->body[resp->len - 1] == '\n' ? "" : "\n");
}


static void print_known(struct cctl_ctx *ctx, uint16_t status,
			const char *code, const char *msg)
{
	const struct cctl_opts *o = ctx->opts;
	const char *room = o->argc >= 1 ? o->args[0] : NULL;
	const char *id = o->argc >= 2 ? o->args[1] : NULL;

	if (!strcmp(code, "room_not_found") && room)
		re_hprintf(ctx->err, "consortctl: room '%s' not found", room);
	else if (!strcmp(code, "participant_not_found") && room && id)
		re_hprintf(ctx->err, "consortctl: participant %s not found "
			   "in room '%s'", id, room);
	else if (!strcmp(code, "unauthorized"))
		re_hprintf(ctx->err, "consortctl: wrong or missing API token "
			   "(set --token or CONSORT_TOKEN)");
	else
		re_hprintf(ctx->err, "consortctl: %s", msg ? msg : code);

	re_hprintf(ctx->err, " (%u %s)\n", status, code);
}


/*
 * Prints the message for an error answer (non-2xx) on ctx->err, e.g.
 * "consortctl: room 'x' not found (404 room_not_found)"; with --json
 * also the server's body on ctx->out. Returns CCTL_EXIT_API.
 */
int cctl_api_error(struct cctl_ctx *ctx, const struct cctl_resp *resp)
{
	const struct odict *eo = NULL;
	struct odict *o = NULL;
	const char *code = NULL;

	if (resp->body && !cctl_json_decode(&o, resp->body, resp->len)) {
		eo = cctl_jobj(o, "error");
		code = cctl_jstr(eo, "code");
	}

	if (code)
		print_known(ctx, resp->status, code, cctl_jstr(eo, "message"));
	else
		re_hprintf(ctx->err, "consortctl: consortd answered HTTP %u%s"
			   "%s\n", resp->status,
			   resp->len ? ": " : "",
			   resp->len ? resp->body : "");

	if (ctx->opts->json)
		print_body(ctx->out, resp);

	mem_deref(o);
	return CCTL_EXIT_API;
}


/*
 * Sends METHOD PATH [BODY] and handles the answer: a transport failure
 * or an error status is reported (exit code returned). On success with
 * --json the body is printed and *op stays NULL; without, the body is
 * decoded into *op (caller derefs). Returns an exit code.
 */
int cctl_call(struct cctl_ctx *ctx, const char *method, const char *path,
	      const char *body, struct odict **op)
{
	struct cctl_resp resp = {0, NULL, 0};
	int err, rc = CCTL_EXIT_OK;

	*op = NULL;

	err = ctx->tp->request(ctx->tp->arg, method, path, body, &resp);
	if (err) {
		rc = cctl_conn_error(ctx, err);
		goto out;
	}

	if (resp.status < 200 || resp.status > 299) {
		rc = cctl_api_error(ctx, &resp);
		goto out;
	}

	if (ctx->opts->json) {
		print_body(ctx->out, &resp);
		goto out;
	}

	if (!resp.body || cctl_json_decode(op, resp.body, resp.len)) {
		re_hprintf(ctx->err, "consortctl: consortd's answer to %s %s "
			   "is not a JSON object (HTTP %u)\n", method, path,
			   resp.status);
		rc = CCTL_EXIT_API;
	}

 out:
	mem_deref(resp.body);
	return rc;
}
