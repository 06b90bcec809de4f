/*
 * conf.c: the config key table, the line parser, file loading and the
 * restart check. Value types are in conf_type.c and conf_list.c; the
 * defaults are the table's "def" strings, parsed like a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <re.h>
#include "conf.h"
#include "conf_type.h"

enum {
	LINE_MAX_LEN = 1024,         /* [bytes] incl. NUL      */
	FILE_MAX_LEN = 1024 * 1024,  /* [bytes]                */
};

#define FLD(m) offsetof(struct conf, m), sizeof(((struct conf *)0)->m)
#define R true   /* reloaded by SIGHUP */
#define X false  /* needs a restart    */

static const unsigned ptimes[] = {10, 20, 30, 40, 60, 0};
static const unsigned ticks[] = {10, 20, 40, 0};

/* In the order of conf/consortd.conf and of conf_print(). */
static const struct conf_key keys[] = {
	{"sip_listen", CT_ADDRS, FLD(sip_listen), 0, 5060, NULL, NULL, X,
	 "0.0.0.0:5060", "SIP address[:port] to listen on, repeatable"},
	{"sip_transports", CT_TRANSPORTS, FLD(sip_udp), 0, 0, NULL, NULL, X,
	 "udp,tcp", "SIP transports on every sip_listen address"},
	{"media_address", CT_IP, FLD(media_address), 0, 0, NULL, NULL, X,
	 "0.0.0.0", "RTP bind and SDP address, any = INVITE's address"},
	{"rtp_port_min", CT_UINT, FLD(rtp_port_min), 1024, 65534, NULL,
	 NULL, X, "20000", "first UDP port for RTP"},
	{"rtp_port_max", CT_UINT, FLD(rtp_port_max), 1024, 65534, NULL,
	 NULL, X, "29999", "last UDP port for RTP"},
	{"workers", CT_WORKERS, FLD(workers), 1, 256, NULL, NULL, X,
	 "auto", "media threads, auto = online CPUs"},
	{"log_level", CT_LOGLEVEL, FLD(log_level), 0, 0, NULL, NULL, R,
	 "info", "lowest level logged"},
	{"room_linger", CT_UINT, FLD(room_linger), 0, 86400, "s", NULL, R,
	 "10", "how long an empty room is kept"},
	{"max_participants", CT_UINT, FLD(max_participants), 1, 10000,
	 NULL, NULL, R, "100", "participants per room"},
	{"codecs", CT_CODECS, FLD(codecs), 0, 0, NULL, NULL, R,
	 "opus,G722,PCMU,PCMA", "audio codecs in order of preference"},
	{"ptime", CT_CHOICE, FLD(ptime), 0, 0, "ms", ptimes, R, "20",
	 "packet duration we send"},
	{"opus_bitrate", CT_UINT, FLD(opus_bitrate), 6000, 510000, "bit/s",
	 NULL, R, "32000", "Opus encoder target bitrate"},
	{"opus_complexity", CT_INT, FLD(opus_complexity), 0, 10, NULL, NULL,
	 R, "5", "Opus encoder complexity"},
	{"opus_fec", CT_BOOL, FLD(opus_fec), 0, 0, NULL, NULL, R, "yes",
	 "Opus in-band forward error correction"},
	{"opus_dtx", CT_BOOL, FLD(opus_dtx), 0, 0, NULL, NULL, R, "no",
	 "Opus discontinuous transmission"},
	{"tick", CT_CHOICE, FLD(tick), 0, 0, "ms", ticks, X, "20",
	 "mixing period"},
	{"jb_min_delay", CT_UINT, FLD(jb_min_delay), 0, 1000, "ms", NULL, R,
	 "20", "jitter buffer minimum delay"},
	{"jb_max_delay", CT_UINT, FLD(jb_max_delay), 20, 2000, "ms", NULL,
	 R, "200", "jitter buffer maximum delay"},
	{"talk_on_level", CT_INT, FLD(talk_on_level), -96, 0, "dBov", NULL,
	 R, "-40", "level at which a participant starts talking"},
	{"talk_off_level", CT_INT, FLD(talk_off_level), -96, 0, "dBov",
	 NULL, R, "-50", "level below which talking stops"},
	{"talk_hold", CT_UINT, FLD(talk_hold), 0, 10000, "ms", NULL, R,
	 "500", "time below talk_off_level before talking stops"},
	{"mix_max_talkers", CT_UINT, FLD(mix_max_talkers), 0, 1000, NULL,
	 NULL, R, "3", "loudest talkers mixed at once, 0 = all"},
	{"rtcp_interval", CT_UINT, FLD(rtcp_interval), 1, 60, "s", NULL, R,
	 "5", "mean RTCP report interval"},
	{"shutdown_timeout", CT_UINT, FLD(shutdown_timeout), 1, 300, "s",
	 NULL, R, "5", "how long SIGTERM waits for BYEs to complete"},
	{"pid_file", CT_STR, FLD(pid_file), 0, 0, NULL, NULL, X,
	 "/run/consortd.pid", "PID file written with -d"},
	{"dtmf", CT_DTMF, FLD(dtmf_seq), 0, 0, NULL, NULL, R, "*6 mute",
	 "caller control: SEQUENCE ACTION, repeatable"},
	{"http_listen", CT_HTTP, FLD(http_listen), 0, 8088, NULL, NULL, X,
	 "127.0.0.1:8088", "HTTP API, metrics and dashboard address"},
	{"api_token", CT_TOKEN, FLD(api_token), 0, 0, NULL, NULL, R, "none",
	 "bearer token the API requires, none = no token"},
	{"webhook", CT_URLS, FLD(webhooks), 0, 0, NULL, NULL, R, "none",
	 "URL that every event is POSTed to, repeatable"},
	{"webhook_queue", CT_UINT, FLD(webhook_queue), 1, 1000000, NULL,
	 NULL, R, "1000", "events queued per webhook URL"},
	{"metrics_max_participants", CT_UINT, FLD(metrics_max_participants),
	 0, 1000000, NULL, NULL, R, "500",
	 "participants with per-participant metrics"},
};

