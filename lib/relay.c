#include "relay.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "request.h"

bool cgi_head_parse(char *buf, size_t len, struct cgi_head *h, const char **reason)
{
	h->status = S_OK;
	snprintf(h->phrase, sizeof h->phrase, "%s", "OK");
	h->has_type = h->has_location = false;
	h->nfields = 0;
	*reason = "script-header-invalid";
	char *end = buf + len;
	for (char *line = buf, *nl;
	     line < end && (nl = memchr(line, '\n', (size_t)(end - line))); line = nl + 1) {
		*nl = '\0';
		if (nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		if (!*line)
			break;
		char *colon = strchr(line, ':');
		if (!colon || !request_is_token(line, (size_t)(colon - line)))
			return false;
		*colon = '\0';
		char *val = colon + 1;
		while (*val == ' ' || *val == '\t')
			val++;
		/* a bare CR (or any control byte) in a value would split our
		 * answer for some clients: the script's head is bad */
		for (const char *q = val; *q; q++)
			if (((unsigned char)*q < 0x20 && *q != '\t') || *q == 0x7f)
				return false;
		if (strcasecmp(line, "Status") == 0) {
			int code;
			if (sscanf(val, "%3d %63[^\r\n]", &code, h->phrase) < 1 || code < 100 ||
			    code > 599)
				return false;
			h->status = code;
			if (!strchr(val, ' '))
				snprintf(h->phrase, sizeof h->phrase, "%s",
					 status_phrase(code));
			continue;
		}
		if (strcasecmp(line, "Location") == 0)
			h->has_location = true;
		if (strcasecmp(line, "Content-Type") == 0)
			h->has_type = true;
		if (strcasecmp(line, "Connection") == 0)
			continue;
		if (h->nfields == CGI_FIELDS_MAX)
			return false;
		h->fields[h->nfields++] = (struct cgi_field){line, val};
	}
	if (!h->has_type && !h->has_location)
		return false;
	if (h->has_location && h->status == S_OK) {
		h->status = S_FOUND;
		snprintf(h->phrase, sizeof h->phrase, "%s", status_phrase(S_FOUND));
	}
	*reason = NULL;
	return true;
}

/* Writes our head for h and copies the script's body through: the part of
 * it already read (body[0..n)) and the rest of the pipe. */
static void send_answer(struct conn *c, struct conn *pc, const struct cgi_head *h,
			const char *body, size_t n, struct answer *a, int minor)
{
	struct buf out;
	char store[BUF_ON_STACK];
	buf_init_on(&out, store, sizeof store);
	response_begin(&out, minor, h->status, h->phrase);
	for (size_t i = 0; i < h->nfields; i++)
		response_header(&out, h->fields[i].name, h->fields[i].value);
	response_end(&out);
	a->status = h->status;
	a->bytes = 0;
	if (!buf_failed(&out) && conn_write(c, out.data, out.len)) {
		uint64_t before = c->bytes_out;
		if (n)
			conn_write(c, body, n);
		char chunk[65536];
		for (;;) {
			ssize_t r = conn_read(pc, chunk, sizeof chunk);
			if (r <= 0 || !conn_write(c, chunk, (size_t)r))
				break;
		}
		a->bytes = (int64_t)(c->bytes_out - before);
	}
	buf_free(&out);
}

enum status relay_answer(struct conn *c, int fd, pid_t pid, const char *script_name,
			 const struct options *o, struct answer *a, int minor)
{
	/* Read the header block, bounded in size and by the script's clock. */
	char head[CGI_HEAD_MAX + 1];
	size_t have = 0, end = 0;
	struct conn pc = *c;
	pc.in = fd;
	conn_set_deadline(&pc, o->cgi_timeout ? (int64_t)o->cgi_timeout * 1000 : INT32_MAX);
	while (!end && have < CGI_HEAD_MAX) {
		ssize_t n = conn_read(&pc, head + have, CGI_HEAD_MAX - have);
		if (n <= 0)
			break;
		have += (size_t)n;
		end = request_head_end(head, have);
	}
	enum status result = S_NONE;
	struct cgi_head h;
	if (!end) {
		a->reason = "script-header-invalid";
		result = S_BAD_GATEWAY;
	} else {
		/* the parse writes into head[0..end) only, never into the
		 * body that follows it */
		if (!cgi_head_parse(head, end, &h, &a->reason))
			result = S_BAD_GATEWAY;
		else
			send_answer(c, &pc, &h, head + end, have - end, a, minor);
	}
	close(fd);
	int status;
	if (result != S_NONE)
		kill(pid, SIGTERM);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status))
		log_error("%s ended by signal %d", script_name, WTERMSIG(status));
	else if (WEXITSTATUS(status))
		log_error("%s exited with %d", script_name, WEXITSTATUS(status));
	return result;
}
