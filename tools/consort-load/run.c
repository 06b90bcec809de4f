/*
 * run.c: the phases of a run. RAMP dials participants at --rate calls/s
 * and waits until each call is up or failed (or --setup-timeout passes
 * after the last INVITE); HOLD keeps every call for --duration seconds
 * (decoding a window of it with --verify); HANGUP sends the BYEs and
 * stops the loop once SIP is done (or after a grace period).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "clock.h"
#include "load.h"

enum {
	RAMP_MIN_MS = 5,        /* [ms] shortest dialing timer */
	PROGRESS_MS = 1000,     /* [ms] progress line period */
	BYE_GRACE_MS = 5000,    /* [ms] wait for BYE transactions */
};


unsigned load_room_size(const struct load *l, unsigned room)
{
	unsigned n = l->n, r = l->o.rooms, per;

	if (room >= r)
		return 0;
	if (!l->o.grouped)
		return (n - room + r - 1) / r;

	per = (n + r - 1) / r;
	if (room * per >= n)
		return 0;

	return n - room * per < per ? n - room * per : per;
}


unsigned load_room_talkers(const struct load *l, unsigned room)
{
	unsigned size = load_room_size(l, room);

	return l->o.talkers < size ? l->o.talkers : size;
}


unsigned load_part_at(const struct load *l, unsigned room, unsigned slot)
{
	unsigned r = l->o.rooms;

	if (!l->o.grouped)
		return slot * r + room;

	return room * ((l->n + r - 1) / r) + slot;
}


/* BYE grace period over: drop what SIP still waits for, then stop. */
static void stop_loop(void *arg)
{
	struct load *l = arg;

	lsip_abort(l);
	re_cancel();
}


static void verify_off(void *arg)
{
	struct load *l = arg;

	l->verifying = false;
}


static void verify_on(void *arg)
{
	struct load *l = arg;

	l->verifying = true;
	if (l->o.verify_secs)
		tmr_start(&l->verify_tmr, l->o.verify_secs * 1000ull,
			  verify_off, l);
}


static void hold_end(void *arg)
{
	run_stop(arg);
}


static void touch(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		fprintf(stderr, "consort-load: %s: %m\n", path);
		return;
	}
	fclose(f);
}


static void start_hold(struct load *l)
{
	l->phase = PH_HOLD;
	l->t_hold = clock_mono_us();
	tmr_cancel(&l->phase_tmr);

	if (!l->o.quiet)
		fprintf(stderr, "%sconsort-load: %u/%u calls up, holding "
			"%u s\n", isatty(STDERR_FILENO) ? "\n" : "", l->up,
			l->n, l->o.duration);
	if (l->o.ready_file)
		touch(l->o.ready_file);
	if (l->o.verify)
		tmr_start(&l->verify_tmr, l->o.verify_delay * 1000ull,
			  verify_on, l);

	tmr_start(&l->phase_tmr, l->o.duration * 1000ull, hold_end, l);
}


void run_part_done(struct lpart *p)
{
	struct load *l = p->l;

	if (l->phase == PH_RAMP && l->dialed == l->n &&
	    l->up + l->failed >= l->n)
		start_hold(l);
}


static void setup_timeout(void *arg)
{
	struct load *l = arg;

	for (unsigned i = 0; i < l->n; i++) {
		struct lpart *p = &l->parts[i];

		if (p->state != LP_CALLING)
			continue;
		p->err = ETIMEDOUT;
		p->state = LP_FAILED;
		++l->failed;
		lsip_hangup(p);
	}

	start_hold(l);
}


static void dial_next(struct lpart *p)
{
	struct load *l = p->l;
	int err;

	++l->dialed;
	err = lsip_dial(p);
	if (!err)
		return;

	fprintf(stderr, "consort-load: participant %u: dial: %s\n",
		p->idx, strerror(err));
	p->err = err;
	p->state = LP_FAILED;
	++l->failed;
}


static void ramp(void *arg)
{
	struct load *l = arg;
	uint64_t el = clock_mono_us() - l->t_start;
	uint64_t due = (uint64_t)((double)el * l->o.rate / 1e6) + 1;
	unsigned ms;

	while (l->dialed < l->n && l->dialed < due)
		dial_next(&l->parts[l->dialed]);

	if (l->dialed < l->n) {
		ms = (unsigned)(1000.0 / l->o.rate);
		tmr_start(&l->ramp_tmr, ms < RAMP_MIN_MS ? RAMP_MIN_MS : ms,
			  ramp, l);
		return;
	}

	l->t_ramp_end = clock_mono_us();
	tmr_start(&l->phase_tmr, l->o.setup_timeout * 1000ull,
		  setup_timeout, l);
	run_part_done(&l->parts[l->n - 1]);
}


static void progress(void *arg)
{
	struct load *l = arg;

	report_progress(l, false);
	tmr_start(&l->prog_tmr, PROGRESS_MS, progress, l);
}


int run_init(struct load *l)
{
	int err;

	l->t_start = clock_mono_us();
	err = media_start(l);
	if (err)
		return err;

	if (!l->o.quiet)
		tmr_start(&l->prog_tmr, PROGRESS_MS, progress, l);

	if (l->o.rtp_only) {
		for (unsigned i = 0; i < l->n; i++) {
			struct lpart *p = &l->parts[i];

			p->state = LP_UP;
			p->t_up = l->t_start;
			media_start_part(p);
		}
		l->dialed = l->up = l->n;
		start_hold(l);
		return 0;
	}

	tmr_start(&l->ramp_tmr, 0, ramp, l);

	return 0;
}


void run_stop(struct load *l)
{
	if (l->phase >= PH_HANGUP)
		return;

	l->phase = PH_HANGUP;
	l->t_end = clock_mono_us();
	l->verifying = false;
	tmr_cancel(&l->ramp_tmr);
	tmr_cancel(&l->verify_tmr);
	tmr_cancel(&l->prog_tmr);
	media_stop(l);
	if (!l->o.quiet)
		report_progress(l, true);

	if (l->o.rtp_only) {
		re_cancel();
		return;
	}

	for (unsigned i = 0; i < l->n; i++)
		lsip_hangup(&l->parts[i]);

	tmr_start(&l->phase_tmr, BYE_GRACE_MS, stop_loop, l);
	lsip_close(l);
}
