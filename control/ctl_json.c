/*
 * ctl_json.c: JSON output helpers for re_hprintf's %H: strings with
 * RFC 8259 escaping (invalid UTF-8 from the network becomes U+FFFD, so
 * the output always parses) and RFC 3339 UTC times.
 */
#include <string.h>
#include <time.h>
#include <re.h>
#include "ctl_priv.h"

/* Length of the valid UTF-8 sequence at p (n bytes left), 0 if bad. */
size_t ctl_utf8_len(const uint8_t *p, size_t n)
{
	uint8_t lo = 0x80, hi = 0xbf;
	size_t len;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		len = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		len = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		len = 4;
	else
		return 0;

	if (n < len)
		return 0;

	/* no overlong forms, surrogates or code points past U+10FFFF */
	if (p[0] == 0xe0)
		lo = 0xa0;
	else if (p[0] == 0xed)
		hi = 0x9f;
	else if (p[0] == 0xf0)
		lo = 0x90;
	else if (p[0] == 0xf4)
		hi = 0x8f;

	if (p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++) {
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	}

	return len;
}


/* The escape of byte c, NULL if it goes out as it is. */
static const char *esc(uint8_t c, char *buf, size_t sz)
{
	switch (c) {

	case '"':  return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	case '\b': return "\\b";
	case '\f': return "\\f";
	default:
		break;
	}

	if (c < 0x20) {
		(void)re_snprintf(buf, sz, "\\u%04x", c);
		return buf;
	}

	return NULL;
}


int ctl_json_str(struct re_printf *pf, const char *s, size_t len)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t i = 0, run = 0;
	char buf[8];
	int err;

	err = pf->vph("\"", 1, pf->arg);

	while (i < len && !err) {
		const char *e = NULL;
		size_t n = 1;

		if (p[i] >= 0x80) {
			n = ctl_utf8_len(p + i, len - i);
			if (!n) {
				e = "\\ufffd";
				n = 1;
			}
		}
		else {
			e = esc(p[i], buf, sizeof(buf));
		}

		if (!e) {
			run += n;
			i += n;
			continue;
		}

		if (run)
			err |= pf->vph(s + i - run, run, pf->arg);
		err |= pf->vph(e, strlen(e), pf->arg);
		run = 0;
		i += n;
	}

	if (run && !err)
		err = pf->vph(s + i - run, run, pf->arg);

	return err ? err : pf->vph("\"", 1, pf->arg);
}


int ctl_json_str_h(struct re_printf *pf, void *str)
{
	const char *s = str;

	if (!s)
		return re_hprintf(pf, "null");

	return ctl_json_str(pf, s, strlen(s));
}


int ctl_json_pl_h(struct re_printf *pf, void *arg)
{
	const struct pl *pl = arg;

	if (!pl || !pl->p)
		return re_hprintf(pf, "null");

	return ctl_json_str(pf, pl->p, pl->l);
}


int ctl_json_time_h(struct re_printf *pf, void *arg)
{
	const uint64_t ms = *(const uint64_t *)arg;
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	if (!gmtime_r(&t, &tm))
		return re_hprintf(pf, "null");

	return re_hprintf(pf, "\"%04d-%02d-%02dT%02d:%02d:%02d.%03uZ\"",
			  tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			  tm.tm_hour, tm.tm_min, tm.tm_sec,
			  (unsigned)(ms % 1000));
}
