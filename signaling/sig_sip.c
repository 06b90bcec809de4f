/*
 * sig_sip.c: SIP stack lifecycle: config, transports, listeners,
 * libre log routing, reconfig and shutdown.
 *
 * libre 1.1.0 shutdown: sip_close(sip, false) drops our reference; when
 * the last session lets go, the stack's destructor takes a reference
 * back and calls exit_h (from inside the destructor, so nothing may be
 * released there). exit_h, the trace handler and the sipsess connect
 * handler get a small sig_exit cell rather than sig: if sig is freed
 * first, the cell stays behind for libre (new INVITEs get 503) and
 * releases the stack itself once libre reports the exit.
 */
#include <string.h>
#include <re.h>
#define DEBUG_MODULE "sig"
#define DEBUG_LEVEL 5
#include <re_dbg.h>
#include "log.h"
#include "sig_priv.h"

enum {
	SIP_HASH = 64,    /* power of two (libre hash tables) */
	PART_HASH = 64,
};

static int check_config(const struct sig_config *cfg)
{
	if (!cfg->nlisten || cfg->nlisten > SIG_MAXLISTEN)
		return EINVAL;
	if (!cfg->udp && !cfg->tcp)
		return EINVAL;
	if (!cfg->ncodecs || cfg->ncodecs > SIG_MAXCODECS)
		return EINVAL;
	for (unsigned i = 0; i < cfg->ncodecs; i++) {
		if (!cfg->codecs[i])
			return EINVAL;
	}
	if (!cfg->rtp_port_min || cfg->rtp_port_min > cfg->rtp_port_max)
		return EINVAL;

	return 0;
}


static void exit_cell_release(void *arg)
{
	struct sig_exit *x = arg;

	mem_deref(x->sip);
	mem_deref(x);
}


static void exit_cell_destructor(void *arg)
{
	struct sig_exit *x = arg;

	tmr_cancel(&x->tmr);
}


static void done_h(void *arg)
{
	struct sig *s = arg;

	if (s->done_h)
		s->done_h(s->done_arg);   /* may free s: last statement */
}


/* Called by libre from inside the stack's destructor. */
static void exit_h(void *arg)
{
	struct sig_exit *x = arg;

	x->exited = true;

	if (!x->sig) {
		tmr_start(&x->tmr, 0, exit_cell_release, x);
		return;
	}

	x->sig->sip_exited = true;
	tmr_start(&x->sig->done, 0, done_h, x->sig);
}


/*
 * Let go of the stack. Sessions still finishing (BYE) keep it, and its
 * sipsess socket, alive: the cell stays behind as their handler
 * argument and releases the stack when libre reports the exit.
 */
static void release_stack(struct sig *s)
{
	struct sig_exit *x = s->exit;

	if (!s->sip) {
		mem_deref(x);
		return;
	}

	sip_set_trace_handler(s->sip, NULL);
	x->sig = NULL;
	x->sip = s->sip;

	if (!s->sip_closed) {
		s->sip_closed = true;
		sip_close(s->sip, false);
	}

	/* exited, now or before: we hold the reference libre took back */
	if (x->exited) {
		tmr_cancel(&x->tmr);
		exit_cell_release(x);
	}
}


static void destructor(void *arg)
{
	struct sig *s = arg;

	if (s->started)
		dbg_handler_set(NULL, NULL);

	sig_calls_close_all(s, "shutdown");
	list_flush(&s->dead);
	tmr_cancel(&s->reap);
	tmr_cancel(&s->done);
	mem_deref(s->parts);
	mem_deref(s->dir);

	list_flush(&s->helpers);
	mem_deref(s->lsnr_pre);
	mem_deref(s->lsnr_post);
	mem_deref(s->lsnr_resp);
	mem_deref(s->ssock);
	release_stack(s);

	mem_deref(s->user_agent);
}


