/* rtcp_pkt.c: RTCP SR/RR/SDES/BYE building, compound parsing, NTP time. */
#include <errno.h>
#include <string.h>
#include "rtp_be.h"
#include "rtp_pkt.h"
#include "rtcp_pkt.h"

enum {
	RTCP_HDR_SIZE = 4,  /* [bytes] V/P/count, PT, length */
	SENDER_INFO = 20,   /* [bytes] NTP, RTP ts, packets, octets */
	RB_SIZE = 24,       /* [bytes] one report block */
	SDES_CNAME = 1,     /* SDES item type */
	FIR_FCI_SIZE = 8,   /* [bytes] SSRC, seq, reserved */
};

#define NTP_UNIX_OFFSET 2208988800ull /* [s] from 1900 to 1970 */

/* Header of an RTCP packet of `len` bytes (a multiple of 4). */
static void put_hdr(uint8_t *p, unsigned count, uint8_t pt, size_t len)
{
	p[0] = (uint8_t)(RTP_PKT_VERSION << 6 | count);
	p[1] = pt;
	be16_put(p + 2, (uint16_t)(len / 4 - 1));
}

static void put_rb(uint8_t *p, const struct rtcp_rb *rb)
{
	int32_t lost = rb->lost;

	if (lost > 0x7fffff)
		lost = 0x7fffff;
	else if (lost < -0x800000)
		lost = -0x800000;

	be32_put(p, rb->ssrc);
	be32_put(p + 4, (uint32_t)rb->fraction << 24 |
			((uint32_t)lost & 0xffffff));
	be32_put(p + 8, rb->ext_seq);
	be32_put(p + 12, rb->jitter);
	be32_put(p + 16, rb->lsr);
	be32_put(p + 20, rb->dlsr);
}

static void get_rb(struct rtcp_rb *rb, const uint8_t *p)
{
	uint32_t lost = be32_get(p + 4) & 0xffffff;

	rb->ssrc = be32_get(p);
	rb->fraction = p[4];
	rb->lost = (lost & 0x800000) ? (int32_t)lost - 0x1000000
				     : (int32_t)lost;
	rb->ext_seq = be32_get(p + 8);
	rb->jitter = be32_get(p + 12);
	rb->lsr = be32_get(p + 16);
	rb->dlsr = be32_get(p + 20);
}

static size_t report_len(const struct rtcp_sr *sr, unsigned nrb)
{
	return RTCP_HDR_SIZE + 4 + (sr ? SENDER_INFO : 0) + RB_SIZE * nrb;
}

/* SDES with one chunk: SSRC, CNAME item, >= 1 null octet to 32 bits. */
static size_t sdes_len(size_t cname_len)
{
	return RTCP_HDR_SIZE + ((4 + 2 + cname_len + 1 + 3) & ~(size_t)3);
}

static size_t put_report(uint8_t *p, uint32_t ssrc, const struct rtcp_sr *sr,
			 const struct rtcp_rb *rb, unsigned nrb)
{
	size_t len = report_len(sr, nrb), off = RTCP_HDR_SIZE + 4;

	put_hdr(p, nrb, sr ? RTCP_PT_SR : RTCP_PT_RR, len);
	be32_put(p + 4, ssrc);

	if (sr) {
		be32_put(p + off, (uint32_t)(sr->ntp >> 32));
		be32_put(p + off + 4, (uint32_t)sr->ntp);
		be32_put(p + off + 8, sr->rtp_ts);
		be32_put(p + off + 12, sr->pkts);
		be32_put(p + off + 16, sr->octets);
		off += SENDER_INFO;
	}

	for (unsigned i = 0; i < nrb; i++, off += RB_SIZE)
		put_rb(p + off, &rb[i]);

	return len;
}

static size_t put_sdes(uint8_t *p, uint32_t ssrc, const char *cname,
		       size_t cname_len)
{
	size_t len = sdes_len(cname_len);

	memset(p, 0, len);
	put_hdr(p, 1, RTCP_PT_SDES, len);
	be32_put(p + 4, ssrc);
	p[8] = SDES_CNAME;
	p[9] = (uint8_t)cname_len;
	memcpy(p + 10, cname, cname_len);

	return len;
}

size_t rtcp_build_report(uint8_t *buf, size_t size, uint32_t ssrc,
			 const struct rtcp_sr *sr, const struct rtcp_rb *rb,
			 unsigned nrb, const char *cname)
{
	size_t n, off;

	if (!buf || !cname || nrb > RTCP_MAX_RB || (nrb && !rb))
		return 0;

	n = strlen(cname);
	if (n > RTCP_MAX_CNAME || size < report_len(sr, nrb) + sdes_len(n))
		return 0;

	off = put_report(buf, ssrc, sr, rb, nrb);
	off += put_sdes(buf + off, ssrc, cname, n);

	return off;
}

