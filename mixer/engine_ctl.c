/*
 * engine_ctl.c: the engine's control surface on the main thread:
 * participant controls, room clips, and the state workers published.
 */
#include <errno.h>
#include <string.h>
#include <re.h>
#include "engine_priv.h"
#include "log.h"

const uint32_t engine_tick_buckets_us[8] = {
	500, 1000, 2000, 5000, 10000, 20000, 40000, UINT32_MAX,
};

void engine_log_stats(const struct worker_stats *st)
{
	char drops[512];
	int n = 0;

	drops[0] = '\0';
	for (unsigned i = 1; i < RTP_DROP_MAX; i++) {
		int m = re_snprintf(drops + n, sizeof(drops) - (size_t)n,
				    " drop_%s=%llu", rtp_drop_name(i),
				    (unsigned long long)st->drop[i]);
		if (m < 0)
			break;
		n += m;
	}
	LOGI("mix", "stats worker=%u rooms=%u parts=%u encoders=%u mixed=%u"
	     " rx=%llu tx=%llu rtcp_rx=%llu rtcp_tx=%llu ticks=%llu"
	     " overruns=%llu tick_max_us=%llu tick_p50_us=%llu"
	     " tick_p99_us=%llu late_p99_us=%llu late_max_us=%llu"
	     " dec_skipped=%llu%s",
	     st->worker, st->rooms, st->parts, st->encoders, st->mixed,
	     (unsigned long long)st->rx_pkts,
	     (unsigned long long)st->tx_pkts,
	     (unsigned long long)st->rtcp_rx,
	     (unsigned long long)st->rtcp_tx,
	     (unsigned long long)st->ticks,
	     (unsigned long long)st->overruns,
	     (unsigned long long)st->tick_max_us,
	     (unsigned long long)st->tick_p50_us,
	     (unsigned long long)st->tick_p99_us,
	     (unsigned long long)st->late_p99_us,
	     (unsigned long long)st->late_max_us,
	     (unsigned long long)st->dec_skipped, drops);
}

int engine_room_cmd(struct engine *e, uint32_t room_id, enum cmd_type type,
		    void *data)
{
	struct route *r;
	int err;

	if (!e) {
		mem_deref(data);
		return EINVAL;
	}
	r = route_find(e, room_key(room_id));
	if (!r) {
		mem_deref(data);
		return ENOENT;
	}
	err = worker_cmd(e->workers[r->worker], type, room_id, data, 0);
	if (err)
		mem_deref(data);
	return err;
}

static int part_cmd(struct engine *e, uint32_t part_id, enum cmd_type type,
		    void *data, char c)
{
	struct route *r;
	int err;

	if (!e)
		return EINVAL;
	r = route_find(e, part_id);
	if (!r || r->is_room) {
		mem_deref(data);
		return ENOENT;
	}
	err = worker_cmd(e->workers[r->worker], type, part_id, data, c);
	if (err)
		mem_deref(data);
	return err;
}

int engine_set_mute(struct engine *e, uint32_t part_id, bool on)
{
	return part_cmd(e, part_id, CMD_MUTE, NULL, on);
}

int engine_set_deaf(struct engine *e, uint32_t part_id, bool on)
{
	return part_cmd(e, part_id, CMD_DEAF, NULL, on);
}

int engine_set_gain(struct engine *e, uint32_t part_id, double in_db,
		    double out_db)
{
	double *db;

	if (in_db < -24 || in_db > 12 || out_db < -24 || out_db > 12)
		return ERANGE;
	db = mem_zalloc(2 * sizeof(*db), NULL);
	if (!db)
		return ENOMEM;
	db[0] = in_db;
	db[1] = out_db;
	return part_cmd(e, part_id, CMD_GAIN, db, 0);
}

static void clip_destructor(void *arg)
{
	struct clip *c = arg;

	mem_deref(c->pcm);
}

int engine_play(struct engine *e, uint32_t room_id, int16_t *pcm, size_t n,
		bool loop)
{
	struct clip *c;

	if (!pcm)
		return EINVAL;
	c = mem_zalloc(sizeof(*c), clip_destructor);
	if (!c) {
		mem_deref(pcm);
		return ENOMEM;
	}
	c->pcm = pcm;
	c->n = n;
	c->loop = loop;
	return engine_room_cmd(e, room_id, CMD_PLAY, c);
}

int engine_play_stop(struct engine *e, uint32_t room_id)
{
	return engine_room_cmd(e, room_id, CMD_PLAY_STOP, NULL);
}

int engine_part_stats(const struct engine *e, uint32_t part_id,
		      struct engine_part_stats *st)
{
	const struct route *r = e ? route_find(e, part_id) : NULL;

	if (!r || r->is_room || !st)
		return ENOENT;
	if (r->have_stats) {
		*st = r->st;
	}
	else {
		memset(st, 0, sizeof(*st));
		st->id = part_id;
		st->room_id = r->room_id;
	}
	return 0;
}

int engine_worker_stats(const struct engine *e, unsigned idx,
			struct engine_worker_stats *st)
{
	if (!e || idx >= e->n || !st)
		return ENOENT;
	*st = e->wst[idx];
	st->idx = idx;
	return 0;
}
