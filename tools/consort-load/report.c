/*
 * report.c: the JSON summary on stdout: settings, call outcome, setup
 * time, aggregate receive figures, the --verify verdict per room and,
 * unless --summary-only, one object per participant.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "load.h"

#define EXPECTED_PPS (1000.0 / LOAD_PTIME)   /* [packets/s] per mix */

struct agg {
	unsigned ok, no_media;
	uint64_t tx, tx_err, rx, ts_gaps;
	int64_t lost;
	double pps_sum, pps_min, loss_max, jit_sum, jit_max;
	double def_sum, def_max;
	unsigned nrx;
	double *setup;          /* [ms] per answered call */
	unsigned nsetup;
};


static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", *s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}


static void room_name(FILE *f, const struct load *l, unsigned room)
{
	char buf[256];

	re_snprintf(buf, sizeof(buf), "%s-%u", l->o.prefix, room);
	json_str(f, buf);
}


static bool answered(const struct lpart *p)
{
	return p->t_up != 0;
}


static void agg_part(struct agg *a, const struct lpart *p)
{
	struct lrx_sum s;
	double def;

	lrx_summary(&p->rx, &s);
	a->tx += p->tx_pkts;
	a->tx_err += p->tx_err;
	a->rx += s.pkts;
	a->lost += s.lost;
	a->ts_gaps += s.ts_gaps;

	if (answered(p) && !p->dropped) {
		if (s.pkts)
			++a->ok;
		else
			++a->no_media;
	}
	if (answered(p) && p->t_invite)
		a->setup[a->nsetup++] = (double)(p->t_up - p->t_invite) / 1e3;

	if (!s.pkts)
		return;
	if (!a->nrx || s.pps < a->pps_min)
		a->pps_min = s.pps;
	a->pps_sum += s.pps;
	a->jit_sum += s.jitter_ms;
	if (s.jitter_max_ms > a->jit_max)
		a->jit_max = s.jitter_max_ms;
	if (s.loss_pct > a->loss_max)
		a->loss_max = s.loss_pct;
	def = lrx_deficit_pct(&s, EXPECTED_PPS);
	a->def_sum += def;
	if (def > a->def_max)
		a->def_max = def;
	++a->nrx;
}


static void print_agg(FILE *f, const struct load *l, struct agg *a)
{
	double loss = 0;

	if (a->lost > 0)
		loss = 100.0 * (double)a->lost / (double)(a->rx +
							 (uint64_t)a->lost);

	fprintf(f, "\"calls\":{\"ok\":%u,\"failed\":%u,\"dropped\":%u,"
		"\"no_media\":%u},\n", a->ok, l->failed, l->dropped,
		a->no_media);
	fprintf(f, "\"setup_ms\":{\"p50\":%.1f,\"p95\":%.1f,\"max\":%.1f},\n",
		lstat_pctl(a->setup, a->nsetup, 50),
		lstat_pctl(a->setup, a->nsetup, 95),
		lstat_pctl(a->setup, a->nsetup, 100));
	fprintf(f, "\"aggregate\":{\"tx_packets\":%llu,\"tx_errors\":%llu,"
		"\"rx_packets\":%llu,\"rx_pps_mean\":%.2f,\"rx_pps_min\":%.2f,"
		"\"lost\":%lld,\"loss_pct\":%.4f,\"loss_pct_max\":%.4f,"
		"\"rate_deficit_pct_mean\":%.3f,\"rate_deficit_pct_max\":%.3f,"
		"\"jitter_ms_mean\":%.3f,\"jitter_ms_max\":%.3f,"
		"\"ts_gap_frames\":%llu,\"late_ticks\":%llu},\n",
		(unsigned long long)a->tx, (unsigned long long)a->tx_err,
		(unsigned long long)a->rx,
		a->nrx ? a->pps_sum / a->nrx : 0.0, a->pps_min,
		(long long)a->lost, loss, a->loss_max,
		a->nrx ? a->def_sum / a->nrx : 0.0, a->def_max,
		a->nrx ? a->jit_sum / a->nrx : 0.0, a->jit_max,
		(unsigned long long)a->ts_gaps,
		(unsigned long long)l->late_ticks);
}


static void print_room(FILE *f, const struct load *l, unsigned r,
		       const struct vcheck *v)
{
	unsigned nt = load_room_talkers(l, r);

	fprintf(f, "{\"room\":");
	room_name(f, l, r);
	fprintf(f, ",\"talkers\":[");
	for (unsigned s = 0; s < nt; s++)
		fprintf(f, "%s{\"participant\":%u,\"freq_hz\":%.0f}",
			s ? "," : "", load_part_at(l, r, s), l->freqs[s]);
	fprintf(f, "],\"listeners\":%u,\"pairs\":%u,\"min_heard\":%.4f,"
		"\"heard_required\":{\"by_listener\":%.4f,\"by_talker\":"
		"%.4f},\"max_self\":%.4f,\"self_allowed\":%.4f,\"pass\":%s,"
		"\"failures\":[", v->listeners, v->pairs, v->min_heard,
		verify_heard_min(nt), verify_heard_min(nt > 1 ? nt - 1 : 1),
		v->max_self, verify_self_max(nt > 1 ? nt - 1 : 0),
		vcheck_pass(v) ? "true" : "false");
	for (unsigned i = 0; i < v->fails && i < VERIFY_MAXFAIL; i++)
		fprintf(f, "%s{\"listener\":%u,\"talker\":%u,\"frac\":%.4f}",
			i ? "," : "", v->fail[i].listener, v->fail[i].talker,
			v->fail[i].frac);
	fprintf(f, "]}");
}


