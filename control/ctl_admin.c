/* ctl_admin.c: POST /v1/reload (as SIGHUP) and POST /v1/drain. */
#include <string.h>
#include <re.h>
#include "ctl_priv.h"

static int keys_h(struct re_printf *pf, void *arg)
{
	const struct ctl_reload *res = arg;
	int err = 0;

	for (unsigned i = 0; i < res->nkeys && !err; i++)
		err = re_hprintf(pf, "%s%H", i ? ", " : "", ctl_json_str_h,
				 (void *)res->keys[i]);

	return err;
}


static void reload_h(struct ctl_req *r)
{
	struct ctl *c = r->ctl;
	struct ctl_reload *res;
	int err;

	if (!c->reloadh) {
		(void)ctl_reply_err(r, CTL_E_INTERNAL, "reload unavailable");
		return;
	}

	res = mem_zalloc(sizeof(*res), NULL);
	if (!res) {
		(void)ctl_reply_err(r, CTL_E_INTERNAL, "out of memory");
		return;
	}

	err = c->reloadh(res, c->arg);
	if (err)
		(void)ctl_reply_err(r, CTL_E_BAD_REQUEST, "%s", res->err[0] ?
				    res->err : "reload failed");
	else
		(void)ctl_reply_jsonf(r, 200, "{\"reloaded\": true, "
				      "\"restart_needed\": [%H]}\n", keys_h,
				      res);

	mem_deref(res);
}


static void drain_h(struct ctl_req *r)
{
	static const char *const fields[] = {"drain", NULL};
	const char *bad = ctl_json_unknown(r->body, fields);
	bool on = true, given;

	if (bad) {
		(void)ctl_reply_err(r, CTL_E_BAD_REQUEST, "unknown field '%s'",
				    bad);
		return;
	}
	if (ctl_json_bool(r->body, "drain", &on, &given)) {
		(void)ctl_reply_err(r, CTL_E_BAD_REQUEST, "'drain' must be "
				    "true or false");
		return;
	}

	sig_drain(r->ctl->sig, on);
	(void)ctl_reply_jsonf(r, 200, "{\"draining\": %s}\n",
			      sig_draining(r->ctl->sig) ? "true" : "false");
}


const struct ctl_route ctl_routes_admin[] = {
	{"POST", "/v1/reload", reload_h},
	{"POST", "/v1/drain", drain_h},
	{NULL, NULL, NULL},
};