size_t rtcp_build_bye(uint8_t *buf, size_t size, uint32_t ssrc,
		      const char *cname)
{
	const size_t bye_len = RTCP_HDR_SIZE + 4;
	size_t off;

	off = rtcp_build_report(buf, size, ssrc, NULL, NULL, 0, cname);
	if (!off || size - off < bye_len)
		return 0;

	put_hdr(buf + off, 1, RTCP_PT_BYE, bye_len);
	be32_put(buf + off + 4, ssrc);

	return off + bye_len;
}

static void add_rbs(struct rtcp_info *info, const uint8_t *p, unsigned n)
{
	for (unsigned i = 0; i < n && info->nrb < RTCP_MAX_RB; i++)
		get_rb(&info->rb[info->nrb++], p + i * RB_SIZE);
}

static int parse_sr(struct rtcp_info *info, unsigned rc, const uint8_t *p,
		    size_t len)
{
	if (len < 4 + SENDER_INFO + (size_t)RB_SIZE * rc)
		return EBADMSG;

	info->has_sr = true;
	info->sr_ssrc = be32_get(p);
	info->sr.ntp = (uint64_t)be32_get(p + 4) << 32 | be32_get(p + 8);
	info->sr.rtp_ts = be32_get(p + 12);
	info->sr.pkts = be32_get(p + 16);
	info->sr.octets = be32_get(p + 20);
	add_rbs(info, p + 4 + SENDER_INFO, rc);

	return 0;
}

static int parse_rr(struct rtcp_info *info, unsigned rc, const uint8_t *p,
		    size_t len)
{
	if (len < 4 + (size_t)RB_SIZE * rc)
		return EBADMSG;

	add_rbs(info, p + 4, rc);

	return 0;
}

/* BYE: sc SSRCs, then an optional reason (length octet + text). */
static int parse_bye(struct rtcp_info *info, unsigned sc, const uint8_t *p,
		     size_t len)
{
	size_t off = 4 * (size_t)sc;

	if (len < off)
		return EBADMSG;
	if (len > off && len - off - 1 < p[off])
		return EBADMSG;

	info->bye = true;

	return 0;
}

static int parse_psfb(struct rtcp_info *info, unsigned fmt,
		      const uint8_t *p, size_t len)
{
	if (len < 8)
		return EBADMSG;

	switch (fmt) {

	case RTCP_FMT_PLI:
		info->pli = true;
		info->media_ssrc = be32_get(p + 4);
		break;

	case RTCP_FMT_FIR:
		if (len < 8 + FIR_FCI_SIZE)
			return EBADMSG;
		info->fir = true;
		info->media_ssrc = be32_get(p + 8);
		break;

	default:
		break;
	}

	return 0;
}

/* One packet: count/FMT, PT, body after the header (padding removed). */
static int parse_one(struct rtcp_info *info, unsigned count, uint8_t pt,
		     const uint8_t *p, size_t len)
{
	switch (pt) {

	case RTCP_PT_SR:   return parse_sr(info, count, p, len);
	case RTCP_PT_RR:   return parse_rr(info, count, p, len);
	case RTCP_PT_BYE:  return parse_bye(info, count, p, len);
	case RTCP_PT_PSFB: return parse_psfb(info, count, p, len);
	default:           return 0;
	}
}

int rtcp_parse(struct rtcp_info *info, const uint8_t *buf, size_t len)
{
	bool have_from = false;
	int err;

	if (!info || !buf)
		return EINVAL;

	memset(info, 0, sizeof(*info));
	if (len < RTCP_HDR_SIZE)
		return EBADMSG;

	while (len) {
		size_t plen, body;

		if (len < RTCP_HDR_SIZE || buf[0] >> 6 != RTP_PKT_VERSION)
			return EBADMSG;

		plen = ((size_t)be16_get(buf + 2) + 1) * 4;
		if (plen > len)
			return EBADMSG;

		body = plen - RTCP_HDR_SIZE;
		if (buf[0] & 0x20) {
			if (buf[plen - 1] == 0 || buf[plen - 1] > body)
				return EBADMSG;
			body -= buf[plen - 1];
		}

		if (!have_from && body >= 4) {
			info->from_ssrc = be32_get(buf + RTCP_HDR_SIZE);
			have_from = true;
		}

		err = parse_one(info, buf[0] & 0x1f, buf[1],
				buf + RTCP_HDR_SIZE, body);
		if (err)
			return err;

		buf += plen;
		len -= plen;
	}

	return 0;
}

uint64_t rtcp_ntp_from_us(uint64_t wall_us)
{
	uint64_t sec = wall_us / 1000000 + NTP_UNIX_OFFSET;
	uint64_t frac = ((wall_us % 1000000) << 32) / 1000000;

	return sec << 32 | frac;
}

uint32_t rtcp_ntp_mid(uint64_t ntp)
{
	return (uint32_t)(ntp >> 16);
}

uint32_t rtcp_rtt_ms(uint32_t now_mid, uint32_t lsr, uint32_t dlsr)
{
	uint32_t elapsed = now_mid - lsr;   /* [1/65536 s] modulo 2^32 */

	if (!lsr || (int32_t)elapsed < 0 || elapsed < dlsr)
		return 0;

	return (uint32_t)(((uint64_t)(elapsed - dlsr) * 1000 + 32768) >> 16);
}
