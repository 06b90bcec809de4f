/* consortctl_test.c: capture printers and the fake API transport. */
#include <string.h>
#include <criterion/criterion.h>
#include "consortctl_test.h"


static int capture_vph(const char *p, size_t size, void *arg)
{
	return mbuf_write_mem(arg, (const uint8_t *)p, size);
}


void capture_init(struct capture *c)
{
	c->mb = mbuf_alloc(1024);
	cr_assert_not_null(c->mb);
	c->pf.vph = capture_vph;
	c->pf.arg = c->mb;
}


const char *capture_str(struct capture *c)
{
	mbuf_write_u8(c->mb, 0);
	--c->mb->end;
	c->mb->pos = c->mb->end;
	return (const char *)c->mb->buf;
}


void capture_reset(struct capture *c)
{
	mbuf_rewind(c->mb);
	capture_str(c);
}


void capture_close(struct capture *c)
{
	c->mb = mem_deref(c->mb);
}


static int fake_request(void *arg, const char *method, const char *path,
			const char *body, struct cctl_resp *resp)
{
	struct fake *f = arg;

	++f->calls;
	re_snprintf(f->method, sizeof(f->method), "%s", method);
	re_snprintf(f->path, sizeof(f->path), "%s", path);
	re_snprintf(f->reqbody, sizeof(f->reqbody), "%s", body ? body : "");
	f->had_body = body != NULL;

	if (f->err)
		return f->err;

	resp->status = f->status;
	resp->len = f->body ? strlen(f->body) : 0;
	return f->body ? str_dup(&resp->body, f->body) : 0;
}


static int fake_stream(void *arg, const char *path, cctl_chunk_h *chunkh,
		       void *carg, struct cctl_resp *resp)
{
	struct fake *f = arg;
	unsigned i;

	++f->calls;
	re_snprintf(f->method, sizeof(f->method), "GET");
	re_snprintf(f->path, sizeof(f->path), "%s", path);

	if (f->err)
		return f->err;

	resp->status = f->status;
	if (f->status < 200 || f->status > 299) {
		resp->len = f->body ? strlen(f->body) : 0;
		return f->body ? str_dup(&resp->body, f->body) : 0;
	}

	for (i = 0; i < ARRAY_SIZE(f->chunks) && f->chunks[i]; i++) {
		f->chunk_rc = chunkh(f->chunks[i], strlen(f->chunks[i]), carg);
		if (f->chunk_rc)
			return f->chunk_rc;
	}

	return 0;
}


void fake_transport(struct fake *f, struct cctl_transport *tp)
{
	tp->request = fake_request;
	tp->stream = fake_stream;
	tp->arg = f;
}


int parse(struct cctl_opts *o, struct capture *err, const char *const *args)
{
	char *argv[32];
	int argc = 0;

	argv[argc++] = "consortctl";
	while (args[argc - 1] && argc < 31) {
		argv[argc] = (char *)args[argc - 1];
		++argc;
	}
	argv[argc] = NULL;

	return cctl_opts_parse(o, argc, argv, NULL, NULL, &err->pf);
}


int run(struct fake *f, struct capture *out, struct capture *err,
	const char *const *args)
{
	struct cctl_transport tp;
	struct cctl_opts o;
	struct cctl_ctx ctx = {&o, &tp, &out->pf, &err->pf};

	if (parse(&o, err, args))
		return CCTL_EXIT_USAGE;
	cr_assert_not_null(o.verb, "no verb in the command line");

	fake_transport(f, &tp);
	return o.verb->h(&ctx);
}
