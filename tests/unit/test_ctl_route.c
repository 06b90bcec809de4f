/* test_ctl_route.c: path patterns, captures, 404 versus 405 + Allow, and
 * every endpoint of docs/api.md in the real route tables. */
#include <string.h>
#include <criterion/criterion.h>
#include <re.h>
#include "ctl_priv.h"

static void h_a(struct ctl_req *r) { (void)r; }
static void h_b(struct ctl_req *r) { (void)r; }
static void h_c(struct ctl_req *r) { (void)r; }

static const struct ctl_route t1[] = {
	{"GET",    "/", h_a},
	{"GET",    "/v1/rooms", h_a},
	{"GET",    "/v1/rooms/{room}", h_b},
	{"DELETE", "/v1/rooms/{room}", h_c},
	{NULL, NULL, NULL},
};

static const struct ctl_route t2[] = {
	{"POST", "/v1/rooms/{room}/participants/{id}/mute", h_c},
	{"GET",  "/v1/rooms/{room}/participants/{id}", h_b},
	{NULL, NULL, NULL},
};

static const struct ctl_route *const tables[] = {t1, t2};

static const struct ctl_route *const real[] = {
	ctl_routes_status, ctl_routes_rooms, ctl_routes_parts,
	ctl_routes_media, ctl_routes_dial, ctl_routes_admin,
	ctl_routes_events, ctl_routes_metrics, ctl_routes_dash,
};

static struct pl params[CTL_MAX_PARAMS];
static unsigned nparams;
static char allow[64];


static int find(const struct ctl_route *const *tbl, size_t n,
		const char *met, const char *path,
		const struct ctl_route **rp)
{
	struct pl m, p;

	pl_set_str(&m, met);
	pl_set_str(&p, path);
	nparams = 99;
	memset(params, 0, sizeof(params));

	return ctl_route_find(tbl, n, &m, &p, rp, params, &nparams, allow,
			      sizeof(allow));
}


Test(ctl_route, literal_and_root)
{
	const struct ctl_route *r = NULL;

	cr_assert_eq(find(tables, 2, "GET", "/v1/rooms", &r), 0);
	cr_expect_eq(r->h, h_a);
	cr_expect_eq(nparams, 0);

	cr_assert_eq(find(tables, 2, "GET", "/", &r), 0);
	cr_expect_str_eq(r->pattern, "/");
}


Test(ctl_route, captures)
{
	const struct ctl_route *r = NULL;

	cr_assert_eq(find(tables, 2, "GET", "/v1/rooms/standup", &r), 0);
	cr_expect_eq(r->h, h_b);
	cr_assert_eq(nparams, 1);
	cr_expect_eq(pl_strcmp(&params[0], "standup"), 0);

	cr_assert_eq(find(tables, 2, "POST",
			  "/v1/rooms/a.b-c_9/participants/42/mute", &r), 0);
	cr_expect_eq(r->h, h_c);
	cr_assert_eq(nparams, 2);
	cr_expect_eq(pl_strcmp(&params[0], "a.b-c_9"), 0);
	cr_expect_eq(pl_strcmp(&params[1], "42"), 0);
}


Test(ctl_route, method_picks_the_route)
{
	const struct ctl_route *r = NULL;

	cr_assert_eq(find(tables, 2, "DELETE", "/v1/rooms/x", &r), 0);
	cr_expect_eq(r->h, h_c);
}


Test(ctl_route, not_found)
{
	const struct ctl_route *r = NULL;
	static const char *const paths[] = {
		"/v1/room", "/v1/roomsx", "/v1/rooms/", "/v1/rooms//",
		"//v1/rooms", "/v1/rooms/a/b", "/v1", "", "v1/rooms",
		"/v1/rooms/a/participants//mute",
		"/v1/rooms/a/participants/1/mute/x", "/x",
	};

	for (size_t i = 0; i < ARRAY_SIZE(paths); i++)
		cr_expect_eq(find(tables, 2, "GET", paths[i], &r), ENOENT,
			     "%s", paths[i]);
}


