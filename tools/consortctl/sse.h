/* sse.h: incremental parser of a text/event-stream (server-sent events). */
#ifndef CONSORT_CCTL_SSE_H
#define CONSORT_CCTL_SSE_H

#include <re.h>

/* One complete event: its "event:" (NULL if none), "data:" lines joined
 * with '\n', and "id:" (NULL if none); strings valid during the call.
 * A non-zero return stops the parser and is returned by cctl_sse_feed. */
typedef int (cctl_sse_h)(const char *event, const char *data,
			 const char *id, void *arg);

struct cctl_sse;

int cctl_sse_alloc(struct cctl_sse **ssep, cctl_sse_h *h, void *arg);
int cctl_sse_feed(struct cctl_sse *sse, const char *p, size_t len);

#endif
