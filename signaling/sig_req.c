/*
 * sig_req.c: request policy around sipsess.
 *
 * Listener order (libre runs them in registration order after its own
 * server-transaction layer, which absorbs retransmissions and CANCELs
 * of pending INVITEs):
 *   pre_h   sanity checks (400/416/505), Require (420), OPTIONS, 503
 *           while closing, 405 for known methods we do not serve, 501
 *           for the rest;
 *   sipsess INVITE, ACK, BYE, INFO (and REFER in a dialog);
 *   post_h  whatever is left: CANCEL -> 481, others -> 501 (instead of
 *           libre's own reply plus a line on stderr).
 */
#include <string.h>
#include <re.h>
#include "log.h"
#include "sig_priv.h"

/* Headers that must not repeat (RFC 3261 7.3.1: no comma lists). */
static const enum sip_hdrid single_hdrs[] = {
	SIP_HDR_CALL_ID, SIP_HDR_CSEQ, SIP_HDR_FROM, SIP_HDR_TO,
	SIP_HDR_CONTENT_LENGTH, SIP_HDR_MAX_FORWARDS, SIP_HDR_CONTENT_TYPE,
};


void sig_msg_body(const struct sip_msg *msg, struct pl *body)
{
	body->p = (const char *)mbuf_buf(msg->mb);
	body->l = mbuf_get_left(msg->mb);

	if (pl_isset(&msg->clen))
		body->l = MIN(body->l, (size_t)pl_u32(&msg->clen));
}


int sig_reply(struct sig *s, const struct sip_msg *msg, uint16_t scode,
	      const char *reason, const char *hdrs)
{
	return sip_treplyf(NULL, NULL, s->sip, msg, false, scode, reason,
			   "%sContent-Length: 0\r\n\r\n", hdrs ? hdrs : "");
}


static bool cseq_ok(const struct sip_msg *msg)
{
	const struct sip_hdr *h = sip_msg_hdr(msg, SIP_HDR_CSEQ);
	struct pl num;

	if (!h || !pl_isset(&msg->cseq.met))
		return false;

	/* RFC 3261 8.1.1.5: 32-bit, below 2**31 */
	if (re_regex(h->val.p, h->val.l, "[0-9]+", &num) || num.l > 10)
		return false;

	return pl_u64(&num) < 0x80000000ull;
}


/* Every "quoted-string" of each such header is closed. */
static bool quotes_balanced(enum sip_hdrid id, const struct sip_msg *msg)
{
	struct le *le;

	for (le = msg->hdrl.head; le; le = le->next) {
		const struct sip_hdr *h = le->data;
		bool open = false;

		if (h->id != id)
			continue;

		for (size_t i = 0; i < h->val.l; i++) {
			if (open && h->val.p[i] == '\\')
				++i;
			else if (h->val.p[i] == '"')
				open = !open;
		}

		if (open)
			return false;
	}

	return true;
}


/* NULL if the request is sane, else the reason phrase for *scode. */
static const char *bad_request(const struct sip_msg *msg, uint16_t *scode)
{
	struct pl body, num;

	*scode = 400;

	if (pl_strcmp(&msg->ver, "SIP/2.0")) {
		*scode = 505;
		return "Version Not Supported";
	}
	if (!pl_isset(&msg->from.auri) || !pl_isset(&msg->to.auri))
		return "Bad From or To";
	if (!pl_isset(&msg->callid))
		return "Missing Call-ID";
	if (!cseq_ok(msg))
		return "Bad CSeq";
	if (pl_cmp(&msg->cseq.met, &msg->met))
		return "CSeq Method Mismatch";
	if (!pl_isset(&msg->via.sentby))
		return "Bad Via";

	for (size_t i = 0; i < ARRAY_SIZE(single_hdrs); i++) {
		if (sip_msg_hdr_count(msg, single_hdrs[i]) > 1)
			return "Repeated Header";
	}

	if (pl_isset(&msg->clen) &&
	    (re_regex(msg->clen.p, msg->clen.l, "[0-9]+", &num) ||
	     num.l != msg->clen.l || num.l > 9))
		return "Bad Content-Length";

	sig_msg_body(msg, &body);
	if (pl_isset(&msg->clen) && body.l < pl_u32(&msg->clen))
		return "Content-Length Too Large";

	if (pl_strcasecmp(&msg->uri.scheme, "sip") &&
	    pl_strcasecmp(&msg->uri.scheme, "sips")) {
		*scode = 416;
		return "Unsupported URI Scheme";
	}

	/* RFC 3261 19.1.5: no headers in a Request-URI */
	if (pl_isset(&msg->uri.headers))
		return "Headers In Request-URI";

	if (!quotes_balanced(SIP_HDR_FROM, msg) ||
	    !quotes_balanced(SIP_HDR_TO, msg) ||
	    !quotes_balanced(SIP_HDR_CONTACT, msg))
		return "Unbalanced Quotes";

	return NULL;
}


