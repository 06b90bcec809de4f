/*
 * render.h: consortctl's human output: API JSON (libre odicts) to
 * tables and lines, and the odict accessors they use.
 */
#ifndef CONSORT_CCTL_RENDER_H
#define CONSORT_CCTL_RENDER_H

#include <stdbool.h>
#include <re.h>

/* json.c: odict accessors; NULL/false when missing or of another type */
int cctl_json_decode(struct odict **op, const char *str, size_t len);
const char *cctl_jstr(const struct odict *o, const char *key);
bool cctl_jnum(const struct odict *o, const char *key, double *v);
bool cctl_jbool(const struct odict *o, const char *key);
const struct odict *cctl_jobj(const struct odict *o, const char *key);
const struct odict *cctl_jarr(const struct odict *o, const char *key);
int cctl_jentry_print(struct re_printf *pf, const struct odict_entry *e);
enum { CCTL_NUMSZ = 48 };       /* buffer size for cctl_num_str */
const char *cctl_num_str(char *buf, size_t sz, double v,
			 unsigned decimals);

/* render.c: one function per answer; each returns 0 or an errno */
int cctl_print_status(struct re_printf *pf, const struct odict *status);
int cctl_print_rooms(struct re_printf *pf, const struct odict *rooms);
int cctl_print_room(struct re_printf *pf, const struct odict *room);
int cctl_print_part(struct re_printf *pf, const char *room,
		    const struct odict *part);

/* render_event.c */
int cctl_print_event(struct re_printf *pf, const struct odict *ev);

#endif
