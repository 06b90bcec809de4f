/* test_consortctl_opts.c: consortctl command line, URL and help. */
#include <string.h>
#include <criterion/criterion.h>
#include "consortctl_test.h"

static struct capture err;

static void setup(void)
{
	capture_init(&err);
}

static void teardown(void)
{
	capture_close(&err);
}

TestSuite(ctlopts, .init = setup, .fini = teardown);

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})


Test(ctlopts, defaults)
{
	struct cctl_opts o;

	cr_assert_eq(parse(&o, &err, ARGS("rooms")), 0);
	cr_assert_str_eq(o.verb->name, "rooms");
	cr_assert_str_eq(o.url, "http://127.0.0.1:8088");
	cr_assert_null(o.token);
	cr_assert_not(o.json);
	cr_assert_eq(o.timeout, CCTL_TIMEOUT);
	cr_assert_eq(o.argc, 0);
	cr_assert_str_empty(capture_str(&err));
}


Test(ctlopts, environment_then_flags_win)
{
	char *argv[] = {"consortctl", "status", NULL};
	char *argv2[] = {"consortctl", "--url", "http://h:1", "--token=t2",
		"status", NULL};
	struct cctl_opts o;

	cr_assert_eq(cctl_opts_parse(&o, 2, argv, "http://env:9", "tok",
				     &err.pf), 0);
	cr_assert_str_eq(o.url, "http://env:9");
	cr_assert_str_eq(o.token, "tok");

	cr_assert_eq(cctl_opts_parse(&o, 5, argv2, "http://env:9", "tok",
				     &err.pf), 0);
	cr_assert_str_eq(o.url, "http://h:1");
	cr_assert_str_eq(o.token, "t2");

	/* empty environment variables count as unset */
	cr_assert_eq(cctl_opts_parse(&o, 2, argv, "", "", &err.pf), 0);
	cr_assert_str_eq(o.url, CCTL_DEFAULT_URL);
	cr_assert_null(o.token);
}


Test(ctlopts, options_anywhere)
{
	struct cctl_opts o;

	cr_assert_eq(parse(&o, &err, ARGS("room", "standup", "--json",
					  "--timeout", "3")), 0);
	cr_assert_str_eq(o.verb->name, "room");
	cr_assert_eq(o.argc, 1);
	cr_assert_str_eq(o.args[0], "standup");
	cr_assert(o.json);
	cr_assert_eq(o.timeout, 3);

	cr_assert_eq(parse(&o, &err, ARGS("-j", "mute", "a", "12")), 0);
	cr_assert(o.json);
	cr_assert_str_eq(o.args[1], "12");
}


Test(ctlopts, gain_values_negative_and_equals)
{
	struct cctl_opts o;

	cr_assert_eq(parse(&o, &err, ARGS("gain", "r", "3", "--in", "-3.5",
					  "--out=6")), 0);
	cr_assert(o.has_in && o.has_out);
	cr_assert_float_eq(o.in_db, -3.5, 1e-9);
	cr_assert_float_eq(o.out_db, 6.0, 1e-9);

	cr_assert_eq(parse(&o, &err, ARGS("gain", "r", "3", "--out", "-2")),
		     0);
	cr_assert_not(o.has_in);
	cr_assert(o.has_out);
}


Test(ctlopts, gain_needs_a_value)
{
	struct cctl_opts o;

	cr_assert_eq(parse(&o, &err, ARGS("gain", "r", "3")), EINVAL);
	cr_assert(strstr(capture_str(&err), "gain needs --in DB"));
	cr_assert(strstr(capture_str(&err),
			 "usage: consortctl gain ROOM ID [--in DB]"));

	capture_reset(&err);
	cr_assert_eq(parse(&o, &err, ARGS("gain", "r", "3", "--in", "x")),
		     EINVAL);
	cr_assert(strstr(capture_str(&err), "bad value 'x' for --in"));

	cr_assert_eq(parse(&o, &err, ARGS("gain", "r", "3", "--in", "inf")),
		     EINVAL);
	cr_assert_eq(parse(&o, &err, ARGS("gain", "r", "3", "--in")),
		     EINVAL);
	cr_assert(strstr(capture_str(&err), "--in needs a value"));
}


