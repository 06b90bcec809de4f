/* render.c: human output of status, rooms, a room and a participant. */
#include <string.h>
#include "render.h"
#include "table.h"

/* A number field as text with a unit suffix, "-" if absent */
struct numcell {
	char s[CCTL_NUMSZ + 8];
};


static const char *numcell(struct numcell *c, const struct odict *o,
			   const char *key, unsigned dec, const char *unit)
{
	char num[CCTL_NUMSZ];
	double v;

	if (!cctl_jnum(o, key, &v))
		return strcpy(c->s, "-");

	re_snprintf(c->s, sizeof(c->s), "%s%s",
		    cctl_num_str(num, sizeof(num), v, dec), unit);
	return c->s;
}


static const char *strf(const struct odict *o, const char *key)
{
	const char *s = cctl_jstr(o, key);

	return s && *s ? s : "-";
}


/*
 * "2026-11-21T11:32:05.315Z" -> "2026-11-21 11:32:05" (DATE) or
 * "11:32:05" (!DATE); other strings unchanged, NULL -> "-".
 */
static const char *timestr(char *buf, size_t sz, const char *t, bool date)
{
	struct pl d, h;

	if (!t)
		return "-";

	if (re_regex(t, strlen(t), "[0-9]+-[0-9]+-[0-9]+T[0-9]+:[0-9]+:[0-9]+",
		     NULL, NULL, NULL, NULL, NULL, NULL))
		return t;

	if (re_regex(t, strlen(t), "[^T]+T[0-9]+:[0-9]+:[0-9]+", &d, NULL,
		     NULL, NULL))
		return t;

	h.p = d.p + d.l + 1;
	h.l = 8;
	if (date)
		re_snprintf(buf, sz, "%r %r", &d, &h);
	else
		re_snprintf(buf, sz, "%r", &h);

	return buf;
}


/* "13m32s" style durations; returns BUF. */
static const char *uptime(char *buf, size_t sz, double secs)
{
	unsigned long s = secs > 0 ? (unsigned long)secs : 0;

	if (s < 60)
		re_snprintf(buf, sz, "%lus", s);
	else if (s < 3600)
		re_snprintf(buf, sz, "%lum%02lus", s / 60, s % 60);
	else if (s < 86400)
		re_snprintf(buf, sz, "%luh%02lum", s / 3600, s / 60 % 60);
	else
		re_snprintf(buf, sz, "%lud%02luh", s / 86400, s / 3600 % 24);

	return buf;
}


static int worker_row(struct cctl_table *t, const struct odict *w)
{
	const struct odict *names = cctl_jarr(w, "room_names");
	struct numcell c[7];
	char *list = NULL;
	struct le *le;
	int err;

	err = cctl_table_row(t);
	err |= cctl_table_cell(t, "%s", numcell(&c[0], w, "index", 0, ""));
	err |= cctl_table_cell(t, "%s", numcell(&c[1], w, "rooms", 0, ""));
	err |= cctl_table_cell(t, "%s",
			       numcell(&c[2], w, "participants", 0, ""));
	err |= cctl_table_cell(t, "%s", numcell(&c[3], w, "encoders", 0, ""));
	err |= cctl_table_cell(t, "%s",
			       numcell(&c[4], w, "tick_p50_us", 0, " us"));
	err |= cctl_table_cell(t, "%s",
			       numcell(&c[5], w, "tick_p99_us", 0, " us"));
	err |= cctl_table_cell(t, "%s", numcell(&c[6], w, "overruns", 0, ""));

	LIST_FOREACH(names ? &names->lst : NULL, le) {
		const struct odict_entry *e = le->data;
		char *l = NULL;

		if (e->type != ODICT_STRING)
			continue;
		err |= re_sdprintf(&l, "%s%s%s", list ? list : "",
				   list ? " " : "", e->u.str);
		mem_deref(list);
		list = l;
	}
	err |= cctl_table_cell(t, "%s", list ? list : "-");
	mem_deref(list);

	return err;
}


typedef int (row_h)(struct cctl_table *t, const struct odict *o);

/* One table row per object of arr, after a blank line when gap. */
static int print_rows(struct re_printf *pf, const char *const *hdr,
		      const char *align, const struct odict *arr,
		      row_h *rowh, bool gap)
{
	struct cctl_table *t = NULL;
	struct le *le;
	int err;

	err = cctl_table_alloc(&t, hdr, align);
	LIST_FOREACH(&arr->lst, le) {
		const struct odict_entry *e = le->data;

		if (!err && e->type == ODICT_OBJECT)
			err = rowh(t, e->u.odict);
	}
	if (!err && gap)
		err = re_hprintf(pf, "\n");
	if (!err)
		err = cctl_table_print(pf, t);

	mem_deref(t);
	return err;
}


/* GET /v1/status: a summary line, then one line per worker. */
int cctl_print_status(struct re_printf *pf, const struct odict *st)
{
	static const char *const hdr[] = {"WORKER", "ROOMS", "PARTICIPANTS",
		"ENCODERS", "TICK P50", "TICK P99", "OVERRUNS", "ROOMS HERE",
		NULL};
	const struct odict *workers = cctl_jarr(st, "workers");
	struct numcell c[3];
	double up = 0;
	char ub[32];
	int err;

	cctl_jnum(st, "uptime_s", &up);
	err = re_hprintf(pf, "consortd %s, up %s, %s\n", strf(st, "version"),
			 uptime(ub, sizeof(ub), up),
			 cctl_jbool(st, "draining") ?
			 "draining (new rooms refused)" :
			 "accepting new rooms");
	err |= re_hprintf(pf, "rooms %s, participants %s, calls %s\n",
			  numcell(&c[0], st, "rooms", 0, ""),
			  numcell(&c[1], st, "participants", 0, ""),
			  numcell(&c[2], st, "calls", 0, ""));
	if (err || !workers)
		return err;

	return print_rows(pf, hdr, "rrrrrrrl", workers, worker_row, true);
}


