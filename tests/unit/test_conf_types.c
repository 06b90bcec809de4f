/* test_conf_types.c: each config value type: accepted forms and errors. */
#include <errno.h>
#include <string.h>
#include <criterion/criterion.h>
#include <re.h>
#include "conf.h"
#include "test_conf.h"

Test(conf, unknown_key)
{
	expect_err("ptime 20\n\nsip_lisen 0.0.0.0\n", "t.conf:3: ",
		   "unknown key 'sip_lisen'", "did you mean 'sip_listen'");
	expect_err("PTIME 20\n", "t.conf:1: ", "unknown key 'PTIME'",
		   "'ptime'");
	expect_err("bogus 1\n", "t.conf:1: ", "unknown key 'bogus'", NULL);
	cr_expect_null(strstr(emsg, "did you mean"), "%s", emsg);
}

Test(conf, bad_int_exact_message)
{
	struct conf c;

	cr_assert_eq(tparse(&c, "\n\nrtp_port_min abc\n"), EINVAL);
	cr_expect_str_eq(emsg, "t.conf:3: key 'rtp_port_min': expected an "
			 "integer 1024..65534, got 'abc'");
}

Test(conf, numbers_out_of_range)
{
	expect_err("rtp_port_max 65535", "t.conf:1: ", "'rtp_port_max'",
		   "got '65535'");
	expect_err("rtp_port_min 1023", "t.conf:1: ", "'rtp_port_min'",
		   NULL);
	expect_err("room_linger 86401", "t.conf:1: ", "'room_linger'",
		   "[s]");
	expect_err("room_linger -1", "t.conf:1: ", "'room_linger'", NULL);
	expect_err("max_participants 0", "t.conf:1: ", "'max_participants'",
		   NULL);
	expect_err("opus_bitrate 5999", "t.conf:1: ", "'opus_bitrate'",
		   "bit/s");
	expect_err("opus_complexity 11", "t.conf:1: ", "'opus_complexity'",
		   NULL);
	expect_err("talk_on_level 1", "t.conf:1: ", "'talk_on_level'",
		   "-96..0 [dBov]");
	expect_err("talk_hold 10001", "t.conf:1: ", "'talk_hold'", NULL);
	expect_err("rtcp_interval 0", "t.conf:1: ", "'rtcp_interval'", NULL);
	expect_err("shutdown_timeout 301", "t.conf:1: ",
		   "'shutdown_timeout'", NULL);
	expect_err("jb_max_delay 19", "t.conf:1: ", "'jb_max_delay'", NULL);
	expect_err("room_linger 99999999999999999999", "t.conf:1: ",
		   "'room_linger'", NULL);
	expect_err("room_linger 1e3", "t.conf:1: ", "'room_linger'", NULL);
	expect_err("room_linger 0x10", "t.conf:1: ", "'room_linger'", NULL);
	expect_err("room_linger +5", "t.conf:1: ", "'room_linger'", NULL);
}

Test(conf, choices)
{
	struct conf c;

	expect_err("ptime 25", "t.conf:1: ", "'ptime'",
		   "one of 10, 20, 30, 40, 60 [ms], got '25'");
	expect_err("tick 30", "t.conf:1: ", "'tick'", "10, 20, 40");
	cr_assert_eq(tparse(&c, "ptime 60\ntick 40\n"), 0, "%s", emsg);
	cr_expect_eq(c.ptime, 60);
	cr_expect_eq(c.tick, 40);
}

Test(conf, bools)
{
	static const char *const yes[] = {"yes", "true", "on", "1", "YES"};
	static const char *const no[] = {"no", "false", "off", "0", "Off"};
	struct conf c;
	char buf[64];

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		re_snprintf(buf, sizeof(buf), "opus_dtx %s\nopus_fec %s\n",
			    yes[i], no[i]);
		cr_assert_eq(tparse(&c, buf), 0, "%s", emsg);
		cr_expect(c.opus_dtx && !c.opus_fec, "%s", buf);
	}
	expect_err("\nopus_fec maybe", "t.conf:2: ", "'opus_fec'",
		   "got 'maybe'");
	expect_err("opus_dtx 2", "t.conf:1: ", "'opus_dtx'", NULL);
}

