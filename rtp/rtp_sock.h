/* rtp_sock.h: RTP/RTCP UDP socket pairs from a configured port range. */
#ifndef CONSORT_RTP_SOCK_H
#define CONSORT_RTP_SOCK_H

#include <stdint.h>

struct sa;

/*
 * Bind a non-blocking UDP socket on an even port in [port_min, port_max]
 * of `laddr` (port ignored), and, unless rtcp_mux, a second one on
 * port+1 (which must then also lie in the range). Sockets are
 * SOCK_NONBLOCK | SOCK_CLOEXEC with enlarged (best effort) buffers, of
 * laddr's family (IPv4 or IPv6). Ports are tried from a rotating start
 * (process-wide, atomic) so freed ports are not reused at once.
 * On success returns 0, *rtp_fd, *rtcp_fd (-1 with mux) and *port are
 * set and the caller owns the fds (close() them). On failure nothing is
 * left open, the outputs are unchanged, and the error is EADDRINUSE when
 * every pair of the range is taken, EINVAL when the range holds no
 * usable even port, EAFNOSUPPORT for a non-IP laddr, or the errno of
 * socket()/bind() for other failures.
 */
int rtp_sock_alloc(int *rtp_fd, int *rtcp_fd, uint16_t *port,
		   const struct sa *laddr, uint16_t port_min,
		   uint16_t port_max, int rtcp_mux);

#endif
