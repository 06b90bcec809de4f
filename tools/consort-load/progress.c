/* progress.c: the progress line consort-load keeps updating on stderr. */
#include <stdio.h>
#include <unistd.h>
#include "clock.h"
#include "load.h"

static const char *phase_name(enum load_phase ph)
{
	switch (ph) {

	case PH_RAMP:   return "ramp";
	case PH_HOLD:   return "hold";
	case PH_HANGUP: return "hangup";
	default:        return "done";
	}
}


void report_progress(struct load *l, bool final)
{
	uint64_t now = clock_mono_us(), tx = 0, rx = 0;
	int64_t lost = 0;
	double pps = 0, loss = 0;
	bool tty = isatty(STDERR_FILENO);

	for (unsigned i = 0; i < l->n; i++) {
		const struct lpart *p = &l->parts[i];

		tx += p->tx_pkts;
		rx += p->rx.pkts;
		lost += p->rx.lost_prev + rtp_rxstats_lost(&p->rx.rs);
	}

	if (l->prog_t && now > l->prog_t)
		pps = (double)(rx - l->prog_rx) * 1e6 /
			(double)(now - l->prog_t);
	l->prog_t = now;
	l->prog_rx = rx;
	if (lost > 0)
		loss = 100.0 * (double)lost / (double)(rx + (uint64_t)lost);

	fprintf(stderr, "%s[%7.1fs] %-6s up %u/%u failed %u dropped %u | "
		"tx %llu rx %llu | %.0f pps in | loss %.3f%%%s",
		tty ? "\r" : "", (double)(now - l->t_start) / 1e6,
		phase_name(l->phase), l->up - l->dropped, l->n, l->failed,
		l->dropped, (unsigned long long)tx, (unsigned long long)rx,
		pps, loss, tty && !final ? "\033[K" : "\n");
	fflush(stderr);
}
