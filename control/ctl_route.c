/*
 * ctl_route.c: matching a request's method and path against the route
 * tables: literal segments and {name} captures, 404 versus 405.
 */
#include <string.h>
#include <re.h>
#include "ctl_priv.h"

/* Next segment of *rest (after a '/'), advancing *rest. */
static bool next_seg(struct pl *rest, struct pl *seg)
{
	const char *slash;

	if (!rest->l || rest->p[0] != '/')
		return false;

	pl_advance(rest, 1);
	slash = memchr(rest->p, '/', rest->l);
	seg->p = rest->p;
	seg->l = slash ? (size_t)(slash - rest->p) : rest->l;
	pl_advance(rest, (ssize_t)seg->l);

	return true;
}


/* Does path match pattern? Captures go to params (may be NULL). */
static bool path_match(const char *pattern, const struct pl *path,
		       struct pl *params, unsigned *nparams)
{
	struct pl pat, rest = *path, ps, s;
	unsigned n = 0;

	pl_set_str(&pat, pattern);

	/* "/" is the one pattern with an empty segment */
	if (pat.l == 1 && pat.p[0] == '/')
		return path->l == 1 && path->p[0] == '/';

	while (next_seg(&pat, &ps)) {
		if (!next_seg(&rest, &s) || !s.l)
			return false;

		if (ps.l >= 2 && ps.p[0] == '{' && ps.p[ps.l - 1] == '}') {
			if (n >= CTL_MAX_PARAMS)
				return false;
			if (params)
				params[n] = s;
			++n;
		}
		else if (pl_cmp(&ps, &s)) {
			return false;
		}
	}

	if (rest.l)
		return false;

	if (nparams)
		*nparams = n;

	return true;
}


static void allow_add(char *allow, size_t sz, const char *method)
{
	size_t len = strlen(allow);
	char item[16];

	/* already listed? compare whole items */
	re_snprintf(item, sizeof(item), "%s", method);
	for (const char *p = allow; (p = strstr(p, item)); p += 1) {
		bool start = p == allow || p[-1] == ' ';
		char end = p[strlen(item)];

		if (start && (end == ',' || end == '\0'))
			return;
	}

	re_snprintf(allow + len, sz - len, "%s%s", len ? ", " : "", method);
}


int ctl_route_find(const struct ctl_route *const *tables, size_t ntables,
		   const struct pl *method, const struct pl *path,
		   const struct ctl_route **rp, struct pl *params,
		   unsigned *nparams, char *allow, size_t allowsz)
{
	bool path_found = false;

	if (!tables || !method || !path || !rp)
		return EINVAL;

	if (allow && allowsz)
		allow[0] = '\0';

	for (size_t t = 0; t < ntables; t++) {
		for (const struct ctl_route *r = tables[t]; r->method; r++) {
			if (!path_match(r->pattern, path, NULL, NULL))
				continue;

			path_found = true;
			if (!pl_strcmp(method, r->method)) {
				(void)path_match(r->pattern, path, params,
						 nparams);
				*rp = r;
				return 0;
			}

			if (allow && allowsz)
				allow_add(allow, allowsz, r->method);
		}
	}

	return path_found ? EPERM : ENOENT;
}