/* Prints the verify object; returns true if every room passed. */
static bool print_verify(FILE *f, const struct load *l, struct vcheck *vc)
{
	bool pass = true;
	bool first = true;

	vpart_rooms(l, vc);
	fprintf(f, "\"verify\":{\"enabled\":true,\"rooms\":[\n");
	for (unsigned r = 0; r < l->o.rooms; r++) {
		if (!load_room_talkers(l, r))
			continue;
		if (!vcheck_pass(&vc[r]))
			pass = false;
		fprintf(f, "%s", first ? "" : ",\n");
		print_room(f, l, r, &vc[r]);
		first = false;
	}
	fprintf(f, "],\n\"pass\":%s},\n", pass ? "true" : "false");

	return pass;
}


static const char *part_state(const struct lpart *p)
{
	if (p->dropped)
		return "dropped";
	if (answered(p))
		return p->rx.pkts ? "ok" : "no_media";

	return "failed";
}


static void print_part(FILE *f, const struct load *l, const struct lpart *p)
{
	struct lrx_sum s;

	lrx_summary(&p->rx, &s);
	fprintf(f, "{\"i\":%u,\"room\":", p->idx);
	room_name(f, l, p->room);
	fprintf(f, ",\"talker\":%s,\"freq_hz\":%.0f,\"state\":\"%s\","
		"\"sip_status\":%u,\"error\":%d,\"local_port\":%u,"
		"\"setup_ms\":%.1f,\"tx\":%llu,\"rx\":%llu,\"rx_pps\":%.2f,"
		"\"lost\":%lld,\"loss_pct\":%.4f,\"rate_deficit_pct\":%.3f,"
		"\"jitter_ms\":%.3f,"
		"\"jitter_max_ms\":%.3f,\"ts_gap_frames\":%llu,"
		"\"rtcp_rx\":%llu",
		p->talker ? "true" : "false",
		p->talker ? l->freqs[p->slot] : 0.0, part_state(p), p->scode,
		p->err, p->lport,
		answered(p) && p->t_invite ?
		(double)(p->t_up - p->t_invite) / 1e3 : 0.0,
		(unsigned long long)p->tx_pkts, (unsigned long long)s.pkts,
		s.pps, (long long)s.lost, s.loss_pct,
		lrx_deficit_pct(&s, EXPECTED_PPS), s.jitter_ms,
		s.jitter_max_ms, (unsigned long long)s.ts_gaps,
		(unsigned long long)p->rx.rtcp);

	if (p->det) {
		unsigned nt = load_room_talkers(l, p->room);

		fprintf(f, ",\"verify\":{\"frames\":%u,\"level_dbfs\":%.1f,"
			"\"fractions\":[", p->ver_frames,
			tdet_level_db(p->det));
		for (unsigned t = 0; t < nt; t++)
			fprintf(f, "%s%.4f", t ? "," : "",
				tdet_fraction(p->det, t));
		fprintf(f, "]}");
	}
	fprintf(f, "}");
}


static void print_head(FILE *f, const struct load *l)
{
	fprintf(f, "{\"tool\":\"consort-load\",\"mode\":\"%s\",\"target\":",
		l->o.rtp_only ? "rtp-only" : "sip");
	json_str(f, l->o.rtp_only ? l->o.rtp_only : l->o.target);
	fprintf(f, ",\"codec\":\"%s\",\"dtx\":%s,\"participants\":%u,"
		"\"rooms\":%u,\"talkers_per_room\":%u,\"rate_cps\":%.2f,"
		"\"duration_s\":%u,\"hold_s\":%.2f,\"elapsed_s\":%.2f,\n",
		l->codec->name, l->o.dtx ? "true" : "false", l->n,
		l->o.rooms, load_room_talkers(l, 0), l->o.rate,
		l->o.duration,
		l->t_hold && l->t_end > l->t_hold ?
		(double)(l->t_end - l->t_hold) / 1e6 : 0.0,
		l->t_end > l->t_start ?
		(double)(l->t_end - l->t_start) / 1e6 : 0.0);
}


int report_json(FILE *f, const struct load *l, bool *okp)
{
	struct vcheck *vc = NULL;
	struct agg a;
	bool ok, vpass = true;

	memset(&a, 0, sizeof(a));
	a.setup = mem_zalloc(l->n * sizeof(*a.setup), NULL);
	if (l->o.verify)
		vc = mem_zalloc(l->o.rooms * sizeof(*vc), NULL);
	if (!a.setup || (l->o.verify && !vc)) {
		mem_deref(a.setup);
		return ENOMEM;
	}

	for (unsigned i = 0; i < l->n; i++)
		agg_part(&a, &l->parts[i]);

	print_head(f, l);
	print_agg(f, l, &a);
	if (vc)
		vpass = print_verify(f, l, vc);

	ok = a.ok == l->n && vpass;
	fprintf(f, "\"ok\":%s", ok ? "true" : "false");
	if (l->o.per_part) {
		fprintf(f, ",\n\"participants\":[\n");
		for (unsigned i = 0; i < l->n; i++) {
			fprintf(f, "%s", i ? ",\n" : "");
			print_part(f, l, &l->parts[i]);
		}
		fprintf(f, "]");
	}
	fprintf(f, "}\n");
	fflush(f);

	mem_deref(vc);
	mem_deref(a.setup);
	*okp = ok;

	return 0;
}
