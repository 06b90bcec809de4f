/*
 * part_tx.c: a participant's outbound audio: its mix is resampled to the
 * codec rate, cut into packets of its ptime, encoded and sent with its
 * own SSRC, sequence and timestamps (continuous across silence).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <re.h>
#include "codec.h"
#include "mix_priv.h"
#include "resample.h"

static void advance_ts(struct part *p, size_t room_samples)
{
	p->tx_ts += (uint32_t)((uint64_t)room_samples *
			       p->m.codec->rtp_clock / ROOM_RATE);
}

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

static void encode_ready(struct part *p)
{
	const struct codec_def *def = p->m.codec;
	const size_t frame = def->pcm_rate / 1000 * p->m.enc.ptime;
	uint8_t payload[PKT_MAX - 64];

	while (p->out_fill >= frame) {
		size_t len = sizeof(payload);
		int err = def->encode(p->enc, payload, &len, p->out_fifo,
				      frame);

		if (!err && len > 2)
			send_pkt(p, payload, len);
		else
			p->tx_gap = true;   /* DTX: marker on the next one */
		p->tx_ts += def->rtp_clock / 1000 * p->m.enc.ptime;

		p->out_fill -= frame;
		memmove(p->out_fifo, p->out_fifo + frame,
			p->out_fill * sizeof(*p->out_fifo));
	}
}

void part_send(struct part *p, const int16_t *mix, size_t n)
{
	size_t room = PCM_FIFO - p->out_fill;

	if (!mix || !p->enc) {
		/* Not sending (hold): keep the timeline moving. */
		advance_ts(p, n);
		p->out_fill = 0;
		p->tx_gap = true;
		return;
	}

	if (p->rs_out) {
		size_t out_n = room;
		resamp_process(p->rs_out, p->out_fifo + p->out_fill, &out_n,
			       mix, n);
		p->out_fill += out_n;
	}
	else {
		if (n > room)
			n = room;
		memcpy(p->out_fifo + p->out_fill, mix, n * sizeof(*mix));
		p->out_fill += n;
	}
	encode_ready(p);
}
