/* opts.c: consortctl command line parsing (options anywhere, then verb). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cctl.h"

/* An option: its name, whether it takes a value, which verbs it suits */
struct optdef {
	const char *name;
	bool value;
	unsigned vflag;         /* 0: any verb */
};

static const struct optdef optdefs[] = {
	{"--url",     true,  0},
	{"--token",   true,  0},
	{"--timeout", true,  0},
	{"--json",    false, 0},
	{"-j",        false, 0},
	{"--help",    false, 0},
	{"-h",        false, 0},
	{"--loop",    false, CCTL_F_LOOP},
	{"--in",      true,  CCTL_F_GAIN},
	{"--out",     true,  CCTL_F_GAIN},
	{"--levels",  false, CCTL_F_LEVELS},
	{"--off",     false, CCTL_F_OFF},
};


/* True if ROOM is a valid room name: [A-Za-z0-9._-]{1,64}. */
bool cctl_room_valid(const char *room)
{
	size_t n;

	if (!room)
		return false;

	n = strlen(room);
	if (n < 1 || n > 64)
		return false;

	return strspn(room, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}


/* True if ID is a participant id: 1..9 decimal digits. */
bool cctl_id_valid(const char *id)
{
	size_t n;

	if (!id)
		return false;

	n = strlen(id);

	return n >= 1 && n <= 9 && strspn(id, "0123456789") == n;
}


static const struct optdef *optdef_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(optdefs); i++) {
		if (strlen(optdefs[i].name) == len &&
		    !strncmp(optdefs[i].name, name, len))
			return &optdefs[i];
	}

	return NULL;
}


/* The first verb-specific option with a flag in MASK, or NULL. */
static const struct optdef *optdef_byflag(unsigned mask)
{
	size_t i;

	for (i = 0; mask && i < ARRAY_SIZE(optdefs); i++) {
		if (optdefs[i].vflag & mask)
			return &optdefs[i];
	}

	return NULL;
}


static int parse_db(double *v, const char *s)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(*v))
		return EINVAL;

	return 0;
}


static int parse_uint(unsigned *v, const char *s)
{
	char *end;
	unsigned long u;

	errno = 0;
	u = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || u == 0 || u > 86400)
		return EINVAL;

	*v = (unsigned)u;
	return 0;
}


/* Stores option D's value VAL (NULL for a flag) into o. */
static int opt_apply(struct cctl_opts *o, const struct optdef *d,
		     const char *val, struct re_printf *err)
{
	const char *n = d->name;

	if (!strcmp(n, "--url"))
		o->url = val;
	else if (!strcmp(n, "--token"))
		o->token = *val ? val : NULL;
	else if (!strcmp(n, "--timeout")) {
		if (parse_uint(&o->timeout, val))
			goto bad;
	}
	else if (!strcmp(n, "--json") || !strcmp(n, "-j"))
		o->json = true;
	else if (!strcmp(n, "--help") || !strcmp(n, "-h"))
		o->help = true;
	else if (!strcmp(n, "--loop"))
		o->loop = true;
	else if (!strcmp(n, "--levels"))
		o->levels = true;
	else if (!strcmp(n, "--off"))
		o->off = true;
	else if (!strcmp(n, "--in")) {
		o->has_in = true;
		if (parse_db(&o->in_db, val))
			goto bad;
	}
	else if (!strcmp(n, "--out")) {
		o->has_out = true;
		if (parse_db(&o->out_db, val))
			goto bad;
	}

	return 0;

 bad:
	re_hprintf(err, "consortctl: bad value '%s' for %s\n", val, n);
	return EINVAL;
}


/* Parses one option at argv[*ip] (advancing over its value). */
static int parse_opt(struct cctl_opts *o, unsigned *seen,
		     int argc, char *const argv[], int *ip,
		     struct re_printf *err)
{
	const char *a = argv[*ip];
	const char *eq = strchr(a, '=');
	const struct optdef *d;
	const char *val = NULL;

	d = optdef_find(a, eq ? (size_t)(eq - a) : strlen(a));
	if (!d) {
		re_hprintf(err, "consortctl: unknown option '%s'\n", a);
		return EINVAL;
	}

