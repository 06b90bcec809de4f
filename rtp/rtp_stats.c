/* rtp_stats.c: sequence validation, loss and jitter per RFC 3550 App. A. */
#include <errno.h>
#include <string.h>
#include "rtcp_pkt.h"
#include "rtp_stats.h"

#define RTP_SEQ_MOD (1u << 16)
#define JITTER_MAX_DELTA (1u << 27) /* [ts units] keeps 16*d in 32 bits */

void rtp_rxstats_init(struct rtp_rxstats *s)
{
	if (!s)
		return;

	memset(s, 0, sizeof(*s));
	s->min_sequential = RTP_MIN_SEQUENTIAL;
}

/* A.1 init_seq: restart the counters at `seq`. */
static void init_seq(struct rtp_rxstats *s, uint16_t seq)
{
	s->base_seq = seq;
	s->max_seq = seq;
	s->bad_seq = RTP_SEQ_MOD + 1;   /* so seq == bad_seq is false */
	s->cycles = 0;
	s->received = 0;
	s->received_prior = 0;
	s->expected_prior = 0;
	s->have_transit = false;
}

static void start_source(struct rtp_rxstats *s, uint32_t ssrc, uint16_t seq)
{
	s->ssrc_changed = s->active;
	if (s->active)
		++s->ssrc_changes;

	s->active = true;
	s->ssrc = ssrc;
	s->jitter = 0;
	init_seq(s, seq);
	s->max_seq = (uint16_t)(seq - 1);
	s->probation = s->min_sequential ? s->min_sequential : 1;
}

/* A.1 update_seq: true if the packet is valid. */
static bool update_seq(struct rtp_rxstats *s, uint16_t seq)
{
	uint16_t udelta = (uint16_t)(seq - s->max_seq);

	if (s->probation) {
		/* packet is in sequence */
		if (seq == (uint16_t)(s->max_seq + 1)) {
			s->probation--;
			s->max_seq = seq;
			if (s->probation == 0) {
				init_seq(s, seq);
				s->received++;
				return true;
			}
		}
		else {
			s->probation = s->min_sequential > 1 ?
				s->min_sequential - 1 : 1;
			s->max_seq = seq;
		}
		return false;
	}
	else if (udelta < RTP_MAX_DROPOUT) {
		/* in order, with permissible gap */
		if (seq < s->max_seq)
			s->cycles += RTP_SEQ_MOD;
		s->max_seq = seq;
	}
	else if (udelta <= RTP_SEQ_MOD - RTP_MAX_MISORDER) {
		/* very large jump: re-sync on two sequential packets */
		if (seq != s->bad_seq) {
			s->bad_seq = (seq + 1) & (RTP_SEQ_MOD - 1);
			return false;
		}
		init_seq(s, seq);
		s->resynced = true;
		++s->resyncs;
	}
	/* else duplicate or reordered packet */

	s->received++;
	return true;
}

/* A.8 interarrival jitter, kept in 1/16 timestamp units. */
static void update_jitter(struct rtp_rxstats *s, uint32_t ts,
			  uint32_t arrival)
{
	uint32_t transit = arrival - ts;

	if (s->have_transit) {
		int32_t d = (int32_t)(transit - s->transit);
		uint32_t ad = d < 0 ? 0u - (uint32_t)d : (uint32_t)d;

		if (ad > JITTER_MAX_DELTA)
			ad = JITTER_MAX_DELTA;

		s->jitter += ad - ((s->jitter + 8) >> 4);
	}

	s->transit = transit;
	s->have_transit = true;
}

int rtp_rxstats_update(struct rtp_rxstats *s, uint32_t ssrc, uint16_t seq,
		       uint32_t ts, uint32_t arrival)
{
	if (!s)
		return EINVAL;

	s->ssrc_changed = false;
	s->resynced = false;

	if (!s->active || ssrc != s->ssrc)
		start_source(s, ssrc, seq);

	if (!update_seq(s, seq)) {
		++s->bad;
		return EALREADY;
	}

	update_jitter(s, ts, arrival);

	return 0;
}

static uint32_t expected(const struct rtp_rxstats *s)
{
	uint32_t extended_max = s->cycles + s->max_seq;

	return extended_max - s->base_seq + 1;
}

/* A probation source has not counted anything yet. */
static bool counting(const struct rtp_rxstats *s)
{
	return s->active && !s->probation;
}

void rtp_rxstats_report(struct rtp_rxstats *s, struct rtcp_rb *rb,
			uint32_t lsr, uint32_t dlsr)
{
	uint32_t exp, exp_int, rec_int;
	int64_t lost;

	if (!s || !rb)
		return;

	memset(rb, 0, sizeof(*rb));
	rb->lsr = lsr;
	rb->dlsr = dlsr;
	if (!counting(s))
		return;

	exp = expected(s);
	lost = (int64_t)exp - s->received;
	if (lost > 0x7fffff)
		lost = 0x7fffff;
	else if (lost < -0x800000)
		lost = -0x800000;

	exp_int = exp - s->expected_prior;
	rec_int = s->received - s->received_prior;
	s->expected_prior = exp;
	s->received_prior = s->received;

	rb->ssrc = s->ssrc;
	if (exp_int > rec_int) {
		uint64_t f = ((uint64_t)(exp_int - rec_int) << 8) / exp_int;

		rb->fraction = f > 255 ? 255 : (uint8_t)f;
	}
	rb->lost = (int32_t)lost;
	rb->ext_seq = s->cycles + s->max_seq;
	rb->jitter = s->jitter >> 4;
}

uint32_t rtp_rxstats_jitter_ms(const struct rtp_rxstats *s,
			       uint32_t clock_rate)
{
	if (!s || !clock_rate)
		return 0;

	return (uint32_t)(((uint64_t)s->jitter * 1000 + 8 * clock_rate) /
			  (16ull * clock_rate));
}

int64_t rtp_rxstats_lost(const struct rtp_rxstats *s)
{
	if (!s || !counting(s))
		return 0;

	return (int64_t)expected(s) - s->received;
}

uint32_t rtcp_interval_ms(uint32_t mean_ms, uint32_t rnd)
{
	return mean_ms / 2 + (uint32_t)(((uint64_t)mean_ms * rnd) >> 32);
}
