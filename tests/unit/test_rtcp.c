/* test_rtcp.c: RTCP build/parse, NTP/RTT, receiver statistics. */
#include <errno.h>
#include <string.h>
#include <criterion/criterion.h>
#include <re.h>           /* the headers must coexist with libre's */
#include "rtcp_pkt.h"
#include "rtp_stats.h"

static const struct rtcp_rb rb_a = {
	.ssrc = 0xa1a2a3a4, .fraction = 25, .lost = -3, .ext_seq = 0x1fffe,
	.jitter = 123, .lsr = 0x12345678, .dlsr = 65536,
};
static const struct rtcp_rb rb_b = {
	.ssrc = 0xb1, .fraction = 255, .lost = 0x7fffff, .ext_seq = 7,
	.jitter = 0, .lsr = 0, .dlsr = 0,
};

static void assert_rb_eq(const struct rtcp_rb *x, const struct rtcp_rb *y)
{
	cr_assert_eq(x->ssrc, y->ssrc);
	cr_assert_eq(x->fraction, y->fraction);
	cr_assert_eq(x->lost, y->lost);
	cr_assert_eq(x->ext_seq, y->ext_seq);
	cr_assert_eq(x->jitter, y->jitter);
	cr_assert_eq(x->lsr, y->lsr);
	cr_assert_eq(x->dlsr, y->dlsr);
}

Test(rtcp, sr_round_trip)
{
	const struct rtcp_sr sr = {
		.ntp = 0xe1e2e3e4f1f2f3f4ull, .rtp_ts = 48000,
		.pkts = 50, .octets = 8000,
	};
	struct rtcp_rb rbs[2] = {rb_a, rb_b};
	struct rtcp_info info;
	uint8_t buf[256];
	size_t n;

	n = rtcp_build_report(buf, sizeof(buf), 0xc0ffee, &sr, rbs, 2,
			      "consort@example");
	/* SR 28 + 2*24; SDES 4 + (4 + 2 + 15 + 1 -> 24) */
	cr_assert_eq(n, 76 + 28);
	cr_assert_eq(n % 4, 0);
	cr_assert_eq(buf[0], 0x82);
	cr_assert_eq(buf[1], RTCP_PT_SR);
	cr_assert_eq(buf[76 + 1], RTCP_PT_SDES);
	cr_assert_eq(buf[n - 1], 0);    /* null terminator and padding */

	cr_assert_eq(rtcp_parse(&info, buf, n), 0);
	cr_assert(info.has_sr);
	cr_assert_eq(info.sr_ssrc, 0xc0ffee);
	cr_assert_eq(info.from_ssrc, 0xc0ffee);
	cr_assert_eq(info.sr.ntp, sr.ntp);
	cr_assert_eq(info.sr.rtp_ts, 48000);
	cr_assert_eq(info.sr.pkts, 50);
	cr_assert_eq(info.sr.octets, 8000);
	cr_assert_eq(info.nrb, 2);
	assert_rb_eq(&info.rb[0], &rb_a);
	assert_rb_eq(&info.rb[1], &rb_b);
	cr_assert_not(info.bye || info.pli || info.fir);

	/* every cname length pads to 32 bits and parses */
	for (size_t len = 0; len < 12; len++) {
		char cname[16] = "abcdefghijklmno";

		cname[len] = '\0';
		n = rtcp_build_report(buf, sizeof(buf), 1, NULL, NULL, 0,
				      cname);
		cr_assert_eq(n % 4, 0);
		cr_assert_geq(n, 8 + 4 + 4 + 2 + len + 1);
		cr_assert_eq(rtcp_parse(&info, buf, n), 0, "len %zu", len);
	}
}

Test(rtcp, rr_lost_clamped)
{
	struct rtcp_rb rb = rb_a;
	struct rtcp_info info;
	uint8_t buf[128];
	size_t n;

	rb.lost = -10000000;
	n = rtcp_build_report(buf, sizeof(buf), 9, NULL, &rb, 1, "x");
	cr_assert_eq(buf[1], RTCP_PT_RR);
	cr_assert_eq(rtcp_parse(&info, buf, n), 0);
	cr_assert_not(info.has_sr);
	cr_assert_eq(info.nrb, 1);
	cr_assert_eq(info.rb[0].lost, -0x800000);
	cr_assert_eq(info.from_ssrc, 9);
}

