/*
 * ctl_dash.c: the dashboard: GET / (index.html, token rule as for the
 * API) and GET /dash/{file} (its scripts and styles, which carry no data
 * and are served without a token, since a browser cannot add one).
 */
#include <string.h>
#include <re.h>
#include "ctl_dash.h"
#include "ctl_priv.h"

static const struct {
	const char *ext;
	const char *ctype;
} ctypes[] = {
	{".html", "text/html; charset=utf-8"},
	{".js",   "text/javascript; charset=utf-8"},
	{".css",  "text/css; charset=utf-8"},
	{".svg",  "image/svg+xml"},
	{".png",  "image/png"},
	{".ico",  "image/x-icon"},
	{".json", "application/json"},
};


static const char *ctype_of(const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < ARRAY_SIZE(ctypes); i++) {
		size_t e = strlen(ctypes[i].ext);

		if (n > e && !strcmp(name + n - e, ctypes[i].ext))
			return ctypes[i].ctype;
	}

	return "application/octet-stream";
}


static const struct ctl_asset *asset_find(const struct pl *name)
{
	for (const struct ctl_asset *a = ctl_assets; a->name; a++) {
		if (!pl_strcmp(name, a->name))
			return a;
	}

	return NULL;
}


static void serve(struct ctl_req *r, const struct pl *name)
{
	const struct ctl_asset *a = asset_find(name);

	if (!a) {
		(void)ctl_reply_err(r, CTL_E_NOT_FOUND, "no such file");
		return;
	}

	(void)ctl_reply(r->conn, 200, ctype_of(a->name), NULL, a->data,
			a->len);
}


static void index_h(struct ctl_req *r)
{
	struct pl name = PL("index.html");

	serve(r, &name);
}


static void file_h(struct ctl_req *r)
{
	serve(r, &r->params[0]);
}


bool ctl_dash_public(const struct pl *path)
{
	return path && path->l > 6 && !strncmp(path->p, "/dash/", 6);
}


const struct ctl_route ctl_routes_dash[] = {
	{"GET", "/", index_h},
	{"GET", "/dash/{file}", file_h},
	{NULL, NULL, NULL},
};
