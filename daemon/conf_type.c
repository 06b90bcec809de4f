/* conf_type.c: scalar config value types: parse, compare and print. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <re.h>
#include "conf.h"
#include "conf_type.h"

#define KEYFMT "%-18s "

int conf_fail(const struct conf_pctx *p, const struct conf_key *k,
	      const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!p->err || !p->errsz)
		return EINVAL;

	if (p->line)
		n = snprintf(p->err, p->errsz, "%s:%u: key '%s': ", p->fname,
			     p->line, k->name);
	else
		n = snprintf(p->err, p->errsz, "%s: key '%s': ", p->fname,
			     k->name);
	if (n < 0 || (size_t)n >= p->errsz)
		return EINVAL;

	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errsz - (size_t)n, fmt, ap);
	va_end(ap);

	return EINVAL;
}

static void *fld(struct conf *c, const struct conf_key *k)
{
	return (char *)c + k->off;
}

static const void *cfld(const struct conf *c, const struct conf_key *k)
{
	return (const char *)c + k->off;
}

long long conf_num(const struct conf *c, const struct conf_key *k)
{
	const void *f = cfld(c, k);

	if (k->type == CT_INT)
		return *(const int *)f;
	if (k->size == sizeof(uint16_t))
		return *(const uint16_t *)f;
	return *(const uint32_t *)f;
}

/* Decimal integer, optional '-', nothing else. */
static bool parse_ll(const char *s, long long *v)
{
	const char *d = (*s == '-') ? s + 1 : s;
	char *end;

	if (!isdigit((unsigned char)*d))
		return false;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0';
}

static bool one_word(const char *val)
{
	return val[strcspn(val, " \t")] == '\0';
}

static const char *unit_sfx(const struct conf_key *k, char *buf, size_t sz)
{
	if (!k->unit)
		return "";
	snprintf(buf, sz, " [%s]", k->unit);
	return buf;
}

static int parse_num(struct conf *c, const struct conf_key *k, char *val,
		     const struct conf_pctx *p)
{
	void *f = fld(c, k);
	char ub[24];
	long long v;

	if (!parse_ll(val, &v) || v < k->min || v > k->max) {
		return conf_fail(p, k, "expected an integer %ld..%ld%s, "
				 "got '%s'", k->min, k->max,
				 unit_sfx(k, ub, sizeof(ub)), val);
	}

	if (k->type == CT_INT)
		*(int *)f = (int)v;
	else if (k->size == sizeof(uint16_t))
		*(uint16_t *)f = (uint16_t)v;
	else
		*(uint32_t *)f = (uint32_t)v;

	return 0;
}

static bool eq_mem(const struct conf *a, const struct conf *b,
		   const struct conf_key *k)
{
	return memcmp(cfld(a, k), cfld(b, k), k->size) == 0;
}

static int print_num(struct re_printf *pf, const struct conf *c,
		     const struct conf_key *k)
{
	return re_hprintf(pf, KEYFMT "%lld\n", k->name, conf_num(c, k));
}

static int parse_choice(struct conf *c, const struct conf_key *k, char *val,
			const struct conf_pctx *p)
{
	char list[64] = "", ub[24];
	long long v;
	size_t n = 0;

	if (parse_ll(val, &v)) {
		for (const unsigned *ch = k->choices; *ch; ch++) {
			if (v == *ch) {
				*(uint32_t *)fld(c, k) = (uint32_t)v;
				return 0;
			}
		}
	}

	for (const unsigned *ch = k->choices; *ch && n < sizeof(list); ch++)
		n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%u",
				      ch == k->choices ? "" : ", ", *ch);

	return conf_fail(p, k, "expected one of %s%s, got '%s'", list,
			 unit_sfx(k, ub, sizeof(ub)), val);
}

static int parse_bool(struct conf *c, const struct conf_key *k, char *val,
		      const struct conf_pctx *p)
{
	static const char *const yes[] = {"yes", "true", "on", "1"};
	static const char *const no[] = {"no", "false", "off", "0"};
	bool *f = fld(c, k);

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcasecmp(val, yes[i])) {
			*f = true;
			return 0;
		}
		if (!strcasecmp(val, no[i])) {
			*f = false;
			return 0;
		}
	}

	return conf_fail(p, k, "expected yes or no (true/false, on/off, "
			 "1/0), got '%s'", val);
}

static int print_bool(struct re_printf *pf, const struct conf *c,
		      const struct conf_key *k)
{
	bool v = *(const bool *)cfld(c, k);

	return re_hprintf(pf, KEYFMT "%s\n", k->name, v ? "yes" : "no");
}

