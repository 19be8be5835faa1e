/* libFuzzer target: httpdate_parse, the hand-written reader of the
 * If-Modified-Since and If-Range dates a client sends. Checks that it
 * reads no byte past the NUL, that every date it accepts formats back to
 * an IMF-fixdate that parses to the same instant, and that it accepts
 * nothing the sscanf reader it replaced refused, nor reads it as another
 * instant. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/httpdate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The reader before it (sscanf), kept here as the reference. */
static bool sscanf_parse(const char *s, time_t *t)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct tm tm = {0};
	char wd[16], mon[4], tz[4];
	int n = 0;
	if (sscanf(s, "%3s, %2d %3s %4d %2d:%2d:%2d %3s%n", wd, &tm.tm_mday, mon, &tm.tm_year,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, tz, &n) == 8 &&
	    s[n] == '\0' && strcmp(tz, "GMT") == 0) {
		tm.tm_year -= 1900;
	} else if (sscanf(s, "%15[A-Za-z], %2d-%3s-%2d %2d:%2d:%2d %3s%n", wd, &tm.tm_mday, mon,
			  &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, tz, &n) == 8 &&
		   s[n] == '\0' && strcmp(tz, "GMT") == 0) {
		if (tm.tm_year < 70)
			tm.tm_year += 100;
	} else if (sscanf(s, "%3s %3s %2d %2d:%2d:%2d %4d%n", wd, mon, &tm.tm_mday, &tm.tm_hour,
			  &tm.tm_min, &tm.tm_sec, &tm.tm_year, &n) == 7 &&
		   s[n] == '\0') {
		tm.tm_year -= 1900;
	} else {
		return false;
	}
	const char *m = strstr(months, mon);
	if (strlen(mon) != 3 || !m || (m - months) % 3)
		return false;
	tm.tm_mon = (int)(m - months) / 3;
	if (tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60)
		return false;
	*t = timegm(&tm);
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 64)
		return 0;
	/* exactly size bytes and a NUL, so ASan sees a read past it */
	char *s = malloc(size + 1);
	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	time_t t, back, ref;
	if (httpdate_parse(s, &t)) {
		char d[HTTPDATE_LEN];
		httpdate_format(t, d);
		/* a leap second on 31 Dec 9999 carries into a five-digit year,
		 * which no HTTP-date can write */
		if (t < 253402300800 && (!httpdate_parse(d, &back) || back != t))
			abort();
		if (!sscanf_parse(s, &ref) || ref != t)
			abort();
	}
	free(s);
	return 0;
}
