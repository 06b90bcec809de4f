/* test_consortctl_render.c: tables and JSON -> human output. */
#include <string.h>
#include <criterion/criterion.h>
#include "consortctl_test.h"
#include "render.h"
#include "table.h"

static struct capture out;

static void setup(void)
{
	capture_init(&out);
}

static void teardown(void)
{
	capture_close(&out);
}

TestSuite(ctltable, .init = setup, .fini = teardown);
TestSuite(ctlrender, .init = setup, .fini = teardown);


Test(ctltable, aligns_columns)
{
	static const char *const hdr[] = {"ID", "NAME", "LEVEL", NULL};
	struct cctl_table *t = NULL;

	cr_assert_eq(cctl_table_alloc(&t, hdr, "rlr"), 0);
	cr_assert_eq(cctl_table_row(t), 0);
	cr_assert_eq(cctl_table_cell(t, "%u", 3), 0);
	cr_assert_eq(cctl_table_cell(t, "%s", "alice"), 0);
	cr_assert_eq(cctl_table_cell(t, "%d dB", -23), 0);
	cr_assert_eq(cctl_table_row(t), 0);
	cr_assert_eq(cctl_table_cell(t, "%u", 12), 0);
	cr_assert_eq(cctl_table_cell(t, "%s", "bo"), 0);
	cr_assert_eq(cctl_table_cell(t, "%s", "-"), 0);
	cr_assert_eq(cctl_table_rows(t), 2);

	cr_assert_eq(cctl_table_print(&out.pf, t), 0);
	cr_assert_str_eq(capture_str(&out),
			 "ID  NAME    LEVEL\n"
			 " 3  alice  -23 dB\n"
			 "12  bo          -\n");
	mem_deref(t);
}


Test(ctltable, utf8_width_and_no_trailing_spaces)
{
	static const char *const hdr[] = {"NAME", "URI", NULL};
	struct cctl_table *t = NULL;

	cr_assert_eq(cctl_table_alloc(&t, hdr, NULL), 0);
	cctl_table_row(t);
	cctl_table_cell(t, "Bøb");
	cctl_table_cell(t, "sip:b@h");
	cctl_table_row(t);
	cctl_table_cell(t, "Alice");      /* second cell left empty */

	cr_assert_eq(cctl_table_print(&out.pf, t), 0);
	cr_assert_str_eq(capture_str(&out),
			 "NAME   URI\n"
			 "Bøb    sip:b@h\n"
			 "Alice\n");
	mem_deref(t);
}


Test(ctltable, limits)
{
	static const char *const hdr[] = {"A", NULL};
	static const char *const none[] = {NULL};
	struct cctl_table *t = NULL;

	cr_assert_eq(cctl_table_alloc(&t, none, NULL), EINVAL);
	cr_assert_eq(cctl_table_alloc(&t, hdr, NULL), 0);
	cr_assert_eq(cctl_table_cell(t, "x"), EINVAL);  /* no row yet */
	cctl_table_row(t);
	cr_assert_eq(cctl_table_cell(t, "x"), 0);
	cr_assert_eq(cctl_table_cell(t, "y"), E2BIG);
	mem_deref(t);
}


static struct odict *json(const char *s)
{
	struct odict *o = NULL;

	cr_assert_eq(cctl_json_decode(&o, s, strlen(s)), 0, "%s", s);
	return o;
}


Test(ctlrender, json_decode_wants_an_object)
{
	struct odict *o = NULL;

	cr_assert_eq(cctl_json_decode(&o, "", 0), EBADMSG);
	cr_assert_eq(cctl_json_decode(&o, "[1]", 3), EBADMSG);
	cr_assert_eq(cctl_json_decode(&o, "<html>", 6), EBADMSG);
	cr_assert_null(o);
	o = json(" {\"a\": 1.5, \"b\": \"x\", \"c\": true, \"d\": null}");
	double v;
	cr_assert(cctl_jnum(o, "a", &v));
	cr_assert_float_eq(v, 1.5, 1e-9);
	cr_assert_not(cctl_jnum(o, "b", &v));
	cr_assert_str_eq(cctl_jstr(o, "b"), "x");
	cr_assert_null(cctl_jstr(o, "a"));
	cr_assert(cctl_jbool(o, "c"));
	cr_assert_not(cctl_jbool(o, "d"));
	cr_assert_null(cctl_jobj(o, "d"));
	mem_deref(o);
}


