/*
 * sig_count.c: message counters, and the count of datagrams libre
 * cannot parse.
 *
 * Requests received and responses sent are counted from libre's trace
 * handler, which sees every message that parsed (retransmissions too).
 *
 * Malformed datagrams: libre 1.1.0 drops a UDP datagram it cannot
 * decode with a bare fprintf(stderr), before any hook. We attach a UDP
 * helper to each SIP UDP socket that decodes first, counts and swallows
 * failures. libre does not expose those sockets, so we learn each one
 * from msg->sock of the first request it delivers (sig_req.c), and
 * provoke that request at start-up with a probe datagram sent to
 * ourselves. TCP streams that do not parse are closed by libre and are
 * not counted.
 */
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <re.h>
#include "log.h"
#include "sig_priv.h"

#define PROBE_USER "consort-probe"

enum {
	STUN_COOKIE = 0x2112a442,
	UDP_HELPER_LAYER = 0,
};

static const char *const method_names[SIG_NMETHODS] = {
	"INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "INFO", "other",
	"unknown",
};

/* Known methods we answer 405. */
static const char *const refused[] = {
	"MESSAGE", "SUBSCRIBE", "NOTIFY", "REGISTER", "PUBLISH", "REFER",
	"UPDATE", "PRACK",
};

struct sig_uhelper {
	struct le le;
	void *sock;                  /* libre's struct udp_sock */
	struct udp_helper *uh;
};


const char *sig_method_name(enum sig_method m)
{
	return (unsigned)m < SIG_NMETHODS ? method_names[m] : "?";
}


enum sig_method sig_method_index(const struct pl *met)
{
	for (unsigned i = 0; i < SIG_M_OTHER; i++) {
		if (!pl_strcmp(met, method_names[i]))
			return (enum sig_method)i;
	}

	for (size_t i = 0; i < ARRAY_SIZE(refused); i++) {
		if (!pl_strcmp(met, refused[i]))
			return SIG_M_OTHER;
	}

	return SIG_M_UNKNOWN;
}


/* Raw first lines, for counting (every parsed message passes here). */
void sig_trace_h(bool tx, enum sip_transp tp, const struct sa *src,
		 const struct sa *dst, const uint8_t *pkt, size_t len,
		 void *arg)
{
	static const char probe[] = "OPTIONS sip:" PROBE_USER "@";
	struct sig_exit *x = arg;
	struct sig *s = x ? x->sig : NULL;
	struct pl met;

	(void)tp;
	(void)src;
	(void)dst;

	if (!s || !pkt || len < 12)
		return;

	if (!memcmp(pkt, "SIP/2.0 ", 8)) {
		unsigned c = (unsigned)(pkt[8] - '0');

		if (tx && c >= 1 && c <= 6)
			++s->cnt.responses[c];
		return;
	}

	if (tx || (len > sizeof(probe) &&
		   !memcmp(pkt, probe, sizeof(probe) - 1)))
		return;

	met.p = (const char *)pkt;
	met.l = 0;
	while (met.l < len && pkt[met.l] != ' ')
		++met.l;

	++s->cnt.requests[sig_method_index(&met)];
}


static bool is_stun(const struct mbuf *mb)
{
	const uint8_t *p = mbuf_buf(mb);

	if (mbuf_get_left(mb) < 20 || (p[0] & 0xc0))
		return false;

	return ((uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 |
		(uint32_t)p[6] << 8 | p[7]) == STUN_COOKIE;
}


/* Runs before libre's SIP UDP receive handler. */
static bool helper_recv_h(struct sa *src, struct mbuf *mb, void *arg)
{
	struct sig *s = arg;
	struct sip_msg *msg;
	size_t pos = mb->pos, left = mbuf_get_left(mb);
	int err;

	if (left <= 4 || is_stun(mb))
		return false;    /* keep-alive or STUN: libre's business */

	err = sip_msg_decode(&msg, mb);
	mb->pos = pos;
	if (!err) {
		mem_deref(msg);
		return false;
	}

	++s->cnt.malformed;
	LOGD("sip", "dropped undecodable datagram from %J (%zu bytes): %m",
	     src, left, err);

	return true;
}


static bool helper_send_h(int *err, struct sa *dst, struct mbuf *mb,
		       void *arg)
{
	(void)err;
	(void)dst;
	(void)mb;
	(void)arg;

	return false;
}


static void uhelper_destructor(void *arg)
{
	struct sig_uhelper *h = arg;

	list_unlink(&h->le);
	mem_deref(h->uh);
}


void sig_count_attach(struct sig *s, void *sock)
{
	struct sig_uhelper *h;
	struct le *le;
	int err;

	if (!sock)
		return;

	for (le = s->helpers.head; le; le = le->next) {
		h = le->data;
		if (h->sock == sock)
			return;
	}

	h = mem_zalloc(sizeof(*h), uhelper_destructor);
	if (!h)
		return;

	err = udp_register_helper(&h->uh, sock, UDP_HELPER_LAYER,
				  helper_send_h, helper_recv_h, s);
	if (err) {
		LOGW("sip", "cannot count malformed datagrams: %m", err);
		mem_deref(h);
		return;
	}

	h->sock = sock;
	list_append(&s->helpers, &h->le, h);
}


/* Send ourselves one OPTIONS so pre_h learns the UDP socket at once. */
void sig_count_probe(struct sig *s, const struct sa *laddr)
{
	char buf[512];
	int fd, n;

	n = re_snprintf(buf, sizeof(buf),
			"OPTIONS sip:" PROBE_USER "@%J SIP/2.0\r\n"
			"Via: SIP/2.0/UDP %J;branch=z9hG4bK%s\r\n"
			"From: <sip:" PROBE_USER "@invalid>;tag=%s\r\n"
			"To: <sip:" PROBE_USER "@invalid>\r\n"
			"Call-ID: %s\r\n"
			"CSeq: 1 OPTIONS\r\n"
			"Max-Forwards: 0\r\n"
			"Content-Length: 0\r\n\r\n",
			laddr, laddr, s->probe_id, s->probe_id, s->probe_id);
	if (n <= 0)
		return;

	fd = socket(sa_af(laddr), SOCK_DGRAM, 0);
	if (fd < 0)
		return;

	if (sendto(fd, buf, (size_t)n, 0, &laddr->u.sa, laddr->len) < 0)
		LOGD("sip", "probe to %J: %m", laddr, errno);

	(void)close(fd);
}