	if (d->value) {
		if (eq)
			val = eq + 1;
		else if (*ip + 1 < argc)
			val = argv[++*ip];
		else {
			re_hprintf(err, "consortctl: %s needs a value\n",
				   d->name);
			return EINVAL;
		}
	}
	else if (eq) {
		re_hprintf(err, "consortctl: %s takes no value\n", d->name);
		return EINVAL;
	}

	*seen |= d->vflag;

	return opt_apply(o, d, val, err);
}


/* Checks the verb, its arguments and options once all are known. */
static int check_verb(struct cctl_opts *o, const char *name,
		      unsigned seen, struct re_printf *err)
{
	const struct cctl_verb *v = o->verb;
	const struct optdef *bad;

	if (!v) {
		re_hprintf(err, "consortctl: unknown verb '%s' (see "
			   "consortctl --help)\n", name);
		return EINVAL;
	}

	if (o->help)
		return 0;

	bad = optdef_byflag(seen & ~v->flags);
	if (bad) {
		re_hprintf(err, "consortctl: option %s does not apply to "
			   "'%s'\n", bad->name, v->name);
		goto usage;
	}

	if (o->argc != v->nargs) {
		re_hprintf(err, "consortctl: '%s' takes %s%s\n", v->name,
			   v->nargs ? "" : "no arguments",
			   v->nargs ? v->args : "");
		goto usage;
	}

	if (v->nargs >= 1 && !cctl_room_valid(o->args[0])) {
		re_hprintf(err, "consortctl: bad room name '%s' (letters, "
			   "digits, '.', '_', '-'; at most 64)\n",
			   o->args[0]);
		goto usage;
	}

	if ((v->flags & CCTL_F_PART) && !cctl_id_valid(o->args[1])) {
		re_hprintf(err, "consortctl: bad participant id '%s' (a "
			   "number, see `consortctl room %s`)\n",
			   o->args[1], o->args[0]);
		goto usage;
	}

	if ((v->flags & CCTL_F_GAIN) && !o->has_in && !o->has_out) {
		re_hprintf(err, "consortctl: gain needs --in DB and/or "
			   "--out DB\n");
		goto usage;
	}

	return 0;

 usage:
	re_hprintf(err, "usage: consortctl %s%s%s\n", v->name,
		   *v->args ? " " : "", v->args);
	return EINVAL;
}


/*
 * Parses argv (argv[0] is the program) into o; env_url and env_token
 * (CONSORT_URL, CONSORT_TOKEN, may be NULL) are the defaults of --url and
 * --token. Messages go to err. Returns 0 (o->help set for --help; o->verb
 * NULL if no verb was given) or EINVAL for a usage error. o points into
 * argv.
 */
int cctl_opts_parse(struct cctl_opts *o, int argc, char *const argv[],
		    const char *env_url, const char *env_token,
		    struct re_printf *err)
{
	struct cctl_url url;
	unsigned seen = 0;
	const char *verb = NULL;
	bool dashdash = false;
	int i, e;

	if (!o || !argv)
		return EINVAL;

	memset(o, 0, sizeof(*o));
	o->url = env_url && *env_url ? env_url : CCTL_DEFAULT_URL;
	o->token = env_token && *env_token ? env_token : NULL;
	o->timeout = CCTL_TIMEOUT;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!dashdash && !strcmp(a, "--")) {
			dashdash = true;
			continue;
		}

		if (!dashdash && a[0] == '-' && a[1] != '\0' &&
		    !(a[1] >= '0' && a[1] <= '9')) {
			e = parse_opt(o, &seen, argc, argv, &i, err);
			if (e)
				return e;
			continue;
		}

		if (!verb) {
			verb = a;
			continue;
		}

		if (o->argc >= CCTL_MAXARGS) {
			o->argc = CCTL_MAXARGS + 1;
			continue;
		}
		o->args[o->argc++] = a;
	}

	if (!verb) {
		if (o->help)
			return 0;
		re_hprintf(err, "consortctl: no verb given (see "
			   "consortctl --help)\n");
		return EINVAL;
	}

	o->verb = cctl_verb_find(verb);

	e = check_verb(o, verb, seen, err);
	if (e || o->help)
		return e;

	if (cctl_url_parse(&url, o->url)) {
		re_hprintf(err, "consortctl: bad URL '%s' (want "
			   "http://HOST[:PORT])\n", o->url);
		return EINVAL;
	}

	return 0;
}
