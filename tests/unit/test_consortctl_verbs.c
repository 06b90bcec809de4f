/* test_consortctl_verbs.c: each verb's request, output and exit code,
 * against a fake transport. */
#include <errno.h>
#include <string.h>
#include <criterion/criterion.h>
#include "consortctl_test.h"

static struct capture out, err;
static struct fake f;

static void setup(void)
{
	capture_init(&out);
	capture_init(&err);
	memset(&f, 0, sizeof(f));
	f.status = 200;
}

static void teardown(void)
{
	capture_close(&out);
	capture_close(&err);
}

TestSuite(ctlverbs, .init = setup, .fini = teardown);

#define ARGS(...) ((const char *const[]){__VA_ARGS__, NULL})

#define PART \
	"{\"id\": 3, \"uri\": \"sip:a@h\", \"codec\": \"opus/48000\", " \
	"\"muted\": true, \"deaf\": false, \"gain_in_db\": -3, " \
	"\"gain_out_db\": 6}"

#define ROOM_NOT_FOUND \
	"{\"error\": {\"code\": \"room_not_found\", \"message\": " \
	"\"no room 'x'\"}}"


static void expect_request(const char *method, const char *path,
			   const char *body)
{
	cr_assert_eq(f.calls, 1);
	cr_assert_str_eq(f.method, method);
	cr_assert_str_eq(f.path, path);
	if (body)
		cr_assert_str_eq(f.reqbody, body);
	else
		cr_assert_not(f.had_body, "unexpected body %s", f.reqbody);
}


Test(ctlverbs, status)
{
	f.body = "{\"version\": \"0.1.0\", \"uptime_s\": 5, \"workers\": []}";
	cr_assert_eq(run(&f, &out, &err, ARGS("status")), 0);
	expect_request("GET", "/v1/status", NULL);
	cr_assert(strstr(capture_str(&out), "consortd 0.1.0, up 5s"));
	cr_assert_str_empty(capture_str(&err));
}


Test(ctlverbs, json_prints_the_body_as_is)
{
	f.body = "{\"rooms\": []}";
	cr_assert_eq(run(&f, &out, &err, ARGS("rooms", "--json")), 0);
	expect_request("GET", "/v1/rooms", NULL);
	cr_assert_str_eq(capture_str(&out), "{\"rooms\": []}\n");
}


Test(ctlverbs, room)
{
	f.body = "{\"name\": \"standup\", \"participants\": []}";
	cr_assert_eq(run(&f, &out, &err, ARGS("room", "standup")), 0);
	expect_request("GET", "/v1/rooms/standup", NULL);
	cr_assert(strstr(capture_str(&out), "room standup:"));
}


Test(ctlverbs, participant_flags)
{
	static const char *const verbs[] = {"mute", "unmute", "deaf",
		"undeaf"};
	size_t i;

	f.body = PART;
	for (i = 0; i < ARRAY_SIZE(verbs); i++) {
		char path[128];

		f.calls = 0;
		capture_reset(&out);
		cr_assert_eq(run(&f, &out, &err, ARGS(verbs[i], "standup",
						      "3")), 0);
		re_snprintf(path, sizeof(path),
			    "/v1/rooms/standup/participants/3/%s", verbs[i]);
		expect_request("POST", path, NULL);
		cr_assert_str_eq(capture_str(&out),
				 "participant 3 (sip:a@h) in standup: muted, "
				 "hears the room, gain in -3 dB out 6 dB\n");
	}
}


Test(ctlverbs, kick)
{
	f.body = "{\"kicked\": 3}";
	cr_assert_eq(run(&f, &out, &err, ARGS("kick", "standup", "3")), 0);
	expect_request("DELETE", "/v1/rooms/standup/participants/3", NULL);
	cr_assert_str_eq(capture_str(&out),
			 "kicked participant 3 from standup\n");
}


Test(ctlverbs, gain_bodies)
{
	f.body = PART;
	cr_assert_eq(run(&f, &out, &err, ARGS("gain", "r", "3", "--in",
					      "-3", "--out", "6")), 0);
	expect_request("PUT", "/v1/rooms/r/participants/3/gain",
		       "{\"in_db\": -3, \"out_db\": 6}");

	f.calls = 0;
	cr_assert_eq(run(&f, &out, &err, ARGS("gain", "r", "3", "--out",
					      "1.5")), 0);
	expect_request("PUT", "/v1/rooms/r/participants/3/gain",
		       "{\"out_db\": 1.5}");
}


Test(ctlverbs, lock_unlock)
{
	f.body = "{\"name\": \"r\", \"locked\": true}";
	cr_assert_eq(run(&f, &out, &err, ARGS("lock", "r")), 0);
	expect_request("POST", "/v1/rooms/r/lock", NULL);
	cr_assert_str_eq(capture_str(&out),
			 "room r locked: new callers get 403\n");

	f.calls = 0;
	capture_reset(&out);
	f.body = "{\"name\": \"r\", \"locked\": false}";
	cr_assert_eq(run(&f, &out, &err, ARGS("unlock", "r")), 0);
	expect_request("POST", "/v1/rooms/r/unlock", NULL);
	cr_assert_str_eq(capture_str(&out), "room r unlocked\n");
}


