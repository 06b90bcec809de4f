/* test_ctl_json.c: JSON output (escaping, UTF-8, times) and input (the
 * strict syntax check, bodies, typed fields). */
#include <string.h>
#include <criterion/criterion.h>
#include <re.h>
#include "ctl_priv.h"

static char out[512];


static const char *str_out(const char *s, size_t len)
{
	struct mbuf *mb = mbuf_alloc(64);

	cr_assert_not_null(mb);
	cr_assert_eq(mbuf_printf(mb, "%H", ctl_json_pl_h,
				 &(struct pl){s, len}), 0);
	cr_assert_lt(mb->end, sizeof(out));
	memcpy(out, mb->buf, mb->end);
	out[mb->end] = '\0';
	mem_deref(mb);

	return out;
}


#define S(lit) str_out(lit, sizeof(lit) - 1)

Test(ctl_json, plain_and_escapes)
{
	cr_expect_str_eq(S("standup"), "\"standup\"");
	cr_expect_str_eq(S(""), "\"\"");
	cr_expect_str_eq(S("say \"hi\""), "\"say \\\"hi\\\"\"");
	cr_expect_str_eq(S("a\\b"), "\"a\\\\b\"");
	cr_expect_str_eq(S("l1\nl2\r\t"), "\"l1\\nl2\\r\\t\"");
	cr_expect_str_eq(S("\b\f"), "\"\\b\\f\"");
	cr_expect_str_eq(S("x\x01y\x1f"), "\"x\\u0001y\\u001f\"");
	cr_expect_str_eq(S("nul\0in"), "\"nul\\u0000in\"");
	cr_expect_str_eq(S("/</script>"), "\"/</script>\"");
	cr_expect_str_eq(S("\x7f"), "\"\x7f\"");
}


