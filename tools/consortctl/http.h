/*
 * http.h: consortctl's transport over libre: requests with libre's HTTP
 * client (http.c), the event stream over a plain TCP connection
 * (stream.c). Each call runs the libre loop until it is answered.
 */
#ifndef CONSORT_CCTL_HTTP_H
#define CONSORT_CCTL_HTTP_H

#include "cctl.h"

struct cctl_http;

int cctl_http_alloc(struct cctl_http **hp, const char *url,
		    const char *token, unsigned timeout);
void cctl_http_transport(struct cctl_http *h, struct cctl_transport *tp);

/* stream.c (shares struct cctl_http's address, token and timeout) */
int cctl_http_stream(void *arg, const char *path, cctl_chunk_h *chunkh,
		     void *carg, struct cctl_resp *resp);

/* http.c, for stream.c */
const struct sa *cctl_http_addr(const struct cctl_http *h);
const char *cctl_http_hosthdr(const struct cctl_http *h);
const char *cctl_http_prefix(const struct cctl_http *h);
const char *cctl_http_token(const struct cctl_http *h);
unsigned cctl_http_timeout(const struct cctl_http *h);
void cctl_http_signal(int sig);

#endif