int sig_alloc(struct sig **sigp, const struct sig_config *cfg,
	      const struct sig_handlers *h)
{
	struct sig *s;
	int err;

	if (!sigp || !cfg)
		return EINVAL;

	err = check_config(cfg);
	if (err)
		return err;

	s = mem_zalloc(sizeof(*s), destructor);
	if (!s)
		return ENOMEM;

	s->cfg = *cfg;
	if (h)
		s->h = *h;
	tmr_init(&s->reap);
	tmr_init(&s->done);

	err = str_dup(&s->user_agent, cfg->user_agent ? cfg->user_agent
				      : "consort");
	if (err)
		goto out;
	s->cfg.user_agent = s->user_agent;

	err = hash_alloc(&s->parts, PART_HASH);
	if (err)
		goto out;

	re_snprintf(s->probe_id, sizeof(s->probe_id), "consort-probe-%08x",
		    rand_u32());

 out:
	if (err)
		mem_deref(s);
	else
		*sigp = s;

	return err;
}


void sig_emit(const struct sig *s, const struct sig_event *ev)
{
	if (s && s->h.event)
		s->h.event(ev, s->h.arg);
}


void sig_sdp_prefs_get(const struct sig *s, struct sig_sdp_prefs *p)
{
	memset(p, 0, sizeof(*p));

	for (unsigned i = 0; i < s->cfg.ncodecs; i++)
		p->codecs[i] = s->cfg.codecs[i];

	p->ncodecs = s->cfg.ncodecs;
	p->opus = s->cfg.opus;
	p->ptime = s->cfg.ptime ? s->cfg.ptime : 20;
}


/* libre's own log lines (dbg_printf), truncated by libre to 256 bytes. */
static void dbg_h(int level, const char *p, size_t len, void *arg)
{
	(void)arg;

	while (len && (p[len - 1] == '\n' || p[len - 1] == '\r'))
		--len;

	log_printf(level <= DBG_ERR ? LOG_WARN : LOG_DEBUG, "libre", "%b",
		   p, len);
}


/*
 * The address a transport got. libre 1.1.0 can only tell the first
 * transport of a family, which is right for port 0 on one address.
 */
static void bound_addr(struct sig *s, enum sip_transp tp,
		       const struct sa *laddr, struct sa *bound)
{
	*bound = *laddr;

	if (!sa_port(laddr))
		(void)sip_transp_laddr(s->sip, bound, tp, laddr);
}


static int transp_add_one(struct sig *s, const struct sa *laddr)
{
	enum sip_transp tp = s->cfg.udp ? SIP_TRANSP_UDP : SIP_TRANSP_TCP;
	struct sa bound;
	int err = 0;

	if (s->cfg.udp) {
		err = sip_transp_add(s->sip, SIP_TRANSP_UDP, laddr);
		if (err)
			return err;
		bound_addr(s, SIP_TRANSP_UDP, laddr, &bound);
		sig_count_probe(s, &bound);
	}

	if (s->cfg.tcp)
		err = sip_transp_add(s->sip, SIP_TRANSP_TCP, laddr);
	if (err)
		return err;

	bound_addr(s, tp, laddr, &bound);
	LOGI("sip", "listening on %J (%s): call sip:ROOM@%J", &bound,
	     !s->cfg.tcp ? "udp" : !s->cfg.udp ? "tcp" : "udp, tcp", &bound);

	return 0;
}


struct ifwalk {
	struct sig *s;
	const struct sa *want;    /* any address, with the port to use */
	unsigned n;
	int err;
};


static bool if_h(const char *ifname, const struct sa *sa, void *arg)
{
	struct ifwalk *w = arg;
	struct sa laddr = *sa;
	int err;

	(void)ifname;

	if (sa_af(sa) != sa_af(w->want) || sa_is_linklocal(sa))
		return false;

	sa_set_port(&laddr, sa_port(w->want));
	if (sip_transp_isladdr(w->s->sip, SIP_TRANSP_NONE, &laddr))
		return false;

	err = transp_add_one(w->s, &laddr);
	if (err) {
		LOGW("sip", "cannot listen on %J: %m", &laddr, err);
		w->err = err;
		return false;
	}

	++w->n;
	return false;
}


