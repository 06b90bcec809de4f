/* conf_list.c: address and list config types: sip_listen, media_address,
 * sip_transports, codecs, dtmf. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <re.h>
#include "conf.h"
#include "conf_type.h"

#define KEYFMT "%-18s "
#define LIST_SEP ", \t"

static const char *const codec_names[] = {"opus", "G722", "PCMU", "PCMA"};

static const char *const dtmf_actions[] = {
	"mute", "deaf", "vol_talk_up", "vol_talk_down", "vol_listen_up",
	"vol_listen_down",
};

/*
 * Decode "ip", "ip:port", "[ip6]", "[ip6]:port" or a bare "ip6" (no
 * port) into *sa; *port is 0 when none is given. s is modified.
 */
static int addr_decode(struct sa *sa, uint16_t *port, char *s)
{
	char *host = s, *ps = NULL, *end;
	unsigned long v;

	if (*s == '[') {
		end = strchr(s, ']');
		if (!end || (end[1] && end[1] != ':'))
			return EINVAL;
		*end = '\0';
		host = s + 1;
		if (!strchr(host, ':'))
			return EINVAL;
		if (end[1] == ':')
			ps = end + 2;
	} else if (strchr(s, ':') && strchr(s, ':') == strrchr(s, ':')) {
		ps = strchr(s, ':');
		*ps++ = '\0';
	}

	*port = 0;
	if (ps) {
		if (!isdigit((unsigned char)*ps))
			return EINVAL;
		errno = 0;
		v = strtoul(ps, &end, 10);
		if (errno || *end || v < 1 || v > 65535)
			return EINVAL;
		*port = (uint16_t)v;
	}

	return sa_set_str(sa, host, *port);
}

static int parse_addrs(struct conf *c, const struct conf_key *k, char *val,
		       const struct conf_pctx *p)
{
	char buf[64];
	uint16_t port;
	struct sa sa;

	if (p->first)
		c->n_sip_listen = 0;

	str_ncpy(buf, val, sizeof(buf));
	if (strlen(val) >= sizeof(buf) || addr_decode(&sa, &port, buf)) {
		return conf_fail(p, k, "expected an IP address with optional "
				 "port (0.0.0.0:5060, [::1]:5060), got '%s'",
				 val);
	}
	if (!port)
		sa_set_port(&sa, (uint16_t)k->max);

	for (unsigned i = 0; i < c->n_sip_listen; i++) {
		if (sa_cmp(&sa, &c->sip_listen[i], SA_ALL))
			return conf_fail(p, k, "'%s' is listed twice", val);
	}
	if (c->n_sip_listen >= CONF_MAX_LISTEN) {
		return conf_fail(p, k, "at most %d addresses, got another "
				 "'%s'", CONF_MAX_LISTEN, val);
	}

	c->sip_listen[c->n_sip_listen++] = sa;
	return 0;
}

static bool eq_addrs(const struct conf *a, const struct conf *b,
		     const struct conf_key *k)
{
	if (a->n_sip_listen != b->n_sip_listen)
		return false;

	for (unsigned i = 0; i < a->n_sip_listen; i++) {
		if (!sa_cmp(&a->sip_listen[i], &b->sip_listen[i], SA_ALL))
			return false;
	}

	return true;
}

static int print_addrs(struct re_printf *pf, const struct conf *c,
		       const struct conf_key *k)
{
	int err = 0;

	for (unsigned i = 0; i < c->n_sip_listen && !err; i++)
		err = re_hprintf(pf, KEYFMT "%J\n", k->name,
				 &c->sip_listen[i]);

	return err;
}

static int parse_ip(struct conf *c, const struct conf_key *k, char *val,
		    const struct conf_pctx *p)
{
	char buf[64];
	uint16_t port;
	struct sa sa;

	str_ncpy(buf, val, sizeof(buf));
	if (strlen(val) >= sizeof(buf) || addr_decode(&sa, &port, buf) ||
	    port) {
		return conf_fail(p, k, "expected an IP address without port "
				 "(0.0.0.0, 192.0.2.1, ::), got '%s'", val);
	}

	c->media_address = sa;
	return 0;
}

static bool eq_ip(const struct conf *a, const struct conf *b,
		  const struct conf_key *k)
{
	return sa_cmp(&a->media_address, &b->media_address, SA_ADDR);
}

static int print_ip(struct re_printf *pf, const struct conf *c,
		    const struct conf_key *k)
{
	return re_hprintf(pf, KEYFMT "%j\n", k->name, &c->media_address);
}

static int parse_transports(struct conf *c, const struct conf_key *k,
			    char *val, const struct conf_pctx *p)
{
	bool udp = false, tcp = false;
	char *save = NULL;

	for (char *t = strtok_r(val, LIST_SEP, &save); t;
	     t = strtok_r(NULL, LIST_SEP, &save)) {
		if (!strcasecmp(t, "udp"))
			udp = true;
		else if (!strcasecmp(t, "tcp"))
			tcp = true;
		else
			return conf_fail(p, k, "expected a list of udp, tcp, "
					 "got '%s'", t);
	}
	if (!udp && !tcp)
		return conf_fail(p, k, "expected a list of udp, tcp");

	c->sip_udp = udp;
	c->sip_tcp = tcp;
	return 0;
}

static bool eq_transports(const struct conf *a, const struct conf *b,
			  const struct conf_key *k)
{
	return a->sip_udp == b->sip_udp && a->sip_tcp == b->sip_tcp;
}

static int print_transports(struct re_printf *pf, const struct conf *c,
			    const struct conf_key *k)
{
	return re_hprintf(pf, KEYFMT "%s%s%s\n", k->name,
			  c->sip_udp ? "udp" : "",
			  c->sip_udp && c->sip_tcp ? "," : "",
			  c->sip_tcp ? "tcp" : "");
}

