/* test_rtp.c: RTP packet coding, RFC 5761 demux, DTMF and port pairs. */
#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/socket.h>
#include <criterion/criterion.h>
#include <re.h>
#include "rtp_pkt.h"
#include "rtp_dtmf.h"
#include "rtp_sock.h"

static const uint8_t payload[] = {0xde, 0xad, 0xbe, 0xef, 0x01};

/* A minimal valid header: V=2, PT 111, seq 0x1234, ts, SSRC. */
static size_t mk_hdr(uint8_t *b, uint8_t b0)
{
	const uint8_t h[12] = {b0, 111, 0x12, 0x34, 0, 0, 0x03, 0xc0,
			       0xca, 0xfe, 0xba, 0xbe};

	memcpy(b, h, sizeof(h));
	return sizeof(h);
}

Test(rtp_pkt, round_trip_plain)
{
	struct rtp_pkt in = {
		.marker = true, .pt = 96, .seq = 65535, .ts = 0xfffffff0,
		.ssrc = 0x11223344, .payload = payload,
		.payload_len = sizeof(payload),
	};
	struct rtp_pkt out;
	uint8_t buf[64];
	size_t n;

	n = rtp_pkt_encode(buf, sizeof(buf), &in);
	cr_assert_eq(n, 12 + sizeof(payload));
	cr_assert_eq(buf[0], 0x80);
	cr_assert_eq(buf[1], 0x80 | 96);
	cr_assert_eq(rtp_pkt_decode(&out, buf, n), RTP_DROP_NONE);
	cr_assert(out.marker);
	cr_assert_eq(out.pt, 96);
	cr_assert_eq(out.seq, 65535);
	cr_assert_eq(out.ts, 0xfffffff0);
	cr_assert_eq(out.ssrc, 0x11223344);
	cr_assert_eq(out.cc, 0);
	cr_assert_not(out.ext);
	cr_assert_eq(out.payload_len, sizeof(payload));
	cr_assert_eq(out.payload, buf + 12);
	cr_assert_arr_eq(out.payload, payload, sizeof(payload));
}

Test(rtp_pkt, round_trip_csrc_ext)
{
	const uint8_t ext[8] = {0x10, 0xaa, 0, 0, 0x22, 0xbb, 0xcc, 0};
	struct rtp_pkt in = {
		.pt = 0, .seq = 7, .ts = 160, .ssrc = 1, .cc = 15,
		.ext = true, .ext_profile = 0xbede, .ext_data = ext,
		.ext_len = sizeof(ext), .payload = payload,
		.payload_len = sizeof(payload),
	};
	struct rtp_pkt out;
	uint8_t buf[128];
	size_t n;

	for (unsigned i = 0; i < 15; i++)
		in.csrc[i] = 0x1000 + i;

	n = rtp_pkt_encode(buf, sizeof(buf), &in);
	cr_assert_eq(n, 12 + 60 + 4 + 8 + sizeof(payload));
	cr_assert_eq(rtp_pkt_decode(&out, buf, n), RTP_DROP_NONE);
	cr_assert_eq(out.cc, 15);
	for (unsigned i = 0; i < 15; i++)
		cr_assert_eq(out.csrc[i], 0x1000 + i);
	cr_assert(out.ext);
	cr_assert_eq(out.ext_profile, 0xbede);
	cr_assert_eq(out.ext_len, 8);
	cr_assert_arr_eq(out.ext_data, ext, 8);
	cr_assert_eq(out.payload_len, sizeof(payload));
	cr_assert_arr_eq(out.payload, payload, sizeof(payload));

	/* exactly one byte too small, and an invalid CSRC count */
	cr_assert_eq(rtp_pkt_encode(buf, n - 1, &in), 0);
	in.cc = 16;
	cr_assert_eq(rtp_pkt_encode(buf, sizeof(buf), &in), 0);
	in.cc = 0;
	in.ext_len = 6;
	cr_assert_eq(rtp_pkt_encode(buf, sizeof(buf), &in), 0);
}