enum { NKEYS = ARRAY_SIZE(keys) };

/* Ordered pairs checked after parsing: lo < hi (strict) or lo <= hi. */
static const struct {
	const char *lo, *hi;
	bool strict;
} pairs[] = {
	{"rtp_port_min", "rtp_port_max", true},
	{"jb_min_delay", "jb_max_delay", false},
	{"talk_off_level", "talk_on_level", false},
};

struct parser {
	struct conf c;            /* working copy                     */
	struct conf_pctx p;
	unsigned lines[NKEYS];    /* line each key was last set on    */
};

static int key_find(const char *name)
{
	for (int i = 0; i < (int)NKEYS; i++) {
		if (!strcmp(keys[i].name, name))
			return i;
	}

	return -1;
}

/* Levenshtein distance, for "did you mean"; long names give a big one. */
static size_t edit_dist(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), row[33], diag, up;

	if (la > 32 || lb > 32)
		return 99;

	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			up = row[j];
			row[j] = MIN(MIN(row[j] + 1, row[j - 1] + 1),
				     diag + (a[i - 1] != b[j - 1]));
			diag = up;
		}
	}

	return row[lb];
}

static int fail_unknown(const struct conf_pctx *p, const char *name)
{
	const char *best = NULL;
	size_t d, bestd = 3;

	for (size_t i = 0; i < NKEYS; i++) {
		d = strcasecmp(name, keys[i].name) ? edit_dist(name,
							       keys[i].name)
						   : 0;
		if (d < bestd) {
			bestd = d;
			best = keys[i].name;
		}
	}

	if (p->err && p->errsz) {
		re_snprintf(p->err, p->errsz, "%s:%u: unknown key '%s'%s%s%s",
			    p->fname, p->line, name,
			    best ? " (did you mean '" : "", best ? best : "",
			    best ? "'?)" : "");
	}

	return EINVAL;
}

static char *skip_ws(char *s)
{
	return s + strspn(s, " \t");
}

/* Cut s at the first word starting with '#', after `keep` words. */
static void strip_comment(char *s, unsigned keep)
{
	for (unsigned w = 0;; w++) {
		s = skip_ws(s);
		if (!*s)
			break;
		if (*s == '#' && w >= keep) {
			*s = '\0';
			break;
		}
		s += strcspn(s, " \t");
	}
}