Test(ctlrender, numbers)
{
	char b[CCTL_NUMSZ];

	cr_assert_str_eq(cctl_num_str(b, sizeof(b), 0.2, 1), "0.2");
	cr_assert_str_eq(cctl_num_str(b, sizeof(b), 4.0, 1), "4");
	cr_assert_str_eq(cctl_num_str(b, sizeof(b), -23, 0), "-23");
	cr_assert_str_eq(cctl_num_str(b, sizeof(b), 40, 0), "40");
	cr_assert_str_eq(cctl_num_str(b, sizeof(b), -0.01, 1), "0");
	cr_assert_str_eq(cctl_num_str(b, sizeof(b), 12.3456, 2), "12.35");
	cr_assert_str_eq(cctl_num_str(b, sizeof(b), 1.0 / 0.0, 1), "-");
}


Test(ctlrender, status)
{
	struct odict *o = json(
		"{\"version\": \"0.1.0\", \"uptime_s\": 812, "
		"\"draining\": false, \"rooms\": 2, \"participants\": 7, "
		"\"calls\": 7, \"workers\": [{\"index\": 0, \"rooms\": 1, "
		"\"participants\": 4, \"encoders\": 3, \"tick_p50_us\": 180, "
		"\"tick_p99_us\": 410, \"overruns\": 0, \"room_names\": "
		"[\"standup\", \"retro\"]}, {\"index\": 1, \"rooms\": 0, "
		"\"participants\": 0, \"encoders\": 0, \"tick_p50_us\": 9, "
		"\"tick_p99_us\": 12, \"overruns\": 15, "
		"\"room_names\": []}]}");

	cr_assert_eq(cctl_print_status(&out.pf, o), 0);
	cr_assert_str_eq(capture_str(&out),
"consortd 0.1.0, up 13m32s, accepting new rooms\n"
"rooms 2, participants 7, calls 7\n"
"\n"
"WORKER  ROOMS  PARTICIPANTS  ENCODERS  TICK P50  TICK P99  OVERRUNS  "
"ROOMS HERE\n"
"     0      1             4         3    180 us    410 us         0  "
"standup retro\n"
"     1      0             0         0      9 us     12 us        15  -\n");
	mem_deref(o);
}


Test(ctlrender, status_draining_and_long_uptime)
{
	struct odict *o = json("{\"version\": \"0.2\", \"uptime_s\": 90061, "
			       "\"draining\": true}");

	cr_assert_eq(cctl_print_status(&out.pf, o), 0);
	cr_assert_str_eq(capture_str(&out),
			 "consortd 0.2, up 1d01h, draining (new rooms "
			 "refused)\nrooms -, participants -, calls -\n");
	mem_deref(o);
}


Test(ctlrender, rooms)
{
	struct odict *o = json(
		"{\"rooms\": [{\"name\": \"standup\", \"id\": 1, "
		"\"worker\": 0, \"locked\": false, \"created_at\": "
		"\"2026-11-21T11:32:05.314Z\", \"participant_count\": 3, "
		"\"playing\": null}, {\"name\": \"board-meeting\", \"id\": 2, "
		"\"worker\": 1, \"locked\": true, \"created_at\": "
		"\"2026-11-21T12:00:00Z\", \"participant_count\": 12, "
		"\"playing\": \"/srv/hold.wav\"}]}");

	cr_assert_eq(cctl_print_rooms(&out.pf, o), 0);
	cr_assert_str_eq(capture_str(&out),
"ROOM           PARTICIPANTS  LOCKED  WORKER  PLAYING        CREATED\n"
"standup                   3  no           0  -              "
"2026-11-21 11:32:05\n"
"board-meeting            12  yes          1  /srv/hold.wav  "
"2026-11-21 12:00:00\n");
	mem_deref(o);

	capture_reset(&out);
	o = json("{\"rooms\": []}");
	cr_assert_eq(cctl_print_rooms(&out.pf, o), 0);
	cr_assert_str_eq(capture_str(&out), "no rooms\n");
	mem_deref(o);
}


