/*
 * cctl.h: consortctl internals: options, the verb table, the transport
 * interface the verbs talk through, and the API call glue.
 *
 * Design: main.c parses the command line (opts.c) into struct cctl_opts,
 * looks the verb up in cctl_verbs (verbs.c) and runs its handler with a
 * struct cctl_ctx. Handlers (verbs_*.c) build the request, call the API
 * through ctx->tp (http.c/stream.c in the program, a fake in the unit
 * tests) and print the answer: the server's JSON with --json, else a
 * table or line (render.c, table.c). Everything but http.c, stream.c and
 * main.c is pure and linked into the consort_ctlcore library.
 */
#ifndef CONSORT_CCTL_H
#define CONSORT_CCTL_H

#include <stdbool.h>
#include <stdint.h>
#include <re.h>

/* Exit codes of consortctl */
enum cctl_exit {
	CCTL_EXIT_OK = 0,
	CCTL_EXIT_API = 1,      /* consortd answered with an error */
	CCTL_EXIT_USAGE = 2,    /* bad command line */
	CCTL_EXIT_CONN = 3,     /* consortd unreachable, stream lost */
};

enum {
	CCTL_MAXARGS = 2,       /* positional arguments of a verb */
	CCTL_TIMEOUT = 10,      /* [s] default request timeout */
};

#define CCTL_DEFAULT_URL "http://127.0.0.1:8088"

/* Verb option flags (struct cctl_verb.flags) */
enum cctl_vflag {
	CCTL_F_LOOP = 1 << 0,   /* --loop */
	CCTL_F_GAIN = 1 << 1,   /* --in DB --out DB */
	CCTL_F_LEVELS = 1 << 2, /* --levels */
	CCTL_F_OFF = 1 << 3,    /* --off */
	CCTL_F_PART = 1 << 4,   /* second argument is a participant ID */
};

struct cctl_verb;

/* A split --url */
struct cctl_url {
	char host[256];         /* name or address, no brackets */
	uint16_t port;
	char prefix[256];       /* "" or "/path", no trailing '/' */
};

/* The parsed command line */
struct cctl_opts {
	const char *url;        /* base URL, e.g. "http://127.0.0.1:8088" */
	const char *token;      /* bearer token or NULL */
	bool json;              /* print the server's JSON */
	bool help;              /* --help: print help, run nothing */
	unsigned timeout;       /* [s] per request (not for events) */
	const struct cctl_verb *verb;   /* NULL: no verb given */
	const char *args[CCTL_MAXARGS]; /* positional arguments */
	unsigned argc;
	bool loop;              /* play --loop */
	bool levels;            /* events --levels */
	bool off;               /* drain --off */
	bool has_in, has_out;   /* gain --in / --out given */
	double in_db, out_db;   /* [dB] gain */
};

/* An HTTP response; body is a mem string (NUL-terminated) or NULL */
struct cctl_resp {
	uint16_t status;        /* HTTP status code */
	char *body;
	size_t len;             /* [bytes] of body */
};

/* Receives streamed body bytes; non-zero return stops the stream */
typedef int (cctl_chunk_h)(const char *p, size_t len, void *arg);

/*
 * Sends METHOD PATH (path below the base URL, e.g. "/v1/rooms") with an
 * optional JSON body; fills resp (caller frees resp->body with
 * mem_deref). Returns 0 when an answer arrived (any status), else an
 * errno (ECONNREFUSED, ETIMEDOUT, ...).
 */
typedef int (cctl_request_h)(void *arg, const char *method,
			     const char *path, const char *body,
			     struct cctl_resp *resp);

/*
 * GETs PATH and passes the body to chunkh as it arrives, until the
 * server closes it or chunkh returns non-zero (that value is returned).
 * A non-2xx answer fills resp (status, body) and chunkh is not called.
 * Returns 0 when the server ended the stream normally or chunkh's
 * value, else an errno.
 */
typedef int (cctl_stream_h)(void *arg, const char *path,
			    cctl_chunk_h *chunkh, void *carg,
			    struct cctl_resp *resp);

struct cctl_transport {
	cctl_request_h *request;
	cctl_stream_h *stream;
	void *arg;
};

/* What a verb handler works with */
struct cctl_ctx {
	const struct cctl_opts *opts;
	const struct cctl_transport *tp;
	struct re_printf *out;  /* stdout: results */
	struct re_printf *err;  /* stderr: messages */
};

/* Runs a verb; returns an exit code (enum cctl_exit) */
typedef int (cctl_verb_h)(struct cctl_ctx *ctx);

struct cctl_verb {
	const char *name;       /* "mute" */
	cctl_verb_h *h;
	unsigned nargs;         /* positional arguments */
	unsigned flags;         /* enum cctl_vflag */
	const char *args;       /* "ROOM ID" */
	const char *summary;    /* one line for the program --help */
	const char *help;       /* details for VERB --help */
};

/* verbs.c */
extern const struct cctl_verb cctl_verbs[];
extern const size_t cctl_nverbs;
const struct cctl_verb *cctl_verb_find(const char *name);
int cctl_help(struct re_printf *pf, const struct cctl_verb *verb);

/* opts.c */
int cctl_opts_parse(struct cctl_opts *o, int argc, char *const argv[],
		    const char *env_url, const char *env_token,
		    struct re_printf *err);
bool cctl_room_valid(const char *room);
bool cctl_id_valid(const char *id);

/* url.c */
int cctl_url_parse(struct cctl_url *u, const char *url);

/* api.c */
int cctl_call(struct cctl_ctx *ctx, const char *method, const char *path,
	      const char *body, struct odict **op);
int cctl_conn_error(struct cctl_ctx *ctx, int err);
int cctl_api_error(struct cctl_ctx *ctx, const struct cctl_resp *resp);

/* verbs_node.c, verbs_room.c, verbs_part.c */
int cctl_verb_status(struct cctl_ctx *ctx);
int cctl_verb_reload(struct cctl_ctx *ctx);
int cctl_verb_drain(struct cctl_ctx *ctx);
int cctl_verb_events(struct cctl_ctx *ctx);
int cctl_verb_rooms(struct cctl_ctx *ctx);
int cctl_verb_room(struct cctl_ctx *ctx);
int cctl_verb_lock(struct cctl_ctx *ctx);
int cctl_verb_play(struct cctl_ctx *ctx);
int cctl_verb_stop(struct cctl_ctx *ctx);
int cctl_verb_dial(struct cctl_ctx *ctx);
int cctl_verb_end(struct cctl_ctx *ctx);
int cctl_verb_part(struct cctl_ctx *ctx);
int cctl_verb_kick(struct cctl_ctx *ctx);
int cctl_verb_gain(struct cctl_ctx *ctx);

#endif