Test(rtp_pkt, encode_in_place_rewrites_header)
{
	struct rtp_pkt pkt = {
		.pt = 8, .seq = 1, .ts = 2, .ssrc = 3, .cc = 2,
		.csrc = {0xaaaa, 0xbbbb}, .payload = payload,
		.payload_len = sizeof(payload),
	};
	uint8_t buf[64];
	size_t n;

	n = rtp_pkt_encode(buf, sizeof(buf), &pkt);
	cr_assert_eq(rtp_pkt_decode(&pkt, buf, n), RTP_DROP_NONE);

	/* SFU-style: drop the CSRCs, new SSRC, payload shifts left */
	pkt.cc = 0;
	pkt.ssrc = 0x5555;
	n = rtp_pkt_encode(buf, sizeof(buf), &pkt);
	cr_assert_eq(n, 12 + sizeof(payload));
	cr_assert_eq(rtp_pkt_decode(&pkt, buf, n), RTP_DROP_NONE);
	cr_assert_eq(pkt.ssrc, 0x5555);
	cr_assert_arr_eq(pkt.payload, payload, sizeof(payload));
}

Test(rtp_pkt, empty_payload)
{
	struct rtp_pkt in = {.pt = 13, .seq = 9}, out;
	uint8_t buf[12];

	cr_assert_eq(rtp_pkt_encode(buf, sizeof(buf), &in), 12);
	cr_assert_eq(rtp_pkt_decode(&out, buf, 12), RTP_DROP_NONE);
	cr_assert_eq(out.payload_len, 0);
}

Test(rtp_pkt, short_and_version)
{
	struct rtp_pkt p;
	uint8_t b[32];

	mk_hdr(b, 0x80);
	cr_assert_eq(rtp_pkt_decode(&p, b, 11), RTP_DROP_SHORT);
	cr_assert_eq(rtp_pkt_decode(&p, b, 0), RTP_DROP_SHORT);
	cr_assert_eq(rtp_pkt_decode(&p, NULL, 12), RTP_DROP_SHORT);
	cr_assert_eq(rtp_pkt_decode(&p, b, 12), RTP_DROP_NONE);

	mk_hdr(b, 0x40);        /* version 1 */
	cr_assert_eq(rtp_pkt_decode(&p, b, 20), RTP_DROP_VERSION);
	mk_hdr(b, 0xc0);        /* version 3 */
	cr_assert_eq(rtp_pkt_decode(&p, b, 20), RTP_DROP_VERSION);
}

Test(rtp_pkt, csrc_overrun)
{
	struct rtp_pkt p;
	uint8_t b[32] = {0};

	mk_hdr(b, 0x83);        /* CC = 3 needs 24 bytes */
	cr_assert_eq(rtp_pkt_decode(&p, b, 23), RTP_DROP_CSRC);
	cr_assert_eq(rtp_pkt_decode(&p, b, 24), RTP_DROP_NONE);
	cr_assert_eq(p.payload_len, 0);
}

Test(rtp_pkt, extension_overrun)
{
	struct rtp_pkt p;
	uint8_t b[32] = {0};

	mk_hdr(b, 0x90);        /* X bit, no CSRC */
	cr_assert_eq(rtp_pkt_decode(&p, b, 15), RTP_DROP_EXT);
	b[14] = 0;
	b[15] = 2;              /* 2 words of extension: 12+4+8 = 24 */
	cr_assert_eq(rtp_pkt_decode(&p, b, 16), RTP_DROP_EXT);
	cr_assert_eq(rtp_pkt_decode(&p, b, 23), RTP_DROP_EXT);
	cr_assert_eq(rtp_pkt_decode(&p, b, 24), RTP_DROP_NONE);
	cr_assert_eq(p.ext_len, 8);
	cr_assert_eq(p.payload_len, 0);

	b[15] = 0xff;           /* length far beyond the buffer */
	b[14] = 0xff;
	cr_assert_eq(rtp_pkt_decode(&p, b, 32), RTP_DROP_EXT);
}

Test(rtp_pkt, padding)
{
	struct rtp_pkt p;
	uint8_t b[32] = {0};

	mk_hdr(b, 0xa0);        /* P bit; 8 bytes after the header */
	b[19] = 0;
	cr_assert_eq(rtp_pkt_decode(&p, b, 20), RTP_DROP_PADDING);
	b[19] = 9;
	cr_assert_eq(rtp_pkt_decode(&p, b, 20), RTP_DROP_PADDING);
	b[19] = 255;
	cr_assert_eq(rtp_pkt_decode(&p, b, 20), RTP_DROP_PADDING);

	b[19] = 3;
	cr_assert_eq(rtp_pkt_decode(&p, b, 20), RTP_DROP_NONE);
	cr_assert_eq(p.payload_len, 5);

	b[19] = 8;              /* padding fills the whole payload */
	cr_assert_eq(rtp_pkt_decode(&p, b, 20), RTP_DROP_NONE);
	cr_assert_eq(p.payload_len, 0);

	/* padding may not eat into the CSRC list */
	mk_hdr(b, 0xa1);
	b[19] = 5;
	cr_assert_eq(rtp_pkt_decode(&p, b, 20), RTP_DROP_PADDING);
	b[19] = 4;
	cr_assert_eq(rtp_pkt_decode(&p, b, 20), RTP_DROP_NONE);
	cr_assert_eq(p.payload_len, 0);
}

