/*
 * part_ctl.c: caller controls: DTMF digit sequences mapped to actions
 * by the config (FreeSWITCH caller-controls are the model), with an
 * audible confirmation to the caller alone.
 */
#include <math.h>
#include <string.h>
#include <re.h>
#include "mix_kernel.h"
#include "mix_priv.h"

enum {
	DTMF_TIMEOUT = 3000000, /* [us] between digits of one sequence */
	GAIN_STEP_DB = 3,
	GAIN_MAX_DB = 12,
};

static void step_gain(int32_t *q15, int *db, int dir)
{
	*db += dir * GAIN_STEP_DB;
	if (*db > GAIN_MAX_DB)
		*db = GAIN_MAX_DB;
	if (*db < -GAIN_MAX_DB)
		*db = -GAIN_MAX_DB;
	*q15 = gain_db_to_q15(*db);
}

static int gain_db(int32_t q15)
{
	int db = 0;

	while (db < GAIN_MAX_DB && gain_db_to_q15(db) < q15)
		db += GAIN_STEP_DB;
	while (db > -GAIN_MAX_DB && gain_db_to_q15(db) > q15)
		db -= GAIN_STEP_DB;
	return db;
}

/* Set mute or deaf (API or keypad): the caller hears a confirmation
 * tone and the main thread gets an event. */
void part_set(struct part *p, const char *what, bool on)
{
	bool *flag = !strcmp(what, "mute") ? &p->muted :
		     !strcmp(what, "deaf") ? &p->deaf : NULL;

	if (!flag || *flag == on)
		return;
	*flag = on;
	if (flag == &p->muted && on && vad_talking(&p->vad))
		worker_emit(p->w, EV_TALKING, p->id, false, 0, NULL);
	if (on)
		tone_start(&p->tone, tone_muted, tone_muted_n, ROOM_RATE);
	else
		tone_start(&p->tone, tone_unmuted, tone_unmuted_n, ROOM_RATE);
	worker_emit(p->w, EV_CONTROL, p->id, on, 0, what);
}

static double clamp_db(double db)
{
	return db < -24 ? -24 : db > GAIN_MAX_DB ? GAIN_MAX_DB : db;
}

void part_gain(struct part *p, double in_db, double out_db)
{
	p->gain_in = gain_db_to_q15(clamp_db(in_db));
	p->gain_out = gain_db_to_q15(clamp_db(out_db));
}

void part_snapshot(const struct part *p, struct engine_part_stats *st)
{
	const struct rtp_rxstats *rs = &p->rxs;
	struct jb_stats js;
	uint64_t expected;

	memset(st, 0, sizeof(*st));
	st->id = p->id;
	st->room_id = p->room->id;
	st->muted = p->muted;
	st->deaf = p->deaf;
	st->talking = vad_talking(&p->vad) && !p->muted;
	st->own_encoder = p->own != NULL;
	st->level = vad_level(&p->vad);
	st->gain_in = p->gain_in == MIX_GAIN_Q15_UNITY ? 0 :
		      20 * log10(p->gain_in / 32768.0 + 1e-9);
	st->gain_out = p->gain_out == MIX_GAIN_Q15_UNITY ? 0 :
		       20 * log10(p->gain_out / 32768.0 + 1e-9);
	st->tx_pkts = p->tx_pkts;
	st->rtt = p->rtt;
	st->remote_loss = p->remote_loss;
	if (p->m.codec && rs->active) {
		st->jitter = rtp_rxstats_jitter_ms(rs, p->m.codec->rtp_clock);
		st->lost = rtp_rxstats_lost(rs);
		expected = (uint64_t)rs->cycles + rs->max_seq - rs->base_seq
			   + 1;
		if (expected && st->lost > 0)
			st->loss = 100.0 * (double)st->lost / (double)expected;
	}
	st->rx_pkts = rs->received;
	if (p->jb) {
		jb_stats(p->jb, &js);
		st->jb_delay = js.delay;
		st->jb_target = js.target;
		st->late = js.late;
		st->concealed = js.concealed;
		st->fec = js.fec;
	}
}

static void act(struct part *p, const char *action)
{
	bool up = strstr(action, "_up") != NULL;
	int db;

	if (!strcmp(action, "mute") || !strcmp(action, "deaf")) {
		part_set(p, action, !(*action == 'm' ? p->muted : p->deaf));
		return;
	}
	if (!strncmp(action, "vol_talk_", 9)) {
		db = gain_db(p->gain_in);
		step_gain(&p->gain_in, &db, up ? 1 : -1);
	}
	else if (!strncmp(action, "vol_listen_", 11)) {
		db = gain_db(p->gain_out);
		step_gain(&p->gain_out, &db, up ? 1 : -1);
	}
	else {
		return;
	}
	/* A volume step: one rising beep up, two low ones down. */
	if (up)
		tone_start(&p->tone, tone_unmuted, tone_unmuted_n, ROOM_RATE);
	else
		tone_start(&p->tone, tone_muted, tone_muted_n, ROOM_RATE);
	worker_emit(p->w, EV_CONTROL, p->id, up, 0, action);
}

/* Does the typed sequence end with a configured key sequence? */
static void match(struct part *p)
{
	const struct engine_config *cfg = &p->w->cfg;
	size_t len = strlen(p->dseq);

	for (unsigned i = 0; i < cfg->dtmf_nkeys; i++) {
		const char *key = cfg->dtmf_keys[i];
		size_t klen = strlen(key);

		if (!klen || klen > len)
			continue;
		if (memcmp(p->dseq + len - klen, key, klen))
			continue;
		p->dseq[0] = '\0';
		act(p, cfg->dtmf_actions[i]);
		return;
	}
}

void part_digit(struct part *p, char digit, uint64_t now)
{
	size_t len;

	worker_emit(p->w, EV_DTMF, p->id, true, digit, NULL);

	if (now - p->dseq_time > DTMF_TIMEOUT)
		p->dseq[0] = '\0';
	p->dseq_time = now;
	len = strlen(p->dseq);
	if (len >= sizeof(p->dseq) - 1) {
		memmove(p->dseq, p->dseq + 1, len);
		--len;
	}
	p->dseq[len] = digit;
	p->dseq[len + 1] = '\0';
	match(p);
}
