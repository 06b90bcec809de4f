/* daemon.h: consortd's helpers outside main(): config mapping, detach. */
#ifndef CONSORT_DAEMON_H
#define CONSORT_DAEMON_H

#include "conf.h"
#include "ctl.h"
#include "engine.h"
#include "sig.h"

#define CONSORT_VERSION "0.1.0"

/* The module configs that a parsed config file implies. */
void daemon_engine_cfg(struct engine_config *ec, const struct conf *c);
void daemon_sig_cfg(struct sig_config *sc, const struct conf *c);
void daemon_ctl_cfg(struct ctl_config *cc, const struct conf *c);

/*
 * -d: fork before any thread exists. Returns 0 in the child; the parent
 * waits for daemon_ready() and exits with its result, so `consortd -d`
 * fails like a foreground start would. Non-zero: could not fork.
 */
int  daemon_detach(void);

/* Child: report start-up done (err 0) or failed to the waiting parent. */
void daemon_ready(int err);

/* Write our pid to path; 0 or an errno code. */
int  daemon_pid_file(const char *path);

#endif
