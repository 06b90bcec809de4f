/* test_consortctl_sse.c: the event-stream parser and chunked decoding. */
#include <string.h>
#include <criterion/criterion.h>
#include "consortctl_test.h"
#include "dechunk.h"
#include "sse.h"

/* Records events as "event|id|data\n" lines */
struct rec {
	char buf[2048];
	unsigned n;
	unsigned stop_at;       /* return EINTR on this event (1-based) */
};

static int rec_h(const char *event, const char *data, const char *id,
		 void *arg)
{
	struct rec *r = arg;
	size_t l = strlen(r->buf);

	re_snprintf(r->buf + l, sizeof(r->buf) - l, "%s|%s|%s\n",
		    event ? event : "(none)", id ? id : "(none)", data);
	++r->n;

	return r->n == r->stop_at ? EINTR : 0;
}

static const char stream[] =
	": keepalive\n"
	"\n"
	"id: 42\n"
	"event: participant.joined\n"
	"data: {\"seq\": 42}\n"
	"\n"
	"retry: 100\r\n"
	"data:first\r\n"
	"data:  second\r\n"
	"\r\n"
	"event: talking.start\r"
	"data\r"
	"\r";

static const char expect[] =
	"participant.joined|42|{\"seq\": 42}\n"
	"(none)|42|first\n second\n"
	"talking.start|42|\n";


Test(ctlsse, whole_stream)
{
	struct cctl_sse *s = NULL;
	struct rec r;

	memset(&r, 0, sizeof(r));
	cr_assert_eq(cctl_sse_alloc(&s, rec_h, &r), 0);
	cr_assert_eq(cctl_sse_feed(s, stream, strlen(stream)), 0);
	cr_assert_str_eq(r.buf, expect);
	cr_assert_eq(r.n, 3);
	mem_deref(s);
}


Test(ctlsse, byte_by_byte_same_result)
{
	struct cctl_sse *s = NULL;
	struct rec r;
	size_t i;

	memset(&r, 0, sizeof(r));
	cr_assert_eq(cctl_sse_alloc(&s, rec_h, &r), 0);
	for (i = 0; i < strlen(stream); i++)
		cr_assert_eq(cctl_sse_feed(s, stream + i, 1), 0);
	cr_assert_str_eq(r.buf, expect);
	mem_deref(s);
}


Test(ctlsse, incomplete_event_waits_and_handler_stops)
{
	struct cctl_sse *s = NULL;
	struct rec r;

	memset(&r, 0, sizeof(r));
	r.stop_at = 1;
	cr_assert_eq(cctl_sse_alloc(&s, rec_h, &r), 0);
	cr_assert_eq(cctl_sse_feed(s, "data: a\n", 8), 0);
	cr_assert_eq(r.n, 0);
	cr_assert_eq(cctl_sse_feed(s, "\ndata: b\n\n", 10), EINTR);
	cr_assert_eq(r.n, 1);
	cr_assert_str_eq(r.buf, "(none)|(none)|a\n");
	mem_deref(s);
}


static int collect_h(const char *p, size_t len, void *arg)
{
	return mbuf_write_mem(arg, (const uint8_t *)p, len);
}

static const char chunked[] =
	"7\r\nid: 1\nd\r\n"
	"19;ext=1\r\nata: {}\n\nid: 2\ndata: []\n\n\r\n"
	"0\r\n"
	"X-Trailer: y\r\n"
	"\r\n"
	"garbage";


Test(ctlchunk, decodes_split_anywhere)
{
	size_t split;

	for (split = 0; split <= strlen(chunked); split++) {
		struct cctl_dechunk d = {0};
		struct mbuf *mb = mbuf_alloc(64);

		cr_assert_eq(cctl_dechunk_feed(&d, chunked, split, collect_h,
					       mb), 0);
		cr_assert_eq(cctl_dechunk_feed(&d, chunked + split,
					       strlen(chunked) - split,
					       collect_h, mb), 0);
		cr_assert(d.done, "split %zu", split);
		cr_assert_eq(mb->end, 32, "split %zu", split);
		cr_assert_arr_eq(mb->buf,
				 "id: 1\ndata: {}\n\nid: 2\ndata: []\n\n", 32);
		mem_deref(mb);
	}
}


Test(ctlchunk, bad_input)
{
	struct cctl_dechunk d = {0};
	struct mbuf *mb = mbuf_alloc(64);

	cr_assert_eq(cctl_dechunk_feed(&d, "zz\r\n", 4, collect_h, mb),
		     EBADMSG);
	memset(&d, 0, sizeof(d));
	cr_assert_eq(cctl_dechunk_feed(&d, "2\r\nabX", 6, collect_h, mb),
		     EBADMSG);
	memset(&d, 0, sizeof(d));
	cr_assert_eq(cctl_dechunk_feed(&d, "123456789\r\n", 11, collect_h,
				       mb), EBADMSG);
	cr_assert_not(d.done);
	mem_deref(mb);
}
