/*
 * http.c: API requests with libre's HTTP client. The host of --url is
 * resolved here (getaddrinfo: libre 1.1.0's client only takes numeric
 * hosts without a DNS server, and no IPv6 ones) and each request runs the libre loop until
 * the answer, the timeout or a signal (SIGINT/SIGTERM: ECANCELED).
 */
#include <errno.h>
#include <netdb.h>
#include <string.h>
#include "http.h"

struct cctl_http {
	struct dnsc *dnsc;      /* required by http_client_alloc, unused */
	struct http_cli *cli;
	struct sa addr;         /* consortd's API address */
	char *base;             /* "http://ADDR:PORT/prefix" */
	char *hosthdr;          /* "HOST[:PORT]" as in --url */
	char *prefix;           /* "" or "/prefix" */
	const char *token;      /* NULL: none */
	unsigned timeout;       /* [s] */

	/* the request in flight */
	struct tmr tmr;
	struct cctl_resp *resp;
	bool done;
	int err;
};


static void http_destructor(void *arg)
{
	struct cctl_http *h = arg;

	tmr_cancel(&h->tmr);
	mem_deref(h->cli);
	mem_deref(h->dnsc);
	mem_deref(h->base);
	mem_deref(h->hosthdr);
	mem_deref(h->prefix);
}


/* HOST:PORT to an address: numeric, else the first getaddrinfo answer. */
static int resolve(struct sa *sa, const char *host, uint16_t port)
{
	struct addrinfo hints, *res = NULL;
	int err;

	if (!sa_set_str(sa, host, port))
		return sa_af(sa) == AF_INET ? 0 : EAFNOSUPPORT;

	/* IPv4 only: libre 1.1.0's client cannot parse "http://[v6]:port" */
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &res) || !res)
		return EDESTADDRREQ;

	err = sa_set_sa(sa, res->ai_addr);
	if (!err)
		sa_set_port(sa, port);
	freeaddrinfo(res);

	return err;
}


/*
 * Allocates the transport for URL (checked by cctl_url_parse), sending
 * TOKEN (may be NULL; kept by reference) as a bearer token and giving up
 * on a request after TIMEOUT seconds. Returns 0, EINVAL, EDESTADDRREQ
 * (no IPv4 address for the host), EAFNOSUPPORT (an IPv6 address) or
 * ENOMEM.
 */
int cctl_http_alloc(struct cctl_http **hp, const char *url,
		    const char *token, unsigned timeout)
{
	struct cctl_http *h;
	struct cctl_url u;
	int err;

	if (!hp || !url || cctl_url_parse(&u, url))
		return EINVAL;

	h = mem_zalloc(sizeof(*h), http_destructor);
	if (!h)
		return ENOMEM;

	tmr_init(&h->tmr);
	h->token = token;
	h->timeout = timeout ? timeout : CCTL_TIMEOUT;

	err = resolve(&h->addr, u.host, u.port);
	if (err)
		goto out;

	err = dnsc_alloc(&h->dnsc, NULL, NULL, 0);
	if (err)
		goto out;

	err = http_client_alloc(&h->cli, h->dnsc);
	if (err)
		goto out;

	err = re_sdprintf(&h->base, "http://%J%s", &h->addr, u.prefix);
	err |= re_sdprintf(&h->hosthdr, strchr(u.host, ':') ? "[%s]:%u" :
			   "%s:%u", u.host, u.port);
	err |= str_dup(&h->prefix, u.prefix);

 out:
	if (err)
		mem_deref(h);
	else
		*hp = h;

	return err;
}


/* SIGINT/SIGTERM in the loop: stop waiting (the call returns ECANCELED) */
void cctl_http_signal(int sig)
{
	(void)sig;
	re_cancel();
}


static void finish(struct cctl_http *h, int err)
{
	if (h->done)
		return;

	h->done = true;
	h->err = err;
	tmr_cancel(&h->tmr);
	re_cancel();
}


static void timeout_h(void *arg)
{
	finish(arg, ETIMEDOUT);
}


static void resp_h(int err, const struct http_msg *msg, void *arg)
{
	struct cctl_http *h = arg;
	struct cctl_resp *r = h->resp;

	if (!err && !msg)
		err = EBADMSG;

	if (!err) {
		r->status = msg->scode;
		r->len = mbuf_get_left(msg->mb);
		err = re_sdprintf(&r->body, "%b", mbuf_buf(msg->mb), r->len);
	}

	finish(h, err);
}


static int request(void *arg, const char *method, const char *path,
		   const char *body, struct cctl_resp *resp)
{
	struct cctl_http *h = arg;
	struct http_req *req = NULL;
	char *uri = NULL;
	int err;

	h->resp = resp;
	h->done = false;
	h->err = 0;

	err = re_sdprintf(&uri, "%s%s", h->base, path);
	if (err)
		return err;

	err = http_request(&req, h->cli, method, uri, resp_h, NULL, h,
			   "Accept: application/json\r\n"
			   "%s%s%s"
			   "Content-Type: application/json\r\n"
			   "Content-Length: %zu\r\n"
			   "\r\n"
			   "%s",
			   h->token ? "Authorization: Bearer " : "",
			   h->token ? h->token : "", h->token ? "\r\n" : "",
			   body ? strlen(body) : (size_t)0, body ? body : "");
	if (err)
		goto out;

	tmr_start(&h->tmr, h->timeout * 1000ULL, timeout_h, h);
	re_main(cctl_http_signal);

	err = h->done ? h->err : ECANCELED;

 out:
	tmr_cancel(&h->tmr);
	mem_deref(req);
	mem_deref(uri);
	if (err)
		resp->body = mem_deref(resp->body);

	return err;
}


/* Fills tp with h's request and stream functions. */
void cctl_http_transport(struct cctl_http *h, struct cctl_transport *tp)
{
	tp->request = request;
	tp->stream = cctl_http_stream;
	tp->arg = h;
}


const struct sa *cctl_http_addr(const struct cctl_http *h)
{
	return &h->addr;
}


const char *cctl_http_hosthdr(const struct cctl_http *h)
{
	return h->hosthdr;
}


const char *cctl_http_prefix(const struct cctl_http *h)
{
	return h->prefix;
}


const char *cctl_http_token(const struct cctl_http *h)
{
	return h->token;
}


unsigned cctl_http_timeout(const struct cctl_http *h)
{
	return h->timeout;
}