Test(rtcp, build_limits)
{
	struct rtcp_rb rbs[32] = {{0}};
	char cname[257];
	uint8_t buf[1500];
	size_t n;

	n = rtcp_build_report(buf, sizeof(buf), 1, NULL, rbs, 31, "c");
	cr_assert_eq(n, 8 + 31 * 24 + 12);
	cr_assert_eq(rtcp_build_report(buf, n - 1, 1, NULL, rbs, 31, "c"), 0);
	cr_assert_eq(rtcp_build_report(buf, sizeof(buf), 1, NULL, rbs, 32,
				       "c"), 0);
	cr_assert_eq(rtcp_build_report(buf, sizeof(buf), 1, NULL, NULL, 0,
				       NULL), 0);
	memset(cname, 'a', 256);
	cname[256] = '\0';
	cr_assert_eq(rtcp_build_report(buf, sizeof(buf), 1, NULL, NULL, 0,
				       cname), 0);
	cname[255] = '\0';
	cr_assert_neq(rtcp_build_report(buf, sizeof(buf), 1, NULL, NULL, 0,
					cname), 0);
}

Test(rtcp, bye_round_trip)
{
	struct rtcp_info info;
	uint8_t buf[64];
	size_t n;

	n = rtcp_build_bye(buf, sizeof(buf), 0x77, "me");
	/* RR 8; SDES 4 + (SSRC 4, CNAME 2 + 2, null 1 -> 12); BYE 8 */
	cr_assert_eq(n, 8 + 16 + 8);
	cr_assert_eq(buf[24 + 1], RTCP_PT_BYE);
	cr_assert_eq(rtcp_parse(&info, buf, n), 0);
	cr_assert(info.bye);
	cr_assert_eq(info.nrb, 0);
	cr_assert_eq(info.from_ssrc, 0x77);
	cr_assert_eq(rtcp_build_bye(buf, n - 1, 0x77, "me"), 0);
}

/* Append a raw packet; returns its length. */
static size_t put_pkt(uint8_t *p, uint8_t b0, uint8_t pt, const uint8_t *body,
		      size_t blen)
{
	p[0] = b0;
	p[1] = pt;
	p[2] = (uint8_t)((blen / 4) >> 8);
	p[3] = (uint8_t)(blen / 4);
	if (blen)
		memcpy(p + 4, body, blen);
	return 4 + blen;
}

Test(rtcp, truncated_and_garbage)
{
	const uint8_t junk[] = {0x12, 0x34, 0x56, 0x78,
				0x9a, 0xbc, 0xde, 0xf0};
	struct rtcp_rb rb = rb_a;
	struct rtcp_info info;
	uint8_t buf[128];
	size_t n;

	/* cut anywhere but after the RR (32 bytes, a valid packet alone) */
	n = rtcp_build_report(buf, sizeof(buf), 5, NULL, &rb, 1, "trunc");
	for (size_t len = 0; len < n; len++)
		cr_assert_eq(rtcp_parse(&info, buf, len),
			     len == 32 ? 0 : EBADMSG, "len %zu", len);
	cr_assert_eq(rtcp_parse(&info, junk, sizeof(junk)), EBADMSG);
	cr_assert_eq(rtcp_parse(NULL, buf, n), EINVAL);

	/* trailing bytes after a valid compound */
	buf[n] = 0x80;
	cr_assert_eq(rtcp_parse(&info, buf, n + 1), EBADMSG);

	/* version 1 in the second packet */
	buf[8 + 24] = 0x41;
	cr_assert_eq(rtcp_parse(&info, buf, n), EBADMSG);

	/* RR counting 2 blocks but long enough for one */
	n = rtcp_build_report(buf, sizeof(buf), 5, NULL, &rb, 1, "x");
	buf[0] = 0x82;
	cr_assert_eq(rtcp_parse(&info, buf, n), EBADMSG);

	/* SR too short for its sender info */
	n = put_pkt(buf, 0x80, RTCP_PT_SR, junk, 8);
	cr_assert_eq(rtcp_parse(&info, buf, n), EBADMSG);

	/* BYE counting 3 SSRCs in 2 words */
	n = put_pkt(buf, 0x83, RTCP_PT_BYE, junk, 8);
	cr_assert_eq(rtcp_parse(&info, buf, n), EBADMSG);
}

