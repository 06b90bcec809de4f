/*
 * part_rtcp.c: a participant's RTCP: sender/receiver reports at the
 * configured mean interval (randomised per RFC 3550 6.3), and incoming
 * reports parsed for round-trip time and the loss they see from us.
 */
#include <string.h>
#include <sys/socket.h>
#include <re.h>
#include "clock.h"
#include "log.h"
#include "mix_priv.h"
#include "rtcp_pkt.h"

static void rtcp_send(struct part *p, const uint8_t *buf, size_t len)
{
	int fd = p->m.rtcp_mux ? p->rtp_fd : p->rtcp_fd;
	const struct sa *dst = p->m.rtcp_mux ? &p->rtp_peer : &p->rtcp_peer;

	if (fd < 0 || !len || !sa_isset(dst, SA_ALL) || sa_is_any(dst))
		return;
	if (sendto(fd, buf, len, MSG_DONTWAIT, &dst->u.sa, dst->len) >= 0)
		++p->w->st.rtcp_tx;
}

static void cname(const struct part *p, char *buf, size_t sz)
{
	re_snprintf(buf, sz, "consort-%08x", p->tx_ssrc);
}

void part_rtcp_recv(struct part *p, const uint8_t *buf, size_t len,
		    uint64_t now)
{
	struct rtcp_info info;
	uint32_t now_mid;

	if (rtcp_parse(&info, buf, len)) {
		++p->w->st.drop[RTP_DROP_RTCP];
		return;
	}
	++p->w->st.rtcp_rx;

	if (info.has_sr) {
		p->sr_lsr = rtcp_ntp_mid(info.sr.ntp);
		p->sr_rx_time = now;
	}
	now_mid = rtcp_ntp_mid(rtcp_ntp_from_us(clock_wall_us()));
	for (unsigned i = 0; i < info.nrb; i++) {
		const struct rtcp_rb *rb = &info.rb[i];

		if (rb->ssrc != p->tx_ssrc)
			continue;
		p->remote_fraction = rb->fraction;
		p->remote_loss = rb->fraction * 100 / 256;
		if (rb->lsr)
			p->rtt = rtcp_rtt_ms(now_mid, rb->lsr, rb->dlsr);
		if (p->own)
			mix_enc_set_loss(p->own, p->remote_loss);
	}
}

static size_t build(struct part *p, uint8_t *buf, size_t size, uint64_t now)
{
	struct rtcp_rb rb;
	struct rtcp_sr sr;
	char cn[32];
	unsigned nrb = 0;

	cname(p, cn, sizeof(cn));
	if (p->rx_started) {
		uint32_t dlsr = 0;

		if (p->sr_lsr)
			dlsr = (uint32_t)((now - p->sr_rx_time) * 65536u /
					  1000000u);
		rtp_rxstats_report(&p->rxs, &rb, p->sr_lsr, dlsr);
		rb.ssrc = p->rx_ssrc;
		nrb = 1;
	}
	if (p->tx_pkts) {
		sr = (struct rtcp_sr){
			.ntp = rtcp_ntp_from_us(clock_wall_us()),
			.rtp_ts = p->tx_ts,
			.pkts = (uint32_t)p->tx_pkts,
			.octets = (uint32_t)p->tx_octets,
		};
	}
	return rtcp_build_report(buf, size, p->tx_ssrc,
				 p->tx_pkts ? &sr : NULL, &rb, nrb, cn);
}

void part_rtcp_tick(struct part *p, uint64_t now)
{
	uint8_t buf[512];
	uint32_t mean = p->w->cfg.rtcp_interval;

	if (now < p->rtcp_next)
		return;
	if (p->rtcp_next)
		rtcp_send(p, buf, build(p, buf, sizeof(buf), now));
	p->rtcp_next = now + 1000ull *
		rtcp_interval_ms(mean ? mean : 5000, worker_rand(p->w));
}

void part_rtcp_bye(struct part *p)
{
	uint8_t buf[256];
	char cn[32];

	if (!p->tx_pkts && !p->rx_started)
		return;
	cname(p, cn, sizeof(cn));
	rtcp_send(p, buf, rtcp_build_bye(buf, sizeof(buf), p->tx_ssrc, cn));
}
