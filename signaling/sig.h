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

/*
 * Allocate the front end from a config (copied; cfg->user_agent too).
 * Nothing is bound yet. *sigp is a mem object; mem_deref hangs up any
 * call at once (BYE) and releases the SIP stack.
 * Returns 0, EINVAL (no listen address, no transport, no codec, bad
 * RTP range) or ENOMEM.
 */
int  sig_alloc(struct sig **sigp, const struct sig_config *cfg);

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

#endif
