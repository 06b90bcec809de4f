/* opts.c: consort-load command line (getopt_long) and --help. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "load.h"

enum {
	OPT_DTX = 256,
	OPT_BITRATE,
	OPT_SETUP_TIMEOUT,
	OPT_VERIFY_LISTENERS,
	OPT_VERIFY_DELAY,
	OPT_VERIFY_SECS,
	OPT_RTP_ONLY,
	OPT_READY_FILE,
	OPT_SUMMARY_ONLY,
	OPT_PREFIX,
	OPT_LOCAL_IP,
};

static const struct option longopts[] = {
	{"target",           required_argument, NULL, 't'},
	{"participants",     required_argument, NULL, 'n'},
	{"rooms",            required_argument, NULL, 'r'},
	{"talkers",          required_argument, NULL, 'k'},
	{"grouped",          no_argument,       NULL, 'g'},
	{"codec",            required_argument, NULL, 'c'},
	{"rate",             required_argument, NULL, 'R'},
	{"duration",         required_argument, NULL, 'd'},
	{"verify",           no_argument,       NULL, 'v'},
	{"quiet",            no_argument,       NULL, 'q'},
	{"help",             no_argument,       NULL, 'h'},
	{"prefix",           required_argument, NULL, OPT_PREFIX},
	{"local-ip",         required_argument, NULL, OPT_LOCAL_IP},
	{"dtx",              no_argument,       NULL, OPT_DTX},
	{"bitrate",          required_argument, NULL, OPT_BITRATE},
	{"setup-timeout",    required_argument, NULL, OPT_SETUP_TIMEOUT},
	{"verify-listeners", required_argument, NULL, OPT_VERIFY_LISTENERS},
	{"verify-delay",     required_argument, NULL, OPT_VERIFY_DELAY},
	{"verify-secs",      required_argument, NULL, OPT_VERIFY_SECS},
	{"rtp-only",         required_argument, NULL, OPT_RTP_ONLY},
	{"ready-file",       required_argument, NULL, OPT_READY_FILE},
	{"summary-only",     no_argument,       NULL, OPT_SUMMARY_ONLY},
	{NULL, 0, NULL, 0}
};

static void usage(FILE *f)
{
	fprintf(f,
"usage: consort-load [options]\n"
"Dial participants into Consort rooms over SIP, send pre-encoded audio,\n"
"measure the mixes that come back; JSON summary on stdout.\n"
"  -t, --target HOST:PORT    SIP server (default 127.0.0.1:5060)\n"
"      --local-ip IP         local address for SIP and RTP (127.0.0.1)\n"
"  -n, --participants N      participants (default 10)\n"
"  -r, --rooms R             rooms PREFIX-0..PREFIX-R-1 (default 1)\n"
"      --prefix P            room name prefix (default \"load\")\n"
"  -g, --grouped             participants 0..N/R-1 in room 0, ...\n"
"                            (default: participant i in room i %% R)\n"
"  -k, --talkers K|all       talkers per room (default 2); the others\n"
"                            send quiet noise (DTX with --dtx)\n"
"  -c, --codec opus|pcmu     codec offered and sent (default opus,\n"
"                            48000/2)\n"
"      --dtx                 offer usedtx=1 and send DTX in silence\n"
"      --bitrate BPS         Opus bitrate of our audio (default 32000)\n"
"  -R, --rate CPS            calls per second while ramping (default 20)\n"
"  -d, --duration S          hold once every call is up (default 10)\n"
"      --setup-timeout S     give up on calls not up S seconds after\n"
"                            the last INVITE (default 15)\n"
"  -v, --verify              decode the mixes of every talker and of\n"
"                            --verify-listeners others per room, check\n"
"                            tone by tone who hears whom\n"
"      --verify-listeners N  non-talkers decoded per room (default 2)\n"
"      --verify-delay S      start decoding S s into the hold (2)\n"
"      --verify-secs S       decode S s of each mix (5, 0 = all)\n"
"      --rtp-only FILE       no SIP: FILE has \"local_port remote_ip\n"
"                            remote_port pt\" per participant\n"
"      --ready-file PATH     create PATH when the hold starts\n"
"      --summary-only        no per-participant objects in the JSON\n"
"  -q, --quiet               no progress line on stderr\n"
"  -h, --help                this text\n"
"Exit status: 0 if every call was set up, received media, and (with\n"
"--verify) every room passed; 1 otherwise; 2 on bad usage.\n");
}

static int num(const char *s, unsigned min, unsigned max, unsigned *v)
{
	char *end;
	unsigned long x;

	errno = 0;
	x = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || x < min || x > max)
		return EINVAL;

	*v = (unsigned)x;

	return 0;
}

static void defaults(struct load_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->target = "127.0.0.1:5060";
	o->local_ip = "127.0.0.1";
	o->prefix = "load";
	o->parts = 10;
	o->rooms = 1;
	o->talkers = 2;
	o->codec = "opus";
	o->bitrate = 32000;
	o->rate = 20;
	o->duration = 10;
	o->setup_timeout = 15;
	o->verify_listeners = 2;
	o->verify_delay = 2;
	o->verify_secs = 5;
	o->per_part = true;
}

static int parse_rate(const char *s, double *rate)
{
	char *end;

	*rate = strtod(s, &end);

	return (end == s || *end || !(*rate > 0) || *rate > 10000) ?
		EINVAL : 0;
}

static int one_opt(struct load_opts *o, int c, const char *arg)
{
	unsigned v;

	switch (c) {

	case 't': o->target = arg; return 0;
	case 'n': return num(arg, 1, 20000, &o->parts);
	case 'r': return num(arg, 1, 10000, &o->rooms);
	case 'g': o->grouped = true; return 0;
	case 'c': o->codec = arg; return 0;
	case 'R': return parse_rate(arg, &o->rate);
	case 'd': return num(arg, 0, 86400, &o->duration);
	case 'v': o->verify = true; return 0;
	case 'q': o->quiet = true; return 0;
	case OPT_PREFIX: o->prefix = arg; return 0;
	case OPT_LOCAL_IP: o->local_ip = arg; return 0;
	case OPT_DTX: o->dtx = true; return 0;
	case OPT_RTP_ONLY: o->rtp_only = arg; return 0;
	case OPT_READY_FILE: o->ready_file = arg; return 0;
	case OPT_SUMMARY_ONLY: o->per_part = false; return 0;
	case OPT_SETUP_TIMEOUT: return num(arg, 1, 3600, &o->setup_timeout);
	case OPT_VERIFY_LISTENERS:
		return num(arg, 0, 10000, &o->verify_listeners);
	case OPT_VERIFY_DELAY: return num(arg, 0, 3600, &o->verify_delay);
	case OPT_VERIFY_SECS: return num(arg, 0, 86400, &o->verify_secs);
	case OPT_BITRATE:
		if (num(arg, 6000, 510000, &v))
			return EINVAL;
		o->bitrate = v;
		return 0;
	case 'k':
		if (!strcmp(arg, "all")) {
			o->talkers = UINT_MAX;
			return 0;
		}
		return num(arg, 0, 10000, &o->talkers);
	default:
		return EINVAL;
	}
}

/*
 * Fill *o from argv. Returns 0, EINVAL (usage printed on stderr) or
 * EALREADY after --help (usage printed on stdout).
 */
int opts_parse(struct load_opts *o, int argc, char *argv[])
{
	int c;

	defaults(o);

	while ((c = getopt_long(argc, argv, "t:n:r:k:gc:R:d:vqh", longopts,
				NULL)) != -1) {
		if (c == 'h') {
			usage(stdout);
			return EALREADY;
		}
		if (c == '?' || one_opt(o, c, optarg)) {
			if (c != '?')
				fprintf(stderr, "consort-load: bad option "
					"value '%s'\n", optarg ? optarg : "");
			usage(stderr);
			return EINVAL;
		}
	}

	if (optind < argc) {
		fprintf(stderr, "consort-load: unexpected argument %s\n",
			argv[optind]);
		usage(stderr);
		return EINVAL;
	}

	if (strcasecmp(o->codec, "opus") && strcasecmp(o->codec, "pcmu")) {
		fprintf(stderr,
			"consort-load: --codec must be opus or pcmu\n");
		return EINVAL;
	}

	if (o->rooms > o->parts)
		o->rooms = o->parts;

	return 0;
}
