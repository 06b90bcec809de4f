/* rtp_dtmf.c: RFC 4733 telephone-event payload coding and key dedup. */
#include <errno.h>
#include <string.h>
#include "rtp_be.h"
#include "rtp_dtmf.h"

static const char digits[RTP_DTMF_MAX_EVENT + 1] = "0123456789*#ABCD";

static int event_of(char digit)
{
	const char *p;

	if (digit >= 'a' && digit <= 'd')
		digit = (char)(digit - 'a' + 'A');

	p = digit ? memchr(digits, digit, sizeof(digits)) : NULL;

	return p ? (int)(p - digits) : -1;
}

void rtp_dtmf_rx_init(struct rtp_dtmf_rx *d)
{
	if (d)
		memset(d, 0, sizeof(*d));
}

/* Same key press: same timestamp, or the next segment of a long event. */
static bool same_press(const struct rtp_dtmf_rx *d, uint32_t ts,
		       uint8_t event)
{
	uint32_t delta = ts - d->ts;

	if (!d->active)
		return false;
	if (delta == 0)
		return true;

	return event == d->event && !d->ended && delta <= d->duration;
}

int rtp_dtmf_rx_put(struct rtp_dtmf_rx *d, uint32_t ts,
		    const uint8_t *payload, size_t len, char *digit)
{
	uint8_t event;
	uint16_t duration;
	bool end, news;

	if (!d || !payload || !digit)
		return EINVAL;
	if (len < RTP_DTMF_SIZE || payload[0] > RTP_DTMF_MAX_EVENT)
		return EBADMSG;

	/* a late packet of an earlier event */
	if (d->active && (int32_t)(ts - d->ts) < 0)
		return 0;

	event = payload[0];
	end = payload[1] & 0x80;
	duration = be16_get(payload + 2);
	news = !same_press(d, ts, event);

	if (news || ts != d->ts) {
		d->active = true;
		d->ts = ts;
		d->event = event;
		d->ended = false;
		d->duration = 0;
	}

	if (end)
		d->ended = true;
	if (duration > d->duration)
		d->duration = duration;

	if (!news)
		return 0;

	*digit = digits[event];

	return 1;
}

int rtp_dtmf_encode(uint8_t *buf, size_t size, char digit, bool end,
		    uint8_t volume, uint16_t duration)
{
	int event = event_of(digit);

	if (!buf || event < 0 || volume > 63)
		return EINVAL;
	if (size < RTP_DTMF_SIZE)
		return EOVERFLOW;

	buf[0] = (uint8_t)event;
	buf[1] = (uint8_t)((end ? 0x80 : 0) | volume);
	be16_put(buf + 2, duration);

	return 0;
}