Test(ctlverbs, play_escapes_and_absolute)
{
	f.status = 202;
	f.body = "{\"playing\": \"/srv/a \\\"b\\\".wav\", "
		 "\"duration_ms\": 5200}";
	cr_assert_eq(run(&f, &out, &err, ARGS("play", "r",
					      "/srv/a \"b\".wav", "--loop")),
		     0);
	expect_request("POST", "/v1/rooms/r/play",
		       "{\"file\": \"\\/srv\\/a \\\"b\\\".wav\", "
		       "\"loop\": true}");
	cr_assert_str_eq(capture_str(&out),
			 "playing /srv/a \"b\".wav in r (5.2 s, looped)\n");

	/* a relative path is made absolute (consortd has its own cwd) */
	f.calls = 0;
	cr_assert_eq(run(&f, &out, &err, ARGS("play", "r", "x.wav")), 0);
	cr_assert(strstr(f.reqbody, "\\/x.wav\", \"loop\": false}"));
	cr_assert_eq(f.reqbody[10], '\\', "%s", f.reqbody);
}


Test(ctlverbs, stop_dial_end)
{
	f.body = "{}";
	cr_assert_eq(run(&f, &out, &err, ARGS("stop", "r")), 0);
	expect_request("DELETE", "/v1/rooms/r/play", NULL);

	f.calls = 0;
	f.status = 202;
	f.body = "{\"dial\": 7, \"uri\": \"sip:c@h\"}";
	cr_assert_eq(run(&f, &out, &err, ARGS("dial", "r", "sip:c@h")), 0);
	expect_request("POST", "/v1/rooms/r/dial", "{\"uri\": \"sip:c@h\"}");
	cr_assert(strstr(capture_str(&out),
			 "dialing sip:c@h into r as participant 7\n"));

	f.calls = 0;
	f.status = 200;
	f.body = "{\"ended\": \"r\", \"participants\": 3}";
	cr_assert_eq(run(&f, &out, &err, ARGS("end", "r")), 0);
	expect_request("DELETE", "/v1/rooms/r", NULL);
	cr_assert(strstr(capture_str(&out),
			 "ended room r (3 participants hung up)\n"));
}


Test(ctlverbs, reload_and_drain)
{
	f.body = "{\"reloaded\": true, \"restart_needed\": "
		 "[\"rtp_port_min\", \"workers\"]}";
	cr_assert_eq(run(&f, &out, &err, ARGS("reload")), 0);
	expect_request("POST", "/v1/reload", NULL);
	cr_assert_str_eq(capture_str(&out), "configuration reloaded\n"
			 "restart needed for: rtp_port_min workers\n");

	f.calls = 0;
	f.body = "{\"draining\": true}";
	cr_assert_eq(run(&f, &out, &err, ARGS("drain")), 0);
	expect_request("POST", "/v1/drain", "{\"drain\": true}");
	f.calls = 0;
	f.body = "{\"draining\": false}";
	cr_assert_eq(run(&f, &out, &err, ARGS("drain", "--off")), 0);
	expect_request("POST", "/v1/drain", "{\"drain\": false}");
	cr_assert(strstr(capture_str(&out), "not draining"));
}


Test(ctlverbs, room_not_found)
{
	f.status = 404;
	f.body = ROOM_NOT_FOUND;
	cr_assert_eq(run(&f, &out, &err, ARGS("room", "x")), CCTL_EXIT_API);
	cr_assert_str_eq(capture_str(&err), "consortctl: room 'x' not found "
			 "(404 room_not_found)\n");
	cr_assert_str_empty(capture_str(&out));
}


Test(ctlverbs, error_with_json_goes_to_stdout_too)
{
	f.status = 404;
	f.body = ROOM_NOT_FOUND;
	cr_assert_eq(run(&f, &out, &err, ARGS("--json", "lock", "x")),
		     CCTL_EXIT_API);
	cr_assert_str_eq(capture_str(&out), ROOM_NOT_FOUND "\n");
	cr_assert(strstr(capture_str(&err), "room 'x' not found"));
}