#define PART_ALICE \
	"{\"id\": 3, \"uri\": \"sip:alice@192.0.2.7\", \"display_name\": " \
	"\"Alice\", \"codec\": \"opus/48000\", \"muted\": false, \"deaf\": " \
	"false, \"talking\": true, \"level_dbov\": -23, \"gain_in_db\": 0, " \
	"\"gain_out_db\": 0, \"jitter_ms\": 4, \"loss_pct\": 0.2, " \
	"\"jb_delay_ms\": 40, \"joined_at\": \"2026-11-21T11:32:05.315Z\"}"
#define PART_BOB \
	"{\"id\": 12, \"uri\": \"sip:bob@192.0.2.8\", \"display_name\": " \
	"\"\", \"codec\": \"PCMU/8000\", \"muted\": true, \"deaf\": true, " \
	"\"talking\": false, \"level_dbov\": -80, \"gain_in_db\": -3.5, " \
	"\"gain_out_db\": 6, \"jitter_ms\": 12.4, \"loss_pct\": 3, " \
	"\"jb_delay_ms\": 120, \"joined_at\": \"2026-11-21T11:40:00.000Z\"}"


Test(ctlrender, room_with_participants)
{
	struct odict *o = json(
		"{\"name\": \"standup\", \"id\": 1, \"worker\": 0, "
		"\"locked\": true, "
		"\"created_at\": \"2026-11-21T11:32:05.314Z\", "
		"\"participant_count\": 2, "
		"\"playing\": {\"file\": \"/a.wav\"}, "
		"\"participants\": [" PART_ALICE ", " PART_BOB "]}");

	cr_assert_eq(cctl_print_room(&out.pf, o), 0);
	cr_assert_str_eq(capture_str(&out),
"room standup: 2 participants, locked, worker 0, created 2026-11-21 "
"11:32:05 UTC\n"
"playing /a.wav\n"
"\n"
"ID  URI                  NAME   CODEC       STATE        LEVEL   JITTER  "
"LOSS  JB DELAY  JOINED\n"
" 3  sip:alice@192.0.2.7  Alice  opus/48000  talking     -23 dB     4 ms  "
"0.2%     40 ms  11:32:05\n"
"12  sip:bob@192.0.2.8    -      PCMU/8000   muted,deaf  -80 dB  12.4 ms  "
"  3%    120 ms  11:40:00\n");
	mem_deref(o);
}


Test(ctlrender, empty_room)
{
	struct odict *o = json("{\"name\": \"r\", \"worker\": 1, \"locked\": "
			       "false, \"participant_count\": 0, "
			       "\"participants\": []}");

	cr_assert_eq(cctl_print_room(&out.pf, o), 0);
	cr_assert_str_eq(capture_str(&out),
			 "room r: 0 participants, unlocked, worker 1, created "
			 "- UTC\nno participants\n");
	mem_deref(o);
}


Test(ctlrender, participant_line)
{
	struct odict *o = json(PART_BOB);

	cr_assert_eq(cctl_print_part(&out.pf, "standup", o), 0);
	cr_assert_str_eq(capture_str(&out),
			 "participant 12 (sip:bob@192.0.2.8) in standup: "
			 "muted, deaf, gain in -3.5 dB out 6 dB\n");
	mem_deref(o);
}


Test(ctlrender, events)
{
	struct odict *o = json(
		"{\"seq\": 42, \"time\": \"2026-11-21T11:32:05.315Z\", "
		"\"type\": \"participant.joined\", \"room\": \"standup\", "
		"\"participant\": 3, \"uri\": \"sip:alice@h\"}");

	cr_assert_eq(cctl_print_event(&out.pf, o), 0);
	mem_deref(o);

	o = json("{\"seq\": 43, \"time\": \"2026-11-21T11:32:06Z\", "
		 "\"type\": \"level\", \"room\": \"standup\", \"levels\": "
		 "{\"3\": -23, \"4\": -80}}");
	cr_assert_eq(cctl_print_event(&out.pf, o), 0);
	mem_deref(o);

	o = json("{\"seq\": 44, \"type\": \"dial.failed\", \"status\": 486,"
		 " \"reason\": \"Busy Here\", \"ok\": false}");
	cr_assert_eq(cctl_print_event(&out.pf, o), 0);
	mem_deref(o);

	cr_assert_str_eq(capture_str(&out),
		"11:32:05.315 participant.joined room=standup participant=3 "
		"uri=sip:alice@h\n"
		"11:32:06 level room=standup levels=3:-23,4:-80\n"
		"- dial.failed status=486 reason=\"Busy Here\" ok=no\n");
}
