/* test_ctl_err.c: the error table of docs/api.md and the error bodies
 * (which must parse as JSON, whatever the message holds). */
#include <string.h>
#include <criterion/criterion.h>
#include <re.h>
#include "ctl_priv.h"

Test(ctl_err, statuses_and_codes)
{
	static const struct {
		enum ctl_err e;
		uint16_t status;
		const char *code;
	} t[] = {
		{CTL_E_BAD_JSON, 400, "bad_json"},
		{CTL_E_BAD_REQUEST, 400, "bad_request"},
		{CTL_E_UNAUTHORIZED, 401, "unauthorized"},
		{CTL_E_NOT_FOUND, 404, "not_found"},
		{CTL_E_ROOM_NOT_FOUND, 404, "room_not_found"},
		{CTL_E_PART_NOT_FOUND, 404, "participant_not_found"},
		{CTL_E_METHOD, 405, "method_not_allowed"},
		{CTL_E_CONFLICT, 409, "conflict"},
		{CTL_E_TOO_LARGE, 413, "body_too_large"},
		{CTL_E_INTERNAL, 500, "internal"},
		{CTL_E_DRAINING, 503, "draining"},
	};

	cr_assert_eq(ARRAY_SIZE(t), CTL_E_COUNT);
	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		cr_expect_eq(ctl_err_status(t[i].e), t[i].status, "%s",
			     t[i].code);
		cr_expect_str_eq(ctl_err_code(t[i].e), t[i].code);
		cr_expect_str_neq(ctl_status_reason(t[i].status), "Unknown");
	}

	cr_expect_eq(ctl_err_status(CTL_E_COUNT), 500);
	cr_expect_str_eq(ctl_err_code((enum ctl_err)99), "internal");
	cr_expect_str_eq(ctl_status_reason(202), "Accepted");
	cr_expect_str_eq(ctl_status_reason(413), "Payload Too Large");
}


static int err_h(struct re_printf *pf, void *arg)
{
	const char *msg = arg;

	return ctl_err_print(pf, CTL_E_ROOM_NOT_FOUND, msg);
}


Test(ctl_err, body)
{
	char *s = NULL;

	cr_assert_eq(re_sdprintf(&s, "%H", err_h, "no room 'standup'"), 0);
	cr_expect_str_eq(s, "{\"error\": {\"code\": \"room_not_found\", "
			 "\"message\": \"no room 'standup'\"}}\n");
	cr_expect_eq(ctl_json_check(s, strlen(s)), 0);
	mem_deref(s);

	/* a message with quotes, controls and bad UTF-8 still parses */
	cr_assert_eq(re_sdprintf(&s, "%H", err_h, "no room \"a\\b\"\n\xff"),
		     0);
	cr_expect_eq(ctl_json_check(s, strlen(s)), 0, "%s", s);
	cr_expect_not_null(strstr(s, "\\\"a\\\\b\\\"\\n\\ufffd"), "%s", s);
	mem_deref(s);

	cr_assert_eq(re_sdprintf(&s, "%H", err_h, NULL), 0);
	cr_expect_not_null(strstr(s, "\"message\": \"\""), "%s", s);
	mem_deref(s);
}
