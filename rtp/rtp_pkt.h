/* rtp_pkt.h: RTP packet header coding (RFC 3550 §5.1) and RTCP demux. */
#ifndef CONSORT_RTP_PKT_H
#define CONSORT_RTP_PKT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	RTP_PKT_VERSION = 2,
	RTP_PKT_HDR_SIZE = 12,    /* [bytes] fixed header, without CSRCs */
	RTP_PKT_MAX_CSRC = 15,
};

/*
 * One RTP packet. After rtp_pkt_decode() the pointers are views into the
 * decoded buffer and live only as long as it does.
 */
struct rtp_pkt {
	bool marker;
	uint8_t pt;                 /* payload type, 0..127 */
	uint16_t seq;
	uint32_t ts;                /* [clock-rate units] */
	uint32_t ssrc;
	uint8_t cc;                 /* number of CSRCs, 0..15 */
	uint32_t csrc[RTP_PKT_MAX_CSRC];
	bool ext;                   /* header extension present */
	uint16_t ext_profile;       /* "defined by profile" field */
	const uint8_t *ext_data;    /* extension body, without its header */
	size_t ext_len;             /* [bytes] multiple of 4 */
	const uint8_t *payload;     /* padding already removed */
	size_t payload_len;         /* [bytes] may be 0 */
};

/* Why a received packet was dropped; every drop is counted by reason. */
enum rtp_drop {
	RTP_DROP_NONE = 0,
	RTP_DROP_SHORT,     /* shorter than the fixed header */
	RTP_DROP_VERSION,   /* version is not 2 */
	RTP_DROP_CSRC,      /* CSRC list runs past the end */
	RTP_DROP_EXT,       /* header extension runs past the end */
	RTP_DROP_PADDING,   /* padding count 0 or larger than the payload */
	RTP_DROP_PT,        /* payload type not negotiated */
	RTP_DROP_RTCP,      /* malformed RTCP */
	RTP_DROP_SOURCE,    /* from an unexpected address */
	RTP_DROP_DECODE,    /* the codec refused the payload */
	RTP_DROP_LATE,      /* jitter buffer: arrived after its playout */
	RTP_DROP_DUP,       /* jitter buffer: duplicate */
	RTP_DROP_OVERFLOW,  /* jitter buffer: full */
	RTP_DROP_MAX
};

/* Short lower-case name ("short", "version", ...); "?" if out of range. */
const char *rtp_drop_name(enum rtp_drop r);

/*
 * Decode and validate the RTP packet in buf[0..len). Checks version 2,
 * room for the CSRC list and header extension, and padding (P bit: the
 * last byte counts the padding, which must be > 0 and fit the payload;
 * the payload may end up empty). Returns RTP_DROP_NONE and fills *pkt
 * with views into buf, or the reason the packet must be dropped (*pkt
 * is then undefined). Does not tell RTP from RTCP: see rtp_is_rtcp().
 */
enum rtp_drop rtp_pkt_decode(struct rtp_pkt *pkt, const uint8_t *buf,
			     size_t len);

/*
 * Write pkt's header (12 bytes + 4 per CSRC, + 4 + ext_len if pkt->ext)
 * followed by a copy of pkt->payload into buf. No padding is written.
 * pkt->payload and pkt->ext_data may point into buf itself (re-encoding a
 * decoded packet in place with another header). Returns the
 * number of bytes written, or 0 if they do not fit in `size` or pkt is
 * invalid (cc > 15, pt > 127, ext_len not a multiple of 4 or too big).
 */
size_t rtp_pkt_encode(uint8_t *buf, size_t size, const struct rtp_pkt *pkt);

/*
 * RFC 5761 §4 demux on a socket shared by RTP and RTCP: true if the
 * second byte is 192..223 (RTCP packet types; RTP payload types 64..95
 * with the marker bit are thereby excluded). False for len < 2.
 */
bool rtp_is_rtcp(const uint8_t *buf, size_t len);

#endif
