/*
 * mix_priv.h: the media worker's private objects, shared by the mixer sources.
 *
 * Ownership (everything below a worker lives on that worker's thread):
 *
 *   engine (main thread)      routes commands by room id / participant id
 *    +- worker[W]             thread "media-N": epoll, timerfd, cmd ring
 *        +- room              owned by one worker; mixes every tick
 *            +- part          one SIP leg; the room owns it
 *                +- rx: socket(s), latching, rxstats, jb, decoder,
 *                |      resampler, PCM FIFO, VAD, DTMF receiver
 *                +- tx: encoder, resampler, PCM FIFO, limiter,
 *                       SSRC/seq/ts, tone generator
 *
 * Signaling refers to a participant by id only. Calls go down the
 * tree; events go up to the main thread through each worker's event
 * ring (worker_post), drained by the engine on the main loop.
 */
#ifndef CONSORT_MIX_PRIV_H
#define CONSORT_MIX_PRIV_H

#include <pthread.h>
#include <stdatomic.h>
#include "engine.h"
#include "jb.h"
#include "limiter.h"
#include "mix_route.h"
#include "tick_hist.h"
#include "rtp_dtmf.h"
#include "rtp_pkt.h"
#include "rtp_stats.h"
#include "tone.h"
#include "vad.h"

enum {
	ROOM_RATE = 48000,          /* [Hz] the rate every room mixes at   */
	TICK_MAX = 40 * 48,         /* [samples] longest tick (40 ms)      */
	PCM_FIFO = 8192,            /* [samples] decode / encode FIFOs     */
	PKT_MAX = 1500,             /* [bytes] largest datagram handled    */
	CMD_RING = 1024,            /* commands queued per worker          */
	EV_RING = 1024,             /* events queued toward the main thread */
	DTMF_SEQ_MAX = 8,
	MIX_PKTS = 4,               /* packets one tick can yield (40/10)  */
	CONVERGE_TICKS = 10,        /* own -> shared hand-back delay       */
	MAX_PHASES = 8,             /* tick slots (40 ms / 5 ms)           */
	SELECT_MARGIN_DB = 6,       /* loudest-K replacement margin        */
};

/*
 * One encode of one mix in one configuration (see mix_enc.c): shared
 * by listeners of the common mix, or one listener's own.
 */
struct mix_enc {
	struct le le;               /* in room->encs when shared            */
	const struct codec_def *codec;
	struct codec_params prm;
	struct codec_enc *enc;
	struct resamp *rs;          /* ROOM_RATE -> codec pcm_rate or NULL  */
	struct limiter lim;
	int16_t fifo[PCM_FIFO];     /* limited mix at the codec rate        */
	size_t fill;                /* [samples]                            */
	uint8_t pkt[MIX_PKTS][PKT_MAX - 64]; /* this tick's payloads       */
	size_t len[MIX_PKTS];       /* [bytes]; <= 2 means DTX: send none   */
	unsigned npkt;
	int loss;                   /* [%] loss the encoder plans for       */
	int want_loss;              /* [%] max reported by users this tick  */
	unsigned users;             /* listeners served this tick           */
	unsigned *counter;          /* worker's live-encoder count          */
};

/* Commands, main thread -> worker. */
enum cmd_type {
	CMD_ROOM_NEW,
	CMD_ROOM_FREE,
	CMD_JOIN,
	CMD_UPDATE,
	CMD_LEAVE,
	CMD_DTMF,
	CMD_RECONFIG,
	CMD_STATS,
	CMD_MUTE,
	CMD_DEAF,
	CMD_GAIN,
	CMD_PLAY,
	CMD_PLAY_STOP,
	CMD_QUIT,
};

/* CMD_PLAY payload. */
struct clip {
	int16_t *pcm;               /* mem object, 48 kHz mono              */
	size_t n;                   /* [samples]                            */
	size_t pos;                 /* [samples] played                     */
	bool loop;
};

struct cmd {
	enum cmd_type type;
	uint32_t id;        /* room id or participant id                  */
	void *data;         /* owned payload (mem object) or NULL          */
	char c;             /* DTMF digit                                   */
};

/* Events, worker -> main thread (type, data = struct ev or snapshot). */
enum ev_type {
	EV_TALKING,
	EV_DTMF,
	EV_CONTROL,
	EV_ROOM_FREED,
	EV_STATS,
	EV_SNAPSHOT,
	EV_PLAY_DONE,
	EV_OVERRUN,                 /* id = how long the slot took [us]   */
	EV_ERROR,                   /* what failed for id, with err        */
};

