/* ctl_status.c: GET /v1/status: version, uptime, totals, workers. */
#include <re.h>
#include "clock.h"
#include "ctl_priv.h"

struct totals {
	unsigned rooms, parts;
};

struct names_walk {
	struct re_printf *pf;
	const struct ctl *c;
	unsigned worker;
	unsigned n;
	int err;
};


static bool count_h(const struct sig_room_info *ri, void *arg)
{
	struct totals *t = arg;

	++t->rooms;
	t->parts += ri->nparts;

	return false;
}


static bool name_h(const struct sig_room_info *ri, void *arg)
{
	struct names_walk *w = arg;
	unsigned idx;

	if (engine_room_worker(w->c->engine, ri->id, &idx) ||
	    idx != w->worker)
		return false;

	w->err |= re_hprintf(w->pf, "%s%H", w->n++ ? ", " : "",
			     ctl_json_str_h, (void *)ri->name);

	return w->err != 0;
}


static int worker_print(struct re_printf *pf, const struct ctl *c,
			unsigned idx)
{
	struct names_walk w = {pf, c, idx, 0, 0};
	struct engine_worker_stats st;
	int err;

	if (engine_worker_stats(c->engine, idx, &st))
		return EINVAL;

	err = re_hprintf(pf, "{\"index\": %u, \"rooms\": %u, "
			 "\"participants\": %u, \"encoders\": %u, "
			 "\"tick_p50_us\": %llu, \"tick_p99_us\": %llu, "
			 "\"overruns\": %llu, \"room_names\": [", idx,
			 st.rooms, st.parts, st.encoders,
			 (unsigned long long)st.tick_p50_us,
			 (unsigned long long)st.tick_p99_us,
			 (unsigned long long)st.overruns);
	sig_rooms_apply(c->sig, name_h, &w);

	return err | w.err | re_hprintf(pf, "]}");
}


static int status_print_h(struct re_printf *pf, void *arg)
{
	const struct ctl *c = arg;
	uint64_t now = clock_wall_us() / 1000;
	struct totals t = {0, 0};
	unsigned nw = engine_workers(c->engine);
	int err;

	sig_rooms_apply(c->sig, count_h, &t);

	err = re_hprintf(pf, "{\"version\": %H, \"uptime_s\": %llu, "
			 "\"draining\": %s, \"rooms\": %u, "
			 "\"participants\": %u, \"calls\": %u, "
			 "\"workers\": [", ctl_json_str_h,
			 (void *)c->cfg.version,
			 (unsigned long long)(now - c->started) / 1000,
			 sig_draining(c->sig) ? "true" : "false", t.rooms,
			 t.parts, sig_ncalls(c->sig));

	for (unsigned i = 0; i < nw && !err; i++) {
		err |= re_hprintf(pf, "%s", i ? ", " : "");
		err |= worker_print(pf, c, i);
	}

	return err | re_hprintf(pf, "]}\n");
}


static void status_h(struct ctl_req *r)
{
	(void)ctl_reply_jsonf(r, 200, "%H", status_print_h, r->ctl);
}


const struct ctl_route ctl_routes_status[] = {
	{"GET", "/v1/status", status_h},
	{NULL, NULL, NULL},
};
