/*
 * ctl_http.c: the HTTP listener and request dispatch: token check (401),
 * body limit (413), route lookup (404, 405 with Allow), JSON body
 * (400), then the route's handler; and the reply helpers.
 */
#include <stdarg.h>
#include <string.h>
#include <re.h>
#include "log.h"
#include "ctl_priv.h"

static const struct ctl_route *const tables[] = {
	ctl_routes_status, ctl_routes_rooms, ctl_routes_parts,
	ctl_routes_media, ctl_routes_dial, ctl_routes_admin,
	ctl_routes_events, ctl_routes_metrics, ctl_routes_dash,
};


int ctl_reply(struct http_conn *conn, uint16_t status, const char *ctype,
	      const char *hdrs, const uint8_t *body, size_t len)
{
	return http_reply(conn, status, ctl_status_reason(status),
			  "Content-Type: %s\r\n"
			  "Content-Length: %zu\r\n"
			  "Cache-Control: no-store\r\n"
			  "%s"
			  "\r\n"
			  "%b", ctype, len, hdrs ? hdrs : "", body, len);
}


static void log_reply(const struct http_msg *msg, uint16_t status)
{
	if (!msg)
		return;

	LOGD("http", "%r %r -> %u", &msg->met, &msg->path, status);
}


static int vreply_json(struct http_conn *conn, const struct http_msg *msg,
		       uint16_t status, const char *hdrs, const char *fmt,
		       va_list ap)
{
	struct mbuf *mb = mbuf_alloc(2048);
	int err;

	if (!mb)
		return ENOMEM;

	err = mbuf_vprintf(mb, fmt, ap);
	if (!err)
		err = ctl_reply(conn, status, "application/json", hdrs,
				mb->buf, mb->end);

	log_reply(msg, status);
	mem_deref(mb);

	return err;
}


static int reply_json(struct http_conn *conn, const struct http_msg *msg,
		      uint16_t status, const char *hdrs, const char *fmt, ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = vreply_json(conn, msg, status, hdrs, fmt, ap);
	va_end(ap);

	return err;
}


int ctl_reply_jsonf(struct ctl_req *r, uint16_t status, const char *fmt,
		    ...)
{
	va_list ap;
	int err;

	va_start(ap, fmt);
	err = vreply_json(r->conn, r->msg, status, NULL, fmt, ap);
	va_end(ap);

	return err;
}


struct err_arg {
	enum ctl_err e;
	const char *text;
};


static int err_print_h(struct re_printf *pf, void *arg)
{
	const struct err_arg *a = arg;

	return ctl_err_print(pf, a->e, a->text);
}


/* Error body; 401 and 503 get their headers here. */
static int err_reply(struct http_conn *conn, const struct http_msg *msg,
		     enum ctl_err e, const char *hdrs, const char *text)
{
	char h[128];

	if (!hdrs && e == CTL_E_UNAUTHORIZED)
		hdrs = "WWW-Authenticate: Bearer\r\n";
	if (!hdrs && e == CTL_E_DRAINING)
		hdrs = "Retry-After: 30\r\n";

	str_ncpy(h, hdrs ? hdrs : "", sizeof(h));

	return reply_json(conn, msg, ctl_err_status(e), h, "%H",
			  err_print_h, &(struct err_arg){e, text});
}


int ctl_reply_err(struct ctl_req *r, enum ctl_err e, const char *fmt, ...)
{
	char text[256];
	va_list ap;

	va_start(ap, fmt);
	(void)re_vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);

	return err_reply(r->conn, r->msg, e, NULL, text);
}


const char *ctl_param(const struct ctl_req *r, unsigned i, char *buf,
		      size_t sz)
{
	if (!sz)
		return "";

	buf[0] = '\0';
	if (i < r->nparams && r->params[i].l < sz)
		(void)pl_strcpy(&r->params[i], buf, sz);

	return buf;
}


bool ctl_param_id(const struct ctl_req *r, unsigned i, uint32_t *id)
{
	const struct pl *p;
	uint64_t v = 0;

	if (i >= r->nparams)
		return false;

	p = &r->params[i];
	if (!p->l || p->l > 10)
		return false;

	for (size_t k = 0; k < p->l; k++) {
		if (p->p[k] < '0' || p->p[k] > '9')
			return false;
		v = v * 10 + (uint64_t)(p->p[k] - '0');
	}

	if (!v || v > 0x7fffffffu)
		return false;

	*id = (uint32_t)v;
	return true;
}


/* Route, body, handler. */
static void dispatch(struct ctl *c, struct http_conn *conn,
		     const struct http_msg *msg)
{
	struct ctl_req r = {.ctl = c, .conn = conn, .msg = msg};
	const struct ctl_route *rt = NULL;
	char allow[64], hdr[96], text[128];
	int err;

	err = ctl_route_find(tables, ARRAY_SIZE(tables), &msg->met,
			     &msg->path, &rt, r.params, &r.nparams, allow,
			     sizeof(allow));
	if (err == EPERM) {
		re_snprintf(hdr, sizeof(hdr), "Allow: %s\r\n", allow);
		re_snprintf(text, sizeof(text), "%r is not allowed here; "
			    "allowed: %s", &msg->met, allow);
		(void)err_reply(conn, msg, CTL_E_METHOD, hdr, text);
		return;
	}
	if (err) {
		(void)err_reply(conn, msg, CTL_E_NOT_FOUND, NULL,
				"no such path");
		return;
	}

	err = pl_strcmp(&msg->met, "GET") ? ctl_json_body(msg, &r.body) : 0;
	if (err == EBADMSG) {
		(void)err_reply(conn, msg, CTL_E_BAD_JSON, NULL,
				"the body is not valid JSON");
		return;
	}
	if (err) {
		(void)err_reply(conn, msg, CTL_E_BAD_REQUEST, NULL,
				"the body must be a JSON object");
		return;
	}

	rt->h(&r);
	mem_deref(r.body);
}


static void req_h(struct http_conn *conn, const struct http_msg *msg,
		  void *arg)
{
	struct ctl *c = arg;

	if (!ctl_dash_public(&msg->path) &&
	    !ctl_auth_ok(c->cfg.token, msg)) {
		(void)err_reply(conn, msg, CTL_E_UNAUTHORIZED, NULL,
				"missing or wrong bearer token");
		return;
	}

	if (msg->clen > CTL_BODY_MAX) {
		(void)err_reply(conn, msg, CTL_E_TOO_LARGE, NULL,
				"the body is larger than 65536 bytes");
		return;
	}

	dispatch(c, conn, msg);
}


int ctl_http_start(struct ctl *c)
{
	struct sa bound;
	int err;

	err = http_listen(&c->http, &c->cfg.listen, req_h, c);
	if (err) {
		LOGE("http", "cannot listen on %J: %m", &c->cfg.listen, err);
		return err;
	}

	/* port 0 in the config: the port the system chose */
	if (tcp_sock_local_get(http_sock_tcp(c->http), &bound))
		bound = c->cfg.listen;

	LOGI("http", "API and dashboard on http://%J/%s", &bound,
	     c->cfg.token[0] ? " (bearer token required)" : "");

	return 0;
}
