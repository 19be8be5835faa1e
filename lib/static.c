#include "static.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "buf.h"
#include "clock.h"
#include "encoding.h"
#include "fmt.h"
#include "fs.h"
#include "httpdate.h"
#include "limits.h"
#include "mime.h"
#include "precondition.h"
#include "sort.h"

#define OPEN_FLAGS (O_RDONLY | O_NONBLOCK | O_NOCTTY) /* a FIFO must not block us */

static bool head_only(const struct request *req)
{
	return strcmp(req->method, "HEAD") == 0;
}

/* The 301 to the same path plus '/': built from the collapsed path, which
 * starts with exactly one '/', so it never names another host. */
static enum status redirect_to_slash(struct conn *c, const struct request *req,
				     const char *path, struct answer *a)
{
	struct buf head = {0};
	response_begin(&head, req->minor, S_MOVED_PERMANENTLY, NULL);
	buf_puts(&head, "Location: ");
	buf_urlencode(&head, path);
	buf_puts(&head, "/");
	if (req->query) {
		buf_puts(&head, "?");
		buf_puts(&head, req->query); /* already checked: visible ASCII only */
	}
	buf_puts(&head, "\r\nContent-Length: 0\r\n");
	response_end(&head);
	response_send(c, &head, NULL, 0, true, a, S_MOVED_PERMANENTLY);
	buf_free(&head);
	return S_OK;
}

static bool parse_num(const char **p, int64_t *v)
{
	uint64_t n;
	const char *end = fmt_decimal(*p, &n);
	if (!end || n > INT64_MAX)
		return false;
	*p = end;
	*v = (int64_t)n;
	return true;
}

enum status static_parse_range(const char *h, int64_t size, int64_t *first, int64_t *last)
{
	if (strncasecmp(h, "bytes=", 6) != 0 || strchr(h, ','))
		return S_NONE;
	const char *p = h + 6;
	while (*p == ' ')
		p++;
	int64_t a, b;
	if (*p == '-') { /* the last b bytes */
		p++;
		if (!parse_num(&p, &b) || *p)
			return S_NONE;
		if (b == 0 || size == 0)
			return S_RANGE_NOT_SATISFIABLE;
		*first = b >= size ? 0 : size - b;
		*last = size - 1;
		return S_OK;
	}
	if (!parse_num(&p, &a) || *p++ != '-')
		return S_NONE;
	if (*p == '\0') {
		b = size - 1;
	} else if (!parse_num(&p, &b) || *p || b < a) {
		return S_NONE;
	}
	if (a >= size)
		return S_RANGE_NOT_SATISFIABLE;
	*first = a;
	*last = b >= size ? size - 1 : b;
	return S_OK;
}

/* A precompressed sibling's tag also names its coding, so that it can never
 * equal the identity representation's tag, even for a hard link. */
static void format_validators(const struct stat *st, const char *coding, char etag[64],
			      char lastmod[HTTPDATE_LEN])
{
	httpdate_format(st->st_mtime, lastmod);
	fmt_snprintf(etag, 64, "\"%llx-%llx-%lx%s%s\"", (unsigned long long)st->st_ino,
		     (unsigned long long)st->st_size, (long)st->st_mtime, coding ? "-" : "",
		     coding ? coding : "");
}

/* The answer a failed precondition gets: 304 with the validators a 200
 * would have carried (RFC 9110 section 15.4.5), or 412 without the
 * representation. */
static enum status answer_precondition(struct conn *c, const struct request *req, enum status s,
				       const char *etag, const char *lastmod, bool vary,
				       struct answer *a)
{
	if (s == S_PRECONDITION_FAILED) {
		a->reason = "precondition-failed";
		response_error(c, req->minor, head_only(req), S_PRECONDITION_FAILED, NULL, NULL,
			       a);
		return S_OK;
	}
	struct buf head = {0};
	char head_store[HEAD_ON_STACK];
	buf_init_on(&head, head_store, sizeof head_store);
	response_begin(&head, req->minor, S_NOT_MODIFIED, NULL);
	if (etag)
		response_header(&head, "ETag", etag);
	if (lastmod)
		response_header(&head, "Last-Modified", lastmod);
	if (vary)
		response_header(&head, "Vary", "Accept-Encoding");
	response_end(&head);
	response_send(c, &head, NULL, 0, true, a, S_NOT_MODIFIED);
	buf_free(&head);
	return S_OK;
}

