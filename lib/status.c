#include "status.h"

#include <stddef.h>

/* Phrases and explanations as in Python's http.HTTPStatus, so error pages
 * read the same as the seed's. */
static const struct {
	int code;
	const char *phrase;
	const char *explain;
} statuses[] = {
	{100, "Continue", "Request received, please continue"},
	{200, "OK", "Request fulfilled, document follows"},
	{206, "Partial Content", "Partial content follows"},
	{301, "Moved Permanently", "Object moved permanently -- see URI list"},
	{302, "Found", "Object moved temporarily -- see URI list"},
	{303, "See Other", "Object moved -- see Method and URL list"},
	{304, "Not Modified", "Document has not changed since given time"},
	{307, "Temporary Redirect", "Object moved temporarily -- see URI list"},
	{400, "Bad Request", "Bad request syntax or unsupported method"},
	{403, "Forbidden", "Request forbidden -- authorization will not help"},
	{404, "Not Found", "Nothing matches the given URI"},
	{405, "Method Not Allowed", "Specified method is invalid for this resource"},
	{408, "Request Timeout", "Request timed out; try again later"},
	{411, "Length Required", "Client must specify Content-Length"},
	{412, "Precondition Failed", "Precondition in headers is false"},
	{413, "Request Entity Too Large", "Entity is too large"},
	{414, "Request-URI Too Long", "URI is too long"},
	{416, "Requested Range Not Satisfiable", "Cannot satisfy request range"},
	{417, "Expectation Failed", "Expect condition could not be satisfied"},
	{431, "Request Header Fields Too Large",
	 "The server is unwilling to process the request because its header "
	 "fields are too large"},
	{500, "Internal Server Error", "Server got itself in trouble"},
	{501, "Not Implemented", "Server does not support this operation"},
	{502, "Bad Gateway", "Invalid responses from another server/proxy"},
	{503, "Service Unavailable",
	 "The server cannot process the request due to a high load"},
	{505, "HTTP Version Not Supported", "Cannot fulfill request"},
};

static size_t find(int code)
{
	for (size_t i = 0; i < sizeof statuses / sizeof statuses[0]; i++)
		if (statuses[i].code == code)
			return i;
	return (size_t)-1;
}

const char *status_phrase(int code)
{
	size_t i = find(code);
	return i == (size_t)-1 ? "Unknown" : statuses[i].phrase;
}

const char *status_explain(int code)
{
	size_t i = find(code);
	return i == (size_t)-1 ? "" : statuses[i].explain;
}
