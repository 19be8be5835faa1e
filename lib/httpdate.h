/* httpdate.h: HTTP dates (RFC 9110 section 5.6.7), always GMT. */
#ifndef CGIHANDLER_HTTPDATE_H
#define CGIHANDLER_HTTPDATE_H

#include <stdbool.h>
#include <time.h>

#define HTTPDATE_LEN 30	    /* "Sun, 06 Nov 1994 08:49:37 GMT" and its NUL */
#define HTTPDATE_CLF_LEN 27 /* "06/Nov/1994:08:49:37 +0000" and its NUL */

/* Breaks t down as UTC, as gmtime_r does, by arithmetic alone: glibc's
 * gmtime_r and timegm load the time zone first, which reads /etc/localtime
 * (seven syscalls) in every process that formats a date. */
void httpdate_gmtime(time_t t, struct tm *tm);

/* Formats t as an IMF-fixdate into out (HTTPDATE_LEN bytes). */
void httpdate_format(time_t t, char out[HTTPDATE_LEN]);

/* Formats t as a Common Log Format timestamp into out (HTTPDATE_CLF_LEN
 * bytes), with the same English month names whatever the locale. */
void httpdate_format_clf(time_t t, char out[HTTPDATE_CLF_LEN]);

/* Parses an IMF-fixdate, an RFC 850 date or an asctime date, as a recipient
 * must accept all three. False for anything else. */
bool httpdate_parse(const char *s, time_t *t);

#endif
