/*
 * ctl_priv.h: internals shared by the control-plane files.
 *
 * Ownership:
 *   ctl
 *    +- http (libre http_sock) -- requests are dispatched through the
 *    |  route tables of ctl_status.c, ctl_rooms.c, ctl_parts.c,
 *    |  ctl_media.c, ctl_dial.c, ctl_admin.c, ctl_sse.c, ctl_metrics.c,
 *    |  ctl_dash.c
 *    +- evq: event history (ctl_events.c), fanned out to
 *    |   +- sses: server-sent-event clients (own tcp_conn each)
 *    |   +- hooks: one delivery queue per webhook URL (ctl_hook.c)
 *    +- play: decode jobs (helper threads) and what each room plays
 */
#ifndef CONSORT_CTL_PRIV_H
#define CONSORT_CTL_PRIV_H

#include "ctl.h"

enum {
	CTL_BODY_MAX = 65536,     /* [bytes] request body, 413 beyond     */
	CTL_MAX_PARAMS = 4,       /* {room}, {id} ... in a path pattern   */
	CTL_HISTORY = 1000,       /* [events] kept for Last-Event-ID      */
	CTL_JSON_DEPTH = 16,      /* nesting accepted in request bodies   */
};

struct ctl_play;
struct ctl_hooks;

struct ctl {
	struct ctl_config cfg;
	ctl_reload_h *reloadh;
	void *arg;
	struct sig *sig;              /* borrowed, after ctl_start      */
	struct engine *engine;        /* borrowed, after ctl_start      */
	struct http_sock *http;
	uint64_t started;             /* [ms] wall clock at ctl_alloc   */
	struct list history;          /* struct ctl_event, oldest first */
	unsigned nhistory;
	uint64_t seq;                 /* last event number              */
	struct list sses;             /* struct ctl_sse                 */
	struct ctl_hooks *hooks;
	struct ctl_play *play;
};

/* Errors of the API (docs/api.md), ctl_err.c. */
enum ctl_err {
	CTL_E_BAD_JSON = 0,
	CTL_E_BAD_REQUEST,
	CTL_E_UNAUTHORIZED,
	CTL_E_NOT_FOUND,
	CTL_E_ROOM_NOT_FOUND,
	CTL_E_PART_NOT_FOUND,
	CTL_E_METHOD,
	CTL_E_CONFLICT,
	CTL_E_TOO_LARGE,
	CTL_E_INTERNAL,
	CTL_E_DRAINING,
	CTL_E_COUNT
};

uint16_t ctl_err_status(enum ctl_err e);
const char *ctl_err_code(enum ctl_err e);
/* {"error": {"code": "...", "message": "..."}} (msg may be NULL). */
int  ctl_err_print(struct re_printf *pf, enum ctl_err e, const char *msg);
const char *ctl_status_reason(uint16_t status);

/* One request being served. */
struct ctl_req {
	struct ctl *ctl;
	struct http_conn *conn;
	const struct http_msg *msg;
	struct pl params[CTL_MAX_PARAMS]; /* captured {name} segments     */
	unsigned nparams;
	struct odict *body;           /* JSON object body, NULL = none   */
};

typedef void (ctl_route_h)(struct ctl_req *r);

/* {method, path pattern, handler}: "/v1/rooms/{room}" etc.; a {name}
 * segment matches one non-empty path segment. Tables end with
 * {NULL}. */
struct ctl_route {
	const char *method;
	const char *pattern;
	ctl_route_h *h;
};

extern const struct ctl_route ctl_routes_status[];
extern const struct ctl_route ctl_routes_rooms[];
extern const struct ctl_route ctl_routes_parts[];
extern const struct ctl_route ctl_routes_media[];
extern const struct ctl_route ctl_routes_dial[];
extern const struct ctl_route ctl_routes_admin[];
extern const struct ctl_route ctl_routes_events[];
extern const struct ctl_route ctl_routes_metrics[];
extern const struct ctl_route ctl_routes_dash[];

/*
 * ctl_route.c: find the route of method + path in the tables. Returns
 * 0 (*rp and params set), ENOENT (no pattern matches the path: 404) or
 * EPERM (the path matches, not the method: 405; allow gets "GET,
 * DELETE" ...).
 */
int ctl_route_find(const struct ctl_route *const *tables, size_t ntables,
		   const struct pl *method, const struct pl *path,
		   const struct ctl_route **rp, struct pl *params,
		   unsigned *nparams, char *allow, size_t allowsz);

/* ctl_dash.c: a static dashboard file (served without a token)? */
bool ctl_dash_public(const struct pl *path);

/* ctl_auth.c */
bool ctl_auth_ok(const char *token, const struct http_msg *msg);
/* Value of name in a query string ("?a=1&b=2" or "a=1&b=2"),
 * percent-decoded into buf; 0 or ENOENT (EOVERFLOW: too long). */
