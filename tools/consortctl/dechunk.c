/*
 * dechunk.c: HTTP/1.1 chunked transfer coding, decoded as bytes arrive
 * (split anywhere): "SIZE[;ext]\r\n DATA \r\n" ... "0\r\n [trailer] \r\n".
 */
#include <errno.h>
#include "dechunk.h"

enum state {
	ST_SIZE = 0,            /* hex digits */
	ST_EXT,                 /* ";ext" until LF */
	ST_DATA,
	ST_DATA_CR,             /* CRLF after the data */
	ST_DATA_LF,
	ST_TRAILER,             /* start of a trailer line (LF ends all) */
	ST_TRAILER_LINE,        /* inside a trailer field line */
	ST_DONE,
};

enum {
	MAX_DIGITS = 8,         /* chunks < 4 GiB */
};


static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}


/* Size line: digits, then optional extension, ended by (CR)LF. */
static int size_char(struct cctl_dechunk *d, char c)
{
	int v = hexval(c);

	if (d->state == ST_SIZE && v >= 0) {
		if (++d->digits > MAX_DIGITS)
			return EBADMSG;
		d->left = d->left * 16 + (size_t)v;
		return 0;
	}

	if (d->digits == 0)
		return EBADMSG;

	if (c == '\n') {
		d->state = d->left ? ST_DATA : ST_TRAILER;
		d->digits = 0;
		return 0;
	}

	d->state = ST_EXT;     /* ';', ' ', '\r', extension text */
	return 0;
}


static int crlf_char(struct cctl_dechunk *d, char c)
{
	switch (d->state) {

	case ST_DATA_CR:    /* a bare LF is accepted too */
		if (c == '\r') {
			d->state = ST_DATA_LF;
			return 0;
		}
		/* fall through */
	case ST_DATA_LF:
		if (c != '\n')
			return EBADMSG;
		d->state = ST_SIZE;
		return 0;

	case ST_TRAILER:
		if (c == '\n') {
			d->state = ST_DONE;
			d->done = true;
		}
		else if (c != '\r')
			d->state = ST_TRAILER_LINE;
		return 0;

	default:        /* ST_TRAILER_LINE */
		if (c == '\n')
			d->state = ST_TRAILER;
		return 0;
	}
}


/*
 * Feeds LEN raw body bytes; the payload goes to H. Returns 0, EBADMSG
 * (malformed), or H's non-zero value. Bytes after the end are ignored.
 */
int cctl_dechunk_feed(struct cctl_dechunk *d, const char *p, size_t len,
		      cctl_payload_h *h, void *arg)
{
	size_t i = 0;
	int err = 0;

	if (!d || !h || (!p && len))
		return EINVAL;

	while (i < len && !err && d->state != ST_DONE) {

		if (d->state == ST_DATA) {
			size_t n = len - i < d->left ? len - i : d->left;

			err = h(p + i, n, arg);
			d->left -= n;
			i += n;
			if (d->left == 0)
				d->state = ST_DATA_CR;
			continue;
		}

		if (d->state == ST_SIZE || d->state == ST_EXT)
			err = d->state == ST_EXT && p[i] != '\n' ? 0 :
				size_char(d, p[i]);
		else
			err = crlf_char(d, p[i]);
		++i;
	}

	return err;
}
