/* vad.h: level meter and talker detection with hysteresis. */
#ifndef CONSORT_VAD_H
#define CONSORT_VAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Levels are RMS in dBov (RFC 6464): 0 for a full-scale square wave,
 * -3 for a full-scale sine, VAD_SILENCE_DBOV for digital silence.
 *
 * Detection, per frame (one tick) of level L [dBov]:
 *   on  threshold = max(on_db,  floor + VAD_FLOOR_ON_DB)
 *   off threshold = max(off_db, floor + VAD_FLOOR_OFF_DB)
 *   not talking -> talking when L > on threshold for >= attack_ms
 *   talking -> not talking when L < off threshold for >= hold_ms
 * (consecutive frames; time counted in samples, attack_ms = 0 or
 * hold_ms = 0 decide on the first such frame).
 *
 * Noise floor: starts at on_db - VAD_FLOOR_ON_DB (where it has no effect)
 * and never goes below it. A frame below the floor pulls it down at once;
 * a frame above pulls it up exponentially (time constant
 * VAD_FLOOR_RISE_MS). Speech dips between words keep the floor low;
 * steady noise or a steady tone above on_db is taken for talking at
 * first, then, as the floor rises to it, stops counting: with on_db
 * -40, -35 dBov noise after about 3 s, a steady -20 dBov tone after
 * about 5 s (each plus hold_ms). Set no_floor to disable this (e.g. for
 * tests that send steady test tones).
 *
 * Smoothed level (vad_level): one-pole in dB, rising with a time
 * constant of VAD_SMOOTH_UP_MS, falling with VAD_SMOOTH_DOWN_MS: a
 * meter and a ranking key for picking the loudest talkers.
 */

#define VAD_SILENCE_DBOV   (-127)
#define VAD_FLOOR_ON_DB    10     /* [dB] on threshold above the floor  */
#define VAD_FLOOR_OFF_DB   3      /* [dB] off threshold above the floor */
#define VAD_FLOOR_RISE_MS  2000   /* [ms] floor rise time constant      */
#define VAD_SMOOTH_UP_MS   50     /* [ms] smoothed level, rising        */
#define VAD_SMOOTH_DOWN_MS 300    /* [ms] smoothed level, falling       */

struct vad_config {
	int on_db;          /* [dBov] start talking above, e.g. -40        */
	int off_db;         /* [dBov] stop talking below, e.g. -50         */
	uint32_t hold_ms;   /* [ms] below off this long to stop, e.g. 500  */
	uint32_t attack_ms; /* [ms] above on this long to start, e.g. 60   */
	bool no_floor;      /* disable noise-floor adaptation              */
};

/* Public so it can be embedded; fields are private to vad.c. */
struct vad {
	struct vad_config cfg;
	uint32_t rate;      /* [Hz]                                        */
	uint64_t above;     /* [samples] consecutively above on threshold  */
	uint64_t below;     /* [samples] consecutively below off threshold */
	double level;       /* [dBov] smoothed level                       */
	double floor;       /* [dBov] noise floor estimate                 */
	bool talking;
	bool changed;       /* the last vad_process() flipped talking      */
};

/*
 * Initialise v (not talking, level VAD_SILENCE_DBOV) with a copy of cfg
 * for a sample rate [Hz] (0 is taken as 48000). off_db above on_db is
 * taken as on_db.
 */
void vad_init(struct vad *v, const struct vad_config *cfg, uint32_t rate);

/*
 * RMS level of n S16 samples [dBov], rounded, in [VAD_SILENCE_DBOV, 0];
 * VAD_SILENCE_DBOV for n = 0 or digital silence.
 */
int vad_level_dbov(const int16_t *pcm, size_t n);

/*
 * Feed one frame of n samples (one tick); stores its level [dBov] in
 * *level_dbov if not NULL. Returns the talking state after the frame.
 */
bool vad_process(struct vad *v, const int16_t *pcm, size_t n,
		 int *level_dbov);

/* True if the last vad_process() flipped the talking state. */
bool vad_changed(const struct vad *v);

/* Current talking state. */
bool vad_talking(const struct vad *v);

/* Smoothed level [dBov], rounded. */
int vad_level(const struct vad *v);

/* Noise floor estimate [dBov], rounded. */
int vad_floor(const struct vad *v);

#endif
