/*
 * sse.c: incremental text/event-stream parser (the subset consortd
 * sends: "event:", "data:", "id:" fields, ":" comments, events ended by
 * a blank line; CRLF, LF or CR line ends; bytes may arrive split
 * anywhere).
 */
#include <errno.h>
#include <string.h>
#include "sse.h"

enum {
	SSE_MAXLINE = 65536,    /* [bytes] longest line kept */
};

struct cctl_sse {
	struct mbuf *line;      /* current, incomplete line */
	struct mbuf *data;      /* data lines of the current event */
	char *event;            /* mem string or NULL */
	char *id;               /* mem string or NULL */
	bool cr;                /* last byte was CR (skip a following LF) */
	bool overlong;          /* current line exceeded SSE_MAXLINE */
	cctl_sse_h *h;
	void *arg;
};


static void sse_destructor(void *arg)
{
	struct cctl_sse *s = arg;

	mem_deref(s->line);
	mem_deref(s->data);
	mem_deref(s->event);
	mem_deref(s->id);
}


/*
 * Allocates a parser calling H with ARG once per complete event. Returns
 * 0, EINVAL or ENOMEM.
 */
int cctl_sse_alloc(struct cctl_sse **ssep, cctl_sse_h *h, void *arg)
{
	struct cctl_sse *s;
	int err = 0;

	if (!ssep || !h)
		return EINVAL;

	s = mem_zalloc(sizeof(*s), sse_destructor);
	if (!s)
		return ENOMEM;

	s->h = h;
	s->arg = arg;
	s->line = mbuf_alloc(256);
	s->data = mbuf_alloc(256);
	if (!s->line || !s->data)
		err = ENOMEM;

	if (err)
		mem_deref(s);
	else
		*ssep = s;

	return err;
}


/* Blank line: hand over the event (if it has data) and reset. */
static int dispatch(struct cctl_sse *s)
{
	int err = 0;

	if (s->data->end > 0) {
		/* drop the '\n' after the last data line, NUL-terminate */
		s->data->buf[s->data->end - 1] = '\0';
		err = s->h(s->event, (char *)s->data->buf, s->id, s->arg);
	}

	mbuf_rewind(s->data);
	s->event = mem_deref(s->event);

	return err;
}


static int field(struct cctl_sse *s, const char *name, size_t nlen,
		 const char *val, size_t vlen)
{
	if (nlen == 4 && !strncmp(name, "data", 4)) {
		int err = mbuf_write_mem(s->data, (const uint8_t *)val, vlen);

		return err ? err : mbuf_write_u8(s->data, '\n');
	}

	if (nlen == 5 && !strncmp(name, "event", 5)) {
		s->event = mem_deref(s->event);
		return re_sdprintf(&s->event, "%b", val, vlen);
	}

	if (nlen == 2 && !strncmp(name, "id", 2)) {
		s->id = mem_deref(s->id);
		return re_sdprintf(&s->id, "%b", val, vlen);
	}

	return 0;       /* "retry" and unknown fields: ignored */
}


/* One complete line (without its end). */
static int line(struct cctl_sse *s, const char *p, size_t len)
{
	const char *colon;
	const char *val;
	size_t nlen, vlen;

	if (len == 0)
		return dispatch(s);

	if (p[0] == ':')
		return 0;       /* comment, e.g. ": keepalive" */

	colon = memchr(p, ':', len);
	nlen = colon ? (size_t)(colon - p) : len;
	val = colon ? colon + 1 : p + len;
	vlen = len - nlen - (colon ? 1 : 0);
	if (vlen > 0 && *val == ' ') {
		++val;
		--vlen;
	}

	return field(s, p, nlen, val, vlen);
}


static int line_end(struct cctl_sse *s)
{
	int err = 0;

	if (!s->overlong)
		err = line(s, (const char *)s->line->buf, s->line->end);

	mbuf_rewind(s->line);
	s->overlong = false;

	return err;
}


/*
 * Feeds LEN bytes of the stream. Returns 0, the handler's non-zero
 * value (parsing stops there), or ENOMEM. Lines over 64 KiB are
 * dropped.
 */
int cctl_sse_feed(struct cctl_sse *s, const char *p, size_t len)
{
	size_t i;
	int err = 0;

	if (!s || (!p && len))
		return EINVAL;

	for (i = 0; i < len && !err; i++) {
		const char c = p[i];

		if (c == '\n' && s->cr) {
			s->cr = false;
			continue;
		}
		s->cr = c == '\r';

		if (c == '\n' || c == '\r') {
			err = line_end(s);
			continue;
		}

		if (s->line->end >= SSE_MAXLINE) {
			s->overlong = true;
			continue;
		}

		err = mbuf_write_u8(s->line, (uint8_t)c);
	}

	return err;
}