Test(ctlopts, flags_per_verb)
{
	struct cctl_opts o;

	cr_assert_eq(parse(&o, &err, ARGS("play", "r", "f.wav", "--loop")),
		     0);
	cr_assert(o.loop);
	cr_assert_eq(parse(&o, &err, ARGS("events", "--levels")), 0);
	cr_assert(o.levels);
	cr_assert_eq(parse(&o, &err, ARGS("--off", "drain")), 0);
	cr_assert(o.off);

	cr_assert_eq(parse(&o, &err, ARGS("rooms", "--loop")), EINVAL);
	cr_assert(strstr(capture_str(&err),
			 "option --loop does not apply to 'rooms'"));
	cr_assert(strstr(capture_str(&err), "usage: consortctl rooms\n"));

	cr_assert_eq(parse(&o, &err, ARGS("mute", "r", "1", "--off")),
		     EINVAL);
	cr_assert_eq(parse(&o, &err, ARGS("drain", "--levels")), EINVAL);
}


Test(ctlopts, argument_counts)
{
	struct cctl_opts o;

	cr_assert_eq(parse(&o, &err, ARGS("mute", "r")), EINVAL);
	cr_assert(strstr(capture_str(&err), "'mute' takes ROOM ID"));
	cr_assert_eq(parse(&o, &err, ARGS("mute", "r", "1", "2")), EINVAL);
	cr_assert_eq(parse(&o, &err, ARGS("status", "x")), EINVAL);
	cr_assert(strstr(capture_str(&err), "'status' takes no arguments"));
	cr_assert_eq(parse(&o, &err, ARGS("room")), EINVAL);
	cr_assert_eq(parse(&o, &err, ARGS("dial", "r", "sip:a@b")), 0);
	cr_assert_str_eq(o.args[1], "sip:a@b");
}


Test(ctlopts, room_and_id_validation)
{
	struct cctl_opts o;

	cr_assert(cctl_room_valid("standup"));
	cr_assert(cctl_room_valid("a.b_c-9"));
	cr_assert_not(cctl_room_valid(""));
	cr_assert_not(cctl_room_valid("a b"));
	cr_assert_not(cctl_room_valid("a/b"));
	cr_assert_not(cctl_room_valid("x%2f"));
	cr_assert(cctl_room_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
				  "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	cr_assert_not(cctl_room_valid("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
				      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));
	cr_assert(cctl_id_valid("3"));
	cr_assert_not(cctl_id_valid("-3"));
	cr_assert_not(cctl_id_valid("3a"));
	cr_assert_not(cctl_id_valid(""));

	cr_assert_eq(parse(&o, &err, ARGS("room", "a/b")), EINVAL);
	cr_assert(strstr(capture_str(&err), "bad room name 'a/b'"));
	cr_assert_eq(parse(&o, &err, ARGS("kick", "r", "x")), EINVAL);
	cr_assert(strstr(capture_str(&err), "bad participant id 'x'"));
	/* play's second argument is a file, not an id */
	cr_assert_eq(parse(&o, &err, ARGS("play", "r", "x.wav")), 0);
}


Test(ctlopts, unknown_and_missing)
{
	struct cctl_opts o;

	cr_assert_eq(parse(&o, &err, ARGS("frob")), EINVAL);
	cr_assert(strstr(capture_str(&err), "unknown verb 'frob'"));
	cr_assert_eq(parse(&o, &err, ARGS("--frob", "rooms")), EINVAL);
	cr_assert(strstr(capture_str(&err), "unknown option '--frob'"));
	cr_assert_eq(parse(&o, &err, ARGS("--json=1", "rooms")), EINVAL);
	cr_assert(strstr(capture_str(&err), "--json takes no value"));
	cr_assert_eq(parse(&o, &err, ARGS("--timeout", "0", "rooms")),
		     EINVAL);

	const char *const none[] = {NULL};
	cr_assert_eq(parse(&o, &err, none), EINVAL);
	cr_assert(strstr(capture_str(&err), "no verb given"));
}