int  ctl_query_get(const struct pl *query, const char *name, char *buf,
		   size_t sz);
bool ctl_query_flag(const struct pl *query, const char *name);

/* ctl_json.c: output */
int  ctl_json_str_h(struct re_printf *pf, void *str);    /* "..." or null */
int  ctl_json_pl_h(struct re_printf *pf, void *pl);
int  ctl_json_time_h(struct re_printf *pf, void *ms);    /* uint64_t *   */
int  ctl_json_str(struct re_printf *pf, const char *s, size_t len);
/* Length of the valid UTF-8 sequence at p (n bytes left), 0 if bad. */
size_t ctl_utf8_len(const uint8_t *p, size_t n);

/* ctl_jsonin.c: input. check: strict RFC 8259 syntax, 0 or EBADMSG. */
int  ctl_json_check(const char *p, size_t len);
/* Body -> *op: NULL if empty; EBADMSG (not JSON), EPROTO (not an
 * object). */
int  ctl_json_body(const struct http_msg *msg, struct odict **op);
/* Fields: 0 (set, or absent: *present false), EINVAL (wrong type). */
int  ctl_json_num(const struct odict *o, const char *key, double *v,
		  bool *present);
int  ctl_json_bool(const struct odict *o, const char *key, bool *v,
		   bool *present);
int  ctl_json_string(const struct odict *o, const char *key,
		     const char **v);
/* The first key of o not in the NULL-ended allowed list, or NULL. */
const char *ctl_json_unknown(const struct odict *o,
			     const char *const *allowed);

/* ctl_http.c: replies */
int  ctl_reply_jsonf(struct ctl_req *r, uint16_t status, const char *fmt,
		     ...);
int  ctl_reply_err(struct ctl_req *r, enum ctl_err e, const char *fmt,
		   ...);
int  ctl_reply(struct http_conn *conn, uint16_t status, const char *ctype,
	       const char *hdrs, const uint8_t *body, size_t len);
int  ctl_http_start(struct ctl *c);
/* The {name} captured as a C string; "" if absent or too long. */
const char *ctl_param(const struct ctl_req *r, unsigned i, char *buf,
		      size_t sz);
/* Participant id from param i; false if not a decimal id. */
bool ctl_param_id(const struct ctl_req *r, unsigned i, uint32_t *id);

/* ctl_obj.c: API objects */
int  ctl_print_part(struct re_printf *pf, const struct ctl *c,
		    const struct sig_part_info *pi);
int  ctl_print_room(struct re_printf *pf, const struct ctl *c,
		    const struct sig_room_info *ri, bool parts);
/* Reply with the room / participant, or the 404 for it. */
void ctl_reply_room(struct ctl_req *r, uint16_t status, const char *room);
void ctl_reply_part(struct ctl_req *r, uint16_t status, const char *room,
		    uint32_t id);

/* ctl_events.c */
struct ctl_event {
	struct le le;             /* in ctl->history                     */
	uint64_t seq;
	const char *type;         /* static string                       */
	char *json;               /* the data: line                      */
};
void ctl_event_post(struct ctl *c, const struct sig_event *ev);
void ctl_events_flush(struct ctl *c);
/* Print the events after seq (all kept if seq is older) as SSE. */
int  ctl_events_since(const struct ctl *c, uint64_t seq,
		      struct mbuf *mb);
int  ctl_event_sse(struct mbuf *mb, const struct ctl_event *ev);

/* ctl_sse.c */
void ctl_sse_send(struct ctl *c, const struct ctl_event *ev);
void ctl_sse_close_all(struct ctl *c);

/* ctl_hook.c */
int  ctl_hooks_alloc(struct ctl_hooks **hp);
int  ctl_hooks_config(struct ctl_hooks *h, const struct ctl_config *cfg);
void ctl_hooks_post(struct ctl_hooks *h, struct ctl_event *ev);
uint64_t ctl_hooks_dropped(const struct ctl_hooks *h);

/* ctl_play.c */
int  ctl_play_alloc(struct ctl_play **pp, struct ctl *c);
const char *ctl_play_file(const struct ctl_play *p, uint32_t room_id);
void ctl_play_forget(struct ctl_play *p, uint32_t room_id);
/* Decode file on a helper thread, then play it into room and answer
 * conn (referenced until then). 0, EBUSY (too many decodes) or errno. */
int  ctl_play_start(struct ctl_play *p, struct http_conn *conn,
		    const char *room, const char *file, bool loop);

/* ctl_decode.c: any thread. Decode the first audio stream of path to
 * 48 kHz mono S16; *pcmp is a mem object of *np samples. At most
 * max_s seconds (EFBIG beyond). Returns 0 or an errno code with a
 * message in err. */
int  ctl_decode_file(const char *path, uint32_t max_s, int16_t **pcmp,
		     size_t *np, char *err, size_t errsz);

#endif
