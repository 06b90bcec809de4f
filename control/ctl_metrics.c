/*
 * ctl_metrics.c: GET /metrics in the Prometheus text format 0.0.4:
 * signaling counters, the workers' published stats, and per-participant
 * quality for at most metrics_max_participants participants (the rest
 * are counted in consort_metrics_participants_omitted).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <re.h>
#include "rtp_pkt.h"
#include "ctl_priv.h"

/* One family's header. */
static int family(struct re_printf *pf, const char *name, const char *type,
		  const char *help)
{
	return re_hprintf(pf, "# HELP %s %s\n# TYPE %s %s\n", name, help,
			  name, type);
}


static int sip_print(struct re_printf *pf, const struct ctl *c)
{
	struct sig_counters sc;
	int err;

	sig_counters(c->sig, &sc);

	err = family(pf, "consort_calls_total", "counter",
		     "New calls by result.");
	err |= re_hprintf(pf, "consort_calls_total{result=\"ok\"} %llu\n"
			  "consort_calls_total{result=\"rejected\"} %llu\n"
			  "consort_calls_total{result=\"failed\"} %llu\n",
			  (unsigned long long)sc.calls_ok,
			  (unsigned long long)sc.calls_rejected,
			  (unsigned long long)sc.calls_failed);

	err |= family(pf, "consort_sip_requests_total", "counter",
		      "SIP requests received by method.");
	for (int m = 0; m < SIG_NMETHODS; m++)
		err |= re_hprintf(pf, "consort_sip_requests_total"
				  "{method=\"%s\"} %llu\n",
				  sig_method_name((enum sig_method)m),
				  (unsigned long long)sc.requests[m]);

	err |= family(pf, "consort_sip_responses_total", "counter",
		      "SIP responses sent by class.");
	for (int k = 1; k <= 6; k++)
		err |= re_hprintf(pf, "consort_sip_responses_total{class="
				  "\"%dxx\"} %llu\n", k,
				  (unsigned long long)sc.responses[k]);

	err |= family(pf, "consort_sip_malformed_total", "counter",
		      "Malformed SIP messages.");
	err |= re_hprintf(pf, "consort_sip_malformed_total %llu\n",
			  (unsigned long long)sc.malformed);

	return err;
}


/* A per-worker counter or gauge: one sample per worker. */
static int per_worker(struct re_printf *pf, const struct ctl *c,
		      const char *name, const char *type, const char *help,
		      size_t off, size_t size)
{
	unsigned nw = engine_workers(c->engine);
	int err = family(pf, name, type, help);

	for (unsigned i = 0; i < nw; i++) {
		struct engine_worker_stats st;
		const char *f = (const char *)&st + off;
		unsigned long long v;

		if (engine_worker_stats(c->engine, i, &st))
			continue;
		v = size == sizeof(unsigned) ? *(const unsigned *)f
					     : *(const uint64_t *)f;
		err |= re_hprintf(pf, "%s{worker=\"%u\"} %llu\n", name, i, v);
	}

	return err;
}

#define WFIELD(m) offsetof(struct engine_worker_stats, m), \
	sizeof(((struct engine_worker_stats *)0)->m)


static int drops_print(struct re_printf *pf, const struct ctl *c)
{
	unsigned nw = engine_workers(c->engine);
	int err;

	err = family(pf, "consort_packets_dropped_total", "counter",
		     "Packets dropped by reason.");
	for (unsigned i = 0; i < nw; i++) {
		struct engine_worker_stats st;

		if (engine_worker_stats(c->engine, i, &st))
			continue;
		for (unsigned r = 1; r < RTP_DROP_MAX && r < 16; r++)
			err |= re_hprintf(pf, "consort_packets_dropped_total"
					  "{worker=\"%u\",reason=\"%s\"} "
					  "%llu\n", i, rtp_drop_name(r),
					  (unsigned long long)st.drop[r]);
	}

	return err;
}


static int hist_print(struct re_printf *pf, const struct ctl *c)
{
	const char *n = "consort_tick_duration_seconds";
	unsigned nw = engine_workers(c->engine);
	char le[24];
	int err;

	err = family(pf, n, "histogram", "Duration of a mixing tick.");
	for (unsigned i = 0; i < nw; i++) {
		struct engine_worker_stats st;

		if (engine_worker_stats(c->engine, i, &st))
			continue;
		for (unsigned b = 0; b < 8; b++) {
			if (engine_tick_buckets_us[b] == UINT32_MAX)
				str_ncpy(le, "+Inf", sizeof(le));
			else
				snprintf(le, sizeof(le), "%g",
					 engine_tick_buckets_us[b] / 1e6);
			err |= re_hprintf(pf, "%s_bucket{worker=\"%u\","
					  "le=\"%s\"} %llu\n", n, i, le,
					  (unsigned long long)st.tick_le[b]);
		}
		snprintf(le, sizeof(le), "%.6f", st.tick_sum_us / 1e6);
		err |= re_hprintf(pf, "%s_sum{worker=\"%u\"} %s\n"
				  "%s_count{worker=\"%u\"} %llu\n", n, i, le,
				  n, i, (unsigned long long)st.tick_le[7]);
	}

	return err;
}


