/* log.h: one-line-per-event logging with levels, safe from any thread. */
#ifndef CONSORT_LOG_H
#define CONSORT_LOG_H

#include <stdarg.h>

enum log_level {
	LOG_DEBUG = 0,
	LOG_INFO,
	LOG_NOTICE,
	LOG_WARN,
	LOG_ERROR,
};

/* Set the lowest level that is printed (default LOG_INFO). */
void log_set_level(enum log_level lvl);
enum log_level log_get_level(void);

/* Parse "debug|info|notice|warning|error"; returns 0 or EINVAL. */
int log_level_parse(enum log_level *lvl, const char *s);
const char *log_level_name(enum log_level lvl);

/*
 * Print one line "2026-11-21T11:22:33.123Z LEVEL module: message".
 * Formats use re_vsnprintf, so %r (struct pl *), %J (struct sa *) and
 * %m work. A single write(2) per line, so lines from threads do not mix.
 */
void log_printf(enum log_level lvl, const char *module, const char *fmt, ...);
void log_vprintf(enum log_level lvl, const char *module, const char *fmt,
		 va_list ap);

#define LOGD(mod, ...) log_printf(LOG_DEBUG, mod, __VA_ARGS__)
#define LOGI(mod, ...) log_printf(LOG_INFO, mod, __VA_ARGS__)
#define LOGN(mod, ...) log_printf(LOG_NOTICE, mod, __VA_ARGS__)
#define LOGW(mod, ...) log_printf(LOG_WARN, mod, __VA_ARGS__)
#define LOGE(mod, ...) log_printf(LOG_ERROR, mod, __VA_ARGS__)

#endif