Test(ctlverbs, participant_not_found_and_others)
{
	f.status = 404;
	f.body = "{\"error\": {\"code\": \"participant_not_found\"}}";
	cr_assert_eq(run(&f, &out, &err, ARGS("mute", "r", "9")), 1);
	cr_assert_str_eq(capture_str(&err), "consortctl: participant 9 not "
			 "found in room 'r' (404 participant_not_found)\n");

	capture_reset(&err);
	f.status = 401;
	f.body = "{\"error\": {\"code\": \"unauthorized\", \"message\": "
		 "\"token missing\"}}";
	cr_assert_eq(run(&f, &out, &err, ARGS("rooms")), 1);
	cr_assert(strstr(capture_str(&err), "(401 unauthorized)\n"));
	cr_assert(strstr(capture_str(&err), "--token"));

	capture_reset(&err);
	f.status = 400;
	f.body = "{\"error\": {\"code\": \"bad_request\", \"message\": "
		 "\"in_db out of range -24..12\"}}";
	cr_assert_eq(run(&f, &out, &err, ARGS("gain", "r", "1", "--in",
					      "40")), 1);
	cr_assert_str_eq(capture_str(&err), "consortctl: in_db out of range "
			 "-24..12 (400 bad_request)\n");

	capture_reset(&err);
	f.status = 502;
	f.body = "Bad Gateway";
	cr_assert_eq(run(&f, &out, &err, ARGS("rooms")), 1);
	cr_assert_str_eq(capture_str(&err), "consortctl: consortd answered "
			 "HTTP 502: Bad Gateway\n");
}


Test(ctlverbs, not_json_answer)
{
	f.body = "<html>";
	cr_assert_eq(run(&f, &out, &err, ARGS("rooms")), 1);
	cr_assert(strstr(capture_str(&err), "is not a JSON object"));
}


Test(ctlverbs, connection_refused)
{
	f.err = ECONNREFUSED;
	cr_assert_eq(run(&f, &out, &err, ARGS("--url", "http://127.0.0.1:9",
					      "status")), CCTL_EXIT_CONN);
	cr_assert_str_eq(capture_str(&err), "consortctl: cannot reach "
			 "consortd at http://127.0.0.1:9: Connection "
			 "refused\n");
}


Test(ctlverbs, usage_error_sends_nothing)
{
	cr_assert_eq(run(&f, &out, &err, ARGS("mute", "r")), CCTL_EXIT_USAGE);
	cr_assert_eq(f.calls, 0);
}


Test(ctlverbs, events_human_and_json)
{
	f.chunks[0] = ": keepalive\n\nid: 1\nevent: participant.joined\n"
		      "data: {\"seq\": 1, "
		      "\"time\": \"2026-11-21T11:00:00.5Z\", "
		      "\"type\": \"participant.joined\", ";
	f.chunks[1] = "\"room\": \"r\", \"participant\": 3}\n\n"
		      "data: not json\n\n";
	cr_assert_eq(run(&f, &out, &err, ARGS("events")), CCTL_EXIT_CONN);
	expect_request("GET", "/v1/events", NULL);
	cr_assert_str_eq(capture_str(&out),
			 "11:00:00.5 participant.joined room=r participant=3\n"
			 "message not json\n");
	cr_assert(strstr(capture_str(&err), "ended the event stream"));

	capture_reset(&out);
	f.calls = 0;
	cr_assert_eq(run(&f, &out, &err, ARGS("events", "--levels",
					      "--json")), CCTL_EXIT_CONN);
	expect_request("GET", "/v1/events?levels=1", NULL);
	cr_assert_str_eq(capture_str(&out),
			 "{\"seq\": 1, \"time\": \"2026-11-21T11:00:00.5Z\", "
			 "\"type\": \"participant.joined\", \"room\": \"r\", "
			 "\"participant\": 3}\nnot json\n");
}


Test(ctlverbs, events_interrupted_and_refused)
{
	f.err = ECANCELED;
	cr_assert_eq(run(&f, &out, &err, ARGS("events")), CCTL_EXIT_OK);
	cr_assert_str_empty(capture_str(&err));

	f.err = 0;
	f.status = 401;
	f.body = "{\"error\": {\"code\": \"unauthorized\"}}";
	cr_assert_eq(run(&f, &out, &err, ARGS("events")), CCTL_EXIT_API);
	cr_assert(strstr(capture_str(&err), "(401 unauthorized)"));
}


static int closed_vph(const char *p, size_t size, void *arg)
{
	(void)p;
	(void)size;
	(void)arg;
	return EPIPE;
}


Test(ctlverbs, events_stop_quietly_when_stdout_closes)
{
	struct re_printf closed = {closed_vph, NULL};
	struct cctl_transport tp;
	struct cctl_opts o;
	struct cctl_ctx ctx = {&o, &tp, &closed, &err.pf};

	f.chunks[0] = "data: {\"type\": \"room.created\"}\n\n";
	f.chunks[1] = "data: {\"type\": \"room.ended\"}\n\n";
	cr_assert_eq(parse(&o, &err, ARGS("events")), 0);
	fake_transport(&f, &tp);
	cr_assert_eq(o.verb->h(&ctx), CCTL_EXIT_OK);
	cr_assert_eq(f.chunk_rc, EPIPE);    /* stopped at the first event */
	cr_assert_str_empty(capture_str(&err));
}
