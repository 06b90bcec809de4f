/*
 * ctl_obj.c: the API's room and participant objects (docs/api.md),
 * from signaling's view of calls and rooms plus the stats the workers
 * last published.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <re.h>
#include "ctl_priv.h"

/* A decimal number for JSON, rounded to prec digits; never "-0.0". */
static const char *fnum(char *buf, size_t sz, double v, int prec)
{
	if (fabs(v) < 0.5 * pow(10, -prec))
		v = 0.0;

	snprintf(buf, sz, "%.*f", prec, v);

	return buf;
}


static int codec_h(struct re_printf *pf, void *arg)
{
	const struct codec_def *def = arg;

	if (!def)
		return re_hprintf(pf, "null");

	return re_hprintf(pf, "\"%s/%u\"", def->name, def->rtp_clock);
}


int ctl_print_part(struct re_printf *pf, const struct ctl *c,
		   const struct sig_part_info *pi)
{
	struct engine_part_stats st;
	char gi[16], go[16], loss[16];
	double gin, gout;
	uint64_t joined = pi->joined;
	int err;

	if (engine_part_stats(c->engine, pi->id, &st))
		memset(&st, 0, sizeof(st));

	gin = pi->gain_set ? pi->gain_in : st.gain_in;
	gout = pi->gain_set ? pi->gain_out : st.gain_out;

	err = re_hprintf(pf, "{\"id\": %u, \"uri\": %H, \"display_name\": %H, "
			 "\"codec\": %H, \"muted\": %s, \"deaf\": %s, "
			 "\"talking\": %s, \"level_dbov\": %d, ",
			 pi->id, ctl_json_str_h, (void *)pi->uri,
			 ctl_json_str_h, (void *)pi->display_name,
			 codec_h, (void *)pi->codec,
			 pi->muted ? "true" : "false",
			 pi->deaf ? "true" : "false",
			 st.talking && !pi->muted ? "true" : "false",
			 st.level);
	err |= re_hprintf(pf, "\"gain_in_db\": %s, \"gain_out_db\": %s, "
			  "\"jitter_ms\": %u, \"loss_pct\": %s, "
			  "\"jb_delay_ms\": %u, \"rtt_ms\": %u, ",
			  fnum(gi, sizeof(gi), gin, 1),
			  fnum(go, sizeof(go), gout, 1), st.jitter,
			  fnum(loss, sizeof(loss), st.loss, 2), st.jb_delay,
			  st.rtt);
	err |= re_hprintf(pf, "\"rx_packets\": %llu, \"tx_packets\": %llu, "
			  "\"concealed_samples\": %llu, "
			  "\"fec_recovered\": %llu, \"joined_at\": %H, "
			  "\"remote\": \"%J\", \"hold\": %s}",
			  (unsigned long long)st.rx_pkts,
			  (unsigned long long)st.tx_pkts,
			  (unsigned long long)st.concealed,
			  (unsigned long long)st.fec, ctl_json_time_h,
			  &joined, &pi->remote, pi->hold ? "true" : "false");

	return err;
}


struct parts_walk {
	struct re_printf *pf;
	const struct ctl *c;
	unsigned n;
	int err;
};


static bool part_h(const struct sig_part_info *pi, void *arg)
{
	struct parts_walk *w = arg;

	w->err |= re_hprintf(w->pf, "%s", w->n++ ? ", " : "");
	w->err |= ctl_print_part(w->pf, w->c, pi);

	return w->err != 0;
}


int ctl_print_room(struct re_printf *pf, const struct ctl *c,
		   const struct sig_room_info *ri, bool parts)
{
	struct parts_walk w = {pf, c, 0, 0};
	const char *file = ctl_play_file(c->play, ri->id);
	uint64_t created = ri->created;
	unsigned worker = 0;
	int err;

	(void)engine_room_worker(c->engine, ri->id, &worker);

	err = re_hprintf(pf, "{\"name\": %H, \"id\": %u, \"worker\": %u, "
			 "\"locked\": %s, \"created_at\": %H, "
			 "\"participant_count\": %u, \"playing\": %H",
			 ctl_json_str_h, (void *)ri->name, ri->id, worker,
			 ri->locked ? "true" : "false", ctl_json_time_h,
			 &created, ri->nparts, ctl_json_str_h, (void *)file);
	if (err || !parts)
		return err | re_hprintf(pf, "}");

	err = re_hprintf(pf, ", \"participants\": [");
	sig_parts_apply(c->sig, ri->id, part_h, &w);

	return err | w.err | re_hprintf(pf, "]}");
}


struct room_arg {
	const struct ctl *c;
	const struct sig_room_info *ri;
};


static int room_h(struct re_printf *pf, void *arg)
{
	const struct room_arg *a = arg;

	return ctl_print_room(pf, a->c, a->ri, true);
}


void ctl_reply_room(struct ctl_req *r, uint16_t status, const char *room)
{
	struct sig_room_info ri;
	struct room_arg a = {r->ctl, &ri};

	if (sig_room_get(r->ctl->sig, room, &ri)) {
		(void)ctl_reply_err(r, CTL_E_ROOM_NOT_FOUND, "no room '%s'",
				    room);
		return;
	}

	(void)ctl_reply_jsonf(r, status, "%H\n", room_h, &a);
}


struct part_arg {
	const struct ctl *c;
	const struct sig_part_info *pi;
};


static int part_print_h(struct re_printf *pf, void *arg)
{
	const struct part_arg *a = arg;

	return ctl_print_part(pf, a->c, a->pi);
}


void ctl_reply_part(struct ctl_req *r, uint16_t status, const char *room,
		    uint32_t id)
{
	struct sig_part_info pi;
	struct sig_room_info ri;
	struct part_arg a = {r->ctl, &pi};

	if (sig_room_get(r->ctl->sig, room, &ri)) {
		(void)ctl_reply_err(r, CTL_E_ROOM_NOT_FOUND, "no room '%s'",
				    room);
		return;
	}

	if (sig_part_get(r->ctl->sig, room, id, &pi)) {
		(void)ctl_reply_err(r, CTL_E_PART_NOT_FOUND, "no participant "
				    "%u in room '%s'", id, room);
		return;
	}

	(void)ctl_reply_jsonf(r, status, "%H\n", part_print_h, &a);
}
