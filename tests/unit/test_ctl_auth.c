/* test_ctl_auth.c: the bearer token (header and ?token=), query strings,
 * and which paths are public (the dashboard's static files). */
#include <string.h>
#include <criterion/criterion.h>
#include <re.h>
#include "ctl_priv.h"

static struct http_msg *msg;


static void req(const char *target, const char *hdrs)
{
	struct mbuf *mb = mbuf_alloc(256);

	cr_assert_not_null(mb);
	msg = mem_deref(msg);
	mbuf_printf(mb, "GET %s HTTP/1.1\r\nHost: x\r\n%s\r\n", target,
		    hdrs ? hdrs : "");
	mb->pos = 0;
	cr_assert_eq(http_msg_decode(&msg, mb, true), 0, "%s", target);
	mem_deref(mb);
}


static void fini(void)
{
	msg = mem_deref(msg);
}

TestSuite(ctl_auth, .fini = fini);


Test(ctl_auth, no_token_configured)
{
	req("/v1/status", NULL);
	cr_expect(ctl_auth_ok("", msg));
	cr_expect(ctl_auth_ok(NULL, msg));
}


Test(ctl_auth, bearer_header)
{
	req("/v1/status", "Authorization: Bearer s3cret\r\n");
	cr_expect(ctl_auth_ok("s3cret", msg));
	cr_expect_not(ctl_auth_ok("s3cre", msg));
	cr_expect_not(ctl_auth_ok("s3cret2", msg));
	cr_expect_not(ctl_auth_ok("S3CRET", msg));

	req("/v1/status", "Authorization: bearer   s3cret  \r\n");
	cr_expect(ctl_auth_ok("s3cret", msg));

	req("/v1/status", "Authorization: Basic s3cret\r\n");
	cr_expect_not(ctl_auth_ok("s3cret", msg));

	req("/v1/status", "Authorization: Bearer\r\n");
	cr_expect_not(ctl_auth_ok("s3cret", msg));

	req("/v1/status", "Authorization: Bearer s3cret extra\r\n");
	cr_expect_not(ctl_auth_ok("s3cret", msg));

	req("/v1/status", "Authorization: Bearers3cret\r\n");
	cr_expect_not(ctl_auth_ok("s3cret", msg));

	req("/v1/status", NULL);
	cr_expect_not(ctl_auth_ok("s3cret", msg));
}


Test(ctl_auth, query_token)
{
	req("/v1/events?levels=1&token=s3cret", NULL);
	cr_expect(ctl_auth_ok("s3cret", msg));
	cr_expect_not(ctl_auth_ok("other", msg));

	req("/?token=a%2Bb%20c", NULL);
	cr_expect(ctl_auth_ok("a+b c", msg));

	req("/?tokenx=s3cret&xtoken=s3cret", NULL);
	cr_expect_not(ctl_auth_ok("s3cret", msg));

	/* a wrong header does not hide a right query token, nor back */
	req("/?token=s3cret", "Authorization: Bearer nope\r\n");
	cr_expect(ctl_auth_ok("s3cret", msg));
}


Test(ctl_auth, query_get)
{
	struct pl q = PL("?a=1&levels=1&empty=&flag&b=x%3dy+z");
	char buf[16];

	cr_expect_eq(ctl_query_get(&q, "a", buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "1");
	cr_expect_eq(ctl_query_get(&q, "b", buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "x=y z");
	cr_expect_eq(ctl_query_get(&q, "empty", buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "");
	cr_expect_eq(ctl_query_get(&q, "flag", buf, sizeof(buf)), 0);
	cr_expect_eq(ctl_query_get(&q, "lev", buf, sizeof(buf)), ENOENT);
	cr_expect_eq(ctl_query_get(&q, "b", buf, 3), EOVERFLOW);

	cr_expect(ctl_query_flag(&q, "levels"));
	cr_expect_not(ctl_query_flag(&q, "empty"));
	cr_expect_not(ctl_query_flag(&q, "missing"));

	q = (struct pl)PL("levels=true");
	cr_expect(ctl_query_flag(&q, "levels"));
	q = (struct pl)PL("");
	cr_expect_eq(ctl_query_get(&q, "a", buf, sizeof(buf)), ENOENT);
	/* a broken escape is kept as it is */
	q = (struct pl)PL("a=%zz%4");
	cr_expect_eq(ctl_query_get(&q, "a", buf, sizeof(buf)), 0);
	cr_expect_str_eq(buf, "%zz%4");
}


Test(ctl_auth, public_paths)
{
	struct pl p;

	pl_set_str(&p, "/dash/app.js");
	cr_expect(ctl_dash_public(&p));
	pl_set_str(&p, "/dash/");
	cr_expect_not(ctl_dash_public(&p));
	pl_set_str(&p, "/");
	cr_expect_not(ctl_dash_public(&p));
	pl_set_str(&p, "/v1/status");
	cr_expect_not(ctl_dash_public(&p));
	pl_set_str(&p, "/dashboard");
	cr_expect_not(ctl_dash_public(&p));
}