Test(rtcp, padding)
{
	uint8_t body[12] = {0, 0, 0, 1, 0xaa, 0xbb, 0, 0, 0, 0, 0, 4};
	struct rtcp_info info;
	uint8_t buf[32];
	size_t n;

	/* RR with no blocks and 8 bytes of padding (count in last byte) */
	body[11] = 8;
	n = put_pkt(buf, 0xa0, RTCP_PT_RR, body, 12);
	cr_assert_eq(rtcp_parse(&info, buf, n), 0);
	buf[n - 1] = 0;
	cr_assert_eq(rtcp_parse(&info, buf, n), EBADMSG);
	buf[n - 1] = 13;
	cr_assert_eq(rtcp_parse(&info, buf, n), EBADMSG);
	/* padding hiding the space a report block would need */
	buf[0] = 0xa1;
	buf[n - 1] = 4;
	cr_assert_eq(rtcp_parse(&info, buf, n), EBADMSG);
}

Test(rtcp, unknown_types_skipped)
{
	const uint8_t app[12] = {0, 0, 0, 0x42, 'n', 'a', 'm', 'e',
				 1, 2, 3, 4};
	const uint8_t nack[12] = {0, 0, 0, 2, 0, 0, 0, 3, 0, 10, 0, 0};
	const uint8_t odd[4] = {9, 9, 9, 9};
	struct rtcp_info info;
	uint8_t buf[256];
	size_t n;

	n = rtcp_build_report(buf, sizeof(buf), 0x42, NULL, &rb_a, 1, "u");
	n += put_pkt(buf + n, 0x80, RTCP_PT_APP, app, sizeof(app));
	n += put_pkt(buf + n, 0x81, RTCP_PT_RTPFB, nack, sizeof(nack));
	n += put_pkt(buf + n, 0x9f, 199, odd, sizeof(odd));
	n += put_pkt(buf + n, 0x80, 255, NULL, 0);
	cr_assert_eq(rtcp_parse(&info, buf, n), 0);
	cr_assert_eq(info.nrb, 1);
	assert_rb_eq(&info.rb[0], &rb_a);
	cr_assert_not(info.pli || info.fir || info.bye);
}

Test(rtcp, pli_and_fir)
{
	const uint8_t pli[8] = {0, 0, 0, 1, 0, 0, 0x12, 0x34};
	const uint8_t fir[16] = {0, 0, 0, 1, 0, 0, 0, 0,
				 0, 0, 0x56, 0x78, 7, 0, 0, 0};
	struct rtcp_info info;
	uint8_t buf[64];
	size_t n;

	/* reduced-size (RFC 5506) PLI on its own */
	n = put_pkt(buf, 0x80 | RTCP_FMT_PLI, RTCP_PT_PSFB, pli, sizeof(pli));
	cr_assert_eq(rtcp_parse(&info, buf, n), 0);
	cr_assert(info.pli);
	cr_assert_not(info.fir);
	cr_assert_eq(info.from_ssrc, 1);
	cr_assert_eq(info.media_ssrc, 0x1234);

	n = put_pkt(buf, 0x80 | RTCP_FMT_FIR, RTCP_PT_PSFB, fir, sizeof(fir));
	cr_assert_eq(rtcp_parse(&info, buf, n), 0);
	cr_assert(info.fir);
	cr_assert_not(info.pli);
	cr_assert_eq(info.media_ssrc, 0x5678);

	/* FIR without an FCI entry, PLI without media SSRC */
	n = put_pkt(buf, 0x80 | RTCP_FMT_FIR, RTCP_PT_PSFB, fir, 8);
	cr_assert_eq(rtcp_parse(&info, buf, n), EBADMSG);
	n = put_pkt(buf, 0x80 | RTCP_FMT_PLI, RTCP_PT_PSFB, pli, 4);
	cr_assert_eq(rtcp_parse(&info, buf, n), EBADMSG);

	/* PLI with the RTPFB type is a NACK-family packet: not a PLI */
	n = put_pkt(buf, 0x80 | RTCP_FMT_PLI, RTCP_PT_RTPFB, pli, sizeof(pli));
	cr_assert_eq(rtcp_parse(&info, buf, n), 0);
	cr_assert_not(info.pli);
}