Test(rtp_pkt, drop_names)
{
	cr_assert_str_eq(rtp_drop_name(RTP_DROP_SHORT), "short");
	cr_assert_str_eq(rtp_drop_name(RTP_DROP_VERSION), "version");
	cr_assert_str_eq(rtp_drop_name(RTP_DROP_OVERFLOW), "overflow");
	cr_assert_str_eq(rtp_drop_name(RTP_DROP_MAX), "?");
	for (int r = 0; r < RTP_DROP_MAX; r++)
		cr_assert_not_null(rtp_drop_name(r));
}

Test(rtp_pkt, rfc5761_demux)
{
	uint8_t b[12];

	mk_hdr(b, 0x80);
	for (unsigned v = 0; v < 256; v++) {
		b[1] = (uint8_t)v;
		cr_assert_eq(rtp_is_rtcp(b, sizeof(b)), v >= 192 && v <= 223,
			     "byte %u", v);
	}
	b[1] = 200;
	cr_assert_not(rtp_is_rtcp(b, 1));
	b[1] = 96 | 0x80;       /* PT 96 with marker: RTP */
	cr_assert_not(rtp_is_rtcp(b, sizeof(b)));
	b[1] = 72;              /* PT 72 without marker: RTP */
	cr_assert_not(rtp_is_rtcp(b, sizeof(b)));
}

/* One telephone-event packet into the receiver. */
static int dtmf_put(struct rtp_dtmf_rx *d, uint32_t ts, char digit,
		    bool end, uint16_t dur, char *out)
{
	uint8_t b[4];

	cr_assert_eq(rtp_dtmf_encode(b, sizeof(b), digit, end, 10, dur), 0);
	return rtp_dtmf_rx_put(d, ts, b, sizeof(b), out);
}

Test(rtp_dtmf, one_digit_per_press)
{
	struct rtp_dtmf_rx d;
	char c = 0;
	int n = 0;

	rtp_dtmf_rx_init(&d);
	n += dtmf_put(&d, 1000, '5', false, 160, &c) == 1;
	cr_assert_eq(c, '5');
	for (uint16_t dur = 320; dur <= 800; dur += 160)
		n += dtmf_put(&d, 1000, '5', false, dur, &c) == 1;
	for (int i = 0; i < 3; i++)
		n += dtmf_put(&d, 1000, '5', true, 960, &c) == 1;
	cr_assert_eq(n, 1);

	/* same key again, new event: a new digit */
	c = 0;
	cr_assert_eq(dtmf_put(&d, 3000, '5', false, 160, &c), 1);
	cr_assert_eq(c, '5');
	cr_assert_eq(dtmf_put(&d, 3000, '5', true, 480, &c), 0);

	/* a late end packet of the previous press does not re-report */
	cr_assert_eq(dtmf_put(&d, 1000, '5', true, 960, &c), 0);

	/* first packets lost: the end packet alone reports it */
	cr_assert_eq(dtmf_put(&d, 5000, '#', true, 800, &c), 1);
	cr_assert_eq(c, '#');
	cr_assert_eq(dtmf_put(&d, 5000, '#', true, 800, &c), 0);
}

Test(rtp_dtmf, all_events)
{
	const char *keys = "0123456789*#ABCD";
	struct rtp_dtmf_rx d;
	uint8_t b[4];
	char c;

	rtp_dtmf_rx_init(&d);
	for (int i = 0; i < 16; i++) {
		cr_assert_eq(rtp_dtmf_encode(b, 4, keys[i], false, 0, 0), 0);
		cr_assert_eq(b[0], i);
		cr_assert_eq(rtp_dtmf_rx_put(&d, 100u * (i + 1), b, 4, &c), 1);
		cr_assert_eq(c, keys[i]);
	}
	cr_assert_eq(rtp_dtmf_encode(b, 4, 'a', true, 63, 0x1234), 0);
	cr_assert_eq(b[0], 12);
	cr_assert_eq(b[1], 0x80 | 63);
	cr_assert_eq(b[2], 0x12);
	cr_assert_eq(b[3], 0x34);
}

