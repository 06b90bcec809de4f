/* ctl_dash.h: the dashboard files built into the binary (embed.cmake). */
#ifndef CONSORT_CTL_DASH_H
#define CONSORT_CTL_DASH_H

#include <stddef.h>
#include <stdint.h>

struct ctl_asset {
	const char *name;        /* base name: "index.html", "app.js"  */
	const uint8_t *data;
	size_t len;              /* [bytes]                            */
};

/* Generated from control/dash/; ends with {NULL}. */
extern const struct ctl_asset ctl_assets[];

#endif