Test(rtcp, ntp_and_rtt)
{
	uint64_t ntp;

	ntp = rtcp_ntp_from_us(0);
	cr_assert_eq(ntp, 2208988800ull << 32);
	ntp = rtcp_ntp_from_us(1500000);        /* 1.5 s after the epoch */
	cr_assert_eq(ntp >> 32, 2208988801ull);
	cr_assert_eq((uint32_t)ntp, 0x80000000u);
	cr_assert_eq(rtcp_ntp_mid(0x0123456789abcdefull), 0x456789abu);

	/* RFC 3550 §6.4.1 example: A=0xb710:8000, LSR=0xb705:2000,
	 * DLSR=0x0005:4000 -> RTT 0x0006:2000 = 6.125 s */
	cr_assert_eq(rtcp_rtt_ms(0xb7108000u, 0xb7052000u, 0x00054000u),
		     6125);
	cr_assert_eq(rtcp_rtt_ms(0xb7108000u, 0, 0x00054000u), 0);
	/* DLSR larger than the elapsed time: negative, reported as 0 */
	cr_assert_eq(rtcp_rtt_ms(0xb7108000u, 0xb7052000u, 0x000c0000u), 0);
	/* across a wrap of the middle 32 bits: 0x700 units = 27.3 ms */
	cr_assert_eq(rtcp_rtt_ms(0x00000600u, 0xffffff00u, 0), 27);
	cr_assert_eq(rtcp_rtt_ms(0x00000600u, 0xffffff00u, 0x700), 0);
	cr_assert_eq(rtcp_rtt_ms(0x00000600u, 0xffffff00u, 0x701), 0);
	/* rounded to the nearest ms: 40/65536 s = 0.61 ms */
	cr_assert_eq(rtcp_rtt_ms(1040, 1000, 0), 1);
	cr_assert_eq(rtcp_rtt_ms(1020, 1000, 0), 0);

	/* a wall time round trip through the helpers */
	{
		uint64_t t0 = 1700000000000000ull, t1 = t0 + 250000;
		uint32_t lsr = rtcp_ntp_mid(rtcp_ntp_from_us(t0));
		uint32_t now = rtcp_ntp_mid(rtcp_ntp_from_us(t1));

		cr_assert_eq(rtcp_rtt_ms(now, lsr, 65536 / 10), 150);
	}
}

Test(rtcp, interval_randomised)
{
	cr_assert_eq(rtcp_interval_ms(5000, 0), 2500);
	cr_assert_eq(rtcp_interval_ms(5000, 0x80000000u), 5000);
	cr_assert_eq(rtcp_interval_ms(5000, 0xffffffffu), 7499);
	cr_assert_eq(rtcp_interval_ms(0, 12345), 0);
	for (uint32_t r = 1; r < 0xf0000000u; r += 0x0fedcba9u) {
		uint32_t v = rtcp_interval_ms(1000, r);

		cr_assert(v >= 500 && v < 1500, "%u", v);
	}
}

enum { SSRC = 0x5eed, PTIME = 960 /* [ts units] 20 ms at 48 kHz */ };

/* Feed seq with a timestamp and arrival that keep transit constant. */
static int feed(struct rtp_rxstats *s, uint16_t seq)
{
	uint32_t ts = (uint32_t)seq * PTIME;

	return rtp_rxstats_update(s, SSRC, seq, ts, ts + 5000);
}

/* A fresh source past probation: seq-1 (dropped), then seq (valid). */
static void start_at(struct rtp_rxstats *s, uint16_t seq)
{
	rtp_rxstats_init(s);
	cr_assert_eq(feed(s, (uint16_t)(seq - 1)), EALREADY);
	cr_assert_not(s->ssrc_changed);
	cr_assert_eq(feed(s, seq), 0);
}

