/*
 * main.c: consortd, the Consort conference server: options, config,
 * threads ("sig" = this one, "media-N" workers), signals, shutdown.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <re.h>
#include "conf.h"
#include "daemon.h"
#include "ctl.h"
#include "engine.h"
#include "log.h"
#include "sig.h"

static struct {
	const char *conf_path;
	struct conf conf;
	struct engine *engine;
	struct sig *sig;
	struct ctl *ctl;
	int sigfd;
	struct tmr shutdown_tmr;
	bool stopping;
	int exit_code;
} d = {.sigfd = -1};

static void usage(void)
{
	fprintf(stderr,
		"usage: consortd [-f FILE] [-d] [--check-config] [-h] [-v]\n"
		"  -f FILE          config file (default conf/consortd.conf)\n"
		"  -d               daemonize; write pid_file from the config\n"
		"  --check-config   validate the config file and exit\n"
		"  -v               print the version and exit (with\n"
		"                   --check-config: print the effective config)\n");
}

static void restart_key(const char *key, void *arg)
{
	struct ctl_reload *r = arg;

	LOGW("main", "reload: '%s' changed; it takes effect after a restart",
	     key);
	if (r->nkeys < ARRAY_SIZE(r->keys))
		str_ncpy(r->keys[r->nkeys++], key, sizeof(r->keys[0]));
}

/* SIGHUP and POST /v1/reload: 0, or an errno code with r->err set. */
static int reload(struct ctl_reload *r, void *arg)
{
	struct engine_config ec;
	struct ctl_config cc;
	struct sig_config sc;
	struct conf *nc;
	int err;

	(void)arg;
	nc = mem_zalloc(sizeof(*nc), NULL);
	if (!nc)
		return ENOMEM;
	err = conf_load(nc, d.conf_path, r->err, sizeof(r->err));
	if (err) {
		LOGE("main", "reload failed, keeping the running config: %s",
		     r->err);
		goto out;
	}
	conf_restart_keys(&d.conf, nc, restart_key, r);
	nc->http_listen = d.conf.http_listen;
	daemon_ctl_cfg(&cc, nc);
	err = ctl_reconfig(d.ctl, &cc);
	if (err) {
		re_snprintf(r->err, sizeof(r->err), "%s: api_token: the API "
			    "listens on %J, which is not loopback: a token is "
			    "required until a restart", d.conf_path,
			    &d.conf.http_listen);
		goto out;
	}

	/* Restart-only keys keep their running values. */
	memcpy(nc->sip_listen, d.conf.sip_listen, sizeof(nc->sip_listen));
	nc->n_sip_listen = d.conf.n_sip_listen;
	nc->sip_udp = d.conf.sip_udp;
	nc->sip_tcp = d.conf.sip_tcp;
	nc->media_address = d.conf.media_address;
	nc->rtp_port_min = d.conf.rtp_port_min;
	nc->rtp_port_max = d.conf.rtp_port_max;
	nc->workers = d.conf.workers;
	nc->tick = d.conf.tick;
	d.conf = *nc;

	log_set_level(d.conf.log_level);
	daemon_engine_cfg(&ec, &d.conf);
	engine_reconfig(d.engine, &ec);
	daemon_sig_cfg(&sc, &d.conf);
	sig_reconfig(d.sig, &sc);
	LOGN("main", "reloaded %s", d.conf_path);
 out:
	mem_deref(nc);
	return err;
}

static void stop_now(void *arg)
{
	(void)arg;
	re_cancel();
}

static void shutdown_done(void *arg)
{
	(void)arg;
	LOGN("main", "all calls ended");
	tmr_start(&d.shutdown_tmr, 0, stop_now, NULL);
}

static void begin_shutdown(int signo)
{
	if (d.stopping) {
		LOGW("main", "second %s: exiting now", strsignal(signo));
		re_cancel();
		return;
	}
	d.stopping = true;
	LOGN("main", "%s: ending %u call(s), waiting up to %u s",
	     strsignal(signo), sig_ncalls(d.sig), d.conf.shutdown_timeout);
	tmr_start(&d.shutdown_tmr, d.conf.shutdown_timeout * 1000, stop_now,
		  NULL);
	sig_shutdown(d.sig, shutdown_done, NULL);
}

static void log_sig_counters(const struct sig *s)
{
	struct sig_counters c;
	char req[256];
	int n = 0;

	sig_counters(s, &c);
	req[0] = '\0';
	for (int m = 0; m < SIG_NMETHODS; m++) {
		int k = re_snprintf(req + n, sizeof(req) - (size_t)n,
				    " requests_%s=%llu",
				    sig_method_name((enum sig_method)m),
				    (unsigned long long)c.requests[m]);
		if (k < 0)
			break;
		n += k;
	}
	LOGI("sip", "stats sip malformed=%llu calls_ok=%llu"
	     " calls_rejected=%llu calls_failed=%llu calls_active=%llu"
	     " reinvites=%llu dtmf_info=%llu responses_1xx=%llu"
	     " responses_2xx=%llu responses_3xx=%llu responses_4xx=%llu"
	     " responses_5xx=%llu responses_6xx=%llu%s",
	     (unsigned long long)c.malformed,
	     (unsigned long long)c.calls_ok,
	     (unsigned long long)c.calls_rejected,
	     (unsigned long long)c.calls_failed,
	     (unsigned long long)c.calls_active,
	     (unsigned long long)c.reinvites,
	     (unsigned long long)c.dtmf_info,
	     (unsigned long long)c.responses[1],
	     (unsigned long long)c.responses[2],
	     (unsigned long long)c.responses[3],
	     (unsigned long long)c.responses[4],
	     (unsigned long long)c.responses[5],
	     (unsigned long long)c.responses[6], req);
}