enum { STATS_TICKS = 10 };      /* publish a snapshot every N ticks     */

/* Per-worker counters, copied to the main thread on request. */
struct worker_stats {
	unsigned worker;
	uint64_t rx_pkts, tx_pkts, rtcp_rx, rtcp_tx;
	uint64_t drop[RTP_DROP_MAX];
	uint64_t ticks, overruns;   /* full ticks; missed timer slots      */
	uint64_t slots;             /* timer wake-ups (phases per tick)    */
	uint64_t ev_dropped;        /* events lost to a full ring           */
	uint64_t dec_skipped;       /* frames not decoded: no voice, unmixed */
	unsigned encoders;          /* encoders running now                 */
	unsigned mixed;             /* inputs mixed in the last tick, all rooms */
	uint64_t tick_le[8];      /* cumulative, engine_tick_buckets_us   */
	uint64_t tick_sum_us;     /* [us] all ticks                       */
	uint64_t tick_max_us;     /* [us] longest tick since last report */
	uint64_t tick_p50_us, tick_p99_us;   /* [us] duration percentiles */
	uint64_t late_p99_us, late_max_us;   /* [us] start lateness       */
	unsigned rooms, parts;
};

struct ev {
	enum ev_type type;
	uint32_t id;              /* participant or room id               */
	bool on;
	char c;
	int err;                  /* EV_ERROR: errno code                 */
	char what[16];
	struct worker_stats stats;
};

/* EV_SNAPSHOT payload: a worker and all its participants. */
struct snapshot {
	struct worker_stats w;
	size_t n;
	struct engine_part_stats parts[];
};

/* Join/update payload. */
struct join_req {
	uint32_t room_id;
	struct engine_media m;
	int rtp_fd, rtcp_fd;
	char label[64];
};

struct worker;
struct room;

struct part {
	struct le le;               /* in room->parts                       */
	struct le he;               /* in worker->parts (hash by id)        */
	uint32_t id;
	struct room *room;
	struct worker *w;
	char label[64];
	struct engine_media m;

	/* sockets */
	int rtp_fd, rtcp_fd;        /* rtcp_fd == -1 when muxed            */
	struct sa rtp_peer;         /* where we send RTP (latched)          */
	struct sa rtcp_peer;
	bool latched;
	struct sa relatch;          /* relatch candidate source            */
	unsigned relatch_n;         /* consecutive packets from it         */

	/* receive */
	bool rx_started;
	uint32_t rx_ssrc;
	struct rtp_rxstats rxs;
	struct jb *jb;
	struct codec_dec *dec;
	struct resamp *rs_in;       /* codec pcm_rate -> ROOM_RATE or NULL  */
	int16_t in_fifo[PCM_FIFO];  /* decoded audio at ROOM_RATE           */
	size_t in_fill;             /* [samples]                            */
	int16_t frame[TICK_MAX];    /* this tick's input                    */
	bool in_mix;                /* frame contributes to this tick's mix */
	struct vad vad;
	int level;                  /* [dBov] last tick                     */
	struct rtp_dtmf_rx dtmf;
	char dseq[DTMF_SEQ_MAX];    /* digits typed so far                  */
	uint64_t dseq_time;         /* [us] of the last digit               */

	/* controls */
	bool muted, deaf;
	int32_t gain_in;            /* Q15                                  */
	int32_t gain_out;           /* Q15                                  */
	struct tone tone;

	/* transmit */
	struct tx_state tx;         /* shared / own / converging            */
	struct mix_enc *own;        /* own encoder when not shared          */
	struct mix_enc *grp;        /* shared encode heard this tick (not
				       owned; valid during room_tick)      */
	struct mix_cand cand;       /* loudest-K selection state            */
	uint32_t tx_ssrc;
	uint16_t tx_seq;
	uint32_t tx_ts;             /* [rtp clock] next packet's timestamp  */
	bool tx_gap;                /* a packet was skipped (DTX): marker   */
	uint64_t tx_pkts, tx_octets;

	/* RTCP */
	uint64_t rtcp_next;         /* [us] next report                     */
	uint32_t sr_lsr;            /* middle 32 bits of last SR's NTP      */
	uint64_t sr_rx_time;        /* [us] when it arrived                 */
	uint32_t rtt;               /* [ms]                                 */
	uint8_t remote_fraction;    /* loss they report for our stream      */
	int remote_loss;            /* [%] the same                          */
};

