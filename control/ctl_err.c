/* ctl_err.c: the API's error codes, their HTTP statuses and bodies. */
#include <re.h>
#include "ctl_priv.h"

static const struct {
	uint16_t status;
	const char *code;
} errs[CTL_E_COUNT] = {
	[CTL_E_BAD_JSON]       = {400, "bad_json"},
	[CTL_E_BAD_REQUEST]    = {400, "bad_request"},
	[CTL_E_UNAUTHORIZED]   = {401, "unauthorized"},
	[CTL_E_NOT_FOUND]      = {404, "not_found"},
	[CTL_E_ROOM_NOT_FOUND] = {404, "room_not_found"},
	[CTL_E_PART_NOT_FOUND] = {404, "participant_not_found"},
	[CTL_E_METHOD]         = {405, "method_not_allowed"},
	[CTL_E_CONFLICT]       = {409, "conflict"},
	[CTL_E_TOO_LARGE]      = {413, "body_too_large"},
	[CTL_E_INTERNAL]       = {500, "internal"},
	[CTL_E_DRAINING]       = {503, "draining"},
};

static const struct {
	uint16_t status;
	const char *reason;
} reasons[] = {
	{200, "OK"}, {202, "Accepted"}, {400, "Bad Request"},
	{401, "Unauthorized"}, {404, "Not Found"},
	{405, "Method Not Allowed"}, {409, "Conflict"},
	{413, "Payload Too Large"}, {500, "Internal Server Error"},
	{503, "Service Unavailable"},
};


uint16_t ctl_err_status(enum ctl_err e)
{
	return (unsigned)e < CTL_E_COUNT ? errs[e].status : 500;
}


const char *ctl_err_code(enum ctl_err e)
{
	return (unsigned)e < CTL_E_COUNT ? errs[e].code : "internal";
}


const char *ctl_status_reason(uint16_t status)
{
	for (size_t i = 0; i < ARRAY_SIZE(reasons); i++) {
		if (reasons[i].status == status)
			return reasons[i].reason;
	}

	return "Unknown";
}


int ctl_err_print(struct re_printf *pf, enum ctl_err e, const char *msg)
{
	return re_hprintf(pf, "{\"error\": {\"code\": \"%s\", \"message\": "
			  "%H}}\n", ctl_err_code(e), ctl_json_str_h,
			  (void *)(msg ? msg : ""));
}