/* Sends the file open on fd: the file at path itself (coding NULL), or its
 * precompressed sibling, named by coding; Content-Type is path's either
 * way, and the validators, ranges and length are those of what fd holds.
 * vary: the answer depends on Accept-Encoding (--precompressed). */
static enum status serve_file(struct conn *c, const struct request *req, int fd,
			      const struct stat *st, const char *path, const char *coding,
			      bool vary, struct answer *a)
{
	char etag[64], lastmod[HTTPDATE_LEN];
	format_validators(st, coding, etag, lastmod);
	struct buf head = {0};
	char head_store[HEAD_ON_STACK];
	buf_init_on(&head, head_store, sizeof head_store);
	int64_t size = st->st_size, first = 0, last = size - 1;
	int code = S_OK;

	bool use_range;
	struct validators v = {.etag = etag, .mtime = st->st_mtime, .now = clock_wall()};
	enum status pre = precondition_check(req, &v, &use_range);
	if (pre != S_OK)
		return answer_precondition(c, req, pre, etag, lastmod, vary, a);
	if (use_range) {
		const char *range = request_singleton(req, "Range");
		enum status r = static_parse_range(range, size, &first, &last);
		if (r == S_RANGE_NOT_SATISFIABLE) {
			char cr[64];
			fmt_snprintf(cr, sizeof cr, "Content-Range: bytes */%lld",
				     (long long)size);
			a->reason = "range-not-satisfiable";
			response_error(c, req->minor, head_only(req), S_RANGE_NOT_SATISFIABLE,
				       NULL, cr, a);
			return S_OK;
		}
		if (r == S_OK)
			code = S_PARTIAL_CONTENT;
	}
	int64_t length = size ? last - first + 1 : 0;
	response_begin(&head, req->minor, code, NULL);
	response_header(&head, "Content-Type", mime_type(path));
	if (coding)
		response_header(&head, "Content-Encoding", coding);
	if (vary)
		response_header(&head, "Vary", "Accept-Encoding");
	buf_printf(&head, "Content-Length: %lld\r\n", (long long)length);
	if (code == S_PARTIAL_CONTENT)
		buf_printf(&head, "Content-Range: bytes %lld-%lld/%lld\r\n", (long long)first,
			   (long long)last, (long long)size);
	response_header(&head, "Last-Modified", lastmod);
	response_header(&head, "ETag", etag);
	response_header(&head, "Accept-Ranges", "bytes");
	response_end(&head);
	a->status = code;
	a->bytes = 0;
	if (buf_failed(&head)) {
		buf_free(&head);
		return S_INTERNAL_SERVER_ERROR;
	}
	bool body = !head_only(req) && length > 0;
	bool ok = body ? conn_write_more(c, head.data, head.len)
		       : conn_write(c, head.data, head.len);
	buf_free(&head);
	a->incomplete = !ok;
	if (ok && body) {
		uint64_t sent = conn_sendfile(c, fd, (uint64_t)first, (uint64_t)length);
		a->bytes = (int64_t)sent;
		if (sent < (uint64_t)length) {
			a->reason = "body-cut-short";
			a->incomplete = true;
		}
	}
	return S_OK;
}

/* --precompressed: path's sibling FILE.br or FILE.gz, in the order the
 * request prefers them, when it is a regular file beneath the root no
 * older than the file, to the second (an older one is stale: the file was
 * edited and not compressed again; gzip -k and brotli keep the file's
 * mtime, some only to the second). Returns its descriptor and fills *sst and *coding, or
 * -1 when there is none to send. */
