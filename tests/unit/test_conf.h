/* test_conf.h: helpers shared by the conf unit tests (in test_conf.c). */
#ifndef CONSORT_TEST_CONF_H
#define CONSORT_TEST_CONF_H

struct conf;

/* Message of the last tparse / expect_err. */
extern char emsg[512];

/* Parse text on top of the defaults into *c ("t.conf"); returns errno. */
int tparse(struct conf *c, const char *text);

/* Parsing text must fail with EINVAL, the message starting with where
 * ("t.conf:3: ") and containing key and part (part may be NULL), and
 * the conf left unchanged. */
void expect_err(const char *text, const char *where, const char *key,
		const char *part);

#endif
