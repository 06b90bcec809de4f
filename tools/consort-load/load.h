/*
 * load.h: consort-load internals shared by its files (one program, one
 * thread, one libre loop).
 *
 * Design: main.c parses options and runs the phases of run.c: RAMP
 * (sip.c dials participants at --rate calls/s), HOLD (--duration s with
 * every call up), HANGUP (BYEs, then the libre loop stops). media.c owns
 * one UDP socket per participant, paced by a monotonic timerfd (5 ms,
 * participants split into 4 phases so sends are spread over the 20 ms
 * frame) and sends pre-encoded frames from signal.c. Received mixes are
 * counted by lstats.c; with --verify a sample of them is decoded and
 * scanned by tdet.c. report.c prints progress and the JSON summary.
 */
#ifndef CONSORT_LOAD_H
#define CONSORT_LOAD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <re.h>
#include "codec.h"
#include "lstats.h"
#include "lsignal.h"
#include "tdet.h"
#include "verify.h"

enum {
	LOAD_PTIME = 20,        /* [ms] audio per packet */
	LOAD_PHASES = 4,        /* send phases per frame */
	LOAD_RXBATCH = 8,       /* packets per recvmmsg */
	LOAD_PKTMAX = 1500,     /* [bytes] receive buffer per packet */
	LOAD_TRACK_FRAMES = 200 /* [frames] pre-encoded loop (4 s) */
};

struct load_opts {
	const char *target;     /* SIP "host:port" */
	const char *local_ip;   /* address for SIP and RTP sockets */
	const char *prefix;     /* room name prefix */
	unsigned parts;         /* participants */
	unsigned rooms;
	unsigned talkers;       /* per room */
	bool grouped;           /* consecutive participants share a room */
	const char *codec;      /* "opus" or "pcmu" */
	bool dtx;
	uint32_t bitrate;       /* [bit/s] Opus pre-encode */
	double rate;            /* [calls/s] ramp-up */
	unsigned duration;      /* [s] hold once every call is up */
	unsigned setup_timeout; /* [s] after the last INVITE */
	bool verify;
	unsigned verify_listeners; /* non-talkers decoded per room */
	unsigned verify_delay;  /* [s] into the hold before decoding */
	unsigned verify_secs;   /* [s] decoded per participant, 0 = all */
	const char *rtp_only;   /* file of "lport rip rport pt" lines */
	const char *ready_file; /* touched when the hold starts */
	bool per_part;          /* per-participant objects in the JSON */
	bool quiet;             /* no progress line */
};

enum lpart_state {
	LP_IDLE = 0,
	LP_CALLING,
	LP_UP,
	LP_FAILED,
	LP_DONE
};

struct load;

struct lpart {
	struct load *l;
	unsigned idx;
	unsigned room;
	unsigned slot;          /* talker slot in the room, or UINT_MAX */
	bool talker;
	enum lpart_state state;
	bool sending;           /* remote address known: send frames */
	bool dropped;           /* the call ended before the hangup */
	bool talkspurt;         /* next packet starts a talkspurt (M bit) */
	int fd;
	uint16_t lport;
	struct sa raddr;
	uint8_t pt;
	const struct ltrack *track;
	uint32_t track_pos;     /* [frames] */
	uint16_t seq;
	uint32_t ts;            /* [rtp clock units] next to send */
	uint32_t ssrc;
	uint64_t tx_pkts;
	uint64_t tx_err;
	uint64_t rx_bad;        /* [packets] not RTP/RTCP */
	struct lrx rx;
	/* SIP */
	struct sipsess *sess;
	struct sdp_session *sdp;
	struct sdp_media *sdpm;
	uint64_t t_invite;      /* [us] monotonic */
	uint64_t t_up;          /* [us] monotonic, 0 until answered */
	uint16_t scode;         /* final SIP status, 0 = none */
	int err;
	/* --verify */
	struct codec_dec *dec;
	struct tdet *det;
	uint32_t ver_frames;    /* [packets] decoded */
};

enum load_phase {
	PH_RAMP = 0,
	PH_HOLD,
	PH_HANGUP,
	PH_DONE
};

struct load {
	struct load_opts o;
	const struct codec_def *codec;
	uint8_t pt;             /* payload type we offer / send */
	struct lpart *parts;    /* o.parts entries */
	unsigned n;
	struct ltrack **talk;   /* one per talker slot */
	unsigned ntalk;
	struct ltrack *quiet;
	double *freqs;          /* [Hz] per talker slot */
	/* SIP */
	struct sip *sip;
	struct sipsess_sock *sock;
	struct sa sip_target;
	struct sa laddr;        /* local_ip, port 0 */
	bool sip_closing;       /* sip_close() called */
	bool sip_exited;        /* its exit handler ran */
	/* media */
	int tfd;
	uint64_t ticks;
	uint64_t late_ticks;    /* timer expirations beyond the first */
	bool verifying;
	/* phases */
	enum load_phase phase;
	uint64_t t_start;       /* [us] monotonic */
	uint64_t t_ramp_end;    /* [us] last INVITE sent */
	uint64_t t_hold;        /* [us] hold started, 0 = not yet */
	uint64_t t_end;         /* [us] hangup started */
	unsigned dialed;
	unsigned up;            /* answered (200 OK + ACK) */
	unsigned failed;        /* never answered */
	unsigned dropped;       /* answered, ended before the hangup */
	struct tmr verify_tmr;
	struct tmr ramp_tmr;
	struct tmr phase_tmr;
	struct tmr prog_tmr;
	uint64_t prog_t;        /* [us] previous progress line */
	uint64_t prog_rx;       /* [packets] received at prog_t */
	bool interrupted;
	int exit_code;
};

/* opts.c */
int opts_parse(struct load_opts *o, int argc, char *argv[]);

/* setup.c: participants, tracks, sockets, SIP stack; and teardown. */
int load_setup(struct load *l);
void load_teardown(struct load *l);

/* sip.c */
int lsip_init(struct load *l);
int lsip_dial(struct lpart *p);
void lsip_hangup(struct lpart *p);
void lsip_close(struct load *l);
void lsip_abort(struct load *l);
void lsip_free(struct load *l);

/* media.c */
int media_open(struct lpart *p, const struct sa *laddr);
void media_close(struct lpart *p);
void media_start_part(struct lpart *p);
int media_start(struct load *l);
void media_stop(struct load *l);

/* run.c */
int run_init(struct load *l);
void run_part_done(struct lpart *p);
void run_stop(struct load *l);
unsigned load_room_size(const struct load *l, unsigned room);
unsigned load_room_talkers(const struct load *l, unsigned room);
unsigned load_part_at(const struct load *l, unsigned room, unsigned slot);

/* vpart.c: --verify decoding of one participant's mix */
int vpart_init(struct lpart *p);
void vpart_packet(struct lpart *p, const uint8_t *buf, size_t len);
int vpart_rooms(const struct load *l, struct vcheck *vc);

/* report.c */
void report_progress(struct load *l, bool final);
int report_json(FILE *f, const struct load *l, bool *okp);

#endif
