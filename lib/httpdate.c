#include "httpdate.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static const char days[] = "SunMonTueWedThuFriSat";
static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

static char *two(char *p, int v)
{
	*p++ = (char)('0' + v / 10 % 10);
	*p++ = (char)('0' + v % 10);
	return p;
}

/* Four digits of the year, then hh:mm:ss: the parts both formats share. */
static char *year(char *p, const struct tm *tm)
{
	int y = tm->tm_year + 1900;
	p = two(p, y / 100 % 100);
	return two(p, y % 100);
}

static char *clock_time(char *p, const struct tm *tm)
{
	p = two(p, tm->tm_hour);
	*p++ = ':';
	p = two(p, tm->tm_min);
	*p++ = ':';
	return two(p, tm->tm_sec);
}

/* Days since 1970-01-01 of a proleptic Gregorian date, month 1 to 12, and
 * back (Howard Hinnant's civil-date algorithms). */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void httpdate_gmtime(time_t t, struct tm *tm)
{
	int64_t day = (int64_t)t / 86400, secs = (int64_t)t % 86400;
	if (secs < 0) {
		secs += 86400;
		day--;
	}
	int64_t z = day + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	int m = (int)(mp < 10 ? mp + 3 : mp - 9);
	int64_t y = yoe + era * 400 + (m <= 2);
	*tm = (struct tm){
		.tm_sec = (int)(secs % 60),
		.tm_min = (int)(secs / 60 % 60),
		.tm_hour = (int)(secs / 3600),
		.tm_mday = (int)(doy - (153 * mp + 2) / 5 + 1),
		.tm_mon = m - 1,
		.tm_year = (int)(y - 1900),
		.tm_wday = (int)((day % 7 + 11) % 7), /* 1970-01-01 was a Thursday */
		.tm_yday = (int)(day - days_from_civil(y, 1, 1)),
	};
}

void httpdate_format(time_t t, char out[HTTPDATE_LEN])
{
	struct tm tm;
	httpdate_gmtime(t, &tm);
	/* By hand rather than strftime: the names must be English whatever
	 * the locale, and this runs for every answer. */
	char *p = out;
	memcpy(p, days + 3 * tm.tm_wday, 3);
	p += 3;
	*p++ = ',';
	*p++ = ' ';
	p = two(p, tm.tm_mday);
	*p++ = ' ';
	memcpy(p, months + 3 * tm.tm_mon, 3);
	p += 3;
	*p++ = ' ';
	p = year(p, &tm);
	*p++ = ' ';
	p = clock_time(p, &tm);
	memcpy(p, " GMT", 5);
}

void httpdate_format_clf(time_t t, char out[HTTPDATE_CLF_LEN])
{
	struct tm tm;
	httpdate_gmtime(t, &tm);
	char *p = two(out, tm.tm_mday);
	*p++ = '/';
	memcpy(p, months + 3 * tm.tm_mon, 3);
	p += 3;
	*p++ = '/';
	p = year(p, &tm);
	*p++ = ':';
	p = clock_time(p, &tm);
	memcpy(p, " +0000", 7);
}

static int month_index(const char *m)
{
	for (int i = 0; i < 12; i++)
		if (strncmp(m, months + 3 * i, 3) == 0)
			return i;
	return -1;
}

bool httpdate_parse(const char *s, time_t *t)
{
	struct tm tm = {0};
	char wd[16], mon[4], tz[4];
	int n = 0;
	/* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
	if (sscanf(s, "%3s, %2d %3s %4d %2d:%2d:%2d %3s%n", wd, &tm.tm_mday, mon, &tm.tm_year,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec, tz, &n) == 8 &&
	    s[n] == '\0' && strcmp(tz, "GMT") == 0) {
		tm.tm_year -= 1900;
		/* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT */
	} else if (sscanf(s, "%15[A-Za-z], %2d-%3s-%2d %2d:%2d:%2d %3s%n", wd, &tm.tm_mday, mon,
			  &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, tz, &n) == 8 &&
		   s[n] == '\0' && strcmp(tz, "GMT") == 0) {
		/* RFC 9110: a two-digit year more than 50 years ahead is in
		 * the past century */
		if (tm.tm_year < 70)
			tm.tm_year += 100;
		/* asctime: Sun Nov  6 08:49:37 1994 */
	} else if (sscanf(s, "%3s %3s %2d %2d:%2d:%2d %4d%n", wd, mon, &tm.tm_mday, &tm.tm_hour,
			  &tm.tm_min, &tm.tm_sec, &tm.tm_year, &n) == 7 &&
		   s[n] == '\0') {
		tm.tm_year -= 1900;
	} else {
		return false;
	}
	tm.tm_mon = month_index(mon);
	if (tm.tm_mon < 0 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 60)
		return false;
	/* timegm's arithmetic, without its time zone load; an out-of-range
	 * day or a leap second carries over the same way. */
	*t = (time_t)(days_from_civil((int64_t)tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) *
			      86400 +
		      tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
	return true;
}
