/*
 * sig_call.c: one call = one sipsess after its 200 OK: the answer in the
 * ACK (when we made the offer), re-INVITEs, hang-up, and the engine
 * participant. Admission of new INVITEs is in sig_invite.c.
 *
 * A call closed for any reason (BYE, CANCEL, ACK timeout, error,
 * shutdown) leaves the engine and the room at once and is freed,
 * releasing its sipsess (libre sends BYE if needed), from a 0 ms timer.
 */
#include <string.h>
#include <unistd.h>
#include <re.h>
#include "clock.h"
#include "log.h"
#include "sig_priv.h"

static void close_event(struct sig_call *call, const char *reason);


static void detach(struct sig_call *call)
{
	struct sig *s = call->sig;
	int err;

	if (call->joined) {
		err = engine_leave(s->engine, call->part_id);
		if (err)
			LOGW("sip", "engine_leave part=%u: %m", call->part_id,
			     err);
		call->joined = false;
	}

	if (call->in_room) {
		sig_dir_leave(s->dir, call->room_id, s->cfg.room_linger);
		call->in_room = false;
	}

	hash_unlink(&call->he);
}


static void call_destructor(void *arg)
{
	struct sig_call *call = arg;

	detach(call);
	list_unlink(&call->le);
	tmr_cancel(&call->dial_tmr);

	if (call->rtp_fd >= 0)
		(void)close(call->rtp_fd);
	if (call->rtcp_fd >= 0)
		(void)close(call->rtcp_fd);

	mem_deref(call->sess);   /* libre finishes it (BYE) on its own */
	mem_deref(call->sdp);
	mem_deref(call->room);
	mem_deref(call->uri);
	mem_deref(call->dname);
}


static void reap_h(void *arg)
{
	struct sig *s = arg;

	list_flush(&s->dead);
}


void sig_call_close(struct sig_call *call, const char *reason)
{
	struct sig *s;
	uint64_t ms;

	if (!call || call->closed)
		return;

	s = call->sig;
	call->closed = true;
	tmr_cancel(&call->dial_tmr);

	if (call->t_start) {
		ms = tmr_jiffies() - call->t_start;
		LOGI("sip", "call out room=%s part=%u reason=%s "
		     "duration=%llu.%llus", call->room, call->part_id,
		     reason, ms / 1000, (ms % 1000) / 100);
	}

	detach(call);
	close_event(call, reason);
	list_unlink(&call->le);
	list_append(&s->dead, &call->le, call);
	tmr_start(&s->reap, 0, reap_h, s);
}


void sig_calls_close_all(struct sig *s, const char *reason)
{
	struct list *lists[] = {&s->dials, &s->calls};

	for (size_t i = 0; i < ARRAY_SIZE(lists); i++) {
		struct le *le = lists[i]->head;

		while (le) {
			struct sig_call *call = le->data;

			le = le->next;
			sig_call_close(call, reason);
		}
	}
}


static bool part_cmp(struct le *le, void *arg)
{
	const struct sig_call *call = le->data;

	return call->part_id == *(const uint32_t *)arg;
}


struct sig_call *sig_call_find(const struct sig *s, uint32_t part_id)
{
	return list_ledata(hash_lookup(s->parts, part_id, part_cmp,
				       &part_id));
}


bool sig_call_dialog_exists(const struct sig *s, const struct sip_msg *msg)
{
	struct le *le;

	for (le = s->calls.head; le; le = le->next) {
		const struct sig_call *call = le->data;

		if (call->sess &&
		    sip_dialog_cmp(sipsess_dialog(call->sess), msg))
			return true;
	}

	return false;
}


/* 1 .. 2^31-1: the engine keeps the top bit for its own keys. */
static uint32_t next_part_id(struct sig *s)
{
	uint32_t id;

	do {
		s->next_part = (s->next_part + 1) & 0x7fffffffu;
		id = s->next_part;
	} while (!id || sig_call_find(s, id));

	return id;
}


void sig_call_event(const struct sig_call *call, enum sig_event_type t)
{
	struct sig_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = t;
	ev.room = call->room;
	ev.room_id = call->room_id;
	ev.part = call->part_id;
	ev.uri = call->uri;
	sig_emit(call->sig, &ev);
}


