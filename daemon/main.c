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
#include "ctl.h"
#include "engine.h"
#include "log.h"
#include "sig.h"

#define CONSORT_VERSION "0.1.0"

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

static void engine_cfg(struct engine_config *ec, const struct conf *c)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);

	memset(ec, 0, sizeof(*ec));
	ec->workers = c->workers ? c->workers : (unsigned)(ncpu > 0 ? ncpu : 1);
	ec->tick = c->tick;
	ec->jb_min = c->jb_min_delay;
	ec->jb_max = c->jb_max_delay;
	ec->talk_on = c->talk_on_level;
	ec->talk_off = c->talk_off_level;
	ec->talk_hold = c->talk_hold;
	ec->rtcp_interval = c->rtcp_interval * 1000;
	ec->mix_k = c->mix_max_talkers;
	for (unsigned i = 0; i < c->n_dtmf && i < ARRAY_SIZE(ec->dtmf_keys);
	     i++) {
		str_ncpy(ec->dtmf_keys[i], c->dtmf_seq[i],
			 sizeof(ec->dtmf_keys[i]));
		str_ncpy(ec->dtmf_actions[i], c->dtmf_action[i],
			 sizeof(ec->dtmf_actions[i]));
		ec->dtmf_nkeys = i + 1;
	}
}

static void sig_cfg(struct sig_config *sc, const struct conf *c)
{
	memset(sc, 0, sizeof(*sc));
	for (unsigned i = 0; i < c->n_sip_listen && i < ARRAY_SIZE(sc->listen);
	     i++)
		sc->listen[sc->nlisten++] = c->sip_listen[i];
	sc->udp = c->sip_udp;
	sc->tcp = c->sip_tcp;
	sc->media_addr = c->media_address;
	sc->rtp_port_min = c->rtp_port_min;
	sc->rtp_port_max = c->rtp_port_max;
	sc->max_participants = c->max_participants;
	sc->room_linger = c->room_linger;
	for (unsigned i = 0; i < c->n_codecs && i < ARRAY_SIZE(sc->codecs);
	     i++) {
		const struct codec_def *def = codec_find(c->codecs[i]);
		if (def)
			sc->codecs[sc->ncodecs++] = def;
	}
	sc->opus.bitrate = c->opus_bitrate;
	sc->opus.complexity = c->opus_complexity;
	sc->opus.fec = c->opus_fec;
	sc->opus.dtx = c->opus_dtx;
	sc->opus.ptime = c->ptime;
	sc->ptime = c->ptime;
	sc->user_agent = "consort/" CONSORT_VERSION;
}

static void ctl_cfg(struct ctl_config *cc, const struct conf *c)
{
	memset(cc, 0, sizeof(*cc));
	cc->listen = c->http_listen;
	str_ncpy(cc->token, c->api_token, sizeof(cc->token));
	for (unsigned i = 0; i < c->n_webhooks && i < CTL_MAX_HOOKS; i++)
		str_ncpy(cc->hooks[cc->nhooks++], c->webhooks[i],
			 sizeof(cc->hooks[0]));
	cc->hook_queue = c->webhook_queue;
	cc->metrics_max_parts = c->metrics_max_participants;
	str_ncpy(cc->version, CONSORT_VERSION, sizeof(cc->version));
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
	ctl_cfg(&cc, nc);
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
	engine_cfg(&ec, &d.conf);
	engine_reconfig(d.engine, &ec);
	sig_cfg(&sc, &d.conf);
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

static int write_pid_file(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return errno;
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
	return 0;
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

	ctl_cfg(&cc, &d.conf);
	err = ctl_alloc(&d.ctl, &cc, reload, NULL);
	if (err)
		return err;
	ctl_sig_handlers(d.ctl, &sh);
	sig_cfg(&sc, &d.conf);
	err = sig_alloc(&d.sig, &sc, &sh);
	if (err)
		return err;
	sig_engine_handlers(d.sig, &eh);
	engine_cfg(&ec, &d.conf);
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

/*
 * -d: fork before any thread exists; the parent waits until the child
 * has bound its sockets and written the pid file (or failed), and exits
 * with that result, so `consortd -d` fails loudly like a foreground
 * start would.
 */
static int ready_fd = -1;

static int detach(void)
{
	int fds[2];
	char status = 1;
	pid_t pid;

	if (pipe(fds)) {
		perror("consortd: pipe");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("consortd: fork");
		return 1;
	}
	if (pid > 0) {
		close(fds[1]);
		if (read(fds[0], &status, 1) != 1)
			status = 1;
		_exit(status);
	}
	close(fds[0]);
	ready_fd = fds[1];
	setsid();   /* keeps the working directory: paths may be relative */
	return 0;
}

static void report_ready(int err)
{
	char status = err ? 1 : 0;

	if (ready_fd < 0)
		return;
	(void)!write(ready_fd, &status, 1);
	close(ready_fd);
	ready_fd = -1;
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

	if (daemonize && detach())
		return 1;

	err = start();
	if (!err && daemonize) {
		err = write_pid_file(d.conf.pid_file);
		if (err)
			LOGE("main", "pid file %s: %m", d.conf.pid_file, err);
	}
	if (daemonize)
		report_ready(err);
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
