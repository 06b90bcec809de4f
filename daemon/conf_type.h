/* conf_type.h: value types of the config key table (private to conf*.c). */
#ifndef CONSORT_CONF_TYPE_H
#define CONSORT_CONF_TYPE_H

#include <stdbool.h>
#include <stddef.h>

struct conf;
struct re_printf;

enum conf_type {
	CT_INT,        /* int in min..max                                 */
	CT_UINT,       /* uint16_t/uint32_t/unsigned in min..max, unit    */
	CT_CHOICE,     /* uint32_t, one of choices[]                      */
	CT_BOOL,       /* yes/no/true/false/on/off/1/0                    */
	CT_STR,        /* char[size], non-empty, one word                 */
	CT_ADDRS,      /* sip_listen: ip[:port] list, max = default port  */
	CT_IP,         /* media_address: ip, no port                      */
	CT_TRANSPORTS, /* sip_transports: udp,tcp                         */
	CT_CODECS,     /* codecs: comma separated names                   */
	CT_LOGLEVEL,   /* enum log_level                                  */
	CT_WORKERS,    /* "auto" (stored 0) or min..max                   */
	CT_DTMF,       /* dtmf: SEQUENCE ACTION, or none                  */
	CT_HTTP,       /* http_listen: ip[:port], max = default port      */
	CT_TOKEN,      /* api_token: one word, or none                    */
	CT_URLS,       /* webhook: http:// URL list, or none              */
	CT_NTYPES
};

/* One row of the key table. */
struct conf_key {
	const char *name;        /* key as written in the file             */
	enum conf_type type;
	size_t off;              /* offset of the field in struct conf     */
	size_t size;             /* size of the field [bytes]              */
	long min, max;           /* range (CT_INT, CT_UINT, CT_WORKERS)    */
	const char *unit;        /* shown in messages, NULL = none         */
	const unsigned *choices; /* CT_CHOICE: allowed values, 0-ended     */
	bool reload;             /* SIGHUP applies it (else: restart)      */
	const char *def;         /* default, in file syntax                */
	const char *doc;         /* one-line description                   */
};

/* Where the parser is, for messages. */
struct conf_pctx {
	const char *fname;
	unsigned line;           /* 1-based, 0 = not from a file line      */
	char *err;
	size_t errsz;
	bool first;              /* first time this key is seen (lists)    */
};

struct conf_type_ops {
	/* Parse val (trimmed, comment removed, mutable) into c. */
	int (*parse)(struct conf *c, const struct conf_key *k, char *val,
		     const struct conf_pctx *p);
	bool (*eq)(const struct conf *a, const struct conf *b,
		   const struct conf_key *k);
	/* Print the key's line(s) "key value\n". */
	int (*print)(struct re_printf *pf, const struct conf *c,
		     const struct conf_key *k);
};

/* Indexed by enum conf_type. */
extern const struct conf_type_ops *const conf_types[CT_NTYPES];

/* The list types (conf_list.c); each serves exactly one key and uses
 * its struct conf fields by name. */
extern const struct conf_type_ops conf_addrs_ops;      /* sip_listen     */
extern const struct conf_type_ops conf_ip_ops;         /* media_address  */
extern const struct conf_type_ops conf_transports_ops; /* sip_transports */
extern const struct conf_type_ops conf_codecs_ops;     /* codecs         */
extern const struct conf_type_ops conf_dtmf_ops;       /* dtmf           */

/* The control plane's types (conf_http.c). */
extern const struct conf_type_ops conf_http_ops;       /* http_listen    */
extern const struct conf_type_ops conf_token_ops;      /* api_token      */
extern const struct conf_type_ops conf_urls_ops;       /* webhook        */

/* Write "fname:line: key 'name': <fmt>" into p->err; returns EINVAL. */
int conf_fail(const struct conf_pctx *p, const struct conf_key *k,
	      const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Value of a CT_INT/CT_UINT/CT_CHOICE field as a number. */
long long conf_num(const struct conf *c, const struct conf_key *k);

#endif