/* The call is in the engine: log it and tell the control plane. */
void sig_call_announce(struct sig_call *call)
{
	const struct engine_media *m = &call->media;

	LOGI("sip", "call in room=%s part=%u from=%s remote=%J rtp=%J "
	     "local=%J codec=%s/%u pt=%u ptime=%u%s%s", call->room,
	     call->part_id, call->uri, &call->src, &m->rtp_addr,
	     &call->local, m->codec->name,
	     m->codec->rtp_clock, m->pt, m->enc.ptime,
	     m->send ? "" : " hold", call->dialled ? " dialled" : "");

	call->announced = true;
	sig_call_event(call, SIG_EV_JOINED);
}


static void close_event(struct sig_call *call, const char *reason)
{
	struct sig_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.room = call->room;
	ev.room_id = call->room_id;
	ev.part = call->part_id;
	ev.uri = call->uri;
	ev.reason = reason;

	if (call->announced) {
		call->announced = false;
		ev.type = SIG_EV_LEFT;
		sig_emit(call->sig, &ev);
	}
	else if (call->dialling) {     /* cancelled by us */
		call->dialling = false;
		ev.type = SIG_EV_DIAL_FAILED;
		ev.status = 487;
		sig_emit(call->sig, &ev);
	}
}


static void log_update(const struct sig_call *call)
{
	const struct engine_media *m = &call->media;

	LOGI("sip", "call update room=%s part=%u rtp=%J codec=%s/%u pt=%u "
	     "ptime=%u send=%d recv=%d", call->room, call->part_id,
	     &m->rtp_addr, m->codec->name, m->codec->rtp_clock, m->pt,
	     m->enc.ptime, m->send, m->recv);
}


/* The message body as a fresh mbuf (Content-Length honoured). */
static int body_mbuf(struct mbuf **mbp, const struct sip_msg *msg)
{
	struct mbuf *mb;
	struct pl body;
	int err;

	sig_msg_body(msg, &body);

	mb = mbuf_alloc(body.l + 1);
	if (!mb)
		return ENOMEM;

	err = mbuf_write_pl(mb, &body);
	mb->pos = 0;

	if (err)
		mem_deref(mb);
	else
		*mbp = mb;

	return err;
}


int sig_call_sdp(struct sig_call *call, const struct sip_msg *msg,
		 bool offer, struct engine_media *m)
{
	struct mbuf *mb = NULL;
	int err;

	err = body_mbuf(&mb, msg);
	if (err)
		return err;

	if (offer)
		err = sig_sdp_offer_decode(call->sdp, mb, m);
	else
		err = sig_sdp_answer_decode(call->sdp, mb, m);

	mem_deref(mb);

	return err;
}


int sig_call_join(struct sig_call *call)
{
	struct sig *s = call->sig;
	int err;

	err = engine_join(s->engine, call->room_id, call->part_id,
			  &call->media, call->rtp_fd, call->rtcp_fd,
			  call->uri);
	call->rtp_fd = -1;     /* the engine owns or closed them */
	call->rtcp_fd = -1;
	if (err)
		return err;

	call->joined = true;
	call->joined_at = clock_wall_us() / 1000;
	hash_append(s->parts, call->part_id, &call->he, call);

	return 0;
}


/* Re-INVITE (or an offer in an UPDATE): answer it, or make an offer. */
static int offer_h(struct mbuf **descp, const struct sip_msg *msg, void *arg)
{
	struct sig_call *call = arg;
	struct sig *s = call->sig;
	struct engine_media m;
	struct pl body;
	int err;

	if (call->closed)
		return ECONNRESET;

	sig_msg_body(msg, &body);
	if (!body.l)
		return sig_sdp_encode(call->sdp, true, descp);

	err = sig_call_sdp(call, msg, true, &m);
	if (err == EBADMSG)
		++s->cnt.malformed;
	if (err) {
		LOGN("sip", "re-INVITE refused room=%s part=%u: %m",
		     call->room, call->part_id, err);
		return err;
	}

	if (call->joined) {
		err = engine_update(s->engine, call->part_id, &m);
		if (err)
			LOGW("sip", "engine_update part=%u: %m",
			     call->part_id, err);
	}

	call->media = m;
	++s->cnt.reinvites;
	log_update(call);

	return sig_sdp_encode(call->sdp, false, descp);
}


