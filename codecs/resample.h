/* resample.h: mono S16 sample-rate conversion (libswresample). */
#ifndef CONSORT_RESAMPLE_H
#define CONSORT_RESAMPLE_H

#include <stddef.h>
#include <stdint.h>

struct resamp;

/*
 * Allocate a converter in_rate -> out_rate [Hz] (1000..384000); a mem
 * object. Equal rates give a plain copy. Returns 0, EINVAL, ENOMEM or
 * EPROTO (libswresample refused).
 */
int resamp_alloc(struct resamp **rp, uint32_t in_rate, uint32_t out_rate);

/*
 * Convert `in_n` samples. *out_n is the capacity of out on entry and the
 * number of samples produced on return. Over time the output count is
 * in_n * out_rate / in_rate; the filter delay (about 2 ms) is absorbed
 * at start, i.e. the first calls return that much less.
 * Capacity must be at least in_n * out_rate / in_rate + 1 (else
 * EOVERFLOW and nothing is consumed); output that does not fit stays
 * buffered for the next call, so give some slack (+64) to keep the
 * latency at the filter delay. out may equal in when the rates are
 * equal. Returns 0, EINVAL, EOVERFLOW or EPROTO.
 */
int resamp_process(struct resamp *r, int16_t *out, size_t *out_n,
		   const int16_t *in, size_t in_n);

#endif
