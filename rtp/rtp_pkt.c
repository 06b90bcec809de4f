/* rtp_pkt.c: RTP fixed header, CSRC list, extension and padding coding. */
#include <string.h>
#include "rtp_be.h"
#include "rtp_pkt.h"

enum {
	EXT_HDR_SIZE = 4,        /* [bytes] profile + length */
	EXT_MAX_LEN = 0xffff * 4 /* [bytes] body limit of the length field */
};

static const char *const drop_names[RTP_DROP_MAX] = {
	[RTP_DROP_NONE] = "none",
	[RTP_DROP_SHORT] = "short",
	[RTP_DROP_VERSION] = "version",
	[RTP_DROP_CSRC] = "csrc",
	[RTP_DROP_EXT] = "ext",
	[RTP_DROP_PADDING] = "padding",
	[RTP_DROP_PT] = "pt",
	[RTP_DROP_RTCP] = "rtcp",
	[RTP_DROP_SOURCE] = "source",
	[RTP_DROP_DECODE] = "decode",
	[RTP_DROP_LATE] = "late",
	[RTP_DROP_DUP] = "dup",
	[RTP_DROP_OVERFLOW] = "overflow",
};

const char *rtp_drop_name(enum rtp_drop r)
{
	if ((unsigned)r >= RTP_DROP_MAX)
		return "?";

	return drop_names[r];
}

/* Parse the extension header at buf[*off]; advances *off past it. */
static enum rtp_drop decode_ext(struct rtp_pkt *pkt, const uint8_t *buf,
				size_t len, size_t *off)
{
	size_t ext_len;

	if (len - *off < EXT_HDR_SIZE)
		return RTP_DROP_EXT;

	pkt->ext_profile = be16_get(buf + *off);
	ext_len = (size_t)be16_get(buf + *off + 2) * 4;
	*off += EXT_HDR_SIZE;

	if (len - *off < ext_len)
		return RTP_DROP_EXT;

	pkt->ext_data = buf + *off;
	pkt->ext_len = ext_len;
	*off += ext_len;

	return RTP_DROP_NONE;
}

enum rtp_drop rtp_pkt_decode(struct rtp_pkt *pkt, const uint8_t *buf,
			     size_t len)
{
	size_t off = RTP_PKT_HDR_SIZE, plen;
	enum rtp_drop r;
	bool padding;

	if (!pkt || !buf || len < RTP_PKT_HDR_SIZE)
		return RTP_DROP_SHORT;

	if (buf[0] >> 6 != RTP_PKT_VERSION)
		return RTP_DROP_VERSION;

	padding = buf[0] & 0x20;
	pkt->ext = buf[0] & 0x10;
	pkt->cc = buf[0] & 0x0f;
	pkt->marker = buf[1] & 0x80;
	pkt->pt = buf[1] & 0x7f;
	pkt->seq = be16_get(buf + 2);
	pkt->ts = be32_get(buf + 4);
	pkt->ssrc = be32_get(buf + 8);

	if (len - off < 4u * pkt->cc)
		return RTP_DROP_CSRC;

	for (unsigned i = 0; i < pkt->cc; i++, off += 4)
		pkt->csrc[i] = be32_get(buf + off);

	pkt->ext_profile = 0;
	pkt->ext_data = NULL;
	pkt->ext_len = 0;
	if (pkt->ext) {
		r = decode_ext(pkt, buf, len, &off);
		if (r != RTP_DROP_NONE)
			return r;
	}

	plen = len - off;
	if (padding) {
		size_t pad = buf[len - 1];

		if (pad == 0 || pad > plen)
			return RTP_DROP_PADDING;

		plen -= pad;
	}

	pkt->payload = buf + off;
	pkt->payload_len = plen;

	return RTP_DROP_NONE;
}

/*
 * Copy extension body and payload behind the header room. Either may
 * already sit in buf (re-encoding a decoded packet in place), so both are
 * moved, in the order that does not overwrite the other's source, before
 * any header byte is written.
 */
static void move_body(uint8_t *buf, size_t hlen, const struct rtp_pkt *pkt)
{
	bool right = (uintptr_t)(buf + hlen) > (uintptr_t)pkt->payload;

	if (right && pkt->payload_len)
		memmove(buf + hlen, pkt->payload, pkt->payload_len);

	if (pkt->ext && pkt->ext_len)
		memmove(buf + hlen - pkt->ext_len, pkt->ext_data,
			pkt->ext_len);

	if (!right && pkt->payload_len)
		memmove(buf + hlen, pkt->payload, pkt->payload_len);
}

size_t rtp_pkt_encode(uint8_t *buf, size_t size, const struct rtp_pkt *pkt)
{
	size_t hlen, off = RTP_PKT_HDR_SIZE;

	if (!buf || !pkt || pkt->cc > RTP_PKT_MAX_CSRC || pkt->pt > 0x7f)
		return 0;
	if (pkt->payload_len && !pkt->payload)
		return 0;

	hlen = RTP_PKT_HDR_SIZE + 4u * pkt->cc;
	if (pkt->ext) {
		if (pkt->ext_len % 4 || pkt->ext_len > EXT_MAX_LEN ||
		    (pkt->ext_len && !pkt->ext_data))
			return 0;
		hlen += EXT_HDR_SIZE + pkt->ext_len;
	}

	if (size < hlen || size - hlen < pkt->payload_len)
		return 0;

	move_body(buf, hlen, pkt);

	buf[0] = (uint8_t)(RTP_PKT_VERSION << 6 | (pkt->ext ? 0x10 : 0) |
			   pkt->cc);
	buf[1] = (uint8_t)((pkt->marker ? 0x80 : 0) | pkt->pt);
	be16_put(buf + 2, pkt->seq);
	be32_put(buf + 4, pkt->ts);
	be32_put(buf + 8, pkt->ssrc);

	for (unsigned i = 0; i < pkt->cc; i++, off += 4)
		be32_put(buf + off, pkt->csrc[i]);

	if (pkt->ext) {
		be16_put(buf + off, pkt->ext_profile);
		be16_put(buf + off + 2, (uint16_t)(pkt->ext_len / 4));
	}

	return hlen + pkt->payload_len;
}

bool rtp_is_rtcp(const uint8_t *buf, size_t len)
{
	if (!buf || len < 2)
		return false;

	return buf[1] >= 192 && buf[1] <= 223;
}
