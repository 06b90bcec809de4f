/* log.c: level filter and single-write line output to stderr. */
#include <errno.h>
#include <stdatomic.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>
#include <re.h>
#include "log.h"

static _Atomic int min_level = LOG_INFO;

static const char *const names[] = {"debug", "info", "notice", "warning",
				    "error"};

void log_set_level(enum log_level lvl)
{
	atomic_store(&min_level, (int)lvl);
}

enum log_level log_get_level(void)
{
	return (enum log_level)atomic_load(&min_level);
}

const char *log_level_name(enum log_level lvl)
{
	return (unsigned)lvl < ARRAY_SIZE(names) ? names[lvl] : "?";
}

int log_level_parse(enum log_level *lvl, const char *s)
{
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		if (!strcasecmp(s, names[i])) {
			*lvl = (enum log_level)i;
			return 0;
		}
	}
	if (!strcasecmp(s, "warn")) {
		*lvl = LOG_WARN;
		return 0;
	}
	return EINVAL;
}

void log_vprintf(enum log_level lvl, const char *module, const char *fmt,
		 va_list ap)
{
	char line[1024];
	struct timespec ts;
	struct tm tm;
	int n, m;

	if ((int)lvl < atomic_load(&min_level))
		return;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	n = re_snprintf(line, sizeof(line),
			"%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ %-7s %s: ",
			tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			tm.tm_hour, tm.tm_min, tm.tm_sec,
			ts.tv_nsec / 1000000, log_level_name(lvl), module);
	if (n < 0)
		return;
	m = re_vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	if (m < 0)
		m = 0;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	(void)!write(STDERR_FILENO, line, (size_t)n);
}

void log_printf(enum log_level lvl, const char *module, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vprintf(lvl, module, fmt, ap);
	va_end(ap);
}
