/*
 * stream.c: the event stream (GET /v1/events) over a plain libre TCP
 * connection. libre 1.1.0's HTTP client ends a response that has neither
 * Content-Length nor chunked coding right after its header, which is how
 * many servers send text/event-stream; so the header is decoded with
 * http_msg_decode and the body read here: chunked (dechunk.c) or until
 * the server closes. The connection and the header are bounded by the
 * request timeout; the body is not.
 */
#include <errno.h>
#include <string.h>
#include "http.h"
#include "dechunk.h"

struct stream {
	struct cctl_http *h;
	struct tcp_conn *tc;
	struct tmr tmr;         /* connect + header timeout */
	struct mbuf *hdr;       /* bytes until the header is complete */
	struct http_msg *msg;   /* the response header, once complete */
	struct cctl_dechunk dc;
	bool chunked;
	bool ok;                /* 2xx: body goes to chunkh */
	const char *path;
	cctl_chunk_h *chunkh;
	void *carg;
	struct cctl_resp *resp;
	struct mbuf *ebody;     /* body of an error answer */
	bool done;
	int err;
};


static void finish(struct stream *s, int err)
{
	if (s->done)
		return;

	s->done = true;
	s->err = err;
	tmr_cancel(&s->tmr);
	re_cancel();
}


static void timeout_h(void *arg)
{
	finish(arg, ETIMEDOUT);
}


static void estab_h(void *arg)
{
	struct stream *s = arg;
	const char *tok = cctl_http_token(s->h);
	struct mbuf *mb = mbuf_alloc(512);
	int err;

	if (!mb) {
		finish(s, ENOMEM);
		return;
	}

	err = mbuf_printf(mb, "GET %s%s HTTP/1.1\r\n"
			  "Host: %s\r\n"
			  "Accept: text/event-stream\r\n"
			  "Cache-Control: no-cache\r\n"
			  "%s%s%s"
			  "\r\n",
			  cctl_http_prefix(s->h), s->path,
			  cctl_http_hosthdr(s->h),
			  tok ? "Authorization: Bearer " : "", tok ? tok : "",
			  tok ? "\r\n" : "");
	mb->pos = 0;
	if (!err)
		err = tcp_send(s->tc, mb);

	mem_deref(mb);
	if (err)
		finish(s, err);
}


/* Payload bytes (after de-chunking). */
static int payload_h(const char *p, size_t len, void *arg)
{
	struct stream *s = arg;

	if (s->ok)
		return s->chunkh(p, len, s->carg);

	return mbuf_write_mem(s->ebody, (const uint8_t *)p, len);
}


static int body(struct stream *s, const char *p, size_t len)
{
	int err;

	if (s->chunked) {
		err = cctl_dechunk_feed(&s->dc, p, len, payload_h, s);
		if (!err && s->dc.done)
			finish(s, 0);
		return err;
	}

	err = payload_h(p, len, s);
	if (!err && !s->ok && s->ebody->end >= s->msg->clen)
		finish(s, 0);

	return err;
}


/* The header is complete: note status and coding, start the body. */
static int header(struct stream *s)
{
	s->resp->status = s->msg->scode;
	s->ok = s->msg->scode >= 200 && s->msg->scode <= 299;
	s->chunked = http_msg_hdr_has_value(s->msg,
					    HTTP_HDR_TRANSFER_ENCODING,
					    "chunked");
	tmr_cancel(&s->tmr);

	if (!s->ok && !s->chunked && s->msg->clen == 0) {
		finish(s, 0);
		return 0;
	}

	return body(s, (const char *)mbuf_buf(s->hdr),
		    mbuf_get_left(s->hdr));
}


static void recv_h(struct mbuf *mb, void *arg)
{
	struct stream *s = arg;
	size_t pos;
	int err;

	if (s->done)
		return;

	if (s->msg) {
		err = body(s, (const char *)mbuf_buf(mb), mbuf_get_left(mb));
		if (err)
			finish(s, err);
		return;
	}

	pos = s->hdr->pos;
	s->hdr->pos = s->hdr->end;
	err = mbuf_write_mem(s->hdr, mbuf_buf(mb), mbuf_get_left(mb));
	s->hdr->pos = pos;
	if (err) {
		finish(s, err);
		return;
	}

	err = http_msg_decode(&s->msg, s->hdr, false);
	if (err == ENODATA) {
		s->hdr->pos = pos;
		return;
	}
	if (!err)
		err = header(s);
	if (err)
		finish(s, err == ENODATA ? EBADMSG : err);
}


static void close_h(int err, void *arg)
{
	struct stream *s = arg;

	/* after the header, the server closing ends the stream normally */
	finish(s, s->msg ? 0 : (err ? err : ECONNRESET));
}


/*
 * cctl_stream_h over libre TCP (see cctl.h); ARG is the struct
 * cctl_http. SIGINT/SIGTERM end it with ECANCELED.
 */
int cctl_http_stream(void *arg, const char *path, cctl_chunk_h *chunkh,
		     void *carg, struct cctl_resp *resp)
{
	struct stream s;
	int err;

	memset(&s, 0, sizeof(s));
	tmr_init(&s.tmr);
	s.h = arg;
	s.path = path;
	s.chunkh = chunkh;
	s.carg = carg;
	s.resp = resp;
	s.hdr = mbuf_alloc(1024);
	s.ebody = mbuf_alloc(256);
	if (!s.hdr || !s.ebody) {
		err = ENOMEM;
		goto out;
	}

	err = tcp_connect(&s.tc, cctl_http_addr(s.h), estab_h, recv_h,
			  close_h, &s);
	if (err)
		goto out;

	tmr_start(&s.tmr, cctl_http_timeout(s.h) * 1000ULL, timeout_h, &s);
	re_main(cctl_http_signal);
	err = s.done ? s.err : ECANCELED;

	if (!err && !s.ok)
		err = re_sdprintf(&resp->body, "%b", s.ebody->buf,
				  s.ebody->end);
	if (!err && resp->body)
		resp->len = strlen(resp->body);

 out:
	tmr_cancel(&s.tmr);
	mem_deref(s.tc);
	mem_deref(s.msg);
	mem_deref(s.hdr);
	mem_deref(s.ebody);

	return err;
}