struct room {
	struct le le;               /* in worker->rooms                     */
	uint32_t id;
	char name[65];
	struct worker *w;
	struct list parts;
	struct list encs;           /* shared mix_enc, one per config      */
	struct mix_cand *cands;     /* selection scratch, ncands entries    */
	size_t ncands;
	int32_t total[TICK_MAX];    /* sum of this tick's mixed inputs      */
	struct clip *clip;          /* announcement / music being played    */
	unsigned phase;             /* tick slot it runs in                 */
};

struct worker {
	unsigned idx;
	struct engine *eng;
	pthread_t thread;
	int epfd, timerfd, evfd;
	struct cmd ring[CMD_RING];
	_Atomic uint32_t head;      /* written by the main thread           */
	_Atomic uint32_t tail;      /* written by the worker                */
	struct {
		int type;
		void *data;
	} out[EV_RING];             /* events toward the main thread        */
	_Atomic uint32_t out_head;  /* written by the worker                */
	_Atomic uint32_t out_tail;  /* written by the main thread           */
	int outfd;                  /* eventfd the main loop listens on     */

	/* worker-thread state */
	struct engine_config cfg;
	struct list rooms;
	struct hash *parts;
	struct worker_stats st;
	uint32_t tick_samples;      /* [samples] at ROOM_RATE               */
	unsigned nparts;            /* participants on this worker          */
	unsigned phases;            /* tick slots (see run_slot)            */
	unsigned phase;             /* slot running next                    */
	bool armed;                 /* tick timer running                   */
	uint64_t next_due;          /* [us] when the next tick should start */
	struct tick_hist dur;       /* tick durations since last report     */
	struct tick_hist late;      /* tick start lateness                  */
	uint64_t rnd;               /* xorshift state for RTCP/SSRC          */
	bool quit;
};

/* engine.c */
void engine_dispatch(struct engine *e, int type, void *data);

/* worker.c */
int  worker_start(struct worker **wp, struct engine *e, unsigned idx,
		  const struct engine_config *cfg);
void worker_stop(struct worker *w);
int  worker_cmd(struct worker *w, enum cmd_type type, uint32_t id,
		void *data, char c);
int  worker_watch(struct worker *w, int fd, struct part *p);
uint32_t worker_rand(struct worker *w);
void worker_post(struct worker *w, int type, void *data);
bool worker_take(struct worker *w, int *type, void **data);
int  worker_outfd(const struct worker *w);
struct engine *worker_engine(const struct worker *w);
void worker_emit(struct worker *w, enum ev_type type, uint32_t id, bool on,
		 char c, const char *what);
struct part *worker_part(struct worker *w, uint32_t id);
unsigned worker_phase_pick(const struct worker *w);

/* mix_enc.c */
int  mix_enc_alloc(struct mix_enc **mep, const struct codec_def *def,
		   const struct codec_params *prm, unsigned *counter);
int  mix_enc_clone(struct mix_enc **mep, const struct mix_enc *src,
		   unsigned *counter);
bool mix_enc_match(const struct mix_enc *me, const struct codec_def *def,
		   const struct codec_params *prm);
void mix_enc_run(struct mix_enc *me, const int32_t *mix, size_t n);
void mix_enc_set_loss(struct mix_enc *me, int loss_pct);

/* room.c */
int  room_alloc(struct room **rp, struct worker *w, uint32_t id,
		const char *name);
struct room *room_find(struct worker *w, uint32_t id);
void room_tick(struct room *r, uint64_t now);

/* part.c */
int  part_alloc(struct part **pp, struct room *r, uint32_t id,
		struct join_req *jr);
int  part_update(struct part *p, const struct engine_media *m);

/* part_rx.c */
void rxstats_reset(struct part *p);
void part_recv(struct part *p, int fd, uint64_t now);
void part_pull(struct part *p, uint64_t now);

/* part_tx.c */
void part_send(struct part *p, const struct mix_enc *me);
void part_idle(struct part *p, size_t n);

/* part_rtcp.c */
void part_rtcp_recv(struct part *p, const uint8_t *buf, size_t len,
		    uint64_t now);
void part_rtcp_tick(struct part *p, uint64_t now);
void part_rtcp_bye(struct part *p);

/* part_ctl.c */
void part_digit(struct part *p, char digit, uint64_t now);
void part_set(struct part *p, const char *what, bool on);
void part_gain(struct part *p, double in_db, double out_db);
void part_snapshot(const struct part *p, struct engine_part_stats *st);

/* room.c */
void room_play(struct room *r, struct clip *clip);

#endif