static int transp_add(struct sig *s, const struct sa *laddr)
{
	struct ifwalk w = {s, laddr, 0, 0};

	if (!sa_is_any(laddr))
		return transp_add_one(s, laddr);

	(void)net_if_apply(if_h, &w);
	if (!w.n)
		return w.err ? w.err : EADDRNOTAVAIL;

	return 0;
}


static int stack_start(struct sig *s)
{
	int err;

	s->exit = mem_zalloc(sizeof(*s->exit), exit_cell_destructor);
	if (!s->exit)
		return ENOMEM;
	s->exit->sig = s;
	tmr_init(&s->exit->tmr);

	err = sip_alloc(&s->sip, NULL, SIP_HASH, SIP_HASH, SIP_HASH,
			s->user_agent, exit_h, s->exit);
	if (err)
		return err;

	sip_set_trace_handler(s->sip, sig_trace_h);

	for (unsigned i = 0; i < s->cfg.nlisten && !err; i++)
		err = transp_add(s, &s->cfg.listen[i]);
	if (err)
		return err;

	/* listener order: policy, sipsess, catch-all */
	err = sig_req_start(s);
	if (err)
		return err;

	return sig_dir_alloc(&s->dir, s);
}


int sig_start(struct sig *s, struct engine *e)
{
	int err;

	if (!s || !e)
		return EINVAL;
	if (s->sip)
		return EALREADY;

	s->engine = e;
	s->started = true;
	dbg_handler_set(dbg_h, NULL);

	err = stack_start(s);
	if (err) {
		LOGE("sip", "cannot start: %m", err);
		list_flush(&s->helpers);
		s->lsnr_pre = mem_deref(s->lsnr_pre);
		s->lsnr_post = mem_deref(s->lsnr_post);
		s->lsnr_resp = mem_deref(s->lsnr_resp);
		s->ssock = mem_deref(s->ssock);
		s->dir = mem_deref(s->dir);
		release_stack(s);
		s->sip = NULL;
		s->exit = NULL;
		s->sip_closed = false;
		return err;
	}

	return 0;
}


int sig_reconfig(struct sig *s, const struct sig_config *cfg)
{
	if (!s || !cfg || !cfg->ncodecs || cfg->ncodecs > SIG_MAXCODECS)
		return EINVAL;

	for (unsigned i = 0; i < cfg->ncodecs; i++) {
		if (!cfg->codecs[i])
			return EINVAL;
	}

	s->cfg.max_participants = cfg->max_participants;
	s->cfg.room_linger = cfg->room_linger;
	memcpy(s->cfg.codecs, cfg->codecs, sizeof(s->cfg.codecs));
	s->cfg.ncodecs = cfg->ncodecs;
	s->cfg.opus = cfg->opus;
	s->cfg.ptime = cfg->ptime;

	LOGI("sip", "reconfigured: max_participants=%u room_linger=%us "
	     "codecs=%u ptime=%ums", cfg->max_participants,
	     cfg->room_linger, cfg->ncodecs, cfg->ptime);

	return 0;
}


void sig_shutdown(struct sig *s, void (*dh)(void *arg), void *arg)
{
	if (!s)
		return;

	s->done_h = dh;
	s->done_arg = arg;

	if (!s->closing) {
		s->closing = true;
		LOGI("sip", "shutting down: %u call(s)", sig_ncalls(s));
		sig_calls_close_all(s, "shutdown");
		sig_dir_flush(s->dir);
	}

	if (!s->sip) {
		tmr_start(&s->done, 0, done_h, s);
		return;
	}

	if (!s->sip_closed) {
		s->sip_closed = true;
		sip_close(s->sip, false);   /* may call exit_h right here */
	}
	else if (s->sip_exited) {
		tmr_start(&s->done, 0, done_h, s);
	}
}


void sig_counters(const struct sig *s, struct sig_counters *c)
{
	if (!s || !c)
		return;

	*c = s->cnt;
	c->calls_active = sig_ncalls(s);
}


unsigned sig_ncalls(const struct sig *s)
{
	return s ? list_count(&s->calls) : 0;
}
