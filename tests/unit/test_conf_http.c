/* test_conf_http.c: the control plane's config keys: http_listen,
 * api_token, webhook, webhook_queue, metrics_max_participants, the
 * loopback rule, reload classes and print round trip. */
#include <string.h>
#include <criterion/criterion.h>
#include <re.h>
#include "conf.h"

static char emsg[512];


static int parse(struct conf *c, const char *text)
{
	conf_defaults(c);
	return conf_parse(c, text, strlen(text), "t.conf", emsg,
			  sizeof(emsg));
}


static void expect_fail(const char *text, const char *part)
{
	struct conf c;

	cr_expect_eq(parse(&c, text), EINVAL, "%s", text);
	cr_expect_not_null(strstr(emsg, part), "%s: %s", text, emsg);
}


Test(conf_http, defaults)
{
	struct conf c;
	struct sa sa;

	conf_defaults(&c);
	sa_set_str(&sa, "127.0.0.1", 8088);
	cr_expect(sa_cmp(&c.http_listen, &sa, SA_ALL));
	cr_expect_str_empty(c.api_token);
	cr_expect_eq(c.n_webhooks, 0);
	cr_expect_eq(c.webhook_queue, 1000);
	cr_expect_eq(c.metrics_max_participants, 500);
}


Test(conf_http, values)
{
	struct conf c;
	struct sa sa;

	cr_assert_eq(parse(&c, "http_listen 127.0.0.2:9000\n"
			   "api_token s3cr3t-T0ken\n"
			   "webhook http://127.0.0.1:9100/hook\n"
			   "webhook http://hooks.example.com/x?y=1\n"
			   "webhook_queue 5\nmetrics_max_participants 0\n"),
		     0, "%s", emsg);
	sa_set_str(&sa, "127.0.0.2", 9000);
	cr_expect(sa_cmp(&c.http_listen, &sa, SA_ALL));
	cr_expect_str_eq(c.api_token, "s3cr3t-T0ken");
	cr_assert_eq(c.n_webhooks, 2);
	cr_expect_str_eq(c.webhooks[0], "http://127.0.0.1:9100/hook");
	cr_expect_str_eq(c.webhooks[1], "http://hooks.example.com/x?y=1");
	cr_expect_eq(c.webhook_queue, 5);
	cr_expect_eq(c.metrics_max_participants, 0);

	cr_assert_eq(parse(&c, "http_listen [::1]:8089\n"), 0, "%s", emsg);
	sa_set_str(&sa, "::1", 8089);
	cr_expect(sa_cmp(&c.http_listen, &sa, SA_ALL));

	cr_assert_eq(parse(&c, "http_listen 127.0.0.1\n"), 0, "%s", emsg);
	cr_expect_eq(sa_port(&c.http_listen), 8088);

	/* 0: any free port (several consortd on one host) */
	cr_assert_eq(parse(&c, "http_listen 127.0.0.1:0\n"), 0, "%s", emsg);
	cr_expect_eq(sa_port(&c.http_listen), 0);

	cr_assert_eq(parse(&c, "webhook http://a/\nwebhook none\n"), 0);
	cr_expect_eq(c.n_webhooks, 0);
	cr_assert_eq(parse(&c, "api_token abc\napi_token none\n"), 0);
	cr_expect_str_empty(c.api_token);
}


Test(conf_http, loopback_rule)
{
	struct conf c;

	expect_fail("http_listen 0.0.0.0:8088\n", "t.conf:1: key "
		    "'http_listen': 0.0.0.0:8088 is not a loopback address");
	expect_fail("api_token x\nhttp_listen 192.0.2.1:80\napi_token none\n",
		    "t.conf:2: key 'http_listen'");
	cr_expect_eq(parse(&c, "http_listen 0.0.0.0:8088\napi_token t\n"), 0,
		     "%s", emsg);
	cr_expect_eq(parse(&c, "http_listen [::]:8088\napi_token t\n"), 0);
	expect_fail("http_listen [::]:8088\n", "not a loopback");
}


Test(conf_http, bad_values)
{
	expect_fail("http_listen nohost:80\n", "'http_listen'");
	expect_fail("http_listen 127.0.0.1:-1\n", "'http_listen'");
	expect_fail("http_listen 127.0.0.1:70000\n", "'http_listen'");
	expect_fail("http_listen 127.0.0.1 80\n", "'http_listen'");
	expect_fail("api_token two words\n", "'api_token'");
	expect_fail("api_token caf\xc3\xa9\n", "'api_token'");
	expect_fail("webhook https://127.0.0.1/x\n", "http:// URL");
	expect_fail("webhook ftp://h/\n", "'webhook'");
	expect_fail("webhook http://\n", "'webhook'");
	expect_fail("webhook http://h:0/\n", "'webhook'");
	expect_fail("webhook http://h/a\nwebhook http://h/a\n", "twice");
	expect_fail("webhook_queue 0\n", "'webhook_queue'");
	expect_fail("metrics_max_participants -1\n",
		    "'metrics_max_participants'");
}


static void collect(const char *key, void *arg)
{
	strcat(arg, key);
	strcat(arg, " ");
}


Test(conf_http, reload_classes)
{
	struct conf old, cur;
	char got[128] = "";

	conf_defaults(&old);
	cr_assert_eq(parse(&cur, "http_listen 127.0.0.1:9999\n"
			   "api_token x\nwebhook http://h/\n"
			   "webhook_queue 3\nmetrics_max_participants 1\n"),
		     0);
	cr_expect_eq(conf_restart_keys(&old, &cur, collect, got), 1);
	cr_expect_str_eq(got, "http_listen ");
}


Test(conf_http, print_round_trip)
{
	static char a[8192], b[8192];
	struct conf c, d;
	struct mbuf *mb;

	cr_assert_eq(parse(&c, "api_token tok\nwebhook http://h:1/a\n"
			   "webhook http://h:2/b\nhttp_listen 0.0.0.0:8\n"),
		     0, "%s", emsg);
	mb = mbuf_alloc(8192);
	cr_assert_eq(mbuf_printf(mb, "%H", conf_print, &c), 0);
	cr_assert_lt(mb->end, sizeof(a));
	memcpy(a, mb->buf, mb->end);
	a[mb->end] = '\0';
	cr_expect_not_null(strstr(a, "api_token          tok\n"), "%s", a);
	cr_expect_not_null(strstr(a, "webhook            http://h:1/a\n"
				  "webhook            http://h:2/b\n"), "%s",
			   a);
	cr_expect_not_null(strstr(a, "http_listen        0.0.0.0:8\n"));

	cr_assert_eq(parse(&d, a), 0, "%s", emsg);
	mbuf_reset(mb);
	cr_assert_eq(mbuf_printf(mb, "%H", conf_print, &d), 0);
	memcpy(b, mb->buf, mb->end);
	b[mb->end] = '\0';
	cr_expect_str_eq(a, b);
	mem_deref(mb);

	conf_defaults(&c);
	mb = mbuf_alloc(8192);
	cr_assert_eq(mbuf_printf(mb, "%H", conf_print, &c), 0);
	mbuf_write_u8(mb, 0);
	cr_expect_not_null(strstr((char *)mb->buf, "api_token          none\n"
				  "webhook            none\n"));
	mem_deref(mb);
}
