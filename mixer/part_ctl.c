/*
 * part_ctl.c: caller controls: DTMF digit sequences mapped to actions
 * by the config (FreeSWITCH caller-controls are the model), with an
 * audible confirmation to the caller alone.
 */
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

static void act(struct part *p, const char *action)
{
	struct worker *w = p->w;
	bool on = true;
	int db;

	if (!strcmp(action, "mute")) {
		p->muted = !p->muted;
		on = p->muted;
		if (p->muted && vad_talking(&p->vad))
			worker_emit(w, EV_TALKING, p->id, false, 0, NULL);
	}
	else if (!strcmp(action, "deaf")) {
		p->deaf = !p->deaf;
		on = p->deaf;
	}
	else if (!strncmp(action, "vol_talk_", 9)) {
		db = gain_db(p->gain_in);
		step_gain(&p->gain_in, &db, strcmp(action + 9, "up") ? -1 : 1);
	}
	else if (!strncmp(action, "vol_listen_", 11)) {
		db = gain_db(p->gain_out);
		step_gain(&p->gain_out, &db,
			  strcmp(action + 11, "up") ? -1 : 1);
	}
	else {
		return;
	}

	if (on)
		tone_start(&p->tone, tone_muted, tone_muted_n, ROOM_RATE);
	else
		tone_start(&p->tone, tone_unmuted, tone_unmuted_n, ROOM_RATE);
	worker_emit(w, EV_CONTROL, p->id, on, 0, action);
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