Test(rtp_dtmf, long_event_segments)
{
	struct rtp_dtmf_rx d;
	char c;

	rtp_dtmf_rx_init(&d);
	cr_assert_eq(dtmf_put(&d, 10000, '1', false, 30000, &c), 1);
	cr_assert_eq(dtmf_put(&d, 10000, '1', false, 0xffff, &c), 0);
	/* next segment starts where the first one ended */
	cr_assert_eq(dtmf_put(&d, 10000 + 0xffff, '1', false, 800, &c), 0);
	cr_assert_eq(dtmf_put(&d, 10000 + 0xffff, '1', true, 1600, &c), 0);
	/* after the end, the same key is a new press */
	cr_assert_eq(dtmf_put(&d, 10000 + 0xffff + 1600 + 800, '1', false,
			      160, &c), 1);
}

Test(rtp_dtmf, malformed)
{
	struct rtp_dtmf_rx d;
	uint8_t b[4] = {16, 0, 0, 160};
	char c = 'x';

	rtp_dtmf_rx_init(&d);
	cr_assert_eq(rtp_dtmf_rx_put(&d, 1, b, 4, &c), EBADMSG);
	b[0] = 255;
	cr_assert_eq(rtp_dtmf_rx_put(&d, 1, b, 4, &c), EBADMSG);
	b[0] = 3;
	cr_assert_eq(rtp_dtmf_rx_put(&d, 1, b, 3, &c), EBADMSG);
	cr_assert_eq(rtp_dtmf_rx_put(&d, 1, b, 0, &c), EBADMSG);
	cr_assert_eq(c, 'x');
	/* the malformed packets left no state: this is still new */
	cr_assert_eq(rtp_dtmf_rx_put(&d, 1, b, 4, &c), 1);
	cr_assert_eq(c, '3');

	cr_assert_eq(rtp_dtmf_encode(b, 4, 'x', false, 0, 0), EINVAL);
	cr_assert_eq(rtp_dtmf_encode(b, 4, '1', false, 64, 0), EINVAL);
	cr_assert_eq(rtp_dtmf_encode(b, 3, '1', false, 0, 0), EOVERFLOW);
}

static uint16_t local_port(int fd)
{
	struct sa a;

	sa_init(&a, AF_UNSPEC);
	cr_assert_eq(getsockname(fd, &a.u.sa, &a.len), 0);
	return sa_port(&a);
}

/* Lowest free fd: unchanged if a call left nothing open. */
static int next_fd(void)
{
	int fd = dup(0);

	close(fd);
	return fd;
}

/* An even base with base..base+3 free on laddr right now. */
static uint16_t free_base(const struct sa *laddr)
{
	for (int tries = 0; tries < 50; tries++) {
		int fd[4], n, p0;
		struct sa a = *laddr;

		fd[0] = socket(sa_af(&a), SOCK_DGRAM, 0);
		cr_assert_geq(fd[0], 0);
		sa_set_port(&a, 0);
		cr_assert_eq(bind(fd[0], &a.u.sa, a.len), 0);
		p0 = local_port(fd[0]);
		close(fd[0]);
		if (p0 > 65530)
			continue;
		p0 &= ~1;

		for (n = 0; n < 4; n++) {
			fd[n] = socket(sa_af(&a), SOCK_DGRAM, 0);
			sa_set_port(&a, (uint16_t)(p0 + n));
			if (bind(fd[n], &a.u.sa, a.len) < 0) {
				close(fd[n]);
				break;
			}
		}
		for (int i = 0; i < n; i++)
			close(fd[i]);
		if (n == 4)
			return (uint16_t)p0;
	}

	cr_assert_fail("no free port range");
	return 0;
}

static void lo4(struct sa *a)
{
	cr_assert_eq(sa_set_str(a, "127.0.0.1", 0), 0);
}

Test(rtp_sock, mux_even_port_in_range)
{
	int rtp = -1, rtcp = 7, fl;
	uint16_t port = 0, base;
	struct sa la;

	lo4(&la);
	base = free_base(&la);
	cr_assert_eq(rtp_sock_alloc(&rtp, &rtcp, &port, &la, base + 1,
				    base + 3, 1), 0);
	cr_assert_eq(port, base + 2);     /* the only even port */
	cr_assert_eq(rtcp, -1);
	cr_assert_eq(local_port(rtp), port);
	fl = fcntl(rtp, F_GETFL);
	cr_assert(fl & O_NONBLOCK);
	cr_assert(fcntl(rtp, F_GETFD) & FD_CLOEXEC);
	close(rtp);
}

