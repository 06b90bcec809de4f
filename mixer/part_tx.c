/*
 * part_tx.c: a participant's outbound packets: the payloads of the
 * encode it listens to (shared or its own) get its own SSRC, sequence
 * and timestamps, continuous across silence and across encoder changes.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <re.h>
#include "codec.h"
#include "mix_priv.h"

static void send_pkt(struct part *p, const uint8_t *payload, size_t len)
{
	uint8_t buf[PKT_MAX];
	struct rtp_pkt pkt = {
		.marker = p->tx_gap,
		.pt = p->m.pt,
		.seq = p->tx_seq,
		.ts = p->tx_ts,
		.ssrc = p->tx_ssrc,
		.payload = payload,
		.payload_len = len,
	};
	size_t n = rtp_pkt_encode(buf, sizeof(buf), &pkt);

	if (!n || !sa_isset(&p->rtp_peer, SA_ALL) ||
	    sa_is_any(&p->rtp_peer))
		return;
	if (sendto(p->rtp_fd, buf, n, MSG_DONTWAIT, &p->rtp_peer.u.sa,
		   p->rtp_peer.len) < 0)
		return;
	++p->tx_seq;
	p->tx_gap = false;
	++p->tx_pkts;
	p->tx_octets += len;
	++p->w->st.tx_pkts;
}

void part_send(struct part *p, const struct mix_enc *me)
{
	const uint32_t step = me->codec->rtp_clock / 1000 * me->prm.ptime;

	for (unsigned i = 0; i < me->npkt; i++) {
		if (me->len[i] > 2)
			send_pkt(p, me->pkt[i], me->len[i]);
		else
			p->tx_gap = true;   /* DTX: marker on the next one */
		p->tx_ts += step;
	}
}

void part_idle(struct part *p, size_t n)
{
	p->tx_ts += (uint32_t)((uint64_t)n * p->m.codec->rtp_clock /
			       ROOM_RATE);
	p->tx_gap = true;
}
