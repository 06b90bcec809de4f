/* rtpfile.c: parse the --rtp-only stream list. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <re.h>
#include "rtpfile.h"

enum {
	LINE_MAX_LEN = 256,
	ENT_MAX = 100000,
};


static int parse_uint(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return EINVAL;

	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno || *end || *v > max)
		return EINVAL;

	return 0;
}


int rtpfile_parse_line(const char *line, struct rtpfile_ent *e)
{
	char buf[LINE_MAX_LEN], ip[64], lp[16], rp[16], pt[16], extra[2];
	unsigned long lport, rport, ptv;
	char *hash;
	int n;

	if (!line || !e || strlen(line) >= sizeof(buf))
		return EINVAL;

	str_ncpy(buf, line, sizeof(buf));
	hash = strchr(buf, '#');
	if (hash)
		*hash = '\0';

	n = sscanf(buf, "%15s %63s %15s %15s %1s", lp, ip, rp, pt, extra);
	if (n <= 0)
		return ENOENT;
	if (n != 4)
		return EINVAL;

	if (parse_uint(lp, 65535, &lport) || !lport ||
	    parse_uint(rp, 65535, &rport) || !rport ||
	    parse_uint(pt, 127, &ptv))
		return EINVAL;

	memset(e, 0, sizeof(*e));
	if (sa_set_str(&e->raddr, ip, (uint16_t)rport))
		return EINVAL;

	e->lport = (uint16_t)lport;
	e->pt = (uint8_t)ptv;

	return 0;
}


static int ent_append(struct rtpfile_ent **entp, unsigned *np,
		      unsigned *cap, const struct rtpfile_ent *e)
{
	if (*np == *cap) {
		unsigned ncap = *cap ? *cap * 2 : 64;
		struct rtpfile_ent *ne;

		if (ncap > ENT_MAX)
			return ENOMEM;
		ne = *entp ? mem_realloc(*entp, ncap * sizeof(*ne)) :
			mem_alloc(ncap * sizeof(*ne), NULL);
		if (!ne)
			return ENOMEM;
		*entp = ne;
		*cap = ncap;
	}

	(*entp)[(*np)++] = *e;

	return 0;
}


int rtpfile_load(const char *path, struct rtpfile_ent **entp, unsigned *np,
		 unsigned *badline)
{
	struct rtpfile_ent *ents = NULL, e;
	char line[LINE_MAX_LEN];
	unsigned n = 0, cap = 0, lineno = 0;
	FILE *f;
	int err = 0;

	if (!path || !entp || !np)
		return EINVAL;

	f = fopen(path, "r");
	if (!f)
		return errno;

	while (!err && fgets(line, sizeof(line), f)) {
		++lineno;
		line[strcspn(line, "\r\n")] = '\0';
		err = rtpfile_parse_line(line, &e);
		if (err == ENOENT) {
			err = 0;
			continue;
		}
		if (err) {
			if (badline)
				*badline = lineno;
			break;
		}
		err = ent_append(&ents, &n, &cap, &e);
	}

	fclose(f);
	if (!err && !n)
		err = ENOENT;

	if (err) {
		mem_deref(ents);
		return err;
	}

	*entp = ents;
	*np = n;

	return 0;
}