Test(ctl_json, utf8_kept_and_repaired)
{
	cr_expect_str_eq(S("Ren\xc3\xa9"), "\"Ren\xc3\xa9\"");
	cr_expect_str_eq(S("\xe2\x82\xac 5"), "\"\xe2\x82\xac 5\"");
	cr_expect_str_eq(S("\xf0\x9f\x98\x80"), "\"\xf0\x9f\x98\x80\"");
	/* Latin-1, truncated, overlong, surrogate, beyond U+10FFFF */
	cr_expect_str_eq(S("Ren\xe9"), "\"Ren\\ufffd\"");
	cr_expect_str_eq(S("a\xe2\x82"), "\"a\\ufffd\\ufffd\"");
	cr_expect_str_eq(S("\xc0\xaf"), "\"\\ufffd\\ufffd\"");
	cr_expect_str_eq(S("\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
	cr_expect_str_eq(S("\xf4\x90\x80\x80"),
			 "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	(void)S("x\xff\xfe\"y");
	cr_expect_eq(ctl_json_check(out, strlen(out)), 0, "%s", out);
}


Test(ctl_json, null_string)
{
	char *s = NULL;

	cr_assert_eq(re_sdprintf(&s, "%H", ctl_json_str_h, NULL), 0);
	cr_expect_str_eq(s, "null");
	mem_deref(s);
}


Test(ctl_json, times)
{
	uint64_t t0 = 0, t1 = 1795348325315ull, t2 = 951782400999ull;
	char *s = NULL;

	cr_assert_eq(re_sdprintf(&s, "%H %H %H", ctl_json_time_h, &t0,
				 ctl_json_time_h, &t1, ctl_json_time_h, &t2),
		     0);
	cr_expect_str_eq(s, "\"1970-01-01T00:00:00.000Z\" "
			 "\"2026-11-22T11:52:05.315Z\" "
			 "\"2000-02-29T00:00:00.999Z\"");
	mem_deref(s);
}


Test(ctl_json, check_accepts_valid)
{
	static const char *const ok[] = {
		"{}", "[]", " {\"a\": 1} ", "{\"a\":[1,2,{\"b\":null}]}",
		"3", "-0", "1.5e-3", "2E+10", "\"\\u00e9\\n\\\"\"", "true",
		"false", "null", "{\"in_db\": -3, \"out_db\": 6.5}",
		"[[[[[[[[[[1]]]]]]]]]]", "{\"\xc3\xa9\": \"\xe2\x82\xac\"}",
	};

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		cr_expect_eq(ctl_json_check(ok[i], strlen(ok[i])), 0, "%s",
			     ok[i]);
}


Test(ctl_json, check_rejects_invalid)
{
	static const char *const bad[] = {
		"", " ", "{", "{bad", "{\"a\":1} junk", "{\"a\":true,}",
		"[1,]", "{\"a\" 1}", "{a:1}", "{'a':1}", "01", "1.", ".5",
		"-", "1e", "+1", "nul", "tru", "\"abc", "\"a\\x\"",
		"\"\\u12g4\"", "\"tab\there\"", "{\"a\":1}}", "[1 2]",
		"{\"a\":1,,\"b\":2}", "NaN", "Infinity", "\"\xff\"",
		"[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		cr_expect_eq(ctl_json_check(bad[i], strlen(bad[i])), EBADMSG,
			     "%s", bad[i]);
	cr_expect_eq(ctl_json_check(NULL, 0), EBADMSG);
}


/* A request with body as libre's HTTP server hands it over. */
static struct http_msg *request(const char *body)
{
	struct http_msg *msg = NULL;
	struct mbuf *mb = mbuf_alloc(256);

	cr_assert_not_null(mb);
	mbuf_printf(mb, "POST /v1/drain HTTP/1.1\r\nHost: x\r\n"
		    "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
	mb->pos = 0;
	cr_assert_eq(http_msg_decode(&msg, mb, true), 0);
	mem_deref(msg->mb);
	msg->mb = mem_ref(msg->_mb);
	mem_deref(mb);

	return msg;
}


Test(ctl_json, body_decode)
{
	struct http_msg *msg;
	struct odict *o = NULL;
	const char *s;
	double v;
	bool b, present;

	msg = request("");
	cr_expect_eq(ctl_json_body(msg, &o), 0);
	cr_expect_null(o);
	mem_deref(msg);

	msg = request("{bad");
	cr_expect_eq(ctl_json_body(msg, &o), EBADMSG);
	mem_deref(msg);

	msg = request("[1, 2]");
	cr_expect_eq(ctl_json_body(msg, &o), EPROTO);
	mem_deref(msg);

	msg = request("  {\"in_db\": -3, \"out_db\": 6.5, \"loop\": true, "
		      "\"file\": \"/tmp/a \\\"b\\\".wav\", \"x\": null}");
	cr_assert_eq(ctl_json_body(msg, &o), 0);
	cr_assert_not_null(o);

	cr_expect_eq(ctl_json_num(o, "in_db", &v, &present), 0);
	cr_expect(present);
	cr_expect_float_eq(v, -3.0, 1e-9);
	cr_expect_eq(ctl_json_num(o, "out_db", &v, &present), 0);
	cr_expect_float_eq(v, 6.5, 1e-9);
	cr_expect_eq(ctl_json_num(o, "nope", &v, &present), 0);
	cr_expect_not(present);
	cr_expect_eq(ctl_json_num(o, "file", &v, &present), EINVAL);

	cr_expect_eq(ctl_json_bool(o, "loop", &b, &present), 0);
	cr_expect(b && present);
	cr_expect_eq(ctl_json_bool(o, "in_db", &b, &present), EINVAL);

	cr_expect_eq(ctl_json_string(o, "file", &s), 0);
	cr_expect_str_eq(s, "/tmp/a \"b\".wav");
	cr_expect_eq(ctl_json_string(o, "loop", &s), EINVAL);
	cr_expect_eq(ctl_json_string(o, "none", &s), 0);
	cr_expect_null(s);

	{
		static const char *const all[] = {"in_db", "out_db", "loop",
						  "file", "x", NULL};
		static const char *const some[] = {"in_db", "out_db", "loop",
						   "file", NULL};

		cr_expect_null(ctl_json_unknown(o, all));
		cr_expect_str_eq(ctl_json_unknown(o, some), "x");
		cr_expect_null(ctl_json_unknown(NULL, some));
	}

	mem_deref(o);
	mem_deref(msg);
}
