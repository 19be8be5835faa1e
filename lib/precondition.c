#include "precondition.h"

#include <string.h>

#include "httpdate.h"

bool precondition_etag_matches(const struct request *req, const char *field, const char *etag,
			       bool strong)
{
	bool etag_weak = etag && strncmp(etag, "W/", 2) == 0;
	if (etag_weak)
		etag += 2;
	size_t elen = etag ? strlen(etag) : 0;
	struct request_list it = {0};
	const char *m;
	size_t n;
	while (request_list_next(req, field, &it, &m, &n)) {
		if (n == 1 && *m == '*')
			return true;
		bool weak = n > 2 && strncmp(m, "W/", 2) == 0;
		if (weak) {
			m += 2;
			n -= 2;
		}
		/* an entity-tag is one quoted opaque-tag; anything else is not one */
		if (n < 2 || m[0] != '"' || m[n - 1] != '"' || memchr(m + 1, '"', n - 2))
			continue;
		if (!etag || (strong && (weak || etag_weak)))
			continue;
		if (n == elen && memcmp(m, etag, n) == 0)
			return true;
	}
	return false;
}

/* A date condition's field: its date when it was sent once and parses. */
static bool date_field(const struct request *req, const char *name, time_t *t)
{
	const char *v = request_singleton(req, name);
	return v && httpdate_parse(v, t);
}

/* If-Range (section 13.1.5): an entity-tag matches by strong comparison; a
 * date only when it is exactly our Last-Modified and that is strong. A
 * repeated or unparseable If-Range matches nothing. */
static bool if_range_matches(const struct request *req, const struct validators *v)
{
	const char *ir = request_singleton(req, "If-Range");
	if (!ir)
		return false;
	if (ir[0] == '"' || strncmp(ir, "W/\"", 3) == 0) {
		size_t n = strlen(ir);
		return v->etag && ir[0] == '"' && strncmp(v->etag, "W/", 2) != 0 &&
		       n == strlen(v->etag) && memcmp(ir, v->etag, n) == 0;
	}
	time_t t;
	return v->mtime >= 0 && httpdate_parse(ir, &t) && t == v->mtime &&
	       v->now - v->mtime >= 1;
}

enum status precondition_check(const struct request *req, const struct validators *v,
			       bool *use_range)
{
	bool get = strcmp(req->method, "GET") == 0;
	bool get_or_head = get || strcmp(req->method, "HEAD") == 0;
	time_t t;
	*use_range = false;
	/* 1 and 2: what the client holds must still be current */
	if (request_header(req, "If-Match")) {
		if (!precondition_etag_matches(req, "If-Match", v->etag, true))
			return S_PRECONDITION_FAILED;
	} else if (v->mtime >= 0 && date_field(req, "If-Unmodified-Since", &t) &&
		   v->mtime > t) {
		return S_PRECONDITION_FAILED;
	}
	/* 3 and 4: what the client holds may already be current */
	if (request_header(req, "If-None-Match")) {
		if (precondition_etag_matches(req, "If-None-Match", v->etag, false))
			return get_or_head ? S_NOT_MODIFIED : S_PRECONDITION_FAILED;
	} else if (get_or_head && v->mtime >= 0 && date_field(req, "If-Modified-Since", &t) &&
		   v->mtime <= t) {
		return S_NOT_MODIFIED;
	}
	/* 5: a Range only for the representation the client has part of */
	if (get && request_singleton(req, "Range"))
		*use_range = !request_header(req, "If-Range") || if_range_matches(req, v);
	return S_OK;
}
