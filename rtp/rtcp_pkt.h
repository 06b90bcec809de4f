/* rtcp_pkt.h: RTCP compound packet building and parsing (RFC 3550 §6). */
#ifndef CONSORT_RTCP_PKT_H
#define CONSORT_RTCP_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum rtcp_pt {
	RTCP_PT_SR = 200,
	RTCP_PT_RR = 201,
	RTCP_PT_SDES = 202,
	RTCP_PT_BYE = 203,
	RTCP_PT_APP = 204,
	RTCP_PT_RTPFB = 205,  /* RFC 4585 transport-layer feedback */
	RTCP_PT_PSFB = 206,   /* RFC 4585 payload-specific feedback */
};

enum {
	RTCP_FMT_PLI = 1,     /* PSFB FMT: picture loss (RFC 4585) */
	RTCP_FMT_FIR = 4,     /* PSFB FMT: full intra request (RFC 5104) */
	RTCP_MAX_RB = 31,     /* report blocks per SR/RR */
	RTCP_MAX_CNAME = 255, /* [bytes] */
};

/* Reception report block (RFC 3550 §6.4.1). */
struct rtcp_rb {
	uint32_t ssrc;      /* source this block reports on */
	uint8_t fraction;   /* lost since last report [1/256] */
	int32_t lost;       /* cumulative lost, 24-bit signed on the wire */
	uint32_t ext_seq;   /* extended highest sequence number received */
	uint32_t jitter;    /* interarrival jitter [ts units] */
	uint32_t lsr;       /* middle 32 bits of the last SR's NTP time */
	uint32_t dlsr;      /* delay since that SR [1/65536 s] */
};

/* Sender info of an SR. */
struct rtcp_sr {
	uint64_t ntp;       /* wall clock, 64-bit NTP format */
	uint32_t rtp_ts;    /* the same instant [ts units] */
	uint32_t pkts;      /* packets sent */
	uint32_t octets;    /* [bytes] payload sent */
};

/*
 * Build a compound packet: an SR (if sr) or RR from `ssrc` with nrb
 * report blocks, then an SDES with one CNAME chunk, padded to 32 bits.
 * Returns its length [bytes], or 0 if it does not fit in `size` or the
 * arguments are invalid (nrb > 31, cname NULL or longer than 255).
 */
size_t rtcp_build_report(uint8_t *buf, size_t size, uint32_t ssrc,
			 const struct rtcp_sr *sr, const struct rtcp_rb *rb,
			 unsigned nrb, const char *cname);

/*
 * Build RR (no blocks) + SDES CNAME + BYE for `ssrc`. Returns its length
 * [bytes], or 0 as rtcp_build_report().
 */
size_t rtcp_build_bye(uint8_t *buf, size_t size, uint32_t ssrc,
		      const char *cname);

/* What rtcp_parse() found in a compound packet. */
struct rtcp_info {
	bool has_sr;
	uint32_t sr_ssrc;           /* sender of the (last) SR */
	struct rtcp_sr sr;
	unsigned nrb;               /* report blocks of all SR/RRs, <= 31 */
	struct rtcp_rb rb[RTCP_MAX_RB];
	bool bye;
	bool pli;                   /* PSFB FMT 1 seen */
	bool fir;                   /* PSFB FMT 4 seen */
	uint32_t from_ssrc;         /* sender SSRC of the first packet */
	uint32_t media_ssrc;        /* source a PLI/FIR asks a keyframe of */
};

/*
 * Parse the compound RTCP packet buf[0..len). Every packet must have
 * version 2, a length within the buffer, valid padding, and room for the
 * reports and SSRCs it counts; the packets must fill len exactly.
 * Unknown packet types (and SDES, APP, RTPFB) are skipped. Report blocks
 * beyond 31 in total are ignored. Returns 0 with *info filled, or
 * EBADMSG (empty, truncated or malformed; *info then partly filled) or
 * EINVAL for NULL arguments.
 */
int rtcp_parse(struct rtcp_info *info, const uint8_t *buf, size_t len);

/* Unix wall-clock time [us] to 64-bit NTP (seconds since 1900, Q32). */
uint64_t rtcp_ntp_from_us(uint64_t wall_us);

/* Middle 32 bits of an NTP time [1/65536 s]: the LSR of an SR. */
uint32_t rtcp_ntp_mid(uint64_t ntp);

/*
 * Round-trip time [ms] from a report block (RFC 3550 §6.4.1):
 * now_mid - lsr - dlsr, where now_mid is rtcp_ntp_mid() of the arrival
 * time. 0 if lsr is 0 (no SR received yet) or the result is negative.
 */
uint32_t rtcp_rtt_ms(uint32_t now_mid, uint32_t lsr, uint32_t dlsr);

#endif
