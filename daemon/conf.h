/*
 * conf.h: consortd's configuration file: defaults, parsing with
 * file:line error messages, and which changes need a restart.
 *
 * Format: one "key value..." per line; '#' starts a comment at the start
 * of a line or of a word (except the SEQUENCE word of a dtmf line, so
 * "dtmf # mute" binds '#'); blank lines are ignored; keys are lower-case
 * and case-sensitive. The list keys sip_listen, dtmf and webhook append; the first
 * occurrence in a file replaces the default list. Any other repeated key:
 * the last one wins. conf/consortd.conf documents every key.
 */
#ifndef CONSORT_CONF_H
#define CONSORT_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <re.h>
#include "log.h"

enum {
	CONF_MAX_LISTEN = 8,   /* sip_listen entries                   */
	CONF_MAX_CODECS = 8,   /* codecs in the preference list        */
	CONF_MAX_DTMF   = 8,   /* dtmf caller-control entries          */
	CONF_MAX_HOOKS  = 8,   /* webhook URLs                         */
};

/* The effective configuration. (R) = reloaded by SIGHUP. */
struct conf {
	struct sa sip_listen[CONF_MAX_LISTEN]; /* SIP sockets, any = all */
	unsigned n_sip_listen;
	bool sip_udp;                /* listen on UDP                      */
	bool sip_tcp;                /* listen on TCP                      */
	struct sa media_address;     /* RTP bind/SDP address, port 0; any
				      * = the address the INVITE came to  */
	uint16_t rtp_port_min;       /* first RTP port                     */
	uint16_t rtp_port_max;       /* last RTP port, > rtp_port_min      */
	unsigned workers;            /* media threads, 0 = auto (CPUs)     */
	enum log_level log_level;    /* (R)                                */
	uint32_t room_linger;        /* (R) [s] empty room kept alive      */
	unsigned max_participants;   /* (R) per room                       */
	char codecs[CONF_MAX_CODECS][8]; /* (R) preference order, names as
					  * codec_find() takes them       */
	unsigned n_codecs;
	uint32_t ptime;              /* (R) [ms] 10, 20, 30, 40 or 60      */
	uint32_t opus_bitrate;       /* (R) [bit/s]                        */
	int opus_complexity;         /* (R) 0..10                          */
	bool opus_fec;               /* (R) in-band FEC                    */
	bool opus_dtx;               /* (R) discontinuous transmission     */
	uint32_t tick;               /* [ms] mix period: 10, 20 or 40      */
	uint32_t jb_min_delay;       /* (R) [ms]                           */
	uint32_t jb_max_delay;       /* (R) [ms] >= jb_min_delay           */
	int talk_on_level;           /* (R) [dBov] starts talking          */
	int talk_off_level;          /* (R) [dBov] <= talk_on_level        */
	uint32_t talk_hold;          /* (R) [ms] below off before stopping */
	unsigned mix_max_talkers;    /* (R) loudest inputs mixed, 0 = all  */
	uint32_t rtcp_interval;      /* (R) [s] (engine_config wants ms!)  */
	uint32_t shutdown_timeout;   /* (R) [s] SIGTERM waits for BYEs     */
	char pid_file[256];          /* path written with -d               */
	char dtmf_seq[CONF_MAX_DTMF][8];     /* (R) e.g. "*6", [0-9*#A-D] */
	char dtmf_action[CONF_MAX_DTMF][16]; /* (R) "mute", "deaf", ...   */
	unsigned n_dtmf;
	struct sa http_listen;       /* API address and port               */
	char api_token[128];         /* (R) bearer token, "" = none        */
	char webhooks[CONF_MAX_HOOKS][256]; /* (R) http:// URLs            */
	unsigned n_webhooks;
	unsigned webhook_queue;      /* (R) [events] per webhook URL       */
	unsigned metrics_max_participants; /* (R) per-participant series  */
};

/* Fill *c with the built-in defaults (those documented in the file). */
void conf_defaults(struct conf *c);

/*
 * Parse buf (len bytes, need not be NUL-terminated) on top of *c; fname
 * is used in messages only. Returns 0, or EINVAL with one message
 * "fname:line: key 'k': ..." in err (errsz bytes, may be 0). The first
 * error stops parsing. On failure *c is left unchanged.
 */
int conf_parse(struct conf *c, const char *buf, size_t len,
	       const char *fname, char *err, size_t errsz);

/*
 * Defaults, then the file at path. Returns 0, EINVAL (syntax, message
 * as conf_parse), or the errno of opening/reading (message
 * "path: <strerror>"), EFBIG for a file over 1 MiB. On failure *c is
 * left unchanged, so a bad SIGHUP reload keeps the running config.
 */
int conf_load(struct conf *c, const char *path, char *err, size_t errsz);

/*
 * Call h(key, arg) (h may be NULL) for each key that needs a restart
 * and differs between old and cur, in file order. Returns their count.
 */
unsigned conf_restart_keys(const struct conf *old, const struct conf *cur,
			   void (*h)(const char *key, void *arg), void *arg);

/* Print the effective config as "key value" lines that conf_parse
 * reads back to the same config. For --check-config -v. */
int conf_print(struct re_printf *pf, const struct conf *c);

#endif
