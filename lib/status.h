/* status.h: HTTP status codes as the values of a C enum (the idea comes from
 * quark): a fallible function returns the status its failure should answer
 * with, so the error path is the response. */
#ifndef CGIHANDLER_STATUS_H
#define CGIHANDLER_STATUS_H

enum status {
	S_NONE = 0, /* no answer yet, or the connection is gone: close, say nothing */
	S_CONTINUE = 100,
	S_OK = 200,
	S_PARTIAL_CONTENT = 206,
	S_MOVED_PERMANENTLY = 301,
	S_FOUND = 302,
	S_SEE_OTHER = 303,
	S_NOT_MODIFIED = 304,
	S_TEMPORARY_REDIRECT = 307,
	S_BAD_REQUEST = 400,
	S_UNAUTHORIZED = 401,
	S_FORBIDDEN = 403,
	S_NOT_FOUND = 404,
	S_METHOD_NOT_ALLOWED = 405,
	S_REQUEST_TIMEOUT = 408,
	S_LENGTH_REQUIRED = 411,
	S_PRECONDITION_FAILED = 412,
	S_PAYLOAD_TOO_LARGE = 413,
	S_URI_TOO_LONG = 414,
	S_RANGE_NOT_SATISFIABLE = 416,
	S_EXPECTATION_FAILED = 417,
	S_MISDIRECTED_REQUEST = 421,
	S_HEADERS_TOO_LARGE = 431,
	S_INTERNAL_SERVER_ERROR = 500,
	S_NOT_IMPLEMENTED = 501,
	S_BAD_GATEWAY = 502,
	S_SERVICE_UNAVAILABLE = 503,
	S_VERSION_NOT_SUPPORTED = 505,
	S_LOOP_DETECTED = 508,
};

/* The reason phrase of a status ("Not Found"), or "" for a code without a
 * registered one: RFC 9112 section 4 lets the phrase be empty, and a made-up
 * word would mislead. */
const char *status_phrase(int code);

/* A sentence explaining the status, as Python's http.server error pages give
 * it; never NULL. */
const char *status_explain(int code);

#endif
