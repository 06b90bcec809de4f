/* clock.h: the monotonic clock that media code is handed. */
#ifndef CONSORT_CLOCK_H
#define CONSORT_CLOCK_H

#include <stdint.h>

/* Monotonic time [us] (CLOCK_MONOTONIC). */
uint64_t clock_mono_us(void);

/* Wall-clock time [us] since the Unix epoch (for RTCP NTP stamps). */
uint64_t clock_wall_us(void);

#endif
