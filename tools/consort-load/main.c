/*
 * main.c: consort-load, a SIP load generator for Consort: options, libre
 * init, setup, the run, the JSON summary, teardown.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include "load.h"

enum {
	FD_MIN = 4096,          /* fd table size at least (--rtp-only lists
				   are read after libre's table is sized) */
	FD_SPARE = 256,         /* fds beyond one per participant */
};

/* re_main's signal handler takes no argument: the run it stops. */
static struct load *the_load;

static void on_signal(int sig)
{
	struct load *l = the_load;
	(void)sig;

	if (!l || l->interrupted) {
		re_cancel();
		return;
	}

	l->interrupted = true;
	run_stop(l);
}


/* One socket per participant: raise the fd limit and libre's table. */
static int fds_init(unsigned parts)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)(parts > FD_MIN ? parts : FD_MIN) + FD_SPARE;

	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max < want ? rl.rlim_max : want;
		(void)setrlimit(RLIMIT_NOFILE, &rl);
	}

	return fd_setsize((int)want);
}


int main(int argc, char *argv[])
{
	struct load l;
	bool ok = false;
	int err;

	memset(&l, 0, sizeof(l));
	err = opts_parse(&l.o, argc, argv);
	if (err)
		return err == EALREADY ? 0 : 2;

	err = libre_init();
	if (err) {
		fprintf(stderr, "consort-load: libre_init: %s\n",
			strerror(err));
		return 1;
	}

	err = fds_init(l.o.parts);
	if (!err)
		err = load_setup(&l);
	if (!err)
		err = run_init(&l);
	if (err) {
		fprintf(stderr, "consort-load: setup: %s\n", strerror(err));
		goto out;
	}

	the_load = &l;
	err = re_main(on_signal);
	the_load = NULL;
	if (err)
		fprintf(stderr, "consort-load: re_main: %s\n", strerror(err));
	if (l.phase < PH_HANGUP)
		run_stop(&l);

	err = report_json(stdout, &l, &ok);

 out:
	load_teardown(&l);
	libre_close();

	return !err && ok ? 0 : 1;
}