static int open_sibling(const struct request *req, const char *path, const struct stat *st,
			struct stat *sst, const char **coding)
{
	enum coding order[CODINGS];
	size_t n = encoding_accepted(req, order), len = strlen(path);
	for (size_t i = 0; i < n; i++) {
		char name[len + 4]; /* ".br", ".gz"; not URL_PATH_MAX: see static_serve */
		fmt_snprintf(name, sizeof name, "%s%s", path, encoding_suffix(order[i]));
		enum status s;
		int fd = fs_open_beneath(name, OPEN_FLAGS, sst, &s);
		if (fd < 0)
			continue;
		if (S_ISREG(sst->st_mode) && sst->st_mtime >= st->st_mtime) {
			*coding = encoding_token(order[i]);
			return fd;
		}
		close(fd);
	}
	return -1;
}

/* A regular file: its precompressed sibling when --precompressed finds one
 * the request accepts, else the file. */
static enum status serve_regular(struct conn *c, const struct request *req, int fd,
				 const struct stat *st, const char *path,
				 const struct options *o, struct answer *a)
{
	if (o->precompressed) {
		struct stat sst;
		const char *coding;
		int sfd = open_sibling(req, path, st, &sst, &coding);
		if (sfd >= 0) {
			enum status s = serve_file(c, req, sfd, &sst, path, coding, true, a);
			close(sfd);
			return s;
		}
	}
	return serve_file(c, req, fd, st, path, NULL, o->precompressed, a);
}

struct entry {
	char *name;
	bool dir, link;
};

static int by_name(const void *x, const void *y)
{
	const struct entry *a = x, *b = y;
	int r = strcasecmp(a->name, b->name);
	return r ? r : strcmp(a->name, b->name);
}

/* One record of getdents64(2). */
struct dirent64_rec {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

static enum status list_directory(struct conn *c, const struct request *req, int fd, dev_t dev,
				  const char *path, bool dotfiles, struct answer *a)
{
	/* getdents64 rather than fdopendir/readdir: closedir frees the DIR,
	 * and with no free anywhere musl links its small allocator, not the
	 * full one (7.8 KiB of the static build, see buf.c). */
	static char dents[16384] __attribute__((aligned(8)));
	struct entry *list = NULL;
	size_t n = 0, cap = 0, bytes = 0;
	enum status s = S_OK;
	for (bool first = true;; first = false) {
		long got = syscall(SYS_getdents64, fd, dents, sizeof dents);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0 && first) {
			close(fd);
			a->reason = "cannot-list";
			a->message = "No permission to list directory";
			return S_NOT_FOUND;
		}
		if (got <= 0)
			break; /* an error past the first records ends the list, as readdir did
				*/
		for (long off = 0; s == S_OK && off < got;) {
			const struct dirent64_rec *e = (const void *)(dents + off);
			off += e->reclen;
			if (e->name[0] == '.' &&
			    (!dotfiles || !e->name[1] || (e->name[1] == '.' && !e->name[2])))
				continue;
			if (fs_hidden(dev, (ino_t)e->ino))
				continue; /* the --auth password file */
			bytes += strlen(e->name) * 8 + 32;
			if (bytes > LISTING_MAX) {
				s = S_INTERNAL_SERVER_ERROR;
				a->reason = "listing-too-large";
				break;
			}
			if (n == cap) {
				/* a copy, the old array left (no realloc: see above) */
				cap = cap ? cap * 2 : 64;
				struct entry *l = malloc(cap * sizeof *list);
				if (!l) {
					s = S_INTERNAL_SERVER_ERROR;
					break;
				}
				if (n)
					memcpy(l, list, n * sizeof *list);
				list = l;
			}
			struct stat st;
			bool link = e->type == DT_LNK;
			bool dir = e->type == DT_DIR;
			if (e->type == DT_UNKNOWN || link) {
				if (fstatat(fd, e->name, &st, 0) == 0)
					dir = S_ISDIR(st.st_mode);
				if (e->type == DT_UNKNOWN &&
				    fstatat(fd, e->name, &st, AT_SYMLINK_NOFOLLOW) == 0)
					link = S_ISLNK(st.st_mode);
			}
			list[n].name = strdup(e->name);
			if (!list[n].name) {
				s = S_INTERNAL_SERVER_ERROR;
				break;
			}
			list[n].dir = dir;
			list[n].link = link;
			n++;
		}
		if (s != S_OK)
			break;
	}
	if (s == S_OK) {
		sort(list, n, sizeof *list, by_name);
		/* The seed's page, byte for byte. */
		struct buf page = {0}, head = {0};
		buf_puts(&page, "<!DOCTYPE HTML>\n<html lang=\"en\">\n<head>\n"
				"<meta charset=\"utf-8\">\n<title>Directory listing for ");
		buf_html(&page, path, false);
		buf_puts(&page, "</title>\n</head>\n<body>\n<h1>Directory listing for ");
		buf_html(&page, path, false);
		buf_puts(&page, "</h1>\n<hr>\n<ul>");
		for (size_t i = 0; i < n; i++) {
			buf_puts(&page, "\n<li><a href=\"");
			buf_urlencode(&page, list[i].name);
			if (list[i].dir)
				buf_puts(&page, "/");
			buf_puts(&page, "\">");
			buf_html(&page, list[i].name, false);
			buf_puts(&page, list[i].link ? "@" : list[i].dir ? "/" : "");
			buf_puts(&page, "</a></li>");
		}
		buf_puts(&page, "\n</ul>\n<hr>\n</body>\n</html>\n");
		response_begin(&head, req->minor, S_OK, NULL);
		response_header(&head, "Content-type", "text/html; charset=utf-8");
		buf_printf(&head, "Content-Length: %zu\r\n", page.len);
		response_end(&head);
		if (buf_failed(&page) || buf_failed(&head))
			s = S_INTERNAL_SERVER_ERROR;
		else
			response_send(c, &head, page.data, page.len, head_only(req), a, S_OK);
		buf_free(&page);
		buf_free(&head);
	}
	close(fd);
	return s;
}