Test(ctl_route, method_not_allowed_with_allow)
{
	const struct ctl_route *r = NULL;

	cr_assert_eq(find(tables, 2, "PUT", "/v1/rooms/x", &r), EPERM);
	cr_expect_str_eq(allow, "GET, DELETE");

	cr_assert_eq(find(tables, 2, "GET", "/v1/rooms/x/participants/1/mute",
			  &r), EPERM);
	cr_expect_str_eq(allow, "POST");

	cr_assert_eq(find(tables, 2, "POST", "/", &r), EPERM);
	cr_expect_str_eq(allow, "GET");

	/* methods are case-sensitive (RFC 9110 9.1) */
	cr_expect_eq(find(tables, 2, "get", "/v1/rooms", &r), EPERM);
}


/* Every endpoint of docs/api.md resolves to a handler. */
Test(ctl_route, api_endpoints)
{
	static const struct {
		const char *met, *path;
	} eps[] = {
		{"GET", "/v1/status"}, {"GET", "/v1/rooms"},
		{"GET", "/v1/rooms/standup"}, {"DELETE", "/v1/rooms/standup"},
		{"POST", "/v1/rooms/standup/participants/3/mute"},
		{"POST", "/v1/rooms/standup/participants/3/unmute"},
		{"POST", "/v1/rooms/standup/participants/3/deaf"},
		{"POST", "/v1/rooms/standup/participants/3/undeaf"},
		{"PUT", "/v1/rooms/standup/participants/3/gain"},
		{"DELETE", "/v1/rooms/standup/participants/3"},
		{"GET", "/v1/rooms/standup/participants/3"},
		{"POST", "/v1/rooms/standup/lock"},
		{"POST", "/v1/rooms/standup/unlock"},
		{"POST", "/v1/rooms/standup/play"},
		{"DELETE", "/v1/rooms/standup/play"},
		{"POST", "/v1/rooms/standup/dial"},
		{"POST", "/v1/reload"}, {"POST", "/v1/drain"},
		{"GET", "/v1/events"}, {"GET", "/metrics"}, {"GET", "/"},
		{"GET", "/dash/app.js"},
	};
	const struct ctl_route *r;

	for (size_t i = 0; i < ARRAY_SIZE(eps); i++) {
		r = NULL;
		cr_expect_eq(find(real, ARRAY_SIZE(real), eps[i].met,
				  eps[i].path, &r), 0, "%s %s", eps[i].met,
			     eps[i].path);
		cr_expect(r && r->h, "%s %s", eps[i].met, eps[i].path);
	}
}


Test(ctl_route, api_405s)
{
	const struct ctl_route *r;

	cr_expect_eq(find(real, ARRAY_SIZE(real), "PUT",
			  "/v1/rooms/standup/play", &r), EPERM);
	cr_expect_str_eq(allow, "POST, DELETE");

	cr_expect_eq(find(real, ARRAY_SIZE(real), "POST",
			  "/v1/rooms/standup", &r), EPERM);
	cr_expect_str_eq(allow, "GET, DELETE");

	cr_expect_eq(find(real, ARRAY_SIZE(real), "GET", "/v1/reload", &r),
		     EPERM);
	cr_expect_str_eq(allow, "POST");

	cr_expect_eq(find(real, ARRAY_SIZE(real), "DELETE",
			  "/v1/rooms/s/participants/3/gain", &r), EPERM);
	cr_expect_str_eq(allow, "PUT");

	cr_expect_eq(find(real, ARRAY_SIZE(real), "GET", "/v1/nothing", &r),
		     ENOENT);
}


Test(ctl_route, bad_arguments)
{
	const struct ctl_route *r;
	struct pl m = PL("GET"), p = PL("/");

	cr_expect_eq(ctl_route_find(NULL, 0, &m, &p, &r, NULL, NULL, NULL,
				    0), EINVAL);
	cr_expect_eq(ctl_route_find(tables, 2, &m, &p, &r, NULL, NULL, NULL,
				    0), 0);
}
