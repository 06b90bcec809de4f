/*
 * sig.h: the SIP front end of consortd.
 *
 * Answers INVITEs to sip:ROOM@host, negotiates audio (sig_sdp), binds the
 * participant's RTP sockets and hands them to the media engine; answers
 * OPTIONS, INFO (DTMF) and refuses everything else politely. Every
 * function here, and every callback it makes, runs on the main libre
 * thread. The engine must outlive the sig object.
 */
#ifndef CONSORT_SIG_H
#define CONSORT_SIG_H

#include <stdbool.h>
#include <stdint.h>
#include <re.h>
#include "codec.h"
#include "engine.h"

enum {
	SIG_MAXLISTEN = 8,
	SIG_MAXCODECS = 8,
};

struct sig_config {
	struct sa listen[SIG_MAXLISTEN]; /* SIP listen addresses; 0.0.0.0 /
					    :: = every local address of
					    that family (port kept)        */
	unsigned nlisten;
	bool udp, tcp;                   /* transports                    */
	struct sa media_addr;            /* RTP bind and SDP address; any
					    = the address the INVITE came
					    in on (port ignored)           */
	uint16_t rtp_port_min, rtp_port_max;
	unsigned max_participants;       /* per room; full -> 486         */
	uint32_t room_linger;            /* [s] room kept after the last
					    participant left               */
	const struct codec_def *codecs[SIG_MAXCODECS]; /* preference order */
	unsigned ncodecs;
	struct codec_params opus;        /* our Opus defaults (bitrate
					    [bit/s], complexity, fec, dtx) */
	uint32_t ptime;                  /* [ms] default packet time sent */
	const char *user_agent;          /* e.g. "consort/0.1.0" (copied) */
};

/* Index of sig_counters.requests[]. */
enum sig_method {
	SIG_M_INVITE = 0,
	SIG_M_ACK,
	SIG_M_BYE,
	SIG_M_CANCEL,
	SIG_M_OPTIONS,
	SIG_M_INFO,
	SIG_M_OTHER,     /* known methods we refuse with 405 (REGISTER..) */
	SIG_M_UNKNOWN,   /* anything else, refused with 501               */
	SIG_NMETHODS
};

struct sig_counters {
	uint64_t requests[SIG_NMETHODS]; /* received and parsed, by
					    enum sig_method (UDP
					    retransmissions included)      */
	uint64_t responses[7];           /* sent; [c] = class c (1..6) xx,
					    [0] unused; retransmissions
					    included                       */
	uint64_t malformed;              /* datagrams libre cannot parse +
					    requests we answered 400       */
	uint64_t calls_ok;               /* new calls answered 200        */
	uint64_t calls_rejected;         /* new INVITEs refused (404, 415,
					    420, 486, 488, 503 ...)        */
	uint64_t calls_failed;           /* new calls failed on our side
					    (no RTP port, engine error)    */
	uint64_t calls_active;           /* calls up now (= sig_ncalls)  */
	uint64_t reinvites;              /* re-INVITEs answered 200       */
	uint64_t dtmf_info;              /* DTMF digits received by INFO  */
};

struct sig;

/* What happened, for the control plane (events API, webhooks). */
enum sig_event_type {
	SIG_EV_ROOM_CREATED = 0,
	SIG_EV_ROOM_ENDED,
	SIG_EV_JOINED,        /* answered and in the engine              */
	SIG_EV_LEFT,          /* reason: bye, cancel, timeout, error,
				 kicked, room_ended, shutdown             */
	SIG_EV_KICKED,        /* by the API; followed by LEFT            */
	SIG_EV_MUTED,
	SIG_EV_UNMUTED,
	SIG_EV_DEAF,
	SIG_EV_UNDEAF,
	SIG_EV_TALKING_START,
	SIG_EV_TALKING_STOP,
	SIG_EV_DTMF,          /* digit                                   */
	SIG_EV_DIAL_PROGRESS, /* status: 180, 183 ...                    */
	SIG_EV_DIAL_FAILED,   /* status (SIP, or 408 timeout / 503
				 transport error) and reason              */
	SIG_EV_PLAY_DONE,
	SIG_EV_LOCKED,
	SIG_EV_UNLOCKED,
	SIG_EV_COUNT
};

/* One event; the strings are valid during the handler call only. */
struct sig_event {
	enum sig_event_type type;
	const char *room;     /* room name                               */
	uint32_t room_id;
	uint32_t part;        /* participant id, 0 = none                */
	const char *uri;      /* participant's SIP URI, NULL = none      */
	const char *reason;   /* LEFT, DIAL_FAILED; NULL = none          */
	uint16_t status;      /* DIAL_PROGRESS, DIAL_FAILED              */
	char digit;           /* DTMF: 0-9 * # A-D                       */
};

/* Where sig reports events (main thread). Any member may be NULL. */
struct sig_handlers {
	void (*event)(const struct sig_event *ev, void *arg);
	void *arg;
};

/*
 * Allocate the front end from a config (copied; cfg->user_agent too).
 * Nothing is bound yet. h (copied, may be NULL) receives the events;
 * its arg must outlive s. *sigp is a mem object; mem_deref hangs up
 * any call at once (BYE) and releases the SIP stack.
 * Returns 0, EINVAL (no listen address, no transport, no codec, bad
 * RTP range) or ENOMEM.
 */