/* The SDP answer in an ACK, to the offer we put in a 200. */
static int answer_h(const struct sip_msg *msg, void *arg)
{
	struct sig_call *call = arg;
	struct sig *s = call->sig;
	struct engine_media m;
	int err;

	if (call->closed)
		return ECONNRESET;

	if (call->dialled)           /* the 2xx: where the callee is */
		call->src = msg->src;

	err = sig_call_sdp(call, msg, false, &m);
	if (err == EBADMSG)
		++s->cnt.malformed;
	if (err) {
		LOGN("sip", "no usable answer in ACK room=%s part=%u: %m",
		     call->room, call->part_id, err);
		if (!call->joined)
			return err;          /* libre closes the session */
		sig_call_close(call, "error");
		return 0;
	}

	call->media = m;

	if (call->joined) {
		err = engine_update(s->engine, call->part_id, &m);
		if (err)
			LOGW("sip", "engine_update part=%u: %m",
			     call->part_id, err);
		++s->cnt.reinvites;
		log_update(call);
		return 0;
	}

	err = sig_call_join(call);
	if (err) {
		LOGW("sip", "engine_join part=%u: %m", call->part_id, err);
		++s->cnt.calls_failed;
		return err;
	}

	sig_call_announce(call);

	return 0;
}


static void estab_h(const struct sip_msg *msg, void *arg)
{
	struct sig_call *call = arg;

	call->established = true;
	if (call->dialling)
		sig_dial_estab(call);
}


static void progr_h(const struct sip_msg *msg, void *arg)
{
	sig_dial_progress(arg, msg);
}


static void close_h(int err, const struct sip_msg *msg, void *arg)
{
	struct sig_call *call = arg;
	const char *reason;

	if (call->dialling) {
		sig_dial_failed(call, err, msg);
		return;
	}

	if (err == ECONNRESET)
		reason = call->established ? "bye" : "cancel";
	else if (err == ETIMEDOUT)
		reason = "timeout";
	else
		reason = "error";

	sig_call_close(call, reason);
}


int sig_call_alloc(struct sig_call **callp, struct sig *s,
		   const struct pl *room, const struct pl *uri,
		   const struct pl *dname, const struct sa *laddr)
{
	struct sig_sdp_prefs prefs;
	struct sig_call *call;
	int err;

	call = mem_zalloc(sizeof(*call), call_destructor);
	if (!call)
		return ENOMEM;

	call->sig = s;
	call->rtp_fd = -1;
	call->rtcp_fd = -1;
	call->part_id = next_part_id(s);
	tmr_init(&call->dial_tmr);

	err = pl_strdup(&call->room, room);
	if (err)
		goto out;

	err = pl_strdup(&call->uri, uri);
	if (err)
		goto out;

	err = dname && pl_isset(dname) ? pl_strdup(&call->dname, dname)
				       : str_dup(&call->dname, "");
	if (err)
		goto out;

	sig_sdp_prefs_get(s, &prefs);
	err = sig_sdp_alloc(&call->sdp, &prefs, laddr);

 out:
	if (err)
		mem_deref(call);
	else
		*callp = call;

	return err;
}


/* Answer the INVITE 200 with desc and attach the session handlers. */
int sig_call_accept(struct sig_call *call, const struct sip_msg *msg,
		    struct mbuf *desc)
{
	return sipsess_accept(&call->sess, call->sig->ssock, msg, 200, "OK",
			      call->room, "application/sdp", desc, NULL, NULL,
			      false, offer_h, answer_h, estab_h,
			      sig_call_info_h, NULL, close_h, call,
			      "Allow: " SIG_ALLOW "\r\n");
}


/* Call the callee (sig_dial): INVITE with our offer desc. */
int sig_call_connect(struct sig_call *call, const char *from_uri,
		     struct mbuf *desc)
{
	return sipsess_connect(&call->sess, call->sig->ssock, call->uri,
			       call->room, from_uri, call->room, NULL, 0,
			       "application/sdp", desc, NULL, NULL, false,
			       offer_h, answer_h, progr_h, estab_h,
			       sig_call_info_h, NULL, close_h, call,
			       "Allow: " SIG_ALLOW "\r\n");
}