Test(conf, addresses)
{
	struct conf c;
	struct sa sa;

	cr_assert_eq(tparse(&c, "sip_listen [::1]:5070\nsip_listen [::]\n"
				"sip_listen 192.0.2.1\nsip_listen ::2\n"
				"media_address 2001:db8::1\n"), 0, "%s", emsg);
	cr_assert_eq(c.n_sip_listen, 4);
	sa_set_str(&sa, "::1", 5070);
	cr_expect(sa_cmp(&c.sip_listen[0], &sa, SA_ALL));
	sa_set_str(&sa, "::", 5060);
	cr_expect(sa_cmp(&c.sip_listen[1], &sa, SA_ALL));
	sa_set_str(&sa, "192.0.2.1", 5060);
	cr_expect(sa_cmp(&c.sip_listen[2], &sa, SA_ALL));
	sa_set_str(&sa, "::2", 5060);
	cr_expect(sa_cmp(&c.sip_listen[3], &sa, SA_ALL));
	sa_set_str(&sa, "2001:db8::1", 0);
	cr_expect(sa_cmp(&c.media_address, &sa, SA_ADDR));

	expect_err("sip_listen 1.2.3.4.5", "t.conf:1: ", "'sip_listen'",
		   "got '1.2.3.4.5'");
	expect_err("sip_listen [::1", "t.conf:1: ", "'sip_listen'", NULL);
	expect_err("sip_listen [::1]5060", "t.conf:1: ", "'sip_listen'",
		   NULL);
	expect_err("sip_listen [1.2.3.4]:5060", "t.conf:1: ", "'sip_listen'",
		   NULL);
	expect_err("sip_listen 1.2.3.4:0", "t.conf:1: ", "'sip_listen'",
		   NULL);
	expect_err("sip_listen 1.2.3.4:65536", "t.conf:1: ", "'sip_listen'",
		   NULL);
	expect_err("sip_listen 1.2.3.4:", "t.conf:1: ", "'sip_listen'", NULL);
	expect_err("sip_listen sip.example.com", "t.conf:1: ",
		   "'sip_listen'", NULL);
	expect_err("sip_listen 1.2.3.4 5060", "t.conf:1: ", "'sip_listen'",
		   NULL);
	expect_err("media_address 192.0.2.1:4000", "t.conf:1: ",
		   "'media_address'", "without port");
	expect_err("media_address [::1]:4000", "t.conf:1: ",
		   "'media_address'", NULL);
	expect_err("sip_listen 10.0.0.1\nsip_listen 10.0.0.1:5060\n",
		   "t.conf:2: ", "'sip_listen'", "twice");
}

Test(conf, transports)
{
	struct conf c;

	cr_assert_eq(tparse(&c, "sip_transports tcp\n"), 0, "%s", emsg);
	cr_expect(!c.sip_udp && c.sip_tcp);
	cr_assert_eq(tparse(&c, "sip_transports UDP\n"), 0, "%s", emsg);
	cr_expect(c.sip_udp && !c.sip_tcp);
	cr_assert_eq(tparse(&c, "sip_transports tcp, udp\n"), 0, "%s", emsg);
	cr_expect(c.sip_udp && c.sip_tcp);
	expect_err("sip_transports udp,tls", "t.conf:1: ", "'sip_transports'",
		   "got 'tls'");
	expect_err("sip_transports ,", "t.conf:1: ", "'sip_transports'",
		   NULL);
}

Test(conf, codecs)
{
	struct conf c;

	cr_assert_eq(tparse(&c, "codecs pcma, OPUS,g722\n"), 0, "%s", emsg);
	cr_assert_eq(c.n_codecs, 3);
	cr_expect_str_eq(c.codecs[0], "PCMA");
	cr_expect_str_eq(c.codecs[1], "opus");
	cr_expect_str_eq(c.codecs[2], "G722");

	expect_err("ptime 20\ncodecs opus,g729", "t.conf:2: ", "'codecs'",
		   "unknown codec 'g729'");
	expect_err("codecs opus,OPUS", "t.conf:1: ", "'codecs'", "twice");
	expect_err("codecs ,,", "t.conf:1: ", "'codecs'", NULL);
}

Test(conf, log_level_and_workers)
{
	struct conf c;

	cr_assert_eq(tparse(&c, "log_level debug\nworkers 4\n"), 0, "%s",
		     emsg);
	cr_expect_eq(c.log_level, LOG_DEBUG);
	cr_expect_eq(c.workers, 4);
	cr_assert_eq(tparse(&c, "workers 3\nworkers auto\n"), 0, "%s", emsg);
	cr_expect_eq(c.workers, 0);

	expect_err("log_level verbose", "t.conf:1: ", "'log_level'",
		   "got 'verbose'");
	expect_err("workers 0", "t.conf:1: ", "'workers'",
		   "'auto' or an integer 1..256");
	expect_err("workers 257", "t.conf:1: ", "'workers'", NULL);
	expect_err("workers many", "t.conf:1: ", "'workers'", NULL);
}

