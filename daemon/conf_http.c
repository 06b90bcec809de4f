/* conf_http.c: config types of the control plane: http_listen,
 * api_token, webhook (a list of http:// URLs). */
#include <stdlib.h>
#include <string.h>
#include <re.h>
#include "conf.h"
#include "conf_type.h"

#define KEYFMT "%-18s "

/* "ip", "ip:port", "[ip6]", "[ip6]:port" or a bare "ip6"; port 0..65535
 * (0 = any free port) or def. s is modified. */
static int addr_decode(struct sa *sa, char *s, uint16_t def)
{
	char *host = s, *ps = NULL, *end;
	unsigned long v = def;

	if (*s == '[') {
		end = strchr(s, ']');
		if (!end || (end[1] && end[1] != ':'))
			return EINVAL;
		*end = '\0';
		host = s + 1;
		if (end[1] == ':')
			ps = end + 2;
	}
	else if (strchr(s, ':') && strchr(s, ':') == strrchr(s, ':')) {
		ps = strchr(s, ':');
		*ps++ = '\0';
	}

	if (ps) {
		if (*ps < '0' || *ps > '9' || strlen(ps) > 5)
			return EINVAL;
		v = strtoul(ps, &end, 10);
		if (*end || v > 65535)
			return EINVAL;
	}

	return sa_set_str(sa, host, (uint16_t)v);
}


static int parse_http(struct conf *c, const struct conf_key *k, char *val,
		      const struct conf_pctx *p)
{
	char buf[64];
	struct sa sa;

	str_ncpy(buf, val, sizeof(buf));
	if (strlen(val) < sizeof(buf) && !strpbrk(val, " \t") &&
	    !addr_decode(&sa, buf, (uint16_t)k->max)) {
		c->http_listen = sa;
		return 0;
	}

	return conf_fail(p, k, "expected an IP address with optional port "
			 "(127.0.0.1:8088, [::1]:8088), got '%s'", val);
}


static bool eq_http(const struct conf *a, const struct conf *b,
		    const struct conf_key *k)
{
	return sa_cmp(&a->http_listen, &b->http_listen, SA_ALL);
}


static int print_http(struct re_printf *pf, const struct conf *c,
		      const struct conf_key *k)
{
	return re_hprintf(pf, KEYFMT "%J\n", k->name, &c->http_listen);
}


/* One word of printable ASCII; "none" = no token. */
static int parse_token(struct conf *c, const struct conf_key *k, char *val,
		       const struct conf_pctx *p)
{
	size_t n = strlen(val);

	if (!strcmp(val, "none")) {
		c->api_token[0] = '\0';
		return 0;
	}

	for (size_t i = 0; i < n; i++) {
		if (val[i] <= ' ' || val[i] > '~')
			n = 0;
	}

	if (!n || n >= sizeof(c->api_token))
		return conf_fail(p, k, "expected 'none' or one word of 1..%zu "
				 "printable characters", sizeof(c->api_token)
				 - 1);

	str_ncpy(c->api_token, val, sizeof(c->api_token));
	return 0;
}


static bool eq_token(const struct conf *a, const struct conf *b,
		     const struct conf_key *k)
{
	return !strcmp(a->api_token, b->api_token);
}


static int print_token(struct re_printf *pf, const struct conf *c,
		       const struct conf_key *k)
{
	return re_hprintf(pf, KEYFMT "%s\n", k->name,
			  c->api_token[0] ? c->api_token : "none");
}


static bool url_ok(const char *s)
{
	struct pl pl, scheme, host, port, path;

	if (strncmp(s, "http://", 7) || strchr(s, ' ') || strchr(s, '\t'))
		return false;

	pl_set_str(&pl, s);
	if (re_regex(pl.p, pl.l, "[a-z]+://[^:/]+[:]*[0-9]*[^]*", &scheme,
		     &host, NULL, &port, &path))
		return false;

	return host.l > 0 && (!port.l || (pl_u32(&port) > 0 &&
					  pl_u32(&port) < 65536));
}


static int parse_urls(struct conf *c, const struct conf_key *k, char *val,
		      const struct conf_pctx *p)
{
	if (p->first)
		c->n_webhooks = 0;

	if (!strcmp(val, "none")) {
		c->n_webhooks = 0;
		return 0;
	}

	if (strlen(val) >= sizeof(c->webhooks[0]) || !url_ok(val))
		return conf_fail(p, k, "expected an http:// URL of at most "
				 "%zu characters or 'none', got '%s'",
				 sizeof(c->webhooks[0]) - 1, val);

	for (unsigned i = 0; i < c->n_webhooks; i++) {
		if (!strcmp(c->webhooks[i], val))
			return conf_fail(p, k, "'%s' is listed twice", val);
	}

	if (c->n_webhooks >= CONF_MAX_HOOKS)
		return conf_fail(p, k, "at most %d URLs", CONF_MAX_HOOKS);

	str_ncpy(c->webhooks[c->n_webhooks++], val, sizeof(c->webhooks[0]));
	return 0;
}


static bool eq_urls(const struct conf *a, const struct conf *b,
		    const struct conf_key *k)
{
	if (a->n_webhooks != b->n_webhooks)
		return false;

	for (unsigned i = 0; i < a->n_webhooks; i++) {
		if (strcmp(a->webhooks[i], b->webhooks[i]))
			return false;
	}

	return true;
}


static int print_urls(struct re_printf *pf, const struct conf *c,
		      const struct conf_key *k)
{
	int err = 0;

	if (!c->n_webhooks)
		return re_hprintf(pf, KEYFMT "none\n", k->name);

	for (unsigned i = 0; i < c->n_webhooks && !err; i++)
		err = re_hprintf(pf, KEYFMT "%s\n", k->name, c->webhooks[i]);

	return err;
}


const struct conf_type_ops conf_http_ops = {parse_http, eq_http,
					    print_http};
const struct conf_type_ops conf_token_ops = {parse_token, eq_token,
					     print_token};
const struct conf_type_ops conf_urls_ops = {parse_urls, eq_urls,
					    print_urls};
