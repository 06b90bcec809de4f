/* rtp_dtmf.h: RFC 4733 telephone-event (DTMF) payload coding and dedup. */
#ifndef CONSORT_RTP_DTMF_H
#define CONSORT_RTP_DTMF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	RTP_DTMF_SIZE = 4,      /* [bytes] one event payload */
	RTP_DTMF_MAX_EVENT = 15 /* 0-9, '*', '#', A-D */
};

/*
 * Receive state of one telephone-event stream. Public so it can be
 * embedded; touch it only through the functions below.
 */
struct rtp_dtmf_rx {
	bool active;        /* an event has been reported */
	uint32_t ts;        /* [ts units] RTP timestamp of that event */
	uint8_t event;      /* its code, 0..15 */
	bool ended;         /* its E bit has been seen */
	uint16_t duration;  /* [ts units] longest duration seen */
};

void rtp_dtmf_rx_init(struct rtp_dtmf_rx *d);

/*
 * Take one telephone-event payload with RTP timestamp `ts`. Returns 1
 * and sets *digit ('0'-'9', '*', '#', 'A'-'D') once per key press: on
 * the first packet with a new timestamp. Continuation packets, the
 * retransmitted end packets and the next segment of a long event
 * (RFC 4733 §2.5.1.3: same event, not ended, starting within the
 * previous segment's duration) return 0, and so do late packets with a
 * timestamp before the last event's. Returns EBADMSG (state unchanged)
 * if len < 4 or the event is above 15, EINVAL on NULL. Re-init when the
 * sender's SSRC changes (its timestamps restart).
 */
int rtp_dtmf_rx_put(struct rtp_dtmf_rx *d, uint32_t ts,
		    const uint8_t *payload, size_t len, char *digit);

/*
 * Write one 4-byte event payload for `digit` (as above, lower-case a-d
 * accepted) with the E bit if `end`, volume [-dBm0, 0..63] and duration
 * [ts units]. Returns 0, EINVAL (unknown digit, volume > 63, NULL) or
 * EOVERFLOW (size < 4).
 */
int rtp_dtmf_encode(uint8_t *buf, size_t size, char digit, bool end,
		    uint8_t volume, uint16_t duration);

#endif
