/*
 * media.c: one UDP socket per participant (symmetric RTP: we send from
 * the port we receive on), a 5 ms monotonic timerfd that sends each
 * participant's next pre-encoded frame in its phase (a quarter of the
 * participants per 5 ms), and receive handlers that count the mixes.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include "clock.h"
#include "rtp_pkt.h"
#include "load.h"

enum {
	TICK_NS = LOAD_PTIME * 1000000 / LOAD_PHASES,
	CATCHUP_MAX = 2 * LOAD_PHASES,   /* [ticks] handled per wakeup */
	RCVBUF = 65536,                  /* [bytes] per socket */
};

static void rx_handler(int flags, void *arg);


int media_open(struct lpart *p, const struct sa *laddr)
{
	struct sa sa = *laddr;
	int rcvbuf = RCVBUF;
	int fd, err;

	fd = socket(sa_af(&sa), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0)
		return errno;

	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	if (bind(fd, &sa.u.sa, sa.len) < 0 ||
	    getsockname(fd, &sa.u.sa, &sa.len) < 0) {
		err = errno;
		goto fail;
	}

	err = fd_listen(fd, FD_READ, rx_handler, p);
	if (err)
		goto fail;

	p->fd = fd;
	p->lport = sa_port(&sa);

	return 0;

 fail:
	close(fd);
	return err;
}


void media_close(struct lpart *p)
{
	p->sending = false;
	if (p->fd < 0)
		return;

	fd_close(p->fd);
	close(p->fd);
	p->fd = -1;
}


void media_start_part(struct lpart *p)
{
	p->ssrc = rand_u32();
	p->seq = rand_u16();
	p->ts = rand_u32();
	p->sending = true;
}


static void send_frame(struct lpart *p, uint8_t *buf)
{
	struct rtp_pkt pkt;
	const uint8_t *pl;
	size_t plen, n;

	if (!ltrack_frame(p->track, p->track_pos++, &pl, &plen)) {
		p->ts += ltrack_frame_ts(p->track);
		p->talkspurt = true;
		return;
	}

	memset(&pkt, 0, sizeof(pkt));
	pkt.marker = p->talkspurt || !p->tx_pkts;
	pkt.pt = p->pt;
	pkt.seq = p->seq++;
	pkt.ts = p->ts;
	pkt.ssrc = p->ssrc;
	pkt.payload = pl;
	pkt.payload_len = plen;
	p->ts += ltrack_frame_ts(p->track);
	p->talkspurt = false;

	n = rtp_pkt_encode(buf, LOAD_PKTMAX, &pkt);
	if (n && sendto(p->fd, buf, n, 0, &p->raddr.u.sa, p->raddr.len) ==
	    (ssize_t)n)
		++p->tx_pkts;
	else
		++p->tx_err;
}


static void tick_handler(int flags, void *arg)
{
	struct load *l = arg;
	uint8_t buf[LOAD_PKTMAX];
	uint64_t n = 0;
	(void)flags;

	if (read(l->tfd, &n, sizeof(n)) != sizeof(n) || !n)
		return;
	if (n > 1)
		l->late_ticks += n - 1;
	if (n > CATCHUP_MAX)
		n = CATCHUP_MAX;

	while (n--) {
		unsigned ph = (unsigned)(l->ticks++ % LOAD_PHASES);

		for (unsigned i = ph; i < l->n; i += LOAD_PHASES) {
			struct lpart *p = &l->parts[i];

			if (p->sending)
				send_frame(p, buf);
		}
	}
}


static void rx_one(struct lpart *p, const uint8_t *buf, size_t len,
		   uint64_t now)
{
	struct rtp_pkt pkt;

	if (rtp_is_rtcp(buf, len)) {
		lrx_rtcp(&p->rx);
		return;
	}

	if (rtp_pkt_decode(&pkt, buf, len) != RTP_DROP_NONE) {
		++p->rx_bad;
		return;
	}

	lrx_packet(&p->rx, pkt.ssrc, pkt.seq, pkt.ts, pkt.payload_len, now);
	if (p->det && p->l->verifying)
		vpart_packet(p, pkt.payload, pkt.payload_len);
}


static void rx_handler(int flags, void *arg)
{
	struct lpart *p = arg;
	struct mmsghdr msgs[LOAD_RXBATCH];
	struct iovec iov[LOAD_RXBATCH];
	uint8_t bufs[LOAD_RXBATCH][LOAD_PKTMAX];
	uint64_t now;
	int n;
	(void)flags;

	memset(msgs, 0, sizeof(msgs));
	for (unsigned i = 0; i < LOAD_RXBATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = sizeof(bufs[i]);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}

	n = recvmmsg(p->fd, msgs, LOAD_RXBATCH, MSG_DONTWAIT, NULL);
	if (n <= 0)
		return;

	now = clock_mono_us();
	for (int i = 0; i < n; i++)
		rx_one(p, bufs[i], msgs[i].msg_len, now);
}


int media_start(struct load *l)
{
	struct itimerspec its = {
		.it_interval = {0, TICK_NS},
		.it_value = {0, TICK_NS},
	};
	int err;

	l->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (l->tfd < 0)
		return errno;

	if (timerfd_settime(l->tfd, 0, &its, NULL) < 0) {
		err = errno;
		goto fail;
	}

	err = fd_listen(l->tfd, FD_READ, tick_handler, l);
	if (err)
		goto fail;

	return 0;

 fail:
	close(l->tfd);
	l->tfd = -1;
	return err;
}


void media_stop(struct load *l)
{
	for (unsigned i = 0; i < l->n; i++)
		l->parts[i].sending = false;

	if (l->tfd < 0)
		return;

	fd_close(l->tfd);
	close(l->tfd);
	l->tfd = -1;
}
