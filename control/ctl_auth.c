/*
 * ctl_auth.c: the bearer token (Authorization header, or ?token= for
 * the dashboard and EventSource) and query-string parameters.
 */
#include <string.h>
#include <strings.h>
#include <re.h>
#include "ctl_priv.h"

/* Equal without an early exit on the first differing byte. */
static bool token_eq(const char *a, size_t alen, const char *b)
{
	size_t blen = strlen(b);
	uint8_t diff = alen != blen;

	for (size_t i = 0; i < alen && i < blen; i++)
		diff |= (uint8_t)(a[i] ^ b[i]);

	return diff == 0;
}


static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}


/* Percent-decode v into buf ('+' is a space). */
static int unescape(const struct pl *v, char *buf, size_t sz)
{
	size_t n = 0;

	for (size_t i = 0; i < v->l; i++) {
		char c = v->p[i];

		if (c == '%' && i + 2 < v->l && hexval(v->p[i + 1]) >= 0 &&
		    hexval(v->p[i + 2]) >= 0) {
			c = (char)(hexval(v->p[i + 1]) * 16 +
				   hexval(v->p[i + 2]));
			i += 2;
		}
		else if (c == '+') {
			c = ' ';
		}

		if (n + 1 >= sz)
			return EOVERFLOW;
		buf[n++] = c;
	}

	if (!sz)
		return EOVERFLOW;
	buf[n] = '\0';

	return 0;
}


int ctl_query_get(const struct pl *query, const char *name, char *buf,
		  size_t sz)
{
	struct pl rest, item, key, val;
	size_t nlen;

	if (!query || !name || !buf)
		return EINVAL;

	rest = *query;
	if (rest.l && rest.p[0] == '?')
		pl_advance(&rest, 1);
	nlen = strlen(name);

	while (rest.l) {
		const char *amp = memchr(rest.p, '&', rest.l);

		item.p = rest.p;
		item.l = amp ? (size_t)(amp - rest.p) : rest.l;
		pl_advance(&rest, (ssize_t)(amp ? item.l + 1 : item.l));

		key = item;
		val.p = item.p + item.l;
		val.l = 0;
		for (size_t i = 0; i < item.l; i++) {
			if (item.p[i] == '=') {
				key.l = i;
				val.p = item.p + i + 1;
				val.l = item.l - i - 1;
				break;
			}
		}

		if (key.l == nlen && !memcmp(key.p, name, nlen))
			return unescape(&val, buf, sz);
	}

	return ENOENT;
}


bool ctl_query_flag(const struct pl *query, const char *name)
{
	char v[8];

	if (ctl_query_get(query, name, v, sizeof(v)))
		return false;

	return !strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes");
}


/* "Bearer TOKEN" (scheme case-insensitive) carrying token? */
static bool bearer_ok(const struct pl *val, const char *token)
{
	struct pl v = *val;
	size_t i = 0;

	while (i < v.l && v.p[i] != ' ' && v.p[i] != '\t')
		++i;
	if (i != 6 || strncasecmp(v.p, "Bearer", 6))
		return false;

	pl_advance(&v, (ssize_t)i);
	while (v.l && (v.p[0] == ' ' || v.p[0] == '\t'))
		pl_advance(&v, 1);
	while (v.l && (v.p[v.l - 1] == ' ' || v.p[v.l - 1] == '\t'))
		--v.l;

	return token_eq(v.p, v.l, token);
}


bool ctl_auth_ok(const char *token, const struct http_msg *msg)
{
	const struct http_hdr *h;
	char q[CTL_TOKEN_MAX];

	if (!token || !token[0])
		return true;
	if (!msg)
		return false;

	h = http_msg_hdr(msg, HTTP_HDR_AUTHORIZATION);
	if (h && bearer_ok(&h->val, token))
		return true;

	if (!ctl_query_get(&msg->prm, "token", q, sizeof(q)) &&
	    token_eq(q, strlen(q), token))
		return true;

	return false;
}
