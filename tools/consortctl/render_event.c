/* render_event.c: one line per event of GET /v1/events for people. */
#include <string.h>
#include "render.h"


/* "2026-11-21T11:32:05.315Z" -> "11:32:05.315"; else T or "-". */
static int print_time(struct re_printf *pf, const char *t)
{
	struct pl hms, h, sec, frac;

	if (!t)
		return re_hprintf(pf, "-");

	if (re_regex(t, strlen(t), "T[0-9]+:[0-9]+:[0-9]+[.0-9]*", &h,
		     NULL, &sec, &frac))
		return re_hprintf(pf, "%s", t);

	hms.p = h.p;
	hms.l = frac.l ? (size_t)(frac.p + frac.l - h.p)
		       : (size_t)(sec.p + sec.l - h.p);

	return re_hprintf(pf, "%r", &hms);
}


static int print_field(struct re_printf *pf, const struct odict_entry *e)
{
	bool quote = e->type == ODICT_STRING && (strchr(e->u.str, ' ') ||
						 !*e->u.str);
	int err;

	err = re_hprintf(pf, " %s=%s", e->key, quote ? "\"" : "");
	err |= cctl_jentry_print(pf, e);
	if (quote)
		err |= re_hprintf(pf, "\"");

	return err;
}


/*
 * Prints an event as "TIME TYPE key=value ..." (the fields in the
 * server's order, seq/time/type left out; objects as "k:v,k:v"), and a
 * newline. Returns 0 or a printer error.
 */
int cctl_print_event(struct re_printf *pf, const struct odict *ev)
{
	const char *type = cctl_jstr(ev, "type");
	struct le *le;
	int err;

	if (!ev)
		return EINVAL;

	err = print_time(pf, cctl_jstr(ev, "time"));
	err |= re_hprintf(pf, " %s", type ? type : "event");

	LIST_FOREACH(&ev->lst, le) {
		const struct odict_entry *e = le->data;

		if (!strcmp(e->key, "seq") || !strcmp(e->key, "time") ||
		    !strcmp(e->key, "type"))
			continue;

		err |= print_field(pf, e);
	}

	return err | re_hprintf(pf, "\n");
}
