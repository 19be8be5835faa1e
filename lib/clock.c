#include "clock.h"

#include <sys/syscall.h>
#include <unistd.h>

/* clock_gettime(2) without the vDSO (clock.h says why). A 32-bit CPU whose
 * time_t is 64 bits (musl, glibc with _TIME_BITS=64) takes the 64-bit
 * call, whose struct is two 64-bit fields on every architecture; a kernel
 * older than that call (before 5.1), or one that refuses it (a seccomp
 * filter), gets libc's own clock_gettime. */
static void read_clock(clockid_t id, struct timespec *ts)
{
#ifdef SYS_clock_gettime64
	struct {
		int64_t sec, nsec;
	} k;
	if (syscall(SYS_clock_gettime64, id, &k) == 0) {
		ts->tv_sec = (time_t)k.sec;
		ts->tv_nsec = (long)k.nsec;
		return;
	}
#else
	if (syscall(SYS_clock_gettime, id, ts) == 0)
		return;
#endif
	clock_gettime(id, ts);
}

static time_t wall = -1;

time_t clock_wall(void)
{
	if (wall == -1) {
		struct timespec ts;
		read_clock(CLOCK_REALTIME, &ts);
		wall = ts.tv_sec;
	}
	return wall;
}

void clock_wall_forget(void)
{
	wall = -1;
}

int64_t clock_mono_ms(void)
{
	struct timespec ts;
	read_clock(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