Test(conf, pid_file)
{
	struct conf c;
	char buf[400];

	cr_assert_eq(tparse(&c, "pid_file /tmp/c.pid\n"), 0, "%s", emsg);
	cr_expect_str_eq(c.pid_file, "/tmp/c.pid");
	expect_err("pid_file /a b", "t.conf:1: ", "'pid_file'", NULL);

	memset(buf, 0, sizeof(buf));
	memcpy(buf, "pid_file /", 10);
	memset(buf + 10, 'x', 256);
	expect_err(buf, "t.conf:1: ", "'pid_file'", "at most 255");
}

Test(conf, dtmf)
{
	struct conf c;

	cr_assert_eq(tparse(&c, "dtmf # mute\ndtmf *7 deaf # comment\n"
				"dtmf 1a vol_talk_up\n"), 0, "%s", emsg);
	cr_assert_eq(c.n_dtmf, 3);
	cr_expect_str_eq(c.dtmf_seq[0], "#");
	cr_expect_str_eq(c.dtmf_action[0], "mute");
	cr_expect_str_eq(c.dtmf_seq[1], "*7");
	cr_expect_str_eq(c.dtmf_action[1], "deaf");
	cr_expect_str_eq(c.dtmf_seq[2], "1A");

	cr_assert_eq(tparse(&c, "dtmf none\n"), 0, "%s", emsg);
	cr_expect_eq(c.n_dtmf, 0);

	expect_err("dtmf *E mute", "t.conf:1: ", "'dtmf'",
		   "bad sequence '*E'");
	expect_err("dtmf 12345678 mute", "t.conf:1: ", "'dtmf'",
		   "bad sequence");
	expect_err("dtmf *6 jump", "t.conf:1: ", "'dtmf'",
		   "unknown action 'jump'");
	expect_err("dtmf *6", "t.conf:1: ", "'dtmf'", "SEQUENCE ACTION");
	expect_err("dtmf *6 mute loud", "t.conf:1: ", "'dtmf'", NULL);
	expect_err("dtmf *6 mute\ndtmf *6 deaf", "t.conf:2: ", "'dtmf'",
		   "already bound");
	expect_err("dtmf 1 mute\ndtmf 2 mute\ndtmf 3 mute\ndtmf 4 mute\n"
		   "dtmf 5 mute\ndtmf 6 mute\ndtmf 7 mute\ndtmf 8 mute\n"
		   "dtmf 9 mute\n", "t.conf:9: ", "'dtmf'", "at most 8");
}

Test(conf, port_range_order)
{
	struct conf c;

	expect_err("rtp_port_max 20000\n\nrtp_port_min 25000\n",
		   "t.conf:3: ", "'rtp_port_min'", "less than rtp_port_max");
	expect_err("rtp_port_min 25000\n# x\nrtp_port_max 20000\n",
		   "t.conf:3: ", "'rtp_port_max'",
		   "greater than rtp_port_min");
	expect_err("rtp_port_min 29999\n", "t.conf:1: ", "'rtp_port_min'",
		   NULL);
	cr_assert_eq(tparse(&c, "rtp_port_min 29998\n"), 0, "%s", emsg);
	cr_expect_eq(c.rtp_port_min, 29998);

	expect_err("jb_max_delay 20\njb_min_delay 30\n", "t.conf:2: ",
		   "'jb_min_delay'", "at most jb_max_delay");
	expect_err("talk_off_level -30\n", "t.conf:1: ", "'talk_off_level'",
		   NULL);
	cr_assert_eq(tparse(&c, "jb_min_delay 50\njb_max_delay 50\n"
				"talk_off_level -40\n"), 0, "%s", emsg);
}

Test(conf, syntax_errors)
{
	char line[1100];

	expect_err("ptime\n", "t.conf:1: ", "'ptime'", "missing value");
	expect_err("ptime # 20\n", "t.conf:1: ", "'ptime'", "missing value");
	expect_err("ptime 20 40\n", "t.conf:1: ", "'ptime'", "one value");
	expect_err("ptime 20#ms\n", "t.conf:1: ", "'ptime'", "'20#ms'");

	/* The first error stops parsing. */
	expect_err("ptime 1\nbogus 2\n", "t.conf:1: ", "'ptime'", NULL);

	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	expect_err(line, "t.conf:1: ", "line too long", NULL);
}

Test(conf, nul_byte_is_an_error)
{
	static const char buf[] = "ptime 20\nroom\0linger 5\n";
	struct conf c;

	conf_defaults(&c);
	cr_assert_eq(conf_parse(&c, buf, sizeof(buf) - 1, "t.conf", emsg,
				sizeof(emsg)), EINVAL);
	cr_expect_not_null(strstr(emsg, "t.conf:2:"), "%s", emsg);
}
