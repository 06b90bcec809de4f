/*
 * sig_priv.h: internals shared by the signaling files (not installed).
 *
 * Ownership:
 *   sig
 *    +- sip (libre stack) + its listeners, sipsess socket, UDP helpers
 *    +- dir (room directory: name -> engine room id, linger timers)
 *    +- calls: one sig_call per answered INVITE (one sipsess each);
 *       a call refers to its room and participant by id only.
 * Closed calls move to `dead` and are freed by a 0 ms timer, so no
 * sipsess is released from inside its own callback.
 */
#ifndef CONSORT_SIG_PRIV_H
#define CONSORT_SIG_PRIV_H

#include "sig.h"
#include "sig_sdp.h"

struct sig_dir;

/* What we answer in Allow and Accept. */
#define SIG_ALLOW "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO"
#define SIG_ACCEPT "application/sdp, application/dtmf-relay, application/dtmf"

/* Outlives sig when libre still has to finish (see sig_sip.c). */
struct sig_exit {
	struct sig *sig;      /* NULL once sig is gone                  */
	struct sip *sip;      /* the stack, to release after exit        */
	struct tmr tmr;
	bool exited;          /* libre called exit_h                     */
};

struct sig {
	struct sig_config cfg;          /* cfg.user_agent -> user_agent  */
	struct sig_handlers h;          /* events to the control plane   */
	char *user_agent;
	struct engine *engine;          /* borrowed                      */
	struct sip *sip;
	struct sip_lsnr *lsnr_pre;      /* before sipsess: policy        */
	struct sip_lsnr *lsnr_post;     /* after sipsess: catch-all      */
	struct sip_lsnr *lsnr_resp;     /* stray responses               */
	struct sipsess_sock *ssock;
	struct sig_exit *exit;
	struct sig_dir *dir;
	struct list calls;              /* struct sig_call, up           */
	struct list dials;              /* struct sig_call, dialling out */
	struct list dead;               /* struct sig_call, closed       */
	struct hash *parts;             /* part_id -> struct sig_call    */
	struct list helpers;            /* struct sig_uhelper            */
	struct tmr reap;                /* frees `dead`                  */
	struct tmr done;                /* calls done_h after exit       */
	struct sig_counters cnt;
	char probe_id[32];              /* Call-ID of our own probes     */
	uint32_t next_part;
	bool started;
	bool closing;                   /* sig_shutdown called           */
	bool draining;                  /* new rooms refused (503)       */
	bool sip_closed;                /* sip_close called              */
	bool sip_exited;                /* libre reported the close      */
	void (*done_h)(void *arg);
	void *done_arg;
};

/* One answered INVITE (or a call we dialled): a sipsess plus its
 * participant in a room. */
struct sig_call {
	struct le le;               /* in sig->calls (or dials), then
				       sig->dead                         */
	struct le he;               /* in sig->parts by part_id          */
	struct sig *sig;
	struct sipsess *sess;
	struct sig_sdp *sdp;
	struct engine_media media;  /* as last negotiated                */
	char *room;                 /* room name                         */
	char *uri;                  /* From URI (dialled: the callee)    */
	char *dname;                /* From display name, "" = none      */
	struct sa src;              /* where the INVITE came from        */
	struct sa local;            /* our RTP address and port          */
	uint64_t t_start;           /* [ms] tmr_jiffies() at 200 OK      */
	uint64_t joined_at;         /* [ms] wall clock at engine_join    */
	struct tmr dial_tmr;        /* dialling: gives up (408)          */
	double gain_in, gain_out;   /* [dB] last set by the API          */
	uint32_t room_id;
	uint32_t part_id;
	int rtp_fd, rtcp_fd;        /* ours until engine_join            */
	bool in_room;               /* holds a place in the directory    */
	bool joined;                /* engine_join succeeded             */
	bool established;           /* ACK received                      */
	bool closed;
	bool announced;             /* JOINED event sent (LEFT is due)   */
	bool dialled;               /* we sent the INVITE (sig_dial)     */
	bool dialling;              /* ... and have no final answer yet  */
	bool muted, deaf;           /* last set or reported state        */
	bool gain_set;              /* gain_in/out valid                 */
};

