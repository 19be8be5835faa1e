#include "response.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "fs.h"
#include "httpdate.h"
#include "limits.h"
#include "mime.h"

static const struct error_page *error_pages;
static size_t nerror_pages;

void response_use_error_pages(const struct error_page *pages, size_t n)
{
	error_pages = pages;
	nerror_pages = n;
}

void response_begin(struct buf *b, int minor, int code, const char *phrase)
{
	char date[HTTPDATE_LEN];
	httpdate_format(clock_wall(), date);
	buf_printf(b, "HTTP/1.%d %d %s\r\nServer: " SERVER_SOFTWARE "\r\nDate: %s\r\n", minor,
		   code, phrase ? phrase : status_phrase(code), date);
}

void response_header(struct buf *b, const char *name, const char *value)
{
	/* not buf_printf: a file's answer has five of these, and the format
	 * engine cost each ~850 instructions for two plain strings */
	buf_puts(b, name);
	buf_add(b, ": ", 2);
	buf_puts(b, value);
	buf_add(b, "\r\n", 2);
}

void response_end(struct buf *b)
{
	buf_puts(b, "Connection: close\r\n\r\n");
}

bool response_send(struct conn *c, struct buf *head, const char *body, size_t n, bool head_only,
		   struct answer *a, int code)
{
	a->status = code;
	a->bytes = head_only ? 0 : (int64_t)n;
	if (buf_failed(head))
		return false;
	return conn_write2(c, head->data, head->len, head_only ? NULL : body,
			   head_only ? 0 : n);
}

/* The --error-page file for code: 1 sent, 0 the client went away, -1 no
 * usable page (nothing was sent). */
static int send_error_page(struct conn *c, int minor, bool head_only, int code,
			   const char *extra, struct answer *a)
{
	const char *path = NULL;
	for (size_t i = 0; i < nerror_pages && !path; i++)
		if (error_pages[i].code == code)
			path = error_pages[i].path;
	if (!path)
		return -1;
	struct stat st;
	enum status s;
	int fd = fs_open_beneath(path, O_RDONLY | O_NONBLOCK | O_NOCTTY, &st, &s);
	if (fd < 0)
		return -1;
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	struct buf head;
	char head_store[BUF_ON_STACK];
	buf_init_on(&head, head_store, sizeof head_store);
	response_begin(&head, minor, code, NULL);
	if (extra)
		buf_printf(&head, "%s\r\n", extra);
	response_header(&head, "Content-Type", mime_type(path));
	buf_printf(&head, "Content-Length: %lld\r\n", (long long)st.st_size);
	response_end(&head);
	a->status = code;
	a->bytes = 0;
	bool body = !head_only && st.st_size > 0;
	bool ok = !buf_failed(&head) && (body ? conn_write_more(c, head.data, head.len)
					      : conn_write(c, head.data, head.len));
	buf_free(&head);
	if (ok && body) {
		uint64_t sent = conn_sendfile(c, fd, 0, (uint64_t)st.st_size);
		a->bytes = (int64_t)sent;
		ok = sent == (uint64_t)st.st_size;
	}
	close(fd);
	a->incomplete = !ok;
	return ok;
}

bool response_error(struct conn *c, int minor, bool head_only, int code, const char *message,
		    const char *extra, struct answer *a)
{
	if (nerror_pages) {
		int sent = send_error_page(c, minor, head_only, code, extra, a);
		if (sent >= 0)
			return sent;
	}
	struct buf page, head;
	char page_store[BUF_ON_STACK], head_store[BUF_ON_STACK];
	buf_init_on(&page, page_store, sizeof page_store);
	buf_init_on(&head, head_store, sizeof head_store);
	/* Python 3.11's DEFAULT_ERROR_MESSAGE, so scripts and tests that read
	 * the seed's pages read ours. */
	buf_printf(&page,
		   "<!DOCTYPE HTML>\n<html lang=\"en\">\n    <head>\n"
		   "        <meta charset=\"utf-8\">\n"
		   "        <title>Error response</title>\n    </head>\n    <body>\n"
		   "        <h1>Error response</h1>\n"
		   "        <p>Error code: %d</p>\n        <p>Message: ",
		   code);
	buf_html(&page, message ? message : status_phrase(code), true);
	buf_printf(&page,
		   ".</p>\n        <p>Error code explanation: %d - %s.</p>\n"
		   "    </body>\n</html>\n",
		   code, status_explain(code));
	response_begin(&head, minor, code, NULL);
	if (extra)
		buf_printf(&head, "%s\r\n", extra);
	/* 1xx, 204 and 304 carry no body (RFC 9110 section 6.4.1). */
	bool bodyless = code < 200 || code == 204 || code == 304;
	if (!bodyless) {
		response_header(&head, "Content-Type", "text/html;charset=utf-8");
		buf_printf(&head, "Content-Length: %zu\r\n", page.len);
	}
	response_end(&head);
	bool ok = response_send(c, &head, page.data, page.len, head_only || bodyless, a, code);
	buf_free(&page);
	buf_free(&head);
	return ok;
}
