/*
 * engine.h: the media plane as seen from the main thread.
 *
 * The engine owns W media worker threads. Each room lives on exactly one
 * worker, chosen least-loaded when the room is created; every packet and
 * tick of its participants is handled there. The main thread talks to
 * the workers only through this API (commands are queued and wake the
 * worker); events come back on the main thread through engine_handlers.
 * All functions here must be called from the main (libre) thread.
 */
#ifndef CONSORT_ENGINE_H
#define CONSORT_ENGINE_H

#include <stdbool.h>
#include <stdint.h>
#include <re.h>
#include "codec.h"

struct engine;

/* Media settings of the whole engine (from the config file). */
struct engine_config {
	unsigned workers;        /* number of media threads, >= 1          */
	uint32_t tick;           /* [ms] mix period: 10, 20 or 40           */
	uint32_t jb_min;         /* [ms] jitter buffer minimum delay        */
	uint32_t jb_max;         /* [ms] jitter buffer maximum delay        */
	int talk_on;             /* [dBov] level that starts talking        */
	int talk_off;            /* [dBov] level below which talking stops  */
	uint32_t talk_hold;      /* [ms] below talk_off before it stops     */
	uint32_t rtcp_interval;  /* [ms] mean RTCP report interval          */
	unsigned mix_k;          /* loudest talkers mixed, 0 = all          */
	char dtmf_keys[8][8];    /* caller-control sequences, e.g. "*6"     */
	char dtmf_actions[8][16];/* action of each: mute, deaf, ...         */
	unsigned dtmf_nkeys;
};

/* One participant's negotiated media, as decided by SDP offer/answer. */
struct engine_media {
	const struct codec_def *codec;  /* negotiated audio codec          */
	uint8_t pt;                     /* its payload type                */
	int te_pt;                      /* telephone-event PT, -1 = none   */
	uint32_t te_rate;               /* [Hz] telephone-event clock      */
	struct codec_params enc;        /* how we encode toward them       */
	struct sa rtp_addr;             /* remote RTP address from SDP     */
	struct sa rtcp_addr;            /* remote RTCP address             */
	bool rtcp_mux;
	bool send;                      /* we may send to them             */
	bool recv;                      /* they send to us (not on hold)   */
};

/*
 * A participant as its worker last published it (every STATS_TICKS
 * ticks, about 5 times a second). Read on the main thread from the
 * engine's cache: the API never reaches into a worker.
 */
struct engine_part_stats {
	uint32_t id;
	uint32_t room_id;
	bool muted, deaf, talking;
	bool own_encoder;       /* hears a private mix (talker, deaf...) */
	int level;              /* [dBov] smoothed input level            */
	double gain_in;         /* [dB] applied to what they send         */
	double gain_out;        /* [dB] applied to what they hear         */
	uint32_t jitter;        /* [ms] RFC 3550 interarrival jitter      */
	uint32_t jb_delay;      /* [ms] jitter-buffer playout delay       */
	uint32_t jb_target;     /* [ms] its adaptive target               */
	uint64_t rx_pkts, tx_pkts;
	int64_t lost;           /* [packets] RFC 3550 cumulative lost     */
	double loss;            /* [%] lost / expected, whole call        */
	uint64_t late, concealed, fec;  /* packets late; samples concealed;
					   packets recovered by FEC       */
	uint32_t rtt;           /* [ms] from their RTCP reports           */
	int remote_loss;        /* [%] loss they report for our stream    */
};

/* A worker's load and timing, published with its participants. */
struct engine_worker_stats {
	unsigned idx;
	unsigned rooms, parts, encoders;
	uint64_t rx_pkts, tx_pkts, ticks, overruns;
	uint64_t drop[16];                /* by enum rtp_drop            */
	uint64_t tick_le[8];              /* cumulative tick durations
					     <= ENGINE_TICK_BUCKETS_US */
	uint64_t tick_sum_us;             /* [us] total tick time        */
	uint64_t tick_p50_us, tick_p99_us;/* [us] over the last second   */
};

