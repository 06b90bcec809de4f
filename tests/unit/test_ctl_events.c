/* test_ctl_events.c: events as API JSON, numbering, the history bound
 * and the SSE replay after Last-Event-ID. */
#include <string.h>
#include <criterion/criterion.h>
#include <re.h>
#include "ctl_priv.h"

static struct ctl *c;


static void init(void)
{
	struct ctl_config cfg;

	cr_assert_eq(libre_init(), 0);
	memset(&cfg, 0, sizeof(cfg));
	sa_set_str(&cfg.listen, "127.0.0.1", 0);
	cfg.hook_queue = 10;
	str_ncpy(cfg.version, "test", sizeof(cfg.version));
	cr_assert_eq(ctl_alloc(&c, &cfg, NULL, NULL), 0);
}


static void fini(void)
{
	c = mem_deref(c);
	libre_close();
}

TestSuite(ctl_events, .init = init, .fini = fini);


static const struct ctl_event *last(void)
{
	return list_ledata(c->history.tail);
}


/* The JSON of the last event, without its time. */
static const char *json_no_time(void)
{
	static char buf[512];
	const char *j = last()->json, *t = strstr(j, "\"time\": \"");
	size_t pre;

	cr_assert_not_null(t);
	pre = (size_t)(t - j);
	cr_assert_lt(strlen(j), sizeof(buf));
	memcpy(buf, j, pre);
	strcpy(buf + pre, t + strlen("\"time\": \"2026-11-21T11:32:05.315Z"
				     "\", "));

	return buf;
}


Test(ctl_events, json_per_type)
{
	struct sig_event ev = {
		.type = SIG_EV_JOINED, .room = "standup", .room_id = 1,
		.part = 3, .uri = "sip:alice@192.0.2.7",
	};

	ctl_event_post(c, &ev);
	cr_expect_eq(last()->seq, 1);
	cr_expect_str_eq(last()->type, "participant.joined");
	cr_expect_str_eq(json_no_time(), "{\"seq\": 1, \"type\": "
			 "\"participant.joined\", \"room\": \"standup\", "
			 "\"participant\": 3, "
			 "\"uri\": \"sip:alice@192.0.2.7\"}");
	cr_expect_eq(ctl_json_check(last()->json, strlen(last()->json)), 0);

	ev.type = SIG_EV_LEFT;
	ev.reason = "kicked";
	ctl_event_post(c, &ev);
	cr_expect_str_eq(json_no_time(), "{\"seq\": 2, \"type\": "
			 "\"participant.left\", \"room\": \"standup\", "
			 "\"participant\": 3, "
			 "\"uri\": \"sip:alice@192.0.2.7\", "
			 "\"reason\": \"kicked\"}");

	memset(&ev, 0, sizeof(ev));
	ev.type = SIG_EV_DTMF;
	ev.room = "standup";
	ev.part = 4;
	ev.digit = '#';
	ctl_event_post(c, &ev);
	cr_expect_str_eq(json_no_time(), "{\"seq\": 3, \"type\": \"dtmf\", "
			 "\"room\": \"standup\", \"participant\": 4, "
			 "\"digit\": \"#\"}");

	memset(&ev, 0, sizeof(ev));
	ev.type = SIG_EV_DIAL_FAILED;
	ev.room = "r\"1";
	ev.part = 7;
	ev.uri = "sip:bob@h";
	ev.status = 486;
	ev.reason = "Busy Here";
	ctl_event_post(c, &ev);
	cr_expect_str_eq(json_no_time(), "{\"seq\": 4, \"type\": "
			 "\"dial.failed\", \"room\": \"r\\\"1\", "
			 "\"participant\": 7, \"uri\": \"sip:bob@h\", "
			 "\"status\": 486, \"reason\": \"Busy Here\"}");

	memset(&ev, 0, sizeof(ev));
	ev.type = SIG_EV_ROOM_CREATED;
	ev.room = "standup";
	ctl_event_post(c, &ev);
	cr_expect_str_eq(json_no_time(), "{\"seq\": 5, \"type\": "
			 "\"room.created\", \"room\": \"standup\"}");
}


Test(ctl_events, names)
{
	cr_expect_str_eq(sig_event_name(SIG_EV_TALKING_START),
			 "talking.start");
	cr_expect_str_eq(sig_event_name(SIG_EV_UNDEAF), "participant.undeaf");
	cr_expect_str_eq(sig_event_name(SIG_EV_PLAY_DONE), "play.done");
	cr_expect_str_eq(sig_event_name(SIG_EV_UNLOCKED), "room.unlocked");
	cr_expect_str_eq(sig_event_name(SIG_EV_COUNT), "unknown");
	for (int t = 0; t < SIG_EV_COUNT; t++)
		cr_expect_not_null(sig_event_name((enum sig_event_type)t));
}


Test(ctl_events, history_bound_and_replay)
{
	struct sig_event ev = {.type = SIG_EV_LOCKED, .room = "r"};
	struct mbuf *mb = mbuf_alloc(1024);
	const struct ctl_event *first;
	char *s;

	cr_assert_not_null(mb);
	for (int i = 0; i < CTL_HISTORY + 5; i++)
		ctl_event_post(c, &ev);

	cr_expect_eq(c->nhistory, CTL_HISTORY);
	cr_expect_eq(list_count(&c->history), CTL_HISTORY);
	first = list_ledata(c->history.head);
	cr_expect_eq(first->seq, 6);
	cr_expect_eq(last()->seq, CTL_HISTORY + 5);

	/* after the newest: nothing */
	cr_assert_eq(ctl_events_since(c, CTL_HISTORY + 5, mb), 0);
	cr_expect_eq(mb->end, 0);

	/* the last two, as SSE */
	cr_assert_eq(ctl_events_since(c, CTL_HISTORY + 3, mb), 0);
	mb->pos = 0;
	cr_assert_eq(mbuf_strdup(mb, &s, mb->end), 0);
	cr_expect_eq(strncmp(s, "id: 1004\nevent: room.locked\ndata: "
			     "{\"seq\": 1004, ", 48), 0, "%s", s);
	cr_expect_not_null(strstr(s, "}\n\nid: 1005\nevent: room.locked\n"));
	cr_expect_eq(s[strlen(s) - 1], '\n');
	cr_expect_eq(s[strlen(s) - 2], '\n');
	mem_deref(s);

	/* older than the history: everything kept */
	mbuf_reset(mb);
	cr_assert_eq(ctl_events_since(c, 0, mb), 0);
	mb->pos = 0;
	cr_assert_eq(mbuf_strdup(mb, &s, mb->end), 0);
	cr_expect_eq(strncmp(s, "id: 6\n", 6), 0);
	mem_deref(s);
	mem_deref(mb);
}