int  sig_alloc(struct sig **sigp, const struct sig_config *cfg,
	       const struct sig_handlers *h);

/* Fill h with sig's engine event handlers; h->arg = s. */
void sig_engine_handlers(struct sig *s, struct engine_handlers *h);

/*
 * Bind the transports, start answering and log where to call. The
 * engine is borrowed (it must outlive s). Returns 0 or an errno code
 * (EADDRINUSE ...); on failure nothing stays bound.
 */
int  sig_start(struct sig *s, struct engine *e);

/*
 * SIGHUP: take max_participants, room_linger, codecs, opus and ptime
 * from cfg for new calls (listen addresses and ports are kept).
 * Returns 0, or EINVAL if cfg has no codec (nothing changed then).
 */
int  sig_reconfig(struct sig *s, const struct sig_config *cfg);

/*
 * Stop: BYE every call, answer new INVITEs 503 (Retry-After), free the
 * rooms, and close the SIP stack; done_h(arg) runs (from the loop, never
 * inside this call) once libre reports every transaction finished. The
 * caller bounds the wait with its own timer and may mem_deref s from
 * done_h.
 */
void sig_shutdown(struct sig *s, void (*done_h)(void *arg), void *arg);

/* Snapshot of the counters. */
void sig_counters(const struct sig *s, struct sig_counters *c);

/* Number of calls up (answered, not yet hung up). */
unsigned sig_ncalls(const struct sig *s);

/* "INVITE", ..., "other", "unknown" (metric labels). */
const char *sig_method_name(enum sig_method m);

/* "room.created", "participant.joined" ... (API event types). */
const char *sig_event_name(enum sig_event_type t);

/*
 * The control plane's view (sig_api.c). The strings of the info
 * structs belong to sig: valid until control returns to the loop.
 */
struct sig_room_info {
	const char *name;
	uint32_t id;              /* engine room id                      */
	uint64_t created;         /* [ms] wall clock, Unix epoch         */
	unsigned nparts;          /* participants in the engine          */
	bool locked;              /* new INVITEs get 403                 */
};

struct sig_part_info {
	uint32_t id;
	uint32_t room_id;
	const char *room;
	const char *uri;          /* From URI (callee URI when dialled)  */
	const char *display_name; /* From display name, "" = none        */
	const struct codec_def *codec;
	struct sa remote;         /* SIP peer address                    */
	uint64_t joined;          /* [ms] wall clock, Unix epoch         */
	bool hold;                /* we may not send (sendonly/inactive) */
	bool muted, deaf;         /* as last set or reported             */
	bool gain_set;            /* gain_in/out are the last API values */
	double gain_in, gain_out; /* [dB]                                */
	bool dialled;             /* we called them (sig_dial)           */
};

/* h returns true to stop. Rooms in creation order, participants in
 * the order they joined (only those in the engine). */
typedef bool (sig_room_h)(const struct sig_room_info *ri, void *arg);
typedef bool (sig_part_h)(const struct sig_part_info *pi, void *arg);

void sig_rooms_apply(const struct sig *s, sig_room_h *h, void *arg);
/* room_id 0 = every room. */
void sig_parts_apply(const struct sig *s, uint32_t room_id, sig_part_h *h,
		     void *arg);

/* Look up a room by name / a participant of a room; 0 or ENOENT. */
int  sig_room_get(const struct sig *s, const char *room,
		  struct sig_room_info *ri);
int  sig_part_get(const struct sig *s, const char *room, uint32_t id,
		  struct sig_part_info *pi);

/*
 * End a room: BYE every participant (pending dials are cancelled) and
 * free it now. *nparts (may be NULL) = participants hung up.
 * Returns 0 or ENOENT.
 */
int  sig_room_end(struct sig *s, const char *room, unsigned *nparts);

/* Lock (new INVITEs get 403) or unlock a room. 0 or ENOENT. */
int  sig_room_lock(struct sig *s, const char *room, bool on);

/* Kick: BYE. Returns 0 or ENOENT (no such room or participant). */
int  sig_part_kick(struct sig *s, const char *room, uint32_t id);

/*
 * Mute or deafen ("mute", "deaf") a participant through the engine;
 * the info shows the new state at once, the event follows when the
 * worker has applied it. Returns 0, ENOENT, EINVAL or the engine's
 * error.
 */
int  sig_part_set(struct sig *s, const char *room, uint32_t id,
		  const char *what, bool on);

/* Gains [dB] -24..12. Returns 0, ENOENT, ERANGE or an engine error. */
int  sig_part_gain(struct sig *s, const char *room, uint32_t id,
		   double in_db, double out_db);

/*
 * Call uri and put the callee into room (created if needed) when it
 * answers; progress and failure are events. *part_id = the id it will
 * have. Returns 0, EINVAL (bad room name or URI), ENOTSUP (the URI's
 * host is a name: the SIP stack has no resolver), EACCES (room
 * locked), EBUSY (room full), ESHUTDOWN (draining and the room does
 * not exist, or shutting down), EADDRNOTAVAIL (no RTP port), or
 * another errno code; nothing is left behind on failure.
 */
int  sig_dial(struct sig *s, const char *room, const char *uri,
	      uint32_t *part_id);

/* Drain: INVITEs for rooms that do not exist get 503 Retry-After: 30
 * (existing rooms keep working); false undoes it. */
void sig_drain(struct sig *s, bool on);
bool sig_draining(const struct sig *s);

#endif
