/* verbs_part.c: participant verbs: mute/unmute/deaf/undeaf, kick, gain. */
#include <stdio.h>
#include <string.h>
#include "cctl.h"
#include "render.h"

enum {
	PATH_MAX_API = 192,     /* [bytes] API path with room and id */
};


static const char *part_path(char *buf, size_t sz,
			     const struct cctl_opts *o, const char *suffix)
{
	re_snprintf(buf, sz, "/v1/rooms/%s/participants/%s%s", o->args[0],
		    o->args[1], suffix);
	return buf;
}


/* consortctl mute|unmute|deaf|undeaf ROOM ID */
int cctl_verb_part(struct cctl_ctx *ctx)
{
	char path[PATH_MAX_API], suffix[16];
	struct odict *o;
	int rc;

	re_snprintf(suffix, sizeof(suffix), "/%s", ctx->opts->verb->name);
	rc = cctl_call(ctx, "POST", part_path(path, sizeof(path), ctx->opts,
					       suffix), NULL, &o);
	if (rc || !o)
		return rc;

	cctl_print_part(ctx->out, ctx->opts->args[0], o);
	mem_deref(o);

	return CCTL_EXIT_OK;
}


/* consortctl kick ROOM ID */
int cctl_verb_kick(struct cctl_ctx *ctx)
{
	char path[PATH_MAX_API];
	struct odict *o;
	int rc;

	rc = cctl_call(ctx, "DELETE", part_path(path, sizeof(path),
						 ctx->opts, ""), NULL, &o);
	if (rc || !o)
		return rc;

	re_hprintf(ctx->out, "kicked participant %s from %s\n",
		   ctx->opts->args[1], ctx->opts->args[0]);
	mem_deref(o);

	return CCTL_EXIT_OK;
}


/* consortctl gain ROOM ID [--in DB] [--out DB] */
int cctl_verb_gain(struct cctl_ctx *ctx)
{
	const struct cctl_opts *op = ctx->opts;
	char path[PATH_MAX_API], body[96], in[32], out[32];
	struct odict *o;
	int rc;

	snprintf(in, sizeof(in), "\"in_db\": %g", op->in_db);
	snprintf(out, sizeof(out), "\"out_db\": %g", op->out_db);
	re_snprintf(body, sizeof(body), "{%s%s%s}", op->has_in ? in : "",
		    op->has_in && op->has_out ? ", " : "",
		    op->has_out ? out : "");

	rc = cctl_call(ctx, "PUT", part_path(path, sizeof(path), op,
					      "/gain"), body, &o);
	if (rc || !o)
		return rc;

	cctl_print_part(ctx->out, op->args[0], o);
	mem_deref(o);

	return CCTL_EXIT_OK;
}