static void on_signal(int flags, void *arg)
{
	struct signalfd_siginfo si;
	(void)flags;
	(void)arg;

	while (read(d.sigfd, &si, sizeof(si)) == sizeof(si)) {
		switch (si.ssi_signo) {

		case SIGTERM:
		case SIGINT:
			begin_shutdown((int)si.ssi_signo);
			break;

		case SIGHUP: {
			struct ctl_reload r;

			memset(&r, 0, sizeof(r));
			(void)reload(&r, NULL);
			break;
		}

		case SIGUSR1:
			engine_stats(d.engine);
			log_sig_counters(d.sig);
			break;
		}
	}
}

static int signals_init(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGUSR1);
	/* Blocked before the workers start, so they inherit the mask. */
	if (pthread_sigmask(SIG_BLOCK, &set, NULL))
		return errno;
	d.sigfd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (d.sigfd < 0)
		return errno;
	return fd_listen(d.sigfd, FD_READ, on_signal, NULL);
}

static void raise_fd_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl))
		return;
	rl.rlim_cur = rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
}

static int start(void)
{
	struct engine_handlers eh;
	struct engine_config ec;
	struct sig_handlers sh;
	struct ctl_config cc;
	struct sig_config sc;
	int err;

	err = libre_init();
	if (err)
		return err;
	raise_fd_limit();
	fd_setsize(65536);
	tmr_init(&d.shutdown_tmr);

	err = signals_init();
	if (err)
		return err;

	daemon_ctl_cfg(&cc, &d.conf);
	err = ctl_alloc(&d.ctl, &cc, reload, NULL);
	if (err)
		return err;
	ctl_sig_handlers(d.ctl, &sh);
	daemon_sig_cfg(&sc, &d.conf);
	err = sig_alloc(&d.sig, &sc, &sh);
	if (err)
		return err;
	sig_engine_handlers(d.sig, &eh);
	daemon_engine_cfg(&ec, &d.conf);
	err = engine_alloc(&d.engine, &ec, &eh);
	if (err)
		return err;
	LOGI("main", "consortd %s: %u media worker(s), tick %u ms",
	     CONSORT_VERSION, ec.workers, ec.tick);
	err = sig_start(d.sig, d.engine);
	if (err)
		return err;
	return ctl_start(d.ctl, d.sig, d.engine);
}

static void stop(void)
{
	tmr_cancel(&d.shutdown_tmr);
	d.sig = mem_deref(d.sig);        /* its last events go to ctl */
	d.ctl = mem_deref(d.ctl);
	d.engine = mem_deref(d.engine);
	if (d.sigfd >= 0) {
		fd_close(d.sigfd);
		close(d.sigfd);
	}
	libre_close();
}

int main(int argc, char *argv[])
{
	static const struct option opts[] = {
		{"check-config", no_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'v'},
		{NULL, 0, NULL, 0},
	};
	bool check = false, daemonize = false, verbose = false;
	char err_msg[512];
	int c, err;

	d.conf_path = "conf/consortd.conf";
	while ((c = getopt_long(argc, argv, "f:dhv", opts, NULL)) != -1) {
		switch (c) {
		case 'f': d.conf_path = optarg; break;
		case 'd': daemonize = true; break;
		case 'c': check = true; break;
		case 'v': verbose = true; break;
		case 'h': usage(); return 0;
		default: usage(); return 2;
		}
	}

	if (verbose && !check) {
		printf("consortd %s\n", CONSORT_VERSION);
		return 0;
	}
	if (conf_load(&d.conf, d.conf_path, err_msg, sizeof(err_msg))) {
		fprintf(stderr, "consortd: %s\n", err_msg);
		return 2;
	}
	if (check) {
		if (verbose)
			re_printf("%H", conf_print, &d.conf);
		printf("%s: OK\n", d.conf_path);
		return 0;
	}
	log_set_level(d.conf.log_level);

	if (daemonize && daemon_detach())
		return 1;

	err = start();
	if (!err && daemonize) {
		err = daemon_pid_file(d.conf.pid_file);
		if (err)
			LOGE("main", "pid file %s: %m", d.conf.pid_file, err);
	}
	if (daemonize)
		daemon_ready(err);
	if (err) {
		LOGE("main", "start-up failed: %m", err);
		stop();
		return 1;
	}

	re_main(NULL);

	LOGN("main", "stopped");
	stop();
	if (daemonize)
		unlink(d.conf.pid_file);
	return d.exit_code;
}
