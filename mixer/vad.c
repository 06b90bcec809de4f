/* vad.c: level meter and talker detection with a noise-floor tracker. */
#include <math.h>
#include "vad.h"

void vad_init(struct vad *v, const struct vad_config *cfg, uint32_t rate)
{
	if (!v || !cfg)
		return;

	v->cfg = *cfg;
	if (v->cfg.off_db > v->cfg.on_db)
		v->cfg.off_db = v->cfg.on_db;

	v->rate = rate ? rate : 48000;
	v->above = 0;
	v->below = 0;
	v->level = VAD_SILENCE_DBOV;
	v->floor = v->cfg.on_db - VAD_FLOOR_ON_DB;
	v->talking = false;
	v->changed = false;
}

int vad_level_dbov(const int16_t *pcm, size_t n)
{
	uint64_t sum = 0;
	double db;

	if (!pcm || !n)
		return VAD_SILENCE_DBOV;

	for (size_t i = 0; i < n; i++)
		sum += (uint64_t)((int32_t)pcm[i] * pcm[i]);

	if (!sum)
		return VAD_SILENCE_DBOV;

	db = 10.0 * log10((double)sum / ((double)n * 32768.0 * 32768.0));
	if (db <= VAD_SILENCE_DBOV)
		return VAD_SILENCE_DBOV;

	return (int)lrint(db);
}

/* Fraction of the way a one-pole with time constant tau_ms moves in n. */
static double pole(const struct vad *v, size_t n, double tau_ms)
{
	return 1.0 - exp(-(double)n * 1000.0 / (v->rate * tau_ms));
}

static void track(struct vad *v, int lvl, size_t n)
{
	const double fmin = v->cfg.on_db - VAD_FLOOR_ON_DB;
	double tau;

	tau = lvl > v->level ? VAD_SMOOTH_UP_MS : VAD_SMOOTH_DOWN_MS;
	v->level += (lvl - v->level) * pole(v, n, tau);

	if (v->cfg.no_floor)
		return;

	if (lvl < v->floor)
		v->floor = lvl;
	else
		v->floor += (lvl - v->floor) * pole(v, n, VAD_FLOOR_RISE_MS);

	if (v->floor < fmin)
		v->floor = fmin;
}

static void decide(struct vad *v, int lvl, size_t n)
{
	const uint64_t attack = (uint64_t)v->cfg.attack_ms * v->rate / 1000;
	const uint64_t hold = (uint64_t)v->cfg.hold_ms * v->rate / 1000;
	double thr;

	if (!v->talking) {
		thr = fmax(v->cfg.on_db, v->floor + VAD_FLOOR_ON_DB);
		v->above = lvl > thr ? v->above + n : 0;
		if (v->above && v->above >= attack) {
			v->talking = true;
			v->changed = true;
			v->below = 0;
		}
	}
	else {
		thr = fmax(v->cfg.off_db, v->floor + VAD_FLOOR_OFF_DB);
		v->below = lvl < thr ? v->below + n : 0;
		if (v->below && v->below >= hold) {
			v->talking = false;
			v->changed = true;
			v->above = 0;
		}
	}
}

bool vad_process(struct vad *v, const int16_t *pcm, size_t n,
		 int *level_dbov)
{
	int lvl = vad_level_dbov(pcm, n);

	if (level_dbov)
		*level_dbov = lvl;

	if (!v)
		return false;

	v->changed = false;
	if (!n)
		return v->talking;

	decide(v, lvl, n);
	track(v, lvl, n);

	return v->talking;
}

bool vad_changed(const struct vad *v)
{
	return v ? v->changed : false;
}

bool vad_talking(const struct vad *v)
{
	return v ? v->talking : false;
}

int vad_level(const struct vad *v)
{
	return v ? (int)lrint(v->level) : VAD_SILENCE_DBOV;
}

int vad_floor(const struct vad *v)
{
	return v ? (int)lrint(v->floor) : VAD_SILENCE_DBOV;
}
