/*
 * sip.c: the SIP user agent: one libre SIP stack on UDP, one sipsess per
 * participant INVITEing sip:PREFIX-ROOM@target with an SDP offer of one
 * codec and a=rtcp-mux; the answer gives the address we send to.
 */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include "clock.h"
#include "load.h"

enum {
	HASH_SIZE = 1024,       /* SIP transaction / session tables (pow2) */
};


/* The stack finished its transactions after sip_close(): it is alive
 * again with one reference, ours to drop (lsip_free). */
static void exit_handler(void *arg)
{
	struct load *l = arg;

	l->sip_exited = true;
	re_cancel();
}


static void conn_handler(const struct sip_msg *msg, void *arg)
{
	struct load *l = arg;

	(void)sip_treply(NULL, l->sip, msg, 603, "Decline");
}


static int answer_apply(struct lpart *p, struct mbuf *mb)
{
	const struct codec_def *cd = p->l->codec;
	const struct sdp_format *fmt;
	const struct sa *ra;
	int err;

	err = sdp_decode(p->sdp, mb, false);
	if (err)
		return err;

	fmt = sdp_media_rformat(p->sdpm, NULL);
	ra = sdp_media_raddr(p->sdpm);
	if (!fmt || !fmt->name || strcasecmp(fmt->name, cd->rtp_name) ||
	    !sa_isset(ra, SA_ALL))
		return ENOENT;

	p->pt = (uint8_t)fmt->pt;
	p->raddr = *ra;
	if (!p->sending)
		media_start_part(p);

	return 0;
}


static int offer_handler(struct mbuf **descp, const struct sip_msg *msg,
			 void *arg)
{
	struct lpart *p = arg;
	int err;

	if (!mbuf_get_left(msg->mb))
		return sdp_encode(descp, p->sdp, true);

	err = sdp_decode(p->sdp, msg->mb, true);
	if (err)
		return err;

	return sdp_encode(descp, p->sdp, false);
}


static int answer_handler(const struct sip_msg *msg, void *arg)
{
	struct lpart *p = arg;

	return answer_apply(p, msg->mb);
}


static void progress_handler(const struct sip_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
}


static void estab_handler(const struct sip_msg *msg, void *arg)
{
	struct lpart *p = arg;
	struct load *l = p->l;

	if (p->state != LP_CALLING)
		return;

	p->scode = msg ? msg->scode : 200;
	p->t_up = clock_mono_us();
	p->state = LP_UP;
	++l->up;
	run_part_done(p);
}


static void info_handler(struct sip *sip, const struct sip_msg *msg,
			 void *arg)
{
	(void)arg;
	(void)sip_reply(sip, msg, 200, "OK");
}


static void close_handler(int err, const struct sip_msg *msg, void *arg)
{
	struct lpart *p = arg;
	struct load *l = p->l;

	if (msg)
		p->scode = msg->scode;
	if (!p->err)
		p->err = err ? err : EPROTO;

	p->sending = false;
	p->sess = mem_deref(p->sess);

	if (p->state == LP_CALLING) {
		p->state = LP_FAILED;
		++l->failed;
		run_part_done(p);
	}
	else if (p->state == LP_UP) {
		p->state = LP_DONE;
		p->dropped = true;
		++l->dropped;
	}
}


static int offer_build(struct lpart *p, struct mbuf **mbp)
{
	struct load *l = p->l;
	const struct codec_def *cd = l->codec;
	struct sa laddr = l->laddr;
	const char *fmtp = NULL;
	char id[8];
	int err;

	if (!strcasecmp(cd->name, "opus"))
		fmtp = l->o.dtx ? "minptime=10;useinbandfec=1;usedtx=1" :
			"minptime=10;useinbandfec=1";

	sa_set_port(&laddr, p->lport);
	err = sdp_session_alloc(&p->sdp, &laddr);
	if (err)
		return err;

	err = sdp_media_add(&p->sdpm, p->sdp, "audio", p->lport, "RTP/AVP");
	if (err)
		return err;

	re_snprintf(id, sizeof(id), "%u", l->pt);
	err = sdp_format_add(NULL, p->sdpm, false, id, cd->rtp_name,
			     cd->rtp_clock, cd->rtp_channels, NULL, NULL,
			     NULL, false, fmtp ? "%s" : NULL, fmtp);
	err |= sdp_media_set_lattr(p->sdpm, true, "rtcp-mux", NULL);
	err |= sdp_media_set_lattr(p->sdpm, true, "ptime", "%u", LOAD_PTIME);
	if (err)
		return err;

	return sdp_encode(mbp, p->sdp, true);
}


int lsip_init(struct load *l)
{
	int err;

	err = sip_alloc(&l->sip, NULL, HASH_SIZE, HASH_SIZE, HASH_SIZE,
			"consort-load/0.1", exit_handler, l);
	if (err)
		return err;

	err = sip_transp_add(l->sip, SIP_TRANSP_UDP, &l->laddr);
	if (err)
		return err;

	return sipsess_listen(&l->sock, l->sip, HASH_SIZE, conn_handler, l);
}


int lsip_dial(struct lpart *p)
{
	struct load *l = p->l;
	struct mbuf *mb = NULL;
	char to[256], from[128], cuser[32];
	int err;

	re_snprintf(to, sizeof(to), "sip:%s-%u@%J", l->o.prefix, p->room,
		    &l->sip_target);
	re_snprintf(from, sizeof(from), "sip:load-%u@%j", p->idx, &l->laddr);
	re_snprintf(cuser, sizeof(cuser), "load-%u", p->idx);

	err = media_open(p, &l->laddr);
	if (err)
		return err;

	err = offer_build(p, &mb);
	if (err)
		goto out;

	p->state = LP_CALLING;
	p->t_invite = clock_mono_us();
	err = sipsess_connect(&p->sess, l->sock, to, NULL, from, cuser, NULL,
			      0, "application/sdp", mb, NULL, NULL, false,
			      offer_handler, answer_handler, progress_handler,
			      estab_handler, info_handler, NULL,
			      close_handler, p, NULL);
	if (err)
		p->state = LP_IDLE;

 out:
	mem_deref(mb);
	return err;
}


void lsip_hangup(struct lpart *p)
{
	p->sending = false;
	p->sess = mem_deref(p->sess);
	if (p->state == LP_UP)
		p->state = LP_DONE;
}


void lsip_close(struct load *l)
{
	l->sock = mem_deref(l->sock);
	if (l->sip && !l->sip_closing) {
		l->sip_closing = true;
		sip_close(l->sip, false);
	}
}


void lsip_abort(struct load *l)
{
	if (l->sip && l->sip_closing && !l->sip_exited)
		sip_close(l->sip, true);
}


void lsip_free(struct load *l)
{
	l->sock = mem_deref(l->sock);
	if (!l->sip_closing)
		l->sip = mem_deref(l->sip);
	else if (l->sip_exited)
		l->sip = mem_deref(l->sip);
	/* else: transactions still hold the stack; we exit anyway */
}
