/*
 * part_rx.c: a participant's inbound audio: datagrams are validated,
 * latched (symmetric RTP) and queued in the jitter buffer; at each tick
 * one tick of audio is pulled, decoded or concealed, resampled to the
 * room rate, and measured (level, talking).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <re.h>
#include "codec.h"
#include "mix_kernel.h"
#include "mix_priv.h"
#include "resample.h"

enum {
	RX_BATCH = 16,
	RELATCH_AFTER = 8,     /* [packets] from a new source to follow it */
};

/* Audio plays its first packet: probation would cost one frame. */
void rxstats_reset(struct part *p)
{
	rtp_rxstats_init(&p->rxs);
	p->rxs.min_sequential = 1;
	rtp_dtmf_rx_init(&p->dtmf);
}

static void drop(struct part *p, enum rtp_drop why)
{
	++p->w->st.drop[why];
}

/*
 * Symmetric RTP: answer to where the packets really come from. The first
 * valid packet latches; a different source is followed only after it
 * sent RELATCH_AFTER packets in a row (a NATed caller whose mapping
 * changed), so stray packets cannot hijack the stream.
 */
static bool latch(struct part *p, const struct sa *src, struct sa *peer)
{
	if (!p->latched) {
		*peer = *src;
		p->latched = true;
		return true;
	}
	if (sa_cmp(src, peer, SA_ALL)) {
		p->relatch_n = 0;
		return true;
	}
	if (!sa_cmp(src, &p->relatch, SA_ALL)) {
		p->relatch = *src;
		p->relatch_n = 0;
	}
	if (++p->relatch_n < RELATCH_AFTER)
		return false;
	*peer = *src;
	p->relatch_n = 0;
	return true;
}

static uint32_t arrival_ts(const struct part *p, uint64_t now)
{
	return (uint32_t)(now * p->m.codec->rtp_clock / 1000000u);
}

static void on_dtmf(struct part *p, const struct rtp_pkt *pkt, uint64_t now)
{
	char digit;
	int r = rtp_dtmf_rx_put(&p->dtmf, pkt->ts, pkt->payload,
				pkt->payload_len, &digit);

	if (r == 1)
		part_digit(p, digit, now);
	else if (r < 0 || r > 1)
		drop(p, RTP_DROP_DECODE);
}

static void on_rtp(struct part *p, const struct sa *src, const uint8_t *buf,
		   size_t len, uint64_t now)
{
	const struct codec_def *def = p->m.codec;
	struct rtp_pkt pkt;
	enum rtp_drop why;
	uint32_t dur;
	int err;

	why = rtp_pkt_decode(&pkt, buf, len);
	if (why != RTP_DROP_NONE) {
		drop(p, why);
		return;
	}
	if (pkt.pt != p->m.pt && (p->m.te_pt < 0 || pkt.pt != p->m.te_pt)) {
		drop(p, RTP_DROP_PT);
		return;
	}
	if (!latch(p, src, &p->rtp_peer)) {
		drop(p, RTP_DROP_SOURCE);
		return;
	}
	++p->w->st.rx_pkts;

	if (!p->m.recv || !p->jb)
		return;

	if (p->rx_started && pkt.ssrc != p->rx_ssrc) {
		/* A new source (transfer, restarted phone): start over. */
		jb_reset(p->jb);
		rxstats_reset(p);
	}
	p->rx_started = true;
	p->rx_ssrc = pkt.ssrc;

	/* Probation (RFC 3550 A.1): the first packet of a new source or
	 * numbering waits for a second in sequence; not counted as a drop. */
	if (rtp_rxstats_update(&p->rxs, pkt.ssrc, pkt.seq, pkt.ts,
			       arrival_ts(p, now)) == EALREADY)
		return;
	if (p->rxs.resynced)
		jb_reset(p->jb);
	if (pkt.pt == p->m.te_pt && p->m.te_pt >= 0) {
		on_dtmf(p, &pkt, now);
		return;
	}
	if (!pkt.payload_len) {
		drop(p, RTP_DROP_DECODE);
		return;
	}
	dur = def->pkt_duration(pkt.payload, pkt.payload_len);
	if (!dur) {
		drop(p, RTP_DROP_DECODE);
		return;
	}

	err = jb_put(p->jb, now, pkt.seq, pkt.ts, dur, pkt.payload,
		     pkt.payload_len);
	if (err == EALREADY)
		drop(p, RTP_DROP_DUP);
	else if (err == ETIMEDOUT)
		drop(p, RTP_DROP_LATE);
	else if (err)
		drop(p, RTP_DROP_OVERFLOW);
}

void part_recv(struct part *p, int fd, uint64_t now)
{
	uint8_t bufs[RX_BATCH][PKT_MAX];
	struct sockaddr_storage addrs[RX_BATCH];
	struct mmsghdr msgs[RX_BATCH];
	struct iovec iov[RX_BATCH];
	bool is_rtcp_fd = fd == p->rtcp_fd;
	int n;

	for (int i = 0; i < RX_BATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = sizeof(bufs[i]);
		msgs[i].msg_hdr = (struct msghdr){
			.msg_name = &addrs[i],
			.msg_namelen = sizeof(addrs[i]),
			.msg_iov = &iov[i],
			.msg_iovlen = 1,
		};
	}

	n = recvmmsg(fd, msgs, RX_BATCH, MSG_DONTWAIT, NULL);
	for (int i = 0; i < n; i++) {
		const uint8_t *b = bufs[i];
		size_t len = msgs[i].msg_len;
		struct sa src;

		if (sa_set_sa(&src, (struct sockaddr *)&addrs[i]))
			continue;
		if (is_rtcp_fd || (p->m.rtcp_mux && rtp_is_rtcp(b, len))) {
			part_rtcp_recv(p, b, len, now);
			if (is_rtcp_fd)
				latch(p, &src, &p->rtcp_peer);
			else
				p->rtcp_peer = p->rtp_peer;
			continue;
		}
		on_rtp(p, &src, b, len, now);
	}
}

