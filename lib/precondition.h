/* precondition.h: the conditional requests of RFC 9110 section 13, decided
 * for a representation that exists. Pure functions over a parsed request. */
#ifndef CGIHANDLER_PRECONDITION_H
#define CGIHANDLER_PRECONDITION_H

#include <stdbool.h>
#include <time.h>

#include "request.h"
#include "status.h"

/* What the selected representation is validated by (RFC 9110 section 8.8). */
struct validators {
	const char *etag; /* its strong entity-tag, "\"...\"", or NULL: none */
	time_t mtime;	  /* its Last-Modified, in seconds, or -1: none */
	time_t now;	  /* the answer's Date: a Last-Modified less than a second
			   * before it is weak (section 8.8.2.2) */
};

/* Evaluates the preconditions of a GET or HEAD in section 13.2.2's order:
 * If-Match (strong comparison; "*" matches what exists), else
 * If-Unmodified-Since; then If-None-Match (weak comparison), else
 * If-Modified-Since; then If-Range. A date field sent on more than one line
 * or not a valid HTTP-date is ignored (sections 13.1.3, 13.1.4), and so is a
 * date condition when there is no mtime. Returns S_PRECONDITION_FAILED
 * (412), S_NOT_MODIFIED (304), or S_OK to answer, with *use_range true when
 * a GET's single Range is to be honoured (no If-Range, or an If-Range whose
 * strong entity-tag or exact, strong date matches; section 13.1.5), false
 * when the whole representation is sent. */
enum status precondition_check(const struct request *req, const struct validators *v,
			       bool *use_range);

/* True when a member of the entity-tag list field (If-Match,
 * If-None-Match), over all its lines, matches etag, the current tag (NULL:
 * there is none, and only "*" matches): "*" matches; strong comparison
 * (section 8.8.3.2, for If-Match) wants both tags strong and equal, weak
 * comparison (If-None-Match) compares them without W/. A member that is not
 * an entity-tag matches nothing. */
bool precondition_etag_matches(const struct request *req, const char *field, const char *etag,
			       bool strong);

#endif