static void rtrim(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

static int parse_line(struct parser *ps, char *s)
{
	const struct conf_key *k;
	char *name;
	int i;

	s = skip_ws(s);
	if (!*s || *s == '#')
		return 0;

	name = s;
	s += strcspn(s, " \t");
	if (*s)
		*s++ = '\0';

	i = key_find(name);
	if (i < 0)
		return fail_unknown(&ps->p, name);
	k = &keys[i];

	s = skip_ws(s);
	strip_comment(s, k->type == CT_DTMF ? 1 : 0);
	rtrim(s);
	if (!*s)
		return conf_fail(&ps->p, k, "missing value");

	ps->p.first = ps->lines[i] == 0;
	ps->lines[i] = ps->p.line;

	return conf_types[k->type]->parse(&ps->c, k, s, &ps->p);
}

/* lo/hi order; the message is at the line of the later of the two. */
static int check_pairs(struct parser *ps)
{
	for (size_t i = 0; i < ARRAY_SIZE(pairs); i++) {
		int lo = key_find(pairs[i].lo), hi = key_find(pairs[i].hi);
		long long vl = conf_num(&ps->c, &keys[lo]);
		long long vh = conf_num(&ps->c, &keys[hi]);
		bool hi_later = ps->lines[hi] >= ps->lines[lo];

		if (vl < vh || (vl == vh && !pairs[i].strict))
			continue;

		ps->p.line = hi_later ? ps->lines[hi] : ps->lines[lo];
		if (hi_later)
			return conf_fail(&ps->p, &keys[hi], "%lld must be %s "
					 "%s (%lld)", vh, pairs[i].strict ?
					 "greater than" : "at least",
					 pairs[i].lo, vl);
		return conf_fail(&ps->p, &keys[lo], "%lld must be %s %s "
				 "(%lld)", vl, pairs[i].strict ? "less than" :
				 "at most", pairs[i].hi, vh);
	}

	return 0;
}

/* The API only answers on loopback without a token (docs/api.md). */
static int check_http(struct parser *ps)
{
	int i = key_find("http_listen");
	char addr[64];

	if (ps->c.api_token[0] || sa_is_loopback(&ps->c.http_listen))
		return 0;

	re_snprintf(addr, sizeof(addr), "%J", &ps->c.http_listen);
	ps->p.line = ps->lines[i];
	return conf_fail(&ps->p, &keys[i], "%s is not a loopback address: "
			 "set api_token too, or listen on 127.0.0.1", addr);
}

/* Split buf into lines and parse each into ps->c. */
static int parse_buf(struct parser *ps, const char *buf, size_t len)
{
	char line[LINE_MAX_LEN];
	const char *eol, *why = NULL;
	size_t pos = 0, n;
	int err = 0;

	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		pos = 3;  /* UTF-8 byte order mark */

	while (pos < len && !err && !why) {
		eol = memchr(buf + pos, '\n', len - pos);
		n = eol ? (size_t)(eol - (buf + pos)) : len - pos;
		++ps->p.line;
		if (n >= sizeof(line))
			why = "line too long";
		else if (memchr(buf + pos, '\0', n))
			why = "NUL byte in line";
		if (why)
			break;

		memcpy(line, buf + pos, n);
		line[n] = '\0';
		if (n && line[n - 1] == '\r')
			line[n - 1] = '\0';
		err = parse_line(ps, line);
		pos += n + 1;
	}

	if (why && ps->p.err && ps->p.errsz)
		re_snprintf(ps->p.err, ps->p.errsz, "%s:%u: %s", ps->p.fname,
			    ps->p.line, why);

	return why ? EINVAL : err;
}

int conf_parse(struct conf *c, const char *buf, size_t len,
	       const char *fname, char *err, size_t errsz)
{
	struct parser ps;
	int e;

	if (!c || (!buf && len))
		return EINVAL;
	if (err && errsz)
		err[0] = '\0';

	memset(&ps, 0, sizeof(ps));
	ps.c = *c;
	ps.p.fname = fname ? fname : "(config)";
	ps.p.err = err;
	ps.p.errsz = errsz;

	e = parse_buf(&ps, buf, len);
	if (!e)
		e = check_pairs(&ps);
	if (!e)
		e = check_http(&ps);
	if (!e)
		*c = ps.c;

	return e;
}

void conf_defaults(struct conf *c)
{
	struct conf_pctx p = {.fname = "(defaults)"};
	char val[64];

	if (!c)
		return;

	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < NKEYS; i++) {
		str_ncpy(val, keys[i].def, sizeof(val));
		p.first = true;
		(void)conf_types[keys[i].type]->parse(c, &keys[i], val, &p);
	}
}

/* Read a whole file into a new mbuf. */
static int read_file(struct mbuf **mbp, const char *path)
{
	struct mbuf *mb;
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;

	mb = mbuf_alloc(4096);
	if (!mb) {
		err = ENOMEM;
		goto out;
	}

	for (;;) {
		if (mb->end > FILE_MAX_LEN) {
			err = EFBIG;
			goto out;
		}
		err = mbuf_resize(mb, mb->end + 4096);
		if (err)
			goto out;
		n = read(fd, mb->buf + mb->end, 4096);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = errno;
			goto out;
		}
		if (n == 0)
			break;
		mb->end += (size_t)n;
	}

 out:
	close(fd);
	if (err)
		mem_deref(mb);
	else
		*mbp = mb;

	return err;
}

int conf_load(struct conf *c, const char *path, char *err, size_t errsz)
{
	struct mbuf *mb = NULL;
	struct conf tmp;
	int e;

	if (!c || !path)
		return EINVAL;

	e = read_file(&mb, path);
	if (e) {
		if (err && errsz)
			re_snprintf(err, errsz, "%s: %m", path, e);
		return e;
	}

	conf_defaults(&tmp);
	e = conf_parse(&tmp, (const char *)mb->buf, mb->end, path, err,
		       errsz);
	if (!e)
		*c = tmp;

	mem_deref(mb);
	return e;
}

unsigned conf_restart_keys(const struct conf *old, const struct conf *cur,
			   void (*h)(const char *key, void *arg), void *arg)
{
	unsigned n = 0;

	if (!old || !cur)
		return 0;

	for (size_t i = 0; i < NKEYS; i++) {
		if (keys[i].reload ||
		    conf_types[keys[i].type]->eq(old, cur, &keys[i]))
			continue;
		if (h)
			h(keys[i].name, arg);
		++n;
	}

	return n;
}

int conf_print(struct re_printf *pf, const struct conf *c)
{
	int err = 0;

	if (!pf || !c)
		return EINVAL;

	for (size_t i = 0; i < NKEYS && !err; i++)
		err = conf_types[keys[i].type]->print(pf, c, &keys[i]);

	return err;
}
