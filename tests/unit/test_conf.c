/* test_conf.c: config defaults, shipped file, syntax, restart keys, print. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <criterion/criterion.h>
#include <re.h>
#include "conf.h"
#include "test_conf.h"

#ifndef CONSORT_SOURCE_DIR
#error "CONSORT_SOURCE_DIR must be defined by the build"
#endif
#define SHIPPED CONSORT_SOURCE_DIR "/conf/consortd.conf"

char emsg[512];

/* Parse text on top of the defaults into *c. */
int tparse(struct conf *c, const char *text)
{
	conf_defaults(c);
	emsg[0] = '\0';
	return conf_parse(c, text, strlen(text), "t.conf", emsg, sizeof(emsg));
}

/* Parse must fail with a message containing each of the given parts. */
void expect_err(const char *text, const char *where, const char *key,
		const char *part)
{
	struct conf c, before;

	conf_defaults(&before);
	c = before;
	emsg[0] = '\0';
	cr_assert_eq(conf_parse(&c, text, strlen(text), "t.conf", emsg,
				sizeof(emsg)), EINVAL, "accepted: %s", text);
	cr_expect(strstr(emsg, where) == emsg, "'%s' does not start with '%s'",
		  emsg, where);
	cr_expect_not_null(strstr(emsg, key), "'%s' lacks '%s'", emsg, key);
	if (part)
		cr_expect_not_null(strstr(emsg, part), "'%s' lacks '%s'", emsg,
				   part);
	cr_expect_eq(memcmp(&c, &before, sizeof(c)), 0,
		     "conf changed on error: %s", text);
}

static void print_conf(char *buf, size_t sz, const struct conf *c)
{
	cr_assert_gt(re_snprintf(buf, sz, "%H", conf_print, c), 0);
}

Test(conf, defaults)
{
	struct conf c;
	struct sa any4;

	memset(&c, 0x5a, sizeof(c));
	conf_defaults(&c);
	sa_set_str(&any4, "0.0.0.0", 5060);

	cr_assert_eq(c.n_sip_listen, 1);
	cr_expect(sa_cmp(&c.sip_listen[0], &any4, SA_ALL));
	cr_expect(c.sip_udp && c.sip_tcp);
	cr_expect(sa_is_any(&c.media_address));
	cr_expect_eq(sa_af(&c.media_address), AF_INET);
	cr_expect_eq(c.rtp_port_min, 20000);
	cr_expect_eq(c.rtp_port_max, 29999);
	cr_expect_eq(c.workers, 0);
	cr_expect_eq(c.log_level, LOG_INFO);
	cr_expect_eq(c.room_linger, 10);
	cr_expect_eq(c.max_participants, 100);
	cr_assert_eq(c.n_codecs, 4);
	cr_expect_str_eq(c.codecs[0], "opus");
	cr_expect_str_eq(c.codecs[1], "G722");
	cr_expect_str_eq(c.codecs[2], "PCMU");
	cr_expect_str_eq(c.codecs[3], "PCMA");
	cr_expect_eq(c.ptime, 20);
	cr_expect_eq(c.opus_bitrate, 32000);
	cr_expect_eq(c.opus_complexity, 5);
	cr_expect(c.opus_fec);
	cr_expect(!c.opus_dtx);
	cr_expect_eq(c.tick, 20);
	cr_expect_eq(c.jb_min_delay, 20);
	cr_expect_eq(c.jb_max_delay, 200);
	cr_expect_eq(c.talk_on_level, -40);
	cr_expect_eq(c.talk_off_level, -50);
	cr_expect_eq(c.talk_hold, 500);
	cr_expect_eq(c.rtcp_interval, 5);
	cr_expect_eq(c.mix_max_talkers, 3);
	cr_expect_eq(c.shutdown_timeout, 5);
	cr_expect_str_eq(c.pid_file, "/run/consortd.pid");
	cr_assert_eq(c.n_dtmf, 1);
	cr_expect_str_eq(c.dtmf_seq[0], "*6");
	cr_expect_str_eq(c.dtmf_action[0], "mute");
}