/* Per-participant families, capped. */
enum pmetric { PM_JITTER, PM_LOSS, PM_CONCEALED, PM_JBDELAY, PM_COUNT };

static const struct {
	const char *name, *type, *help;
} pms[PM_COUNT] = {
	{"consort_participant_jitter_seconds", "gauge",
	 "Interarrival jitter (RFC 3550)."},
	{"consort_participant_loss_ratio", "gauge",
	 "Packets lost / expected, whole call."},
	{"consort_participant_concealed_samples_total", "counter",
	 "Samples concealed (PLC)."},
	{"consort_participant_jitter_buffer_delay_seconds", "gauge",
	 "Jitter-buffer playout delay."},
};

struct pm_walk {
	struct re_printf *pf;
	const struct ctl *c;
	enum pmetric m;
	unsigned n, total;
	int err;
};


static bool pm_part_h(const struct sig_part_info *pi, void *arg)
{
	struct pm_walk *w = arg;
	struct engine_part_stats st;
	char v[32];

	++w->total;
	if (w->n >= w->c->cfg.metrics_max_parts)
		return false;
	++w->n;

	if (engine_part_stats(w->c->engine, pi->id, &st))
		memset(&st, 0, sizeof(st));

	switch (w->m) {

	case PM_JITTER:
		snprintf(v, sizeof(v), "%.3f", st.jitter / 1000.0);
		break;
	case PM_LOSS:
		snprintf(v, sizeof(v), "%.4f", st.loss / 100.0);
		break;
	case PM_CONCEALED:
		snprintf(v, sizeof(v), "%llu",
			 (unsigned long long)st.concealed);
		break;
	default:
		snprintf(v, sizeof(v), "%.3f", st.jb_delay / 1000.0);
		break;
	}

	w->err |= re_hprintf(w->pf, "%s{room=\"%s\",participant=\"%u\"} %s\n",
			     pms[w->m].name, pi->room, pi->id, v);

	return false;
}


static int parts_print(struct re_printf *pf, const struct ctl *c)
{
	struct pm_walk w = {pf, c, PM_JITTER, 0, 0, 0};
	int err = 0;

	for (int m = 0; m < PM_COUNT; m++) {
		w.m = (enum pmetric)m;
		w.n = w.total = 0;
		err |= family(pf, pms[m].name, pms[m].type, pms[m].help);
		sig_parts_apply(c->sig, 0, pm_part_h, &w);
	}

	err |= family(pf, "consort_metrics_participants_omitted", "gauge",
		      "Participants left out of the per-participant series "
		      "(metrics_max_participants).");
	err |= re_hprintf(pf, "consort_metrics_participants_omitted %u\n",
			  w.total - w.n);

	return err | w.err;
}


struct totals {
	unsigned rooms, parts;
};


static bool count_h(const struct sig_room_info *ri, void *arg)
{
	struct totals *t = arg;

	++t->rooms;
	t->parts += ri->nparts;

	return false;
}


static int metrics_print_h(struct re_printf *pf, void *arg)
{
	const struct ctl *c = arg;
	struct totals t = {0, 0};
	int err;

	sig_rooms_apply(c->sig, count_h, &t);

	err = family(pf, "consort_rooms", "gauge", "Rooms open.");
	err |= re_hprintf(pf, "consort_rooms %u\n", t.rooms);
	err |= family(pf, "consort_participants", "gauge",
		      "Participants in rooms.");
	err |= re_hprintf(pf, "consort_participants %u\n", t.parts);
	err |= sip_print(pf, c);
	err |= per_worker(pf, c, "consort_packets_received_total", "counter",
			  "RTP packets received.", WFIELD(rx_pkts));
	err |= per_worker(pf, c, "consort_packets_sent_total", "counter",
			  "RTP packets sent.", WFIELD(tx_pkts));
	err |= drops_print(pf, c);
	err |= hist_print(pf, c);
	err |= per_worker(pf, c, "consort_tick_overruns_total", "counter",
			  "Ticks that overran their period.",
			  WFIELD(overruns));
	err |= per_worker(pf, c, "consort_encoders", "gauge",
			  "Encoders running.", WFIELD(encoders));
	err |= parts_print(pf, c);
	err |= family(pf, "consort_webhook_dropped_total", "counter",
		      "Events dropped from full webhook queues.");
	err |= re_hprintf(pf, "consort_webhook_dropped_total %llu\n",
			  (unsigned long long)ctl_hooks_dropped(c->hooks));

	return err;
}


static void metrics_h(struct ctl_req *r)
{
	struct mbuf *mb = mbuf_alloc(16384);
	int err;

	if (!mb) {
		(void)ctl_reply_err(r, CTL_E_INTERNAL, "out of memory");
		return;
	}

	err = mbuf_printf(mb, "%H", metrics_print_h, r->ctl);
	if (err)
		(void)ctl_reply_err(r, CTL_E_INTERNAL, "metrics: %m", err);
	else
		(void)ctl_reply(r->conn, 200, "text/plain; version=0.0.4; "
				"charset=utf-8", NULL, mb->buf, mb->end);

	mem_deref(mb);
}


const struct ctl_route ctl_routes_metrics[] = {
	{"GET", "/metrics", metrics_h},
	{NULL, NULL, NULL},
};
