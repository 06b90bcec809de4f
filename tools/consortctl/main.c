/* main.c: consortctl, the command-line client of consortd's HTTP API. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include "cctl.h"
#include "http.h"


/* Writes to a FILE; fails once it failed (a closed pipe: EPIPE). */
static int file_vph(const char *p, size_t size, void *arg)
{
	FILE *f = arg;

	if (fwrite(p, 1, size, f) != size || ferror(f))
		return EPIPE;

	return 0;
}


int main(int argc, char *argv[])
{
	struct re_printf out = {file_vph, stdout};
	struct re_printf err = {file_vph, stderr};
	struct cctl_transport tp;
	struct cctl_http *http = NULL;
	struct cctl_opts opts;
	struct cctl_ctx ctx = {&opts, &tp, &out, &err};
	int e, rc;

	setvbuf(stdout, NULL, _IOLBF, 0);

	if (cctl_opts_parse(&opts, argc, argv, getenv("CONSORT_URL"),
			    getenv("CONSORT_TOKEN"), &err))
		return CCTL_EXIT_USAGE;

	if (opts.help) {
		cctl_help(&out, opts.verb);
		return CCTL_EXIT_OK;
	}

	e = libre_init();
	if (e) {
		re_fprintf(stderr, "consortctl: libre_init: %m\n", e);
		return CCTL_EXIT_CONN;
	}

	e = cctl_http_alloc(&http, opts.url, opts.token, opts.timeout);
	if (e) {
		rc = cctl_conn_error(&ctx, e);
		goto out;
	}

	cctl_http_transport(http, &tp);
	rc = opts.verb->h(&ctx);

 out:
	mem_deref(http);
	libre_close();
	fflush(stdout);

	return rc;
}
