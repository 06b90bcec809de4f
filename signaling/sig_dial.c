/*
 * sig_dial.c: calls we make (the conference "dial" of FreeSWITCH): an
 * INVITE with our SDP offer to a URI; when it is answered the callee
 * joins the room like any caller.
 *
 * A dialled call waits in sig->dials (a place taken in its room, RTP
 * sockets bound) until the final answer: 2xx -> the SDP answer joins
 * the engine (sig_call.c answer_h), then it moves to sig->calls; any
 * failure, or no answer within DIAL_TIMEOUT, reports dial.failed and
 * frees it. Progress (18x) is reported as it comes.
 */
#include <string.h>
#include <re.h>
#include "log.h"
#include "rtp_sock.h"
#include "sig_priv.h"

enum {
	DIAL_TIMEOUT = 60000,   /* [ms] no final answer: give up (408) */
};


static void dial_event(struct sig_call *call, enum sig_event_type t,
		       uint16_t status, const char *reason)
{
	struct sig_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = t;
	ev.room = call->room;
	ev.room_id = call->room_id;
	ev.part = call->part_id;
	ev.uri = call->uri;
	ev.status = status;
	ev.reason = reason;
	sig_emit(call->sig, &ev);
}


void sig_dial_progress(struct sig_call *call, const struct sip_msg *msg)
{
	if (!call || !msg || !call->dialling || msg->scode <= 100)
		return;

	LOGI("sip", "dial progress room=%s part=%u uri=%s status=%u",
	     call->room, call->part_id, call->uri, msg->scode);
	dial_event(call, SIG_EV_DIAL_PROGRESS, msg->scode, NULL);
}


/* 2xx and ACK sent: the call is up (answer_h has joined the engine). */
void sig_dial_estab(struct sig_call *call)
{
	struct sig *s = call->sig;

	call->dialling = false;
	tmr_cancel(&call->dial_tmr);
	list_unlink(&call->le);
	list_append(&s->calls, &call->le, call);
	call->t_start = tmr_jiffies();
	++s->cnt.calls_ok;

	if (!call->joined)
		LOGW("sip", "dialled call up without media room=%s part=%u",
		     call->room, call->part_id);
}


void sig_dial_failed(struct sig_call *call, int err,
		     const struct sip_msg *msg)
{
	char reason[64];
	uint16_t status;

	if (msg && msg->scode >= 300) {
		status = msg->scode;
		pl_strcpy(&msg->reason, reason, sizeof(reason));
	}
	else {
		/* RFC 3261 8.1.3.1: a transport error counts as a 503 */
		status = err == ETIMEDOUT ? 408 : 503;
		re_snprintf(reason, sizeof(reason), "%m", err ? err : EPROTO);
	}

	LOGI("sip", "dial failed room=%s part=%u uri=%s status=%u "
	     "reason=%s", call->room, call->part_id, call->uri, status,
	     reason);

	++call->sig->cnt.calls_failed;
	call->dialling = false;
	dial_event(call, SIG_EV_DIAL_FAILED, status, reason);
	sig_call_close(call, "dial_failed");
}


static void timeout_h(void *arg)
{
	struct sig_call *call = arg;

	sig_dial_failed(call, ETIMEDOUT, NULL);
}


/* Where our RTP binds for a call we make: media_address, else the
 * first SIP address, else the default source address. */
static int dial_laddr(const struct sig *s, struct sa *laddr)
{
	int err = 0;

	if (sa_isset(&s->cfg.media_addr, SA_ADDR) &&
	    !sa_is_any(&s->cfg.media_addr))
		*laddr = s->cfg.media_addr;
	else if (s->cfg.nlisten && !sa_is_any(&s->cfg.listen[0]))
		*laddr = s->cfg.listen[0];
	else
		err = net_default_source_addr_get(AF_INET, laddr);

	sa_set_port(laddr, 0);

	return err;
}


/* "sip:ROOM@our-sip-address:port" */
static int from_uri(const struct sig *s, const char *room, char *buf,
		    size_t sz)
{
	enum sip_transp tp = s->cfg.udp ? SIP_TRANSP_UDP : SIP_TRANSP_TCP;
	struct sa sa;
	int err;

	err = sip_transp_laddr(s->sip, &sa, tp, NULL);
	if (err)
		return err;

	return re_snprintf(buf, sz, "sip:%s@%J", room, &sa) < 0 ? ENOMEM
								 : 0;
}


/* A sip: URI whose host is an IP address (the stack has no resolver). */
static int check_uri(const char *uri)
{
	struct uri u;
	struct pl pl;
	struct sa sa;

	pl_set_str(&pl, uri);
	if (uri_decode(&u, &pl))
		return EINVAL;
	if (pl_strcasecmp(&u.scheme, "sip") || !pl_isset(&u.host))
		return EINVAL;
	if (sa_set(&sa, &u.host, 0))
		return ENOTSUP;

	return 0;
}


/* RTP sockets, the offer, the INVITE. */
static int dial_start(struct sig_call *call, const struct sa *laddr)
{
	const struct sig_config *cfg = &call->sig->cfg;
	struct mbuf *desc = NULL;
	char from[128];
	uint16_t port = 0;
	int err;

	err = rtp_sock_alloc(&call->rtp_fd, &call->rtcp_fd, &port, laddr,
			     cfg->rtp_port_min, cfg->rtp_port_max, false);
	if (err)
		return EADDRNOTAVAIL;

	sig_sdp_set_transport(call->sdp, port, false);
	call->local = *laddr;
	sa_set_port(&call->local, port);

	err = from_uri(call->sig, call->room, from, sizeof(from));
	if (err)
		return err;

	err = sig_sdp_encode(call->sdp, true, &desc);
	if (err)
		return err;

	err = sig_call_connect(call, from, desc);
	mem_deref(desc);

	return err;
}


int sig_dial(struct sig *s, const char *room, const char *uri,
	     uint32_t *part_id)
{
	struct sig_call *call = NULL;
	struct pl rpl, upl;
	struct sa laddr;
	int err;

	if (!s || !room || !uri || !part_id)
		return EINVAL;
	if (!s->sip || s->closing)
		return ESHUTDOWN;

	pl_set_str(&rpl, room);
	pl_set_str(&upl, uri);
	if (!sig_room_name_valid(&rpl))
		return EINVAL;
	err = check_uri(uri);
	if (err)
		return err;

	err = dial_laddr(s, &laddr);
	if (err)
		return err;

	err = sig_call_alloc(&call, s, &rpl, &upl, NULL, &laddr);
	if (err)
		return err;

	call->dialled = true;
	err = sig_dir_join(s->dir, call->room, s->cfg.max_participants,
			   !s->draining, &call->room_id);
	if (err == ENOENT)
		err = ESHUTDOWN;
	if (err)
		goto out;
	call->in_room = true;

	err = dial_start(call, &laddr);
	if (err)
		goto out;

	call->dialling = true;
	list_append(&s->dials, &call->le, call);
	tmr_start(&call->dial_tmr, DIAL_TIMEOUT, timeout_h, call);
	*part_id = call->part_id;
	LOGI("sip", "dial room=%s part=%u uri=%s", call->room, call->part_id,
	     call->uri);

 out:
	if (err)
		mem_deref(call);

	return err;
}