/* RFC 3261 8.2.2.3: we support no extension; a Require gets 420. */
static bool unsupported(struct sig *s, const struct sip_msg *msg)
{
	const struct sip_hdr *req = sip_msg_hdr(msg, SIP_HDR_REQUIRE);
	char hdr[160];

	if (!req)
		return false;

	re_snprintf(hdr, sizeof(hdr), "Unsupported: %r\r\n", &req->val);
	(void)sig_reply(s, msg, 420, "Bad Extension", hdr);

	if (sig_method_index(&msg->met) == SIG_M_INVITE &&
	    !pl_isset(&msg->to.tag)) {
		++s->cnt.calls_rejected;
		LOGI("sip", "call rejected code=420 reason=Bad Extension "
		     "room=%r from=%r remote=%J require=%r", &msg->uri.user,
		     &msg->from.auri, &msg->src, &req->val);
	}

	return true;
}


static void reply_options(struct sig *s, const struct sip_msg *msg)
{
	if (s->closing) {
		(void)sig_reply(s, msg, 503, "Service Unavailable",
				"Retry-After: 30\r\n");
		return;
	}

	(void)sip_treplyf(NULL, NULL, s->sip, msg, false, 200, "OK",
			  "Allow: " SIG_ALLOW "\r\n"
			  "Accept: " SIG_ACCEPT "\r\n"
			  "Supported:\r\n"
			  "Content-Length: 0\r\n\r\n");
}


static void refuse(struct sig *s, const struct sip_msg *msg,
		   enum sig_method mi)
{
	if (mi == SIG_M_UNKNOWN) {
		(void)sig_reply(s, msg, 501, "Not Implemented",
				"Allow: " SIG_ALLOW "\r\n");
	}
	else if (pl_isset(&msg->to.tag) && !sig_call_dialog_exists(s, msg)) {
		(void)sig_reply(s, msg, 481, "Call/Transaction Does Not Exist",
				NULL);
	}
	else {
		(void)sig_reply(s, msg, 405, "Method Not Allowed",
				"Allow: " SIG_ALLOW "\r\n");
	}

	LOGD("sip", "refused %r from %J", &msg->met, &msg->src);
}


static bool pre_h(const struct sip_msg *msg, void *arg)
{
	struct sig *s = arg;
	enum sig_method mi;
	const char *why;
	uint16_t scode;

	if (msg->tp == SIP_TRANSP_UDP)
		sig_count_attach(s, msg->sock);

	if (!pl_strcmp(&msg->callid, s->probe_id))
		return true;

	why = bad_request(msg, &scode);
	if (why) {
		++s->cnt.malformed;
		LOGD("sip", "bad request from %J: %s", &msg->src, why);
		if (pl_strcmp(&msg->met, "ACK"))
			(void)sip_reply(s->sip, msg, scode, why);
		return true;
	}

	mi = sig_method_index(&msg->met);
	if (mi != SIG_M_ACK && mi != SIG_M_CANCEL && unsupported(s, msg))
		return true;

	switch (mi) {

	case SIG_M_OPTIONS:
		reply_options(s, msg);
		return true;

	case SIG_M_INVITE:
		if (!s->closing || pl_isset(&msg->to.tag))
			return false;
		++s->cnt.calls_rejected;
		LOGI("sip", "call rejected code=503 reason=shutting down "
		     "room=%r from=%r remote=%J", &msg->uri.user,
		     &msg->from.auri, &msg->src);
		(void)sig_reply(s, msg, 503, "Service Unavailable",
				"Retry-After: 30\r\n");
		return true;

	case SIG_M_OTHER:
	case SIG_M_UNKNOWN:
		refuse(s, msg, mi);
		return true;

	default:
		return false;
	}
}


static bool post_h(const struct sip_msg *msg, void *arg)
{
	struct sig *s = arg;

	if (!pl_strcmp(&msg->met, "ACK"))
		return true;

	if (!pl_strcmp(&msg->met, "CANCEL"))
		(void)sip_reply(s->sip, msg, 481,
				"Transaction Does Not Exist");
	else
		refuse(s, msg, SIG_M_UNKNOWN);

	return true;
}


/* Responses nobody waits for (stray, or to a finished transaction). */
static bool resp_h(const struct sip_msg *msg, void *arg)
{
	(void)arg;

	LOGD("sip", "ignored response %u %r from %J", msg->scode,
	     &msg->cseq.met, &msg->src);

	return true;
}


int sig_req_start(struct sig *s)
{
	int err;

	err = sip_listen(&s->lsnr_pre, s->sip, true, pre_h, s);
	if (err)
		return err;

	err = sipsess_listen(&s->ssock, s->sip, 64, sig_call_conn_h,
			     s->exit);
	if (err)
		return err;

	err = sip_listen(&s->lsnr_post, s->sip, true, post_h, s);
	if (err)
		return err;

	return sip_listen(&s->lsnr_resp, s->sip, false, resp_h, s);
}
