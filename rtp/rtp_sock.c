/* rtp_sock.c: bind RTP/RTCP UDP socket pairs on even ports of a range. */
#include <errno.h>
#include <stdatomic.h>
#include <unistd.h>
#include <sys/socket.h>
#include <re.h>
#include "rtp_sock.h"

enum {
	SOCK_BUF = 256 * 1024,  /* [bytes] SO_RCVBUF/SO_SNDBUF asked for */
};

/* Index of the next pair to try, so freed ports are not reused at once. */
static atomic_uint next_pair;

/* A non-blocking UDP socket bound to laddr:port; returns fd or -errno. */
static int bind_one(const struct sa *laddr, uint16_t port)
{
	struct sa a = *laddr;
	int fd, opt = SOCK_BUF, err;

	fd = socket(sa_af(&a), SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;

	/* best effort: the kernel caps these at net.core.*mem_max */
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &opt, sizeof(opt));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &opt, sizeof(opt));

	sa_set_port(&a, port);
	if (bind(fd, &a.u.sa, a.len) < 0) {
		err = errno;
		close(fd);
		return -err;
	}

	return fd;
}

/* Bind the pair at `port`; 0, or an errno (EADDRINUSE: try another). */
static int bind_pair(int *rtp_fd, int *rtcp_fd, const struct sa *laddr,
		     uint16_t port, int rtcp_mux)
{
	int fd, fd2 = -1;

	fd = bind_one(laddr, port);
	if (fd < 0)
		return -fd;

	if (!rtcp_mux) {
		fd2 = bind_one(laddr, (uint16_t)(port + 1));
		if (fd2 < 0) {
			close(fd);
			return -fd2;
		}
	}

	*rtp_fd = fd;
	*rtcp_fd = fd2;

	return 0;
}

int rtp_sock_alloc(int *rtp_fd, int *rtcp_fd, uint16_t *port,
		   const struct sa *laddr, uint16_t port_min,
		   uint16_t port_max, int rtcp_mux)
{
	uint32_t first, last, npairs, start;

	if (!rtp_fd || !rtcp_fd || !port || !laddr)
		return EINVAL;
	if (sa_af(laddr) != AF_INET && sa_af(laddr) != AF_INET6)
		return EAFNOSUPPORT;

	/* even RTP ports p with p (and p+1 without mux) inside the range */
	first = ((uint32_t)port_min + 1) & ~1u;
	if (!first)
		first = 2;
	last = rtcp_mux ? port_max : (uint32_t)port_max - 1;
	if (port_max < 1 || last < first)
		return EINVAL;
	last &= ~1u;
	npairs = (last - first) / 2 + 1;

	start = atomic_fetch_add(&next_pair, 1) % npairs;

	for (uint32_t i = 0; i < npairs; i++) {
		uint32_t idx = (start + i) % npairs;
		uint16_t p = (uint16_t)(first + 2 * idx);
		int err;

		err = bind_pair(rtp_fd, rtcp_fd, laddr, p, rtcp_mux);
		if (err == EADDRINUSE || err == EACCES)
			continue;
		if (err)
			return err;

		atomic_store(&next_pair, idx + 1);
		*port = p;
		return 0;
	}

	return EADDRINUSE;
}