/* Upper bounds [us] of engine_worker_stats.tick_le (last is +Inf). */
extern const uint32_t engine_tick_buckets_us[8];

/* Events, called on the main thread. Any handler may be NULL. */
struct engine_handlers {
	/* Participant started/stopped talking. */
	void (*talking)(uint32_t part_id, bool talking, void *arg);
	/* A DTMF digit was received (RFC 4733 or INFO). */
	void (*dtmf)(uint32_t part_id, char digit, void *arg);
	/* A caller-control changed state: "mute", "deaf" ... */
	void (*control)(uint32_t part_id, const char *what, bool on,
			void *arg);
	/* The room is gone from its worker (after engine_room_free). */
	void (*room_freed)(uint32_t room_id, void *arg);
	/* A clip given to engine_play finished (not called when stopped). */
	void (*play_done)(uint32_t room_id, void *arg);
	void *arg;
};

/* Start the workers. *ep is a mem object; mem_deref stops and joins
 * them. */
int engine_alloc(struct engine **ep, const struct engine_config *cfg,
		 const struct engine_handlers *h);

/* Create a room on the least-loaded worker; *room_id identifies it. */
int engine_room_alloc(struct engine *e, const char *name, uint32_t *room_id);

/* Free a (normally empty) room; participants still in it are dropped. */
int engine_room_free(struct engine *e, uint32_t room_id);

/*
 * Add participant part_id to a room, taking ownership of the sockets
 * rtp_fd and rtcp_fd (-1 when muxed): they are closed by the worker
 * when the participant leaves, or here on failure.
 */
int engine_join(struct engine *e, uint32_t room_id, uint32_t part_id,
		const struct engine_media *m, int rtp_fd, int rtcp_fd,
		const char *label);

/* Apply re-negotiated media (re-INVITE: hold, resume, codec change). */
int engine_update(struct engine *e, uint32_t part_id,
		  const struct engine_media *m);

/* Remove the participant; its sockets are closed. */
int engine_leave(struct engine *e, uint32_t part_id);

/* A DTMF digit that arrived by SIP INFO. */
int engine_dtmf(struct engine *e, uint32_t part_id, char digit);

/* Apply the run-time changeable part of a new config (SIGHUP). */
int engine_reconfig(struct engine *e, const struct engine_config *cfg);

/* Mute (not mixed) / deafen (hears nothing) a participant. */
int engine_set_mute(struct engine *e, uint32_t part_id, bool on);
int engine_set_deaf(struct engine *e, uint32_t part_id, bool on);

/* Gains [dB], -24..+12: in = what they send, out = what they hear. */
int engine_set_gain(struct engine *e, uint32_t part_id, double in_db,
		    double out_db);

/*
 * Mix a clip into a room, heard by everyone (announcements, music).
 * pcm is a mem object of n mono samples at 48 kHz; ownership passes to
 * the engine (freed here on failure). Replaces a clip already playing.
 */
int engine_play(struct engine *e, uint32_t room_id, int16_t *pcm, size_t n,
		bool loop);
int engine_play_stop(struct engine *e, uint32_t room_id);

/* Latest published state of a participant; 0 or ENOENT. */
int engine_part_stats(const struct engine *e, uint32_t part_id,
		      struct engine_part_stats *st);

/* The worker a room lives on: *idx, 0 or ENOENT. */
int engine_room_worker(const struct engine *e, uint32_t room_id,
		       unsigned *idx);

/* Latest published state of worker idx; 0 or ENOENT. */
int engine_worker_stats(const struct engine *e, unsigned idx,
			struct engine_worker_stats *st);

/* Ask every worker to log its counters (SIGUSR1). */
int engine_stats(struct engine *e);

/* Number of media workers. */
unsigned engine_workers(const struct engine *e);

#endif
