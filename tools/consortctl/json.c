/* json.c: typed accessors over libre odicts decoded from API answers. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "render.h"

enum {
	JSON_HASH = 32,         /* odict hash size (power of two) */
	JSON_DEPTH = 16,        /* nesting allowed */
};


/*
 * Decodes the JSON object STR (LEN bytes) into *op (caller derefs).
 * Returns 0, EBADMSG if it is not an object, or ENOMEM.
 */
int cctl_json_decode(struct odict **op, const char *str, size_t len)
{
	struct odict *o = NULL;
	size_t i = 0;
	int err;

	if (!op || !str)
		return EINVAL;

	/* libre's decoder is lenient: insist on an object at least */
	while (i < len && (str[i] == ' ' || str[i] == '\n' ||
			   str[i] == '\r' || str[i] == '\t'))
		++i;
	if (i == len || str[i] != '{')
		return EBADMSG;

	err = json_decode_odict(&o, JSON_HASH, str, len, JSON_DEPTH);
	if (err)
		return err == ENOMEM ? ENOMEM : EBADMSG;
	if (!o)
		return EBADMSG;

	*op = o;
	return 0;
}


/* The string at KEY, or NULL. */
const char *cctl_jstr(const struct odict *o, const char *key)
{
	const struct odict_entry *e = o ? odict_lookup(o, key) : NULL;

	return e && e->type == ODICT_STRING ? e->u.str : NULL;
}


/* True and *v set if KEY holds a number (integer or not). */
bool cctl_jnum(const struct odict *o, const char *key, double *v)
{
	const struct odict_entry *e = o ? odict_lookup(o, key) : NULL;

	if (!e)
		return false;

	if (e->type == ODICT_INT)
		*v = (double)e->u.integer;
	else if (e->type == ODICT_DOUBLE)
		*v = e->u.dbl;
	else
		return false;

	return true;
}


/* True if KEY holds true. */
bool cctl_jbool(const struct odict *o, const char *key)
{
	const struct odict_entry *e = o ? odict_lookup(o, key) : NULL;

	return e && e->type == ODICT_BOOL && e->u.boolean;
}


/* The object at KEY, or NULL. */
const struct odict *cctl_jobj(const struct odict *o, const char *key)
{
	const struct odict_entry *e = o ? odict_lookup(o, key) : NULL;

	return e && e->type == ODICT_OBJECT ? e->u.odict : NULL;
}


/* The array at KEY (an odict with keys "0", "1", ...), or NULL. */
const struct odict *cctl_jarr(const struct odict *o, const char *key)
{
	const struct odict_entry *e = o ? odict_lookup(o, key) : NULL;

	return e && e->type == ODICT_ARRAY ? e->u.odict : NULL;
}


/*
 * Formats V with at most DECIMALS (<= 6) decimals, trailing zeros
 * dropped ("0.2", "4", "-23"), "-" if not finite. Returns BUF.
 */
const char *cctl_num_str(char *buf, size_t sz, double v, unsigned decimals)
{
	int n;

	if (!buf || sz < 2)
		return "";

	n = isfinite(v) ? snprintf(buf, sz, "%.*f", (int)min(decimals, 6u), v)
			: snprintf(buf, sz, "-");
	if (n <= 0 || (size_t)n >= sz)
		return strcpy(buf, "-");

	if (decimals > 0 && strchr(buf, '.')) {
		while (buf[n - 1] == '0')
			buf[--n] = '\0';
		if (buf[n - 1] == '.')
			buf[--n] = '\0';
	}

	if (!strcmp(buf, "-0"))
		strcpy(buf, "0");

	return buf;
}


/* Prints a scalar for people: strings bare, null "-", bools yes/no. */
int cctl_jentry_print(struct re_printf *pf, const struct odict_entry *e)
{
	char num[CCTL_NUMSZ];
	struct le *le;
	int err = 0;

	switch (e->type) {

	case ODICT_STRING:
		return re_hprintf(pf, "%s", e->u.str);

	case ODICT_INT:
		return re_hprintf(pf, "%lld", (long long)e->u.integer);

	case ODICT_DOUBLE:
		return re_hprintf(pf, "%s", cctl_num_str(num, sizeof(num),
							 e->u.dbl, 3));

	case ODICT_BOOL:
		return re_hprintf(pf, "%s", e->u.boolean ? "yes" : "no");

	case ODICT_NULL:
		return re_hprintf(pf, "-");

	case ODICT_OBJECT:
	case ODICT_ARRAY:
		LIST_FOREACH(&e->u.odict->lst, le) {
			const struct odict_entry *c = le->data;

			if (le != e->u.odict->lst.head)
				err |= re_hprintf(pf, ",");
			if (e->type == ODICT_OBJECT)
				err |= re_hprintf(pf, "%s:", c->key);
			err |= cctl_jentry_print(pf, c);
		}
		return err;
	}

	return EINVAL;
}
