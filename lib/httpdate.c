#include "httpdate.h"

#include <stdint.h>
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

/* The parser below reads the three forms of RFC 9110 section 5.6.7 by hand
 * rather than with sscanf: sscanf pulls musl's whole scanf engine
 * (vfscanf, floatscan, intscan: about 12 KiB of the static build, 149,192
 * -> 136,904 bytes) into a binary that reads no other number that way. */

/* Reads min to max digits at *p and returns their value; -1 when there
 * are fewer than min. The grammar's day and time fields are 2DIGIT; one
 * digit is accepted there as it always was (sscanf's %2d did). */
static int digits(const char **p, int min, int max)
{
	int v = 0, n = 0;
	while (n < max && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n >= min ? v : -1;
}

static bool lit(const char **p, const char *s)
{
	size_t n = strlen(s);
	if (strncmp(*p, s, n) != 0)
		return false;
	*p += n;
	return true;
}

static bool is_alpha(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* A day-name: 3 letters, or 1 to 15 for RFC 850's day-name-l, which is
 * not checked against the date (RFC 9110 does not ask for that). */
static bool day_name(const char **p, int min, int max)
{
	int n = 0;
	while (n < max && is_alpha(**p)) {
		(*p)++;
		n++;
	}
	return n >= min && !is_alpha(**p);
}

/* month = "Jan" / ... / "Dec", case-sensitive (RFC 9110 section 5.6.7). */
static int month(const char **p)
{
	for (int i = 0; i < 12; i++)
		if (strncmp(*p, months + 3 * i, 3) == 0) {
			*p += 3;
			return i;
		}
	return -1;
}

/* The fields of a parsed date; year is the full year. */
struct date {
	int year, mon, mday, hour, min, sec;
};

/* time-of-day = hour ":" minute ":" second */
static bool time_of_day(const char **p, struct date *d)
{
	return (d->hour = digits(p, 1, 2)) >= 0 && lit(p, ":") &&
	       (d->min = digits(p, 1, 2)) >= 0 && lit(p, ":") &&
	       (d->sec = digits(p, 1, 2)) >= 0;
}

/* IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT */
static bool imf_fixdate(const char *p, struct date *d)
{
	return day_name(&p, 3, 3) && lit(&p, ", ") && (d->mday = digits(&p, 1, 2)) >= 0 &&
	       lit(&p, " ") && (d->mon = month(&p)) >= 0 && lit(&p, " ") &&
	       (d->year = digits(&p, 4, 4)) >= 0 && lit(&p, " ") && time_of_day(&p, d) &&
	       lit(&p, " GMT") && *p == '\0';
}

/* RFC 850: Sunday, 06-Nov-94 08:49:37 GMT */
static bool rfc850_date(const char *p, struct date *d)
{
	if (!(day_name(&p, 1, 15) && lit(&p, ", ") && (d->mday = digits(&p, 1, 2)) >= 0 &&
	      lit(&p, "-") && (d->mon = month(&p)) >= 0 && lit(&p, "-") &&
	      (d->year = digits(&p, 2, 2)) >= 0 && lit(&p, " ") && time_of_day(&p, d) &&
	      lit(&p, " GMT") && *p == '\0'))
		return false;
	/* RFC 9110: a two-digit year more than 50 years ahead is in the
	 * past century */
	d->year += d->year < 70 ? 2000 : 1900;
	return true;
}

/* asctime: Sun Nov  6 08:49:37 1994; date3's day is 2DIGIT or SP DIGIT. */
static bool asctime_date(const char *p, struct date *d)
{
	return day_name(&p, 3, 3) && lit(&p, " ") && (d->mon = month(&p)) >= 0 &&
	       lit(&p, " ") &&
	       (d->mday = lit(&p, " ") ? digits(&p, 1, 1) : digits(&p, 1, 2)) >= 0 &&
	       lit(&p, " ") && time_of_day(&p, d) && lit(&p, " ") &&
	       (d->year = digits(&p, 4, 4)) >= 0 && *p == '\0';
}

bool httpdate_parse(const char *s, time_t *t)
{
	struct date d;
	if (!imf_fixdate(s, &d) && !rfc850_date(s, &d) && !asctime_date(s, &d))
		return false;
	if (d.mday < 1 || d.mday > 31 || d.hour > 23 || d.min > 59 || d.sec > 60)
		return false;
	/* timegm's arithmetic, without its time zone load; an out-of-range
	 * day or a leap second carries over the same way. */
	*t = (time_t)(days_from_civil(d.year, d.mon + 1, d.mday) * 86400 + d.hour * 3600 +
		      d.min * 60 + d.sec);
	return true;
}