Test(rxstats, in_order_and_probation)
{
	struct rtp_rxstats s;
	struct rtcp_rb rb;

	rtp_rxstats_init(&s);
	rtp_rxstats_report(&s, &rb, 1, 2);
	cr_assert_eq(rb.ssrc, 0);
	cr_assert_eq(rb.lsr, 1);
	cr_assert_eq(rtp_rxstats_lost(&s), 0);

	/* out of order during probation restarts it */
	cr_assert_eq(feed(&s, 100), EALREADY);
	cr_assert_eq(feed(&s, 105), EALREADY);
	cr_assert_eq(feed(&s, 106), 0);
	for (uint16_t q = 107; q < 200; q++)
		cr_assert_eq(feed(&s, q), 0);

	cr_assert_eq(s.received, 94);
	cr_assert_eq(s.bad, 2);
	cr_assert_eq(rtp_rxstats_lost(&s), 0);
	rtp_rxstats_report(&s, &rb, 0x11, 0x22);
	cr_assert_eq(rb.ssrc, SSRC);
	cr_assert_eq(rb.ext_seq, 199);
	cr_assert_eq(rb.fraction, 0);
	cr_assert_eq(rb.lost, 0);
	cr_assert_eq(rb.jitter, 0);
	cr_assert_eq(rb.lsr, 0x11);
	cr_assert_eq(rb.dlsr, 0x22);
}

Test(rxstats, min_sequential_one)
{
	struct rtp_rxstats s;

	rtp_rxstats_init(&s);
	s.min_sequential = 1;
	cr_assert_eq(feed(&s, 4242), 0);
	cr_assert_eq(s.received, 1);
}

Test(rxstats, loss_and_fraction_per_interval)
{
	struct rtp_rxstats s;
	struct rtcp_rb rb;

	start_at(&s, 1001);
	for (uint16_t q = 1002; q <= 1100; q++)
		if (q % 10 != 5)
			feed(&s, q);
	cr_assert_eq(rtp_rxstats_lost(&s), 10);
	rtp_rxstats_report(&s, &rb, 0, 0);
	cr_assert_eq(rb.lost, 10);
	cr_assert_eq(rb.fraction, 10 * 256 / 100);

	for (uint16_t q = 1101; q <= 1200; q++)
		feed(&s, q);
	rtp_rxstats_report(&s, &rb, 0, 0);
	cr_assert_eq(rb.fraction, 0);
	cr_assert_eq(rb.lost, 10);

	for (uint16_t q = 1201; q <= 1300; q += 2)
		feed(&s, q);
	rtp_rxstats_report(&s, &rb, 0, 0);
	cr_assert_eq(rb.fraction, 49 * 256 / 99);
	cr_assert_eq(rb.lost, 59);
	cr_assert_eq(rb.ext_seq, 1299);

	/* nothing new: empty interval */
	rtp_rxstats_report(&s, &rb, 0, 0);
	cr_assert_eq(rb.fraction, 0);
	cr_assert_eq(rb.lost, 59);
}

Test(rxstats, reorder_and_duplicates)
{
	struct rtp_rxstats s;

	start_at(&s, 1);
	cr_assert_eq(feed(&s, 2), 0);
	cr_assert_eq(feed(&s, 4), 0);
	cr_assert_eq(rtp_rxstats_lost(&s), 1);
	cr_assert_eq(feed(&s, 3), 0);            /* late, still valid */
	cr_assert_eq(rtp_rxstats_lost(&s), 0);
	cr_assert_eq(s.max_seq, 4);

	/* a duplicate counts as received: lost goes negative (A.3) */
	cr_assert_eq(feed(&s, 3), 0);
	cr_assert_eq(rtp_rxstats_lost(&s), -1);

	/* misorder within MAX_MISORDER is accepted, beyond it is not */
	for (uint16_t q = 5; q <= 300; q++)
		feed(&s, q);
	cr_assert_eq(feed(&s, 300 - RTP_MAX_MISORDER + 1), 0);
	cr_assert_eq(feed(&s, 300 - RTP_MAX_MISORDER - 1), EALREADY);
	cr_assert_eq(s.max_seq, 300);
}

Test(rxstats, sequence_wrap)
{
	struct rtp_rxstats s;
	struct rtcp_rb rb;

	start_at(&s, 65530);
	for (uint32_t q = 65531; q <= 65536 + 10; q++)
		cr_assert_eq(feed(&s, (uint16_t)q), 0);
	cr_assert_eq(s.cycles, 65536);
	cr_assert_eq(s.max_seq, 10);
	cr_assert_eq(rtp_rxstats_lost(&s), 0);
	rtp_rxstats_report(&s, &rb, 0, 0);
	cr_assert_eq(rb.ext_seq, 0x1000a);
	cr_assert_eq(rb.lost, 0);

	/* a packet from before the wrap is reordered, not a new cycle */
	cr_assert_eq(feed(&s, 65534), 0);
	cr_assert_eq(s.cycles, 65536);

	/* losing packets across the wrap */
	start_at(&s, 65534);
	feed(&s, 65535);
	feed(&s, 2);
	cr_assert_eq(rtp_rxstats_lost(&s), 2);
	cr_assert_eq(s.cycles, 65536);
}

