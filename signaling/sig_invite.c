/*
 * sig_invite.c: admission of a new INVITE (no To-tag).
 *
 * Order: check (room name, Contact, body type) -> negotiate the
 * offer -> take a place in the room -> bind RTP -> engine_join -> 200 OK
 * (sig_call_accept). Anything failing before the 200 rejects the INVITE
 * and undoes the earlier steps (the call's destructor leaves the engine
 * and the room and closes sockets not yet handed over).
 */
#include <string.h>
#include <re.h>
#include "log.h"
#include "rtp_sock.h"
#include "sig_priv.h"

/* Why a new INVITE is refused. */
struct reject {
	uint16_t scode;
	const char *reason;
	const char *hdrs;
	bool ours;          /* our failure: counted in calls_failed */
	int err;
};

static const char warn_304[] =
	"Warning: 304 consort \"Incompatible media format\"\r\n";


static int rj_set(struct reject *rj, uint16_t scode, const char *reason,
		  const char *hdrs, bool ours, int err)
{
	rj->scode = scode;
	rj->reason = reason;
	rj->hdrs = hdrs;
	rj->ours = ours;
	rj->err = err;

	return err ? err : EPROTO;
}


static void reject(struct sig *s, const struct sip_msg *msg,
		   const struct reject *rj)
{
	if (rj->ours)
		++s->cnt.calls_failed;
	else
		++s->cnt.calls_rejected;

	if (rj->scode == 400)
		++s->cnt.malformed;

	if (rj->err)
		log_printf(rj->ours ? LOG_WARN : LOG_INFO, "sip",
			   "call rejected code=%u reason=%s room=%r from=%r "
			   "remote=%J error=%m", rj->scode, rj->reason,
			   &msg->uri.user, &msg->from.auri, &msg->src,
			   rj->err);
	else
		LOGI("sip", "call rejected code=%u reason=%s room=%r from=%r "
		     "remote=%J", rj->scode, rj->reason, &msg->uri.user,
		     &msg->from.auri, &msg->src);

	(void)sig_reply(s, msg, rj->scode, rj->reason, rj->hdrs);
}


/* Refusals that need no state: room name, Contact, body type. */
static int check_invite(const struct sip_msg *msg, struct reject *rj)
{
	struct pl body;

	if (!sig_room_name_valid(&msg->uri.user))
		return rj_set(rj, 404, "Not Found", NULL, false, 0);

	if (!sip_msg_hdr(msg, SIP_HDR_CONTACT))
		return rj_set(rj, 400, "Missing Contact", NULL, false, 0);

	sig_msg_body(msg, &body);
	if (body.l && !msg_ctype_cmp(&msg->ctyp, "application", "sdp"))
		return rj_set(rj, 415, "Unsupported Media Type",
			      "Accept: application/sdp\r\n", false, 0);

	return 0;
}


static void media_laddr(const struct sig *s, const struct sip_msg *msg,
			struct sa *laddr)
{
	const struct sa *cfg = &s->cfg.media_addr;

	if (sa_af(cfg) == AF_UNSPEC || sa_is_any(cfg))
		*laddr = msg->dst;
	else
		*laddr = *cfg;

	sa_set_port(laddr, 0);
}


static int negotiate(struct sig_call *call, const struct sip_msg *msg,
		     struct reject *rj)
{
	int err = sig_call_sdp(call, msg, true, &call->media);

	switch (err) {

	case 0:
		return 0;

	case EBADMSG:
		return rj_set(rj, 400, "Bad SDP", NULL, false, err);

	case ENOENT:
	case ENOTSUP:
		return rj_set(rj, 488, "Not Acceptable Here", warn_304,
			      false, 0);

	default:
		return rj_set(rj, 500, "Server Internal Error", NULL, true,
			      err);
	}
}


static int bind_rtp(struct sig_call *call, const struct sa *laddr,
		    bool mux, struct reject *rj)
{
	const struct sig_config *cfg = &call->sig->cfg;
	uint16_t port = 0;
	int err;

	err = rtp_sock_alloc(&call->rtp_fd, &call->rtcp_fd, &port, laddr,
			     cfg->rtp_port_min, cfg->rtp_port_max, mux);
	if (err)
		return rj_set(rj, 503, "Service Unavailable",
			      "Retry-After: 5\r\n", true, err);

	sig_sdp_set_transport(call->sdp, port, mux);
	call->local = *laddr;
	sa_set_port(&call->local, port);

	return 0;
}


static int call_setup(struct sig_call *call, const struct sip_msg *msg,
		      const struct sa *laddr, struct reject *rj)
{
	struct sig *s = call->sig;
	struct mbuf *desc = NULL;
	struct pl body;
	bool offer;
	int err;

	sig_msg_body(msg, &body);
	offer = body.l > 0;

	if (offer) {
		err = negotiate(call, msg, rj);
		if (err)
			return err;
	}

	err = sig_dir_join(s->dir, call->room, s->cfg.max_participants,
			   !s->draining, &call->room_id);
	if (err == EBUSY)
		return rj_set(rj, 486, "Busy Here", NULL, false, 0);
	if (err == EACCES)
		return rj_set(rj, 403, "Forbidden", NULL, false, 0);
	if (err == ENOENT)
		return rj_set(rj, 503, "Service Unavailable",
			      "Retry-After: 30\r\n", false, 0);
	if (err)
		return rj_set(rj, 500, "Server Internal Error", NULL, true,
			      err);
	call->in_room = true;

	err = bind_rtp(call, laddr, offer && call->media.rtcp_mux, rj);
	if (err)
		return err;

	err = sig_sdp_encode(call->sdp, !offer, &desc);
	if (!err && offer)
		err = sig_call_join(call);
	if (!err)
		err = sig_call_accept(call, msg, desc);
	mem_deref(desc);

	if (err)
		return rj_set(rj, 500, "Server Internal Error", NULL, true,
			      err);

	return 0;
}


/* sipsess: a new INVITE (no To-tag); arg is the sig_exit cell. */
void sig_call_conn_h(const struct sip_msg *msg, void *arg)
{
	struct sig_exit *x = arg;
	struct sig *s = x->sig;
	struct sig_call *call = NULL;
	struct reject rj;
	struct sa laddr;
	int err;

	if (!s) {      /* sig is gone, libre still finishing: see sig_sip.c */
		(void)sip_treply(NULL, x->sip, msg, 503,
				 "Service Unavailable");
		return;
	}

	memset(&rj, 0, sizeof(rj));
	media_laddr(s, msg, &laddr);

	if (s->closing)
		err = rj_set(&rj, 503, "Service Unavailable",
			     "Retry-After: 30\r\n", false, 0);
	else
		err = check_invite(msg, &rj);

	if (!err) {
		err = sig_call_alloc(&call, s, &msg->uri.user,
				     &msg->from.auri, &msg->from.dname,
				     &laddr);
		if (err)
			rj_set(&rj, 500, "Server Internal Error", NULL, true,
			       err);
		else
			call->src = msg->src;
	}

	if (!err)
		err = call_setup(call, msg, &laddr, &rj);

	if (err) {
		reject(s, msg, &rj);
		mem_deref(call);
		return;
	}

	list_append(&s->calls, &call->le, call);
	call->t_start = tmr_jiffies();
	++s->cnt.calls_ok;

	if (call->joined)
		sig_call_announce(call);
	else
		LOGI("sip", "call answered with our offer room=%s part=%u "
		     "from=%s remote=%J", call->room, call->part_id,
		     call->uri, &call->src);
}
