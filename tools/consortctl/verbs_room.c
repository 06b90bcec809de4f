/* verbs_room.c: rooms, room, lock/unlock, play, stop, dial, end. */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>
#include "cctl.h"
#include "render.h"

enum {
	PATH_MAX_API = 160,     /* [bytes] API path with a room name */
};


static const char *room_path(char *buf, size_t sz, const char *room,
			     const char *suffix)
{
	re_snprintf(buf, sz, "/v1/rooms/%s%s", room, suffix);
	return buf;
}


/* consortctl rooms */
int cctl_verb_rooms(struct cctl_ctx *ctx)
{
	struct odict *o;
	int rc;

	rc = cctl_call(ctx, "GET", "/v1/rooms", NULL, &o);
	if (rc || !o)
		return rc;

	cctl_print_rooms(ctx->out, o);
	mem_deref(o);

	return CCTL_EXIT_OK;
}


/* consortctl room ROOM */
int cctl_verb_room(struct cctl_ctx *ctx)
{
	char path[PATH_MAX_API];
	struct odict *o;
	int rc;

	rc = cctl_call(ctx, "GET", room_path(path, sizeof(path),
					      ctx->opts->args[0], ""),
		       NULL, &o);
	if (rc || !o)
		return rc;

	cctl_print_room(ctx->out, o);
	mem_deref(o);

	return CCTL_EXIT_OK;
}


/* consortctl lock ROOM | unlock ROOM */
int cctl_verb_lock(struct cctl_ctx *ctx)
{
	const char *verb = ctx->opts->verb->name;
	char path[PATH_MAX_API], suffix[16];
	struct odict *o;
	int rc;

	re_snprintf(suffix, sizeof(suffix), "/%s", verb);
	rc = cctl_call(ctx, "POST", room_path(path, sizeof(path),
					       ctx->opts->args[0], suffix),
		       NULL, &o);
	if (rc || !o)
		return rc;

	re_hprintf(ctx->out, "room %s %s\n", ctx->opts->args[0],
		   cctl_jbool(o, "locked") ? "locked: new callers get 403" :
		   "unlocked");
	mem_deref(o);

	return CCTL_EXIT_OK;
}


/* FILE as an absolute path (consortd's cwd is not ours) into *absp. */
static int abspath(char **absp, const char *file)
{
	char cwd[PATH_MAX];

	if (file[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return str_dup(absp, file);

	return re_sdprintf(absp, "%s/%s", cwd, file);
}


/* consortctl play ROOM FILE [--loop] */
int cctl_verb_play(struct cctl_ctx *ctx)
{
	const struct cctl_opts *op = ctx->opts;
	char path[PATH_MAX_API], num[CCTL_NUMSZ];
	char *file = NULL, *body = NULL;
	struct odict *o = NULL;
	double ms;
	int rc;

	if (abspath(&file, op->args[1]) ||
	    re_sdprintf(&body, "{\"file\": \"%H\", \"loop\": %s}",
			utf8_encode, file, op->loop ? "true" : "false")) {
		rc = CCTL_EXIT_API;
		goto out;
	}

	rc = cctl_call(ctx, "POST", room_path(path, sizeof(path),
					       op->args[0], "/play"),
		       body, &o);
	if (rc || !o)
		goto out;

	re_hprintf(ctx->out, "playing %s in %s", file, op->args[0]);
	if (cctl_jnum(o, "duration_ms", &ms))
		re_hprintf(ctx->out, " (%s s%s)",
			   cctl_num_str(num, sizeof(num), ms / 1000.0, 1),
			   op->loop ? ", looped" : "");
	re_hprintf(ctx->out, "\n");

 out:
	mem_deref(o);
	mem_deref(body);
	mem_deref(file);
	return rc;
}


/* consortctl stop ROOM */
int cctl_verb_stop(struct cctl_ctx *ctx)
{
	char path[PATH_MAX_API];
	struct odict *o;
	int rc;

	rc = cctl_call(ctx, "DELETE", room_path(path, sizeof(path),
						 ctx->opts->args[0], "/play"),
		       NULL, &o);
	if (rc || !o)
		return rc;

	re_hprintf(ctx->out, "stopped playing in %s\n", ctx->opts->args[0]);
	mem_deref(o);

	return CCTL_EXIT_OK;
}


/* consortctl dial ROOM URI */
int cctl_verb_dial(struct cctl_ctx *ctx)
{
	const struct cctl_opts *op = ctx->opts;
	char path[PATH_MAX_API];
	struct odict *o = NULL;
	char *body = NULL;
	double id;
	int rc;

	if (re_sdprintf(&body, "{\"uri\": \"%H\"}", utf8_encode,
			op->args[1]))
		return CCTL_EXIT_API;

	rc = cctl_call(ctx, "POST", room_path(path, sizeof(path),
					       op->args[0], "/dial"),
		       body, &o);
	if (rc || !o)
		goto out;

	if (cctl_jnum(o, "dial", &id))
		re_hprintf(ctx->out, "dialing %s into %s as participant "
			   "%lld\n", op->args[1], op->args[0], (long long)id);
	else
		re_hprintf(ctx->out, "dialing %s into %s\n", op->args[1],
			   op->args[0]);

 out:
	mem_deref(o);
	mem_deref(body);
	return rc;
}


/* consortctl end ROOM */
int cctl_verb_end(struct cctl_ctx *ctx)
{
	char path[PATH_MAX_API];
	struct odict *o;
	double n = 0;
	int rc;

	rc = cctl_call(ctx, "DELETE", room_path(path, sizeof(path),
						 ctx->opts->args[0], ""),
		       NULL, &o);
	if (rc || !o)
		return rc;

	cctl_jnum(o, "participants", &n);
	re_hprintf(ctx->out, "ended room %s (%lld participants hung up)\n",
		   ctx->opts->args[0], (long long)n);
	mem_deref(o);

	return CCTL_EXIT_OK;
}