Test(rxstats, big_jump_resync)
{
	struct rtp_rxstats s;

	start_at(&s, 100);
	for (uint16_t q = 101; q <= 110; q++)
		feed(&s, q);

	/* one stray packet far ahead is refused, the stream goes on */
	cr_assert_eq(feed(&s, 30000), EALREADY);
	cr_assert_eq(feed(&s, 111), 0);
	cr_assert_eq(s.max_seq, 111);
	cr_assert_eq(s.resyncs, 0);

	/* two sequential packets from a new numbering: re-sync */
	cr_assert_eq(feed(&s, 40000), EALREADY);
	cr_assert_eq(feed(&s, 40001), 0);
	cr_assert(s.resynced);
	cr_assert_eq(s.resyncs, 1);
	cr_assert_eq(s.received, 1);
	cr_assert_eq(feed(&s, 40002), 0);
	cr_assert_not(s.resynced);
	cr_assert_eq(rtp_rxstats_lost(&s), 0);

	/* far backwards is a jump too */
	cr_assert_eq(feed(&s, 39000), EALREADY);
	cr_assert_eq(s.max_seq, 40002);
}

Test(rxstats, ssrc_change)
{
	struct rtp_rxstats s;

	start_at(&s, 10);
	feed(&s, 11);
	cr_assert_eq(rtp_rxstats_update(&s, 0xbeef, 500, 0, 0), EALREADY);
	cr_assert(s.ssrc_changed);
	cr_assert_eq(s.ssrc_changes, 1);
	cr_assert_eq(s.ssrc, 0xbeef);
	cr_assert_eq(rtp_rxstats_update(&s, 0xbeef, 501, 960, 960), 0);
	cr_assert_not(s.ssrc_changed);
	cr_assert_eq(s.received, 1);
	cr_assert_eq(s.max_seq, 501);
	cr_assert_eq(rtp_rxstats_lost(&s), 0);
}

Test(rxstats, jitter)
{
	struct rtp_rxstats s;
	struct rtcp_rb rb;
	uint32_t ts;

	/* constant transit: no jitter */
	start_at(&s, 1);
	for (uint16_t q = 2; q < 500; q++)
		feed(&s, q);
	cr_assert_eq(s.jitter, 0);

	/* one packet 160 units late: D = 160 twice (late, then back) */
	ts = 500u * PTIME;
	rtp_rxstats_update(&s, SSRC, 500, ts, ts + 5000 + 160);
	cr_assert_eq(s.jitter >> 4, 10);
	rtp_rxstats_update(&s, SSRC, 501, ts + PTIME, ts + PTIME + 5000);
	cr_assert_eq(s.jitter, 160 + 160 - ((160 + 8) >> 4));

	/* A.8 rounds J/16: with D = 24, J16 = 24 then 24 + 24 - 2 */
	start_at(&s, 1);
	ts = 2u * PTIME;
	rtp_rxstats_update(&s, SSRC, 2, ts, ts + 5000 + 24);
	rtp_rxstats_update(&s, SSRC, 3, ts + PTIME, ts + PTIME + 5000);
	cr_assert_eq(s.jitter, 46);

	/* transit alternating +-160: D = 320, J converges to D */
	start_at(&s, 1);
	for (uint16_t q = 2; q < 600; q++) {
		ts = (uint32_t)q * PTIME;
		rtp_rxstats_update(&s, SSRC, q, ts,
				   ts + 5000 + (q & 1 ? 160 : -160));
	}
	rtp_rxstats_report(&s, &rb, 0, 0);
	cr_assert(rb.jitter >= 318 && rb.jitter <= 320, "%u", rb.jitter);
	cr_assert_eq(rtp_rxstats_jitter_ms(&s, 48000), 7);  /* 6.67 ms */
	cr_assert_eq(rtp_rxstats_jitter_ms(&s, 0), 0);
}