Test(ctlopts, help)
{
	struct cctl_opts o;

	cr_assert_eq(parse(&o, &err, ARGS("--help")), 0);
	cr_assert(o.help);
	cr_assert_null(o.verb);

	/* VERB --help needs no arguments */
	cr_assert_eq(parse(&o, &err, ARGS("gain", "--help")), 0);
	cr_assert(o.help);
	cr_assert_str_eq(o.verb->name, "gain");
}


Test(ctlopts, bad_url_is_usage_error)
{
	struct cctl_opts o;

	cr_assert_eq(parse(&o, &err, ARGS("--url", "ftp://x", "rooms")),
		     EINVAL);
	cr_assert(strstr(capture_str(&err), "bad URL 'ftp://x'"));
	cr_assert_eq(parse(&o, &err, ARGS("--url", "http://h:99999",
					  "rooms")), EINVAL);
}


Test(ctlopts, url_parse)
{
	struct cctl_url u;

	cr_assert_eq(cctl_url_parse(&u, "http://127.0.0.1:8088"), 0);
	cr_assert_str_eq(u.host, "127.0.0.1");
	cr_assert_eq(u.port, 8088);
	cr_assert_str_empty(u.prefix);

	cr_assert_eq(cctl_url_parse(&u, "HTTP://localhost/"), 0);
	cr_assert_str_eq(u.host, "localhost");
	cr_assert_eq(u.port, 80);
	cr_assert_str_empty(u.prefix);

	cr_assert_eq(cctl_url_parse(&u, "http://[::1]:9/consort/"), 0);
	cr_assert_str_eq(u.host, "::1");
	cr_assert_eq(u.port, 9);
	cr_assert_str_eq(u.prefix, "/consort");

	cr_assert_eq(cctl_url_parse(&u, "https://h"), EINVAL);
	cr_assert_eq(cctl_url_parse(&u, "http://"), EINVAL);
	cr_assert_eq(cctl_url_parse(&u, "http://h:0"), EINVAL);
	cr_assert_eq(cctl_url_parse(&u, "http://h:12x"), EINVAL);
	cr_assert_eq(cctl_url_parse(&u, "http://[::1"), EINVAL);
	cr_assert_eq(cctl_url_parse(&u, "http://h/a?b"), EINVAL);
}


Test(ctlopts, help_texts)
{
	struct capture out;
	size_t i;

	capture_init(&out);
	cr_assert_eq(cctl_help(&out.pf, NULL), 0);
	for (i = 0; i < cctl_nverbs; i++) {
		char line[64];

		re_snprintf(line, sizeof(line), "\n  %s ", cctl_verbs[i].name);
		cr_expect(strstr(capture_str(&out), line),
			  "verb %s missing from --help", cctl_verbs[i].name);
	}
	cr_assert(strstr(capture_str(&out), "--url URL"));
	cr_assert(strstr(capture_str(&out), "CONSORT_TOKEN"));

	capture_reset(&out);
	cr_assert_eq(cctl_help(&out.pf, cctl_verb_find("mute")), 0);
	cr_assert(strstr(capture_str(&out), "usage: consortctl mute ROOM ID\n"
			 "Mute a participant"));
	cr_assert(strstr(capture_str(&out), "/participants/ID/mute"));
	capture_close(&out);
}


Test(ctlopts, verb_table_complete)
{
	static const char *const want[] = {"status", "rooms", "room", "mute",
		"unmute", "deaf", "undeaf", "kick", "gain", "lock", "unlock",
		"play", "stop", "dial", "end", "events", "reload", "drain"};
	size_t i;

	cr_assert_eq(cctl_nverbs, ARRAY_SIZE(want));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		const struct cctl_verb *v = cctl_verb_find(want[i]);

		cr_assert_not_null(v, "%s", want[i]);
		cr_assert_not_null(v->h);
	}
	cr_assert_null(cctl_verb_find("Status"));
}
