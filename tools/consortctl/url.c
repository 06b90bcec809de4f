/* url.c: split consortctl's --url into host, port and path prefix. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "cctl.h"


/*
 * Parses "http://HOST[:PORT][/PREFIX]" (HOST a name, an IPv4 address or
 * [IPv6]) into u; a trailing '/' of the prefix is dropped. Returns 0 or
 * EINVAL (other scheme, bad port, host or prefix too long); u is
 * unchanged on failure.
 */
int cctl_url_parse(struct cctl_url *u, const char *url)
{
	struct cctl_url r;
	const char *p, *h, *end;
	size_t hl;

	if (!u || !url || strncasecmp(url, "http://", 7))
		return EINVAL;

	memset(&r, 0, sizeof(r));
	r.port = 80;
	p = url + 7;

	if (*p == '[') {
		h = p + 1;
		end = strchr(h, ']');
		if (!end)
			return EINVAL;
		hl = end - h;
		p = end + 1;
	}
	else {
		h = p;
		hl = strcspn(p, ":/");
		p += hl;
	}

	if (hl == 0 || hl >= sizeof(r.host))
		return EINVAL;
	memcpy(r.host, h, hl);

	if (*p == ':') {
		char *e;
		unsigned long port = strtoul(p + 1, &e, 10);

		if (e == p + 1 || port == 0 || port > 65535 ||
		    (*e && *e != '/'))
			return EINVAL;
		r.port = (uint16_t)port;
		p = e;
	}

	if (*p && *p != '/')
		return EINVAL;
	if (strlen(p) >= sizeof(r.prefix) || strpbrk(p, "?# "))
		return EINVAL;
	strcpy(r.prefix, p);
	hl = strlen(r.prefix);
	while (hl > 0 && r.prefix[hl - 1] == '/')
		r.prefix[--hl] = '\0';

	*u = r;
	return 0;
}