Test(conf, shipped_file_parses_to_the_defaults)
{
	static char a[4096], b[4096];
	struct conf def, c;
	struct mbuf *mb;
	char *line, *save = NULL, word[32];
	int e;

	conf_defaults(&def);
	memset(&c, 0, sizeof(c));
	e = conf_load(&c, SHIPPED, emsg, sizeof(emsg));
	cr_assert_eq(e, 0, "%s", emsg);
	cr_expect_str_empty(emsg);

	/* Documented defaults are the built-in ones. */
	print_conf(a, sizeof(a), &def);
	print_conf(b, sizeof(b), &c);
	cr_expect_str_eq(a, b);

	/* Every key is present as an active line. */
	mb = mbuf_alloc(16384);
	cr_assert_not_null(mb);
	{
		FILE *f = fopen(SHIPPED, "r");
		size_t n;

		cr_assert_not_null(f);
		n = fread(mb->buf, 1, mb->size - 1, f);
		fclose(f);
		mb->buf[n] = '\0';
	}
	for (line = strtok_r(a, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char pat[40];

		cr_assert_eq(sscanf(line, "%31s", word), 1);
		re_snprintf(pat, sizeof(pat), "\n%s ", word);
		cr_expect_not_null(strstr((char *)mb->buf, pat),
				   "key %s missing from the shipped file",
				   word);
	}
	mem_deref(mb);
}

Test(conf, load_missing_file)
{
	struct conf c;

	conf_defaults(&c);
	cr_assert_eq(conf_load(&c, "/nonexistent/x.conf", emsg, sizeof(emsg)),
		     ENOENT);
	cr_expect_not_null(strstr(emsg, "/nonexistent/x.conf"), "%s", emsg);
}


Test(conf, comments_whitespace_crlf)
{
	struct conf c;

	cr_assert_eq(tparse(&c, "\xef\xbb\xbf# full line\r\n"
				"   \t# indented comment\r\n"
				"\r\n   \t  \r\n"
				"\tptime\t 40  # trailing\r\n"
				"room_linger   7\t\r\n"
				"codecs PCMU , PCMA # last\r\n"
				"opus_complexity 9"), 0, "%s", emsg);
	cr_expect_eq(c.ptime, 40);
	cr_expect_eq(c.room_linger, 7);
	cr_expect_eq(c.opus_complexity, 9);
	cr_assert_eq(c.n_codecs, 2);
	cr_expect_str_eq(c.codecs[1], "PCMA");

	cr_assert_eq(tparse(&c, ""), 0);
	cr_assert_eq(conf_parse(&c, NULL, 0, "t.conf", emsg, sizeof(emsg)), 0);
	/* Line numbers count CRLF lines. */
	expect_err("ptime 20\r\n\r\nptime x\r\n", "t.conf:3: ", "'ptime'",
		   "got 'x'");
}

Test(conf, repeated_keys)
{
	struct conf c;

	/* Non-list: the last one wins. */
	cr_assert_eq(tparse(&c, "ptime 10\nptime 30\n"), 0, "%s", emsg);
	cr_expect_eq(c.ptime, 30);

	/* Lists: the first line replaces the default, later ones append. */
	cr_assert_eq(tparse(&c, "sip_listen 10.0.0.1\ndtmf *1 deaf\n"
				"sip_listen 10.0.0.2:5080\ndtmf *2 mute\n"),
		     0, "%s", emsg);
	cr_expect_eq(c.n_sip_listen, 2);
	cr_expect_eq(sa_port(&c.sip_listen[1]), 5080);
	cr_assert_eq(c.n_dtmf, 2);
	cr_expect_str_eq(c.dtmf_seq[0], "*1");

	/* A second parse on top replaces the lists again. */
	cr_assert_eq(conf_parse(&c, "sip_listen 10.0.0.3\n", 20, "u", emsg,
				sizeof(emsg)), 0, "%s", emsg);
	cr_expect_eq(c.n_sip_listen, 1);
	cr_expect_eq(c.n_dtmf, 2);

	expect_err("sip_listen 10.0.0.1\nsip_listen 10.0.0.2\n"
		   "sip_listen 10.0.0.3\nsip_listen 10.0.0.4\n"
		   "sip_listen 10.0.0.5\nsip_listen 10.0.0.6\n"
		   "sip_listen 10.0.0.7\nsip_listen 10.0.0.8\n"
		   "sip_listen 10.0.0.9\n", "t.conf:9: ", "'sip_listen'",
		   "at most 8");
}

static void collect(const char *key, void *arg)
{
	char *out = arg;

	strcat(out, key);
	strcat(out, " ");
}

static const struct {
	const char *line;
	const char *key;   /* NULL: reloadable */
} changes[] = {
	{"sip_listen 127.0.0.1", "sip_listen"},
	{"sip_listen 0.0.0.0:5061", "sip_listen"},
	{"sip_listen 0.0.0.0\nsip_listen [::]", "sip_listen"},
	{"sip_transports udp", "sip_transports"},
	{"media_address 192.0.2.1", "media_address"},
	{"media_address ::", "media_address"},
	{"rtp_port_min 20002", "rtp_port_min"},
	{"rtp_port_max 20002", "rtp_port_max"},
	{"workers 2", "workers"},
	{"tick 10", "tick"},
	{"pid_file /tmp/x.pid", "pid_file"},
	{"log_level error", NULL},
	{"room_linger 0", NULL},
	{"max_participants 7", NULL},
	{"codecs PCMU", NULL},
	{"ptime 40", NULL},
	{"opus_bitrate 64000", NULL},
	{"opus_complexity 10", NULL},
	{"opus_fec no", NULL},
	{"opus_dtx yes", NULL},
	{"jb_min_delay 40", NULL},
	{"jb_max_delay 400", NULL},
	{"talk_on_level -30", NULL},
	{"talk_off_level -60", NULL},
	{"talk_hold 100", NULL},
	{"dtmf *9 deaf", NULL},
	{"rtcp_interval 2", NULL},
	{"mix_max_talkers 0", NULL},
	{"shutdown_timeout 30", NULL},
	{"sip_listen 0.0.0.0:5060\nsip_transports tcp,udp", NULL},
	{"http_listen 127.0.0.1:9000", "http_listen"},
	{"api_token t0k", NULL},
	{"webhook http://127.0.0.1:9/x", NULL},
	{"webhook_queue 10", NULL},
	{"metrics_max_participants 10", NULL},
};

Test(conf, restart_keys_one_at_a_time)
{
	struct conf old, cur;
	char got[256], want[64];
	unsigned n;

	conf_defaults(&old);
	for (size_t i = 0; i < ARRAY_SIZE(changes); i++) {
		cr_assert_eq(tparse(&cur, changes[i].line), 0, "%s: %s",
			     changes[i].line, emsg);
		got[0] = '\0';
		n = conf_restart_keys(&old, &cur, collect, got);
		if (changes[i].key) {
			cr_expect_eq(n, 1, "%s: %s", changes[i].line, got);
			re_snprintf(want, sizeof(want), "%s ",
				    changes[i].key);
			cr_expect_str_eq(got, want);
		} else {
			cr_expect_eq(n, 0, "%s: %s", changes[i].line, got);
		}
		cr_expect_eq(conf_restart_keys(&old, &cur, NULL, NULL), n);
	}
}

Test(conf, restart_keys_several)
{
	struct conf old, cur;
	char got[256] = "";

	cr_assert_eq(tparse(&old, "log_level debug\n"), 0);
	cr_assert_eq(tparse(&cur, "tick 40\nsip_listen 127.0.0.1\n"
				  "ptime 60\nworkers 8\n"), 0, "%s", emsg);
	cr_expect_eq(conf_restart_keys(&old, &cur, collect, got), 3);
	cr_expect_str_eq(got, "sip_listen workers tick ");
	cr_expect_eq(conf_restart_keys(&cur, &cur, collect, got), 0);
}

Test(conf, print_round_trip)
{
	static char a[4096], b[4096];
	static const char text[] =
		"sip_listen [::1]:5070\nsip_listen 10.1.1.1\n"
		"sip_transports tcp\nmedia_address ::\n"
		"workers 3\nlog_level warning\ncodecs PCMA,opus\n"
		"opus_dtx on\ntalk_on_level -20\n"
		"dtmf # mute\ndtmf *0 vol_listen_down\n";
	struct conf c, d;

	cr_assert_eq(tparse(&c, text), 0, "%s", emsg);
	print_conf(a, sizeof(a), &c);
	cr_expect_not_null(strstr(a, "sip_listen         [::1]:5070\n"),
			   "%s", a);
	cr_expect_not_null(strstr(a, "workers            3\n"), "%s", a);

	conf_defaults(&d);
	cr_assert_eq(conf_parse(&d, a, strlen(a), "print", emsg, sizeof(emsg)),
		     0, "%s\n%s", emsg, a);
	print_conf(b, sizeof(b), &d);
	cr_expect_str_eq(a, b);
	cr_expect_eq(conf_restart_keys(&c, &d, NULL, NULL), 0);

	/* No caller controls prints as "dtmf none" and reads back. */
	cr_assert_eq(tparse(&c, "dtmf none\n"), 0);
	print_conf(a, sizeof(a), &c);
	cr_expect_not_null(strstr(a, "dtmf               none\n"), "%s", a);
}
