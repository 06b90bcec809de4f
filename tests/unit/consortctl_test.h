/* consortctl_test.h: capture printers and a fake API transport for the
 * consortctl tests. */
#ifndef CONSORT_CONSORTCTL_TEST_H
#define CONSORT_CONSORTCTL_TEST_H

#include <re.h>
#include "cctl.h"

/* A re_printf that appends to a growing NUL-terminated string */
struct capture {
	struct re_printf pf;
	struct mbuf *mb;
};

void capture_init(struct capture *c);
const char *capture_str(struct capture *c);   /* valid until next print */
void capture_reset(struct capture *c);
void capture_close(struct capture *c);

/* A transport that records the request and answers with canned data */
struct fake {
	/* answer */
	int err;                /* transport error to return, 0: answer */
	uint16_t status;
	const char *body;       /* for request(); stream() too on non-2xx */
	const char *chunks[8];  /* stream(): body pieces, NULL-terminated */
	/* recorded */
	char method[16];
	char path[256];
	char reqbody[512];
	bool had_body;
	unsigned calls;
	int chunk_rc;           /* what the chunk handler returned last */
};

void fake_transport(struct fake *f, struct cctl_transport *tp);

/* Parses the command line ARGS (NULL-terminated, without argv[0]) with
 * no environment; returns cctl_opts_parse's value. */
int parse(struct cctl_opts *o, struct capture *err, const char *const *args);

/* Runs a command line against the fake; returns the exit code */
int run(struct fake *f, struct capture *out, struct capture *err,
	const char *const *args);

#endif