static int parse_str(struct conf *c, const struct conf_key *k, char *val,
		     const struct conf_pctx *p)
{
	if (!one_word(val) || strlen(val) >= k->size) {
		return conf_fail(p, k, "expected one word of at most %zu "
				 "characters, got '%s'", k->size - 1, val);
	}

	str_ncpy(fld(c, k), val, k->size);
	return 0;
}

static bool eq_str(const struct conf *a, const struct conf *b,
		   const struct conf_key *k)
{
	return strncmp(cfld(a, k), cfld(b, k), k->size) == 0;
}

static int print_str(struct re_printf *pf, const struct conf *c,
		     const struct conf_key *k)
{
	return re_hprintf(pf, KEYFMT "%s\n", k->name,
			  (const char *)cfld(c, k));
}

static int parse_loglevel(struct conf *c, const struct conf_key *k,
			  char *val, const struct conf_pctx *p)
{
	if (log_level_parse(fld(c, k), val)) {
		return conf_fail(p, k, "expected one of debug, info, notice, "
				 "warning, error, got '%s'", val);
	}

	return 0;
}

static int print_loglevel(struct re_printf *pf, const struct conf *c,
			  const struct conf_key *k)
{
	enum log_level lvl = *(const enum log_level *)cfld(c, k);

	return re_hprintf(pf, KEYFMT "%s\n", k->name, log_level_name(lvl));
}

static int parse_workers(struct conf *c, const struct conf_key *k,
			 char *val, const struct conf_pctx *p)
{
	long long v;

	if (!strcmp(val, "auto")) {
		*(unsigned *)fld(c, k) = 0;
		return 0;
	}
	if (!parse_ll(val, &v) || v < k->min || v > k->max) {
		return conf_fail(p, k, "expected 'auto' or an integer "
				 "%ld..%ld, got '%s'", k->min, k->max, val);
	}

	*(unsigned *)fld(c, k) = (unsigned)v;
	return 0;
}

static int print_workers(struct re_printf *pf, const struct conf *c,
			 const struct conf_key *k)
{
	unsigned v = *(const unsigned *)cfld(c, k);

	if (!v)
		return re_hprintf(pf, KEYFMT "auto\n", k->name);

	return re_hprintf(pf, KEYFMT "%u\n", k->name, v);
}

/* Wrap the scalar parsers: all take exactly one word. */
#define ONE_WORD(fn)							\
	static int fn##_1(struct conf *c, const struct conf_key *k,	\
			  char *val, const struct conf_pctx *p)		\
	{								\
		if (!one_word(val))					\
			return conf_fail(p, k, "expected one value, "	\
					 "got '%s'", val);		\
		return fn(c, k, val, p);				\
	}

ONE_WORD(parse_num)
ONE_WORD(parse_choice)
ONE_WORD(parse_bool)
ONE_WORD(parse_loglevel)
ONE_WORD(parse_workers)

static const struct conf_type_ops num_ops = {parse_num_1, eq_mem, print_num};
static const struct conf_type_ops choice_ops = {parse_choice_1, eq_mem,
						print_num};
static const struct conf_type_ops bool_ops = {parse_bool_1, eq_mem,
					      print_bool};
static const struct conf_type_ops str_ops = {parse_str, eq_str, print_str};
static const struct conf_type_ops loglevel_ops = {parse_loglevel_1, eq_mem,
						  print_loglevel};
static const struct conf_type_ops workers_ops = {parse_workers_1, eq_mem,
						 print_workers};

const struct conf_type_ops *const conf_types[CT_NTYPES] = {
	[CT_INT]        = &num_ops,
	[CT_UINT]       = &num_ops,
	[CT_CHOICE]     = &choice_ops,
	[CT_BOOL]       = &bool_ops,
	[CT_STR]        = &str_ops,
	[CT_ADDRS]      = &conf_addrs_ops,
	[CT_IP]         = &conf_ip_ops,
	[CT_TRANSPORTS] = &conf_transports_ops,
	[CT_CODECS]     = &conf_codecs_ops,
	[CT_LOGLEVEL]   = &loglevel_ops,
	[CT_WORKERS]    = &workers_ops,
	[CT_DTMF]       = &conf_dtmf_ops,
	[CT_HTTP]       = &conf_http_ops,
	[CT_TOKEN]      = &conf_token_ops,
	[CT_URLS]       = &conf_urls_ops,
};
