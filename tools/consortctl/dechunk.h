/* dechunk.h: incremental decoder of an HTTP/1.1 chunked body. */
#ifndef CONSORT_CCTL_DECHUNK_H
#define CONSORT_CCTL_DECHUNK_H

#include <stdbool.h>
#include <stddef.h>

/* Receives decoded payload bytes; non-zero return stops decoding */
typedef int (cctl_payload_h)(const char *p, size_t len, void *arg);

/* Decoder state: zero it (or = {0}) before the first feed */
struct cctl_dechunk {
	int state;
	size_t left;            /* [bytes] of the current chunk still due */
	unsigned digits;        /* hex digits of the size line so far */
	bool done;              /* last chunk and trailer seen */
};

int cctl_dechunk_feed(struct cctl_dechunk *d, const char *p, size_t len,
		      cctl_payload_h *h, void *arg);

#endif