/* Append n samples at the codec's PCM rate to the room-rate FIFO. */
static void fifo_put(struct part *p, const int16_t *pcm, size_t n)
{
	size_t room = PCM_FIFO - p->in_fill;
	size_t out_n = room;

	if (p->rs_in) {
		resamp_process(p->rs_in, p->in_fifo + p->in_fill, &out_n, pcm,
			       n);
		p->in_fill += out_n;
		return;
	}
	if (n > room)
		n = room;
	memcpy(p->in_fifo + p->in_fill, pcm, n * sizeof(*pcm));
	p->in_fill += n;
}

static size_t to_pcm(const struct codec_def *def, uint32_t rtp_units)
{
	return (size_t)rtp_units * def->pcm_rate / def->rtp_clock;
}

/*
 * An input that is not mixed and whose encoder says "no voice" (Opus
 * SILK VAD flags) need not be decoded: it would only be measured as
 * quiet. Its decoder then resumes as after a gap when voice returns.
 * This is what makes silent participants nearly free.
 */
static bool skip_decode(const struct part *p, const struct jb_frame *f)
{
	const struct codec_def *def = p->m.codec;

	return def->pkt_voice && !p->cand.in_set &&
	       def->pkt_voice(f->payload, f->len) == 0;
}

/* Produce audio for one jitter-buffer answer; returns rtp units got. */
static uint32_t take(struct part *p, const struct jb_frame *f)
{
	const struct codec_def *def = p->m.codec;
	int16_t pcm[5760];          /* 120 ms at 48 kHz, Opus's largest */
	size_t n = to_pcm(def, f->duration);
	int err = 0;

	if (n > ARRAY_SIZE(pcm))
		n = ARRAY_SIZE(pcm);

	switch (f->kind) {

	case JB_FRAME:
		if (skip_decode(p, f)) {
			memset(pcm, 0, n * sizeof(*pcm));
			++p->w->st.dec_skipped;
			break;
		}
		n = ARRAY_SIZE(pcm);
		err = def->decode(p->dec, pcm, &n, f->payload, f->len);
		if (err) {
			drop(p, RTP_DROP_DECODE);
			n = to_pcm(def, f->duration);
			if (n > ARRAY_SIZE(pcm))
				n = ARRAY_SIZE(pcm);
			err = def->plc(p->dec, pcm, n);
			jb_count_concealed(p->jb, (uint32_t)n);
		}
		break;

	case JB_LOST:
		err = ENOENT;
		if (def->fec && f->next)
			err = def->fec(p->dec, pcm, n, f->next, f->next_len);
		if (!err) {
			jb_count_fec(p->jb);
		}
		else {
			err = def->plc(p->dec, pcm, n);
			jb_count_concealed(p->jb, (uint32_t)n);
		}
		break;

	case JB_DTX:
		memset(pcm, 0, n * sizeof(*pcm));
		break;

	case JB_EMPTY:
		return 0;
	}
	if (err)
		memset(pcm, 0, n * sizeof(*pcm));
	fifo_put(p, pcm, n);
	return f->duration;
}

static void vad_update(struct part *p, size_t n)
{
	bool talking = vad_process(&p->vad, p->frame, n, &p->level);

	if (p->muted)
		return;
	if (vad_changed(&p->vad))
		worker_emit(p->w, EV_TALKING, p->id, talking, 0, NULL);
}

void part_pull(struct part *p, uint64_t now)
{
	const struct codec_def *def = p->m.codec;
	const size_t n = p->w->tick_samples;
	uint32_t need, got = 0, have;

	p->in_mix = false;
	if (!p->jb || !p->dec) {
		memset(p->frame, 0, n * sizeof(*p->frame));
		return;
	}

	/* What the FIFO already holds counts toward this tick. */
	have = (uint32_t)((uint64_t)p->in_fill * def->rtp_clock / ROOM_RATE);
	need = (uint32_t)((uint64_t)n * def->rtp_clock / ROOM_RATE);
	while (got + have < need) {
		struct jb_frame f;
		uint32_t d;

		jb_get(p->jb, now, need - got - have, &f);
		d = take(p, &f);
		if (!d)
			break;
		got += d;
	}

	if (p->in_fill >= n) {
		memcpy(p->frame, p->in_fifo, n * sizeof(*p->frame));
		p->in_fill -= n;
		memmove(p->in_fifo, p->in_fifo + n,
			p->in_fill * sizeof(*p->in_fifo));
	}
	else {
		memcpy(p->frame, p->in_fifo, p->in_fill * sizeof(*p->frame));
		memset(p->frame + p->in_fill, 0,
		       (n - p->in_fill) * sizeof(*p->frame));
		p->in_fill = 0;
	}

	if (p->gain_in != 32768)
		pcm_gain(p->frame, n, p->gain_in);
	vad_update(p, n);
	/* On hold (we may not send to them) they are out of the mix too:
	 * the room must not hear their music on hold. */
	p->in_mix = p->m.recv && p->m.send && !p->muted && p->level > -70;
}
