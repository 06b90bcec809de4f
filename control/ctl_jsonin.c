/*
 * ctl_jsonin.c: JSON request bodies: a strict RFC 8259 syntax check
 * (libre's decoder also takes "{} junk", trailing commas and bare
 * scalars), then libre's json_decode_odict, and typed field access.
 */
#include <string.h>
#include <re.h>
#include "ctl_priv.h"

struct jscan {
	const char *p;
	const char *end;
	unsigned depth;
};

static int value(struct jscan *s);


static void ws(struct jscan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
				 *s->p == '\n' || *s->p == '\r'))
		++s->p;
}


static bool take(struct jscan *s, char c)
{
	if (s->p < s->end && *s->p == c) {
		++s->p;
		return true;
	}

	return false;
}


static bool is_digit(const struct jscan *s)
{
	return s->p < s->end && *s->p >= '0' && *s->p <= '9';
}


static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}


static int escape(struct jscan *s)
{
	if (s->p >= s->end)
		return EBADMSG;

	if (strchr("\"\\/bfnrt", *s->p) && *s->p) {
		++s->p;
		return 0;
	}

	if (*s->p != 'u' || s->end - s->p < 5)
		return EBADMSG;

	for (int i = 1; i <= 4; i++) {
		if (!is_hex(s->p[i]))
			return EBADMSG;
	}

	s->p += 5;
	return 0;
}


static int string(struct jscan *s)
{
	if (!take(s, '"'))
		return EBADMSG;

	while (s->p < s->end) {
		const uint8_t c = (uint8_t)*s->p;
		size_t n;

		if (c == '"') {
			++s->p;
			return 0;
		}
		if (c < 0x20)
			return EBADMSG;
		if (c == '\\') {
			++s->p;
			if (escape(s))
				return EBADMSG;
			continue;
		}
		if (c < 0x80) {
			++s->p;
			continue;
		}

		n = ctl_utf8_len((const uint8_t *)s->p,
				 (size_t)(s->end - s->p));
		if (!n)
			return EBADMSG;
		s->p += n;
	}

	return EBADMSG;
}


static int number(struct jscan *s)
{
	(void)take(s, '-');

	if (take(s, '0')) {
		/* no leading zeros */
	}
	else if (is_digit(s)) {
		while (is_digit(s))
			++s->p;
	}
	else {
		return EBADMSG;
	}

	if (take(s, '.')) {
		if (!is_digit(s))
			return EBADMSG;
		while (is_digit(s))
			++s->p;
	}

	if (take(s, 'e') || take(s, 'E')) {
		if (!take(s, '+'))
			(void)take(s, '-');
		if (!is_digit(s))
			return EBADMSG;
		while (is_digit(s))
			++s->p;
	}

	return 0;
}


static int word(struct jscan *s, const char *w)
{
	size_t n = strlen(w);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n))
		return EBADMSG;

	s->p += n;
	return 0;
}


/* '{' or '[' already taken; close is '}' or ']'. */
static int container(struct jscan *s, char close)
{
	if (++s->depth > CTL_JSON_DEPTH)
		return EBADMSG;

	ws(s);
	if (take(s, close)) {
		--s->depth;
		return 0;
	}

	for (;;) {
		ws(s);
		if (close == '}') {
			if (string(s))
				return EBADMSG;
			ws(s);
			if (!take(s, ':'))
				return EBADMSG;
		}
		if (value(s))
			return EBADMSG;
		ws(s);
		if (take(s, close))
			break;
		if (!take(s, ','))
			return EBADMSG;
	}

	--s->depth;
	return 0;
}


static int value(struct jscan *s)
{
	ws(s);
	if (s->p >= s->end)
		return EBADMSG;

	switch (*s->p) {

	case '{': ++s->p; return container(s, '}');
	case '[': ++s->p; return container(s, ']');
	case '"': return string(s);
	case 't': return word(s, "true");
	case 'f': return word(s, "false");
	case 'n': return word(s, "null");
	default:  return number(s);
	}
}


int ctl_json_check(const char *p, size_t len)
{
	struct jscan s = {p, p + len, 0};

	if (!p)
		return EBADMSG;

	if (value(&s))
		return EBADMSG;

	ws(&s);

	return s.p == s.end ? 0 : EBADMSG;
}


int ctl_json_body(const struct http_msg *msg, struct odict **op)
{
	const char *p;
	size_t len, i = 0;

	if (!msg || !op)
		return EINVAL;

	*op = NULL;
	len = msg->mb ? mbuf_get_left(msg->mb) : 0;
	len = MIN(len, (size_t)msg->clen);
	if (!len)
		return 0;

	p = (const char *)mbuf_buf(msg->mb);
	if (ctl_json_check(p, len))
		return EBADMSG;

	while (i < len && strchr(" \t\r\n", p[i]))
		++i;
	if (p[i] != '{')
		return EPROTO;

	return json_decode_odict(op, 16, p, len, CTL_JSON_DEPTH + 1)
		? EBADMSG : 0;
}


int ctl_json_num(const struct odict *o, const char *key, double *v,
		 bool *present)
{
	const struct odict_entry *e = o ? odict_lookup(o, key) : NULL;

	*present = e != NULL;
	if (!e)
		return 0;

	if (e->type == ODICT_INT)
		*v = (double)e->u.integer;
	else if (e->type == ODICT_DOUBLE)
		*v = e->u.dbl;
	else
		return EINVAL;

	return 0;
}


int ctl_json_bool(const struct odict *o, const char *key, bool *v,
		  bool *present)
{
	const struct odict_entry *e = o ? odict_lookup(o, key) : NULL;

	*present = e != NULL;
	if (!e)
		return 0;
	if (e->type != ODICT_BOOL)
		return EINVAL;

	*v = e->u.boolean;
	return 0;
}


int ctl_json_string(const struct odict *o, const char *key, const char **v)
{
	const struct odict_entry *e = o ? odict_lookup(o, key) : NULL;

	*v = NULL;
	if (!e)
		return 0;
	if (e->type != ODICT_STRING)
		return EINVAL;

	*v = e->u.str;
	return 0;
}


const char *ctl_json_unknown(const struct odict *o,
			     const char *const *allowed)
{
	if (!o)
		return NULL;

	for (struct le *le = o->lst.head; le; le = le->next) {
		const struct odict_entry *e = le->data;
		const char *const *a;

		for (a = allowed; *a && strcmp(*a, e->key); a++)
			;
		if (!*a)
			return e->key;
	}

	return NULL;
}
