/*
 * rtpfile.h: the --rtp-only stream list: one "local_port remote_ip
 * remote_port pt" line per participant; '#' starts a comment.
 */
#ifndef CONSORT_RTPFILE_H
#define CONSORT_RTPFILE_H

#include <stdint.h>
#include <re.h>

struct rtpfile_ent {
	uint16_t lport;         /* local port we bind and send from */
	struct sa raddr;        /* where we send (IPv4 or IPv6 literal) */
	uint8_t pt;             /* payload type, 0..127 */
};

/*
 * Parse one line into *e. Returns 0, ENOENT for a blank or comment line,
 * EINVAL for anything else (bad field count, port 0 or > 65535, pt >
 * 127, an address that is not a literal IP). *e is undefined on error.
 */
int rtpfile_parse_line(const char *line, struct rtpfile_ent *e);

/*
 * Read every entry of the file at path. *entp is a mem array of *np
 * entries. Returns 0, ENOENT (no entries), EINVAL (a bad line; its number
 * in *badline), ENOMEM or the errno of fopen.
 */
int rtpfile_load(const char *path, struct rtpfile_ent **entp, unsigned *np,
		 unsigned *badline);

#endif