static const char *playing(const struct odict *o)
{
	const struct odict *p = cctl_jobj(o, "playing");

	if (p)
		return strf(p, "file");

	return strf(o, "playing");
}


static int room_row(struct cctl_table *t, const struct odict *r)
{
	struct numcell c[2];
	char tb[32];
	int err;

	err = cctl_table_row(t);
	err |= cctl_table_cell(t, "%s", strf(r, "name"));
	err |= cctl_table_cell(t, "%s", numcell(&c[0], r,
				 "participant_count", 0, ""));
	err |= cctl_table_cell(t, "%s",
			       cctl_jbool(r, "locked") ? "yes" : "no");
	err |= cctl_table_cell(t, "%s", numcell(&c[1], r, "worker", 0, ""));
	err |= cctl_table_cell(t, "%s", playing(r));
	err |= cctl_table_cell(t, "%s", timestr(tb, sizeof(tb),
				 cctl_jstr(r, "created_at"), true));
	return err;
}

/* GET /v1/rooms: one line per room. */
int cctl_print_rooms(struct re_printf *pf, const struct odict *rooms)
{
	static const char *const hdr[] = {"ROOM", "PARTICIPANTS", "LOCKED",
		"WORKER", "PLAYING", "CREATED", NULL};
	const struct odict *arr = cctl_jarr(rooms, "rooms");

	if (!arr || !odict_count(arr, false))
		return re_hprintf(pf, "no rooms\n");

	return print_rows(pf, hdr, "lrlrll", arr, room_row, false);
}


/* "muted,deaf,talking" or "-" */
static const char *state(char *buf, size_t sz, const struct odict *p)
{
	static const char *const flags[] = {"muted", "deaf", "talking",
		"hold"};
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		if (!cctl_jbool(p, flags[i]))
			continue;
		if (buf[0])
			strncat(buf, ",", sz - strlen(buf) - 1);
		strncat(buf, flags[i], sz - strlen(buf) - 1);
	}

	return buf[0] ? buf : "-";
}


static int part_row(struct cctl_table *t, const struct odict *p)
{
	struct numcell c[5];
	char sb[40], tb[32];
	int err;

	err = cctl_table_row(t);
	err |= cctl_table_cell(t, "%s", numcell(&c[0], p, "id", 0, ""));
	err |= cctl_table_cell(t, "%s", strf(p, "uri"));
	err |= cctl_table_cell(t, "%s", strf(p, "display_name"));
	err |= cctl_table_cell(t, "%s", strf(p, "codec"));
	err |= cctl_table_cell(t, "%s", state(sb, sizeof(sb), p));
	err |= cctl_table_cell(t, "%s", numcell(&c[1], p, "level_dbov", 0,
						 " dB"));
	err |= cctl_table_cell(t, "%s", numcell(&c[2], p, "jitter_ms", 1,
						 " ms"));
	err |= cctl_table_cell(t, "%s", numcell(&c[3], p, "loss_pct", 1,
						 "%"));
	err |= cctl_table_cell(t, "%s", numcell(&c[4], p, "jb_delay_ms", 0,
						 " ms"));
	err |= cctl_table_cell(t, "%s", timestr(tb, sizeof(tb),
				 cctl_jstr(p, "joined_at"), false));

	return err;
}


/* GET /v1/rooms/ROOM: the room's line, then its participants. */
int cctl_print_room(struct re_printf *pf, const struct odict *room)
{
	static const char *const hdr[] = {"ID", "URI", "NAME", "CODEC",
		"STATE", "LEVEL", "JITTER", "LOSS", "JB DELAY", "JOINED",
		NULL};
	const struct odict *parts = cctl_jarr(room, "participants");
	struct numcell c[2];
	char tb[32];
	int err;

	err = re_hprintf(pf, "room %s: %s participants, %s, worker %s, "
			 "created %s UTC\n", strf(room, "name"),
			 numcell(&c[0], room, "participant_count", 0, ""),
			 cctl_jbool(room, "locked") ? "locked" : "unlocked",
			 numcell(&c[1], room, "worker", 0, ""),
			 timestr(tb, sizeof(tb), cctl_jstr(room, "created_at"),
				 true));
	if (strcmp(playing(room), "-"))
		err |= re_hprintf(pf, "playing %s\n", playing(room));
	if (err)
		return err;

	if (!parts || !odict_count(parts, false))
		return re_hprintf(pf, "no participants\n");

	return print_rows(pf, hdr, "rllllrrrrl", parts, part_row, true);
}


/* One line about a participant after mute/unmute/deaf/undeaf/gain. */
int cctl_print_part(struct re_printf *pf, const char *room,
		    const struct odict *p)
{
	struct numcell c[3];

	return re_hprintf(pf, "participant %s (%s) in %s: %s, %s, "
			  "gain in %s out %s\n",
			  numcell(&c[0], p, "id", 0, ""), strf(p, "uri"),
			  room, cctl_jbool(p, "muted") ? "muted" : "not muted",
			  cctl_jbool(p, "deaf") ? "deaf" : "hears the room",
			  numcell(&c[1], p, "gain_in_db", 1, " dB"),
			  numcell(&c[2], p, "gain_out_db", 1, " dB"));
}