/* sig_sip.c */
void sig_sdp_prefs_get(const struct sig *s, struct sig_sdp_prefs *p);
void sig_emit(const struct sig *s, const struct sig_event *ev);

/* sig_req.c: request policy */
int  sig_req_start(struct sig *s);
void sig_msg_body(const struct sip_msg *msg, struct pl *body);
int  sig_reply(struct sig *s, const struct sip_msg *msg, uint16_t scode,
	       const char *reason, const char *hdrs);

/* sig_count.c: counters and malformed datagrams */
void sig_trace_h(bool tx, enum sip_transp tp, const struct sa *src,
		 const struct sa *dst, const uint8_t *pkt, size_t len,
		 void *arg);
enum sig_method sig_method_index(const struct pl *met);
void sig_count_attach(struct sig *s, void *sock);
void sig_count_probe(struct sig *s, const struct sa *laddr);

/* sig_invite.c: new INVITEs */
void sig_call_conn_h(const struct sip_msg *msg, void *arg);

/* sig_call.c: one call per sipsess */
int  sig_call_alloc(struct sig_call **callp, struct sig *s,
		    const struct pl *room, const struct pl *uri,
		    const struct pl *dname, const struct sa *laddr);
int  sig_call_sdp(struct sig_call *call, const struct sip_msg *msg,
		  bool offer, struct engine_media *m);
int  sig_call_join(struct sig_call *call);
int  sig_call_accept(struct sig_call *call, const struct sip_msg *msg,
		     struct mbuf *desc);
int  sig_call_connect(struct sig_call *call, const char *from_uri,
		      struct mbuf *desc);
void sig_call_announce(struct sig_call *call);
void sig_call_event(const struct sig_call *call, enum sig_event_type t);
void sig_call_close(struct sig_call *call, const char *reason);
void sig_calls_close_all(struct sig *s, const char *reason);
bool sig_call_dialog_exists(const struct sig *s, const struct sip_msg *msg);
struct sig_call *sig_call_find(const struct sig *s, uint32_t part_id);

/* sig_event.c: INFO DTMF and engine events */
void sig_call_info_h(struct sip *sip, const struct sip_msg *msg, void *arg);
int  sig_dtmf_decode(char *digit, const struct msg_ctype *ctype,
		     const struct pl *body);

/* sig_dial.c: calls we make */
void sig_dial_estab(struct sig_call *call);
void sig_dial_progress(struct sig_call *call, const struct sip_msg *msg);
void sig_dial_failed(struct sig_call *call, int err,
		     const struct sip_msg *msg);

/* sig_dir.c: room directory. join: EBUSY full, EACCES locked, ENOENT
 * (the room does not exist and create is false). */
int  sig_dir_alloc(struct sig_dir **dp, struct sig *s);
int  sig_dir_join(struct sig_dir *d, const char *name, unsigned max,
		  bool create, uint32_t *room_id);
void sig_dir_leave(struct sig_dir *d, uint32_t room_id, uint32_t linger);
void sig_dir_room_freed(struct sig_dir *d, uint32_t room_id);
void sig_dir_flush(struct sig_dir *d);
unsigned sig_dir_count(const struct sig_dir *d);
bool sig_room_name_valid(const struct pl *name);
/* Info of a room (nparts left 0); ENOENT. name: by name, else by id. */
int  sig_dir_get(const struct sig_dir *d, const char *name,
		 uint32_t room_id, struct sig_room_info *ri);
void sig_dir_apply(const struct sig_dir *d, sig_room_h *h, void *arg);
int  sig_dir_lock(struct sig_dir *d, uint32_t room_id, bool on);
void sig_dir_remove(struct sig_dir *d, uint32_t room_id);

#endif
