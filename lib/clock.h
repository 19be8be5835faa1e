/* clock.h: the two clocks a request reads, each by one system call.
 *
 * libc reads them through the vDSO, which costs a fresh process two page
 * faults (the vDSO's code, which musl also parses as an ELF image on the
 * first call, and its data page) for what is one or two readings per
 * request. A fault costs more than a system call (about 1.5 us each on a
 * slow VM against well under 1 us for the call), so one-request processes
 * ask the kernel directly. */
#ifndef CGIHANDLER_CLOCK_H
#define CGIHANDLER_CLOCK_H

#include <stdint.h>
#include <time.h>

/* Seconds since the epoch (CLOCK_REALTIME), as time(NULL): for Date,
 * Last-Modified checks and the log. Read once and kept: it is the time
 * of the request (what a log line records), and an answer's Date, its
 * validators and its log line then agree. */
time_t clock_wall(void);

/* Forgets the kept time: the next clock_wall() reads the clock again
 * (for an answer made long after the request: --relay's, after the
 * script has run). */
void clock_wall_forget(void);

/* Milliseconds of CLOCK_MONOTONIC: for deadlines, never for dates. */
int64_t clock_mono_ms(void);

#endif