static const char *codec_known(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(codec_names); i++) {
		if (!strcasecmp(name, codec_names[i]))
			return codec_names[i];
	}

	return NULL;
}

static int parse_codecs(struct conf *c, const struct conf_key *k, char *val,
			const struct conf_pctx *p)
{
	char names[CONF_MAX_CODECS][8];
	const char *name;
	char *save = NULL;
	unsigned n = 0;

	for (char *t = strtok_r(val, LIST_SEP, &save); t;
	     t = strtok_r(NULL, LIST_SEP, &save)) {
		name = codec_known(t);
		if (!name)
			return conf_fail(p, k, "unknown codec '%s' (known: "
					 "opus, G722, PCMU, PCMA)", t);
		for (unsigned i = 0; i < n; i++) {
			if (!strcmp(names[i], name))
				return conf_fail(p, k, "codec '%s' is listed "
						 "twice", t);
		}
		str_ncpy(names[n++], name, sizeof(names[0]));
	}
	if (!n)
		return conf_fail(p, k, "expected a list of codec names");

	memcpy(c->codecs, names, sizeof(names));
	c->n_codecs = n;
	return 0;
}

static bool eq_codecs(const struct conf *a, const struct conf *b,
		      const struct conf_key *k)
{
	if (a->n_codecs != b->n_codecs)
		return false;

	for (unsigned i = 0; i < a->n_codecs; i++) {
		if (strcmp(a->codecs[i], b->codecs[i]))
			return false;
	}

	return true;
}

static int print_codecs(struct re_printf *pf, const struct conf *c,
			const struct conf_key *k)
{
	int err = re_hprintf(pf, KEYFMT, k->name);

	for (unsigned i = 0; i < c->n_codecs && !err; i++)
		err = re_hprintf(pf, "%s%s", i ? "," : "", c->codecs[i]);

	return err ? err : re_hprintf(pf, "\n");
}

/* 1..7 of [0-9*#A-D], upper-cased in place. */
static bool dtmf_seq_valid(char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n >= sizeof(((struct conf *)0)->dtmf_seq[0]))
		return false;

	for (size_t i = 0; i < n; i++) {
		s[i] = (char)toupper((unsigned char)s[i]);
		if (!strchr("0123456789*#ABCD", s[i]))
			return false;
	}

	return true;
}

static const char *dtmf_action_known(const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(dtmf_actions); i++) {
		if (!strcmp(s, dtmf_actions[i]))
			return dtmf_actions[i];
	}

	return NULL;
}

static int parse_dtmf(struct conf *c, const struct conf_key *k, char *val,
		      const struct conf_pctx *p)
{
	char *save = NULL, *seq, *act, *extra;
	const char *action;

	if (p->first)
		c->n_dtmf = 0;

	seq = strtok_r(val, " \t", &save);
	act = strtok_r(NULL, " \t", &save);
	extra = strtok_r(NULL, " \t", &save);
	if (!act && !strcmp(seq, "none")) {
		c->n_dtmf = 0;
		return 0;
	}
	if (!act || extra)
		return conf_fail(p, k, "expected SEQUENCE ACTION or 'none'");
	if (!dtmf_seq_valid(seq))
		return conf_fail(p, k, "bad sequence '%s': expected 1..7 of "
				 "0-9 * # A-D", seq);
	action = dtmf_action_known(act);
	if (!action)
		return conf_fail(p, k, "unknown action '%s' (known: mute, "
				 "deaf, vol_talk_up, vol_talk_down, "
				 "vol_listen_up, vol_listen_down)", act);
	for (unsigned i = 0; i < c->n_dtmf; i++) {
		if (!strcmp(c->dtmf_seq[i], seq))
			return conf_fail(p, k, "sequence '%s' is already "
					 "bound", seq);
	}
	if (c->n_dtmf >= CONF_MAX_DTMF)
		return conf_fail(p, k, "at most %d entries", CONF_MAX_DTMF);

	str_ncpy(c->dtmf_seq[c->n_dtmf], seq, sizeof(c->dtmf_seq[0]));
	str_ncpy(c->dtmf_action[c->n_dtmf], action,
		 sizeof(c->dtmf_action[0]));
	c->n_dtmf++;
	return 0;
}

static bool eq_dtmf(const struct conf *a, const struct conf *b,
		    const struct conf_key *k)
{
	if (a->n_dtmf != b->n_dtmf)
		return false;

	for (unsigned i = 0; i < a->n_dtmf; i++) {
		if (strcmp(a->dtmf_seq[i], b->dtmf_seq[i]) ||
		    strcmp(a->dtmf_action[i], b->dtmf_action[i]))
			return false;
	}

	return true;
}

static int print_dtmf(struct re_printf *pf, const struct conf *c,
		      const struct conf_key *k)
{
	int err = 0;

	if (!c->n_dtmf)
		return re_hprintf(pf, KEYFMT "none\n", k->name);

	for (unsigned i = 0; i < c->n_dtmf && !err; i++)
		err = re_hprintf(pf, KEYFMT "%s %s\n", k->name,
				 c->dtmf_seq[i], c->dtmf_action[i]);

	return err;
}

const struct conf_type_ops conf_addrs_ops = {parse_addrs, eq_addrs,
					     print_addrs};
const struct conf_type_ops conf_ip_ops = {parse_ip, eq_ip, print_ip};
const struct conf_type_ops conf_transports_ops = {parse_transports,
						  eq_transports,
						  print_transports};
const struct conf_type_ops conf_codecs_ops = {parse_codecs, eq_codecs,
					      print_codecs};
const struct conf_type_ops conf_dtmf_ops = {parse_dtmf, eq_dtmf,
					    print_dtmf};