enum status static_serve(struct conn *c, const struct request *req, const char *path,
			 const struct options *o, struct answer *a)
{
	struct stat st;
	enum status s;
	int fd = fs_open_beneath(path, OPEN_FLAGS, &st, &s);
	if (fd < 0) {
		a->reason = s == S_NOT_FOUND ? "no-such-file" : "cannot-open";
		/* the seed's word for a missing file; a refusal says what it is */
		a->message = s == S_NOT_FOUND ? "File not found" : "Permission denied";
		return s;
	}
	if (S_ISDIR(st.st_mode)) {
		size_t n = strlen(path);
		if (path[n - 1] != '/') {
			close(fd);
			return redirect_to_slash(c, req, path, a);
		}
		for (size_t i = 0; i < o->nindex; i++) {
			/* sized to the name: a fixed URL_PATH_MAX would make this
			 * frame 8 KiB deep for every file request too */
			char name[n + strlen(o->index[i]) + 1];
			fmt_snprintf(name, sizeof name, "%s%s", path, o->index[i]);
			struct stat ist;
			enum status is;
			int ifd = fs_open_beneath(name, OPEN_FLAGS, &ist, &is);
			if (ifd < 0 && is == S_UNAUTHORIZED) {
				close(fd); /* an index that leads under --auth */
				return is;
			}
			if (ifd < 0)
				continue;
			if (S_ISREG(ist.st_mode)) {
				close(fd);
				s = serve_regular(c, req, ifd, &ist, name, o, a);
				close(ifd);
				return s;
			}
			close(ifd);
		}
		if (o->no_listing) {
			close(fd);
			a->reason = "listing-disabled";
			a->message = "Directory listing is disabled";
			return S_FORBIDDEN;
		}
		/* a listing has no validators, but it exists: If-Match: * holds,
		 * a tag does not, and If-None-Match: * is 304 */
		bool use_range;
		struct validators none = {.mtime = -1};
		enum status pre = precondition_check(req, &none, &use_range);
		if (pre != S_OK) {
			close(fd);
			return answer_precondition(c, req, pre, NULL, NULL, false, a);
		}
		return list_directory(c, req, fd, st.st_dev, path, o->dotfiles, a);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		a->reason = "not-a-regular-file";
		return S_FORBIDDEN;
	}
	if (path[strlen(path) - 1] == '/') {
		/* the seed: a file named with a trailing slash is not found */
		close(fd);
		a->reason = "file-with-trailing-slash";
		a->message = "File not found";
		return S_NOT_FOUND;
	}
	s = serve_regular(c, req, fd, &st, path, o, a);
	close(fd);
	return s;
}