Test(rtp_sock, pairs_until_exhausted)
{
	int rtp[3], rtcp[3], fd0;
	uint16_t port[3], base;
	struct sa la;

	lo4(&la);
	base = free_base(&la);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(rtp_sock_alloc(&rtp[i], &rtcp[i], &port[i], &la,
					    base, base + 3, 0), 0);
		cr_assert_eq(port[i] % 2, 0);
		cr_assert(port[i] == base || port[i] == base + 2);
		cr_assert_eq(local_port(rtp[i]), port[i]);
		cr_assert_geq(rtcp[i], 0);
		cr_assert_eq(local_port(rtcp[i]), port[i] + 1);
	}
	cr_assert_neq(port[0], port[1]);

	fd0 = next_fd();
	port[2] = 1;
	cr_assert_eq(rtp_sock_alloc(&rtp[2], &rtcp[2], &port[2], &la, base,
				    base + 3, 0), EADDRINUSE);
	cr_assert_eq(port[2], 1);         /* untouched on failure */
	cr_assert_eq(next_fd(), fd0);     /* nothing left open */

	/* a freed pair can be had again */
	close(rtp[0]);
	close(rtcp[0]);
	cr_assert_eq(rtp_sock_alloc(&rtp[2], &rtcp[2], &port[2], &la, base,
				    base + 3, 0), 0);
	cr_assert_eq(port[2], port[0]);
	close(rtp[1]);
	close(rtcp[1]);
	close(rtp[2]);
	close(rtcp[2]);
}

Test(rtp_sock, rtcp_port_taken)
{
	int other, rtp, rtcp, fd0;
	uint16_t port, base;
	struct sa la, a;

	lo4(&la);
	base = free_base(&la);
	a = la;
	sa_set_port(&a, base + 1);
	other = socket(AF_INET, SOCK_DGRAM, 0);
	cr_assert_eq(bind(other, &a.u.sa, a.len), 0);

	/* RTP port free, port+1 taken: the pair is unusable */
	fd0 = next_fd();
	cr_assert_eq(rtp_sock_alloc(&rtp, &rtcp, &port, &la, base, base + 1,
				    0), EADDRINUSE);
	cr_assert_eq(next_fd(), fd0);

	/* with mux only the RTP port matters */
	cr_assert_eq(rtp_sock_alloc(&rtp, &rtcp, &port, &la, base, base + 1,
				    1), 0);
	cr_assert_eq(port, base);
	cr_assert_eq(rtp_sock_alloc(&rtp, &rtcp, &port, &la, base, base + 1,
				    1), EADDRINUSE);
	close(rtp);
	close(other);
}

Test(rtp_sock, bad_ranges)
{
	int rtp, rtcp;
	uint16_t port;
	struct sa la;

	lo4(&la);
	cr_assert_eq(rtp_sock_alloc(&rtp, &rtcp, &port, &la, 40001, 40001,
				    1), EINVAL);
	cr_assert_eq(rtp_sock_alloc(&rtp, &rtcp, &port, &la, 40000, 40000,
				    0), EINVAL);
	cr_assert_eq(rtp_sock_alloc(&rtp, &rtcp, &port, &la, 40010, 40000,
				    1), EINVAL);
	cr_assert_eq(rtp_sock_alloc(NULL, &rtcp, &port, &la, 40000, 40010,
				    1), EINVAL);
}

Test(rtp_sock, ipv6_loopback)
{
	int rtp, rtcp, probe;
	uint16_t port, base;
	struct sa la;

	cr_assert_eq(sa_set_str(&la, "::1", 0), 0);
	probe = socket(AF_INET6, SOCK_DGRAM, 0);
	if (probe < 0 || bind(probe, &la.u.sa, la.len) < 0) {
		if (probe >= 0)
			close(probe);
		cr_skip_test("no IPv6 loopback");
	}
	close(probe);

	base = free_base(&la);
	cr_assert_eq(rtp_sock_alloc(&rtp, &rtcp, &port, &la, base, base + 3,
				    0), 0);
	cr_assert_eq(port % 2, 0);
	cr_assert_eq(local_port(rtcp), port + 1);
	close(rtp);
	close(rtcp);
}
