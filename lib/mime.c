#include "mime.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hot.h"
#include "limits.h"

const char *mime_types_path = "/etc/mime.types";

/* Python's SimpleHTTPRequestHandler.extensions_map: it wins over the system
 * table so that a .gz is not served as text with a gzip encoding. */
static const char *const overrides[][2] = {
	{"gz", "application/gzip"},
	{"Z", "application/octet-stream"},
	{"bz2", "application/x-bzip2"},
	{"xz", "application/x-xz"},
};

/* For boxes without /etc/mime.types (most embedded ones): the types a web
 * page is made of, as Python's mimetypes defaults give them. */
static const char *const builtin[][2] = {
	{"avif", "image/avif"},	      {"bmp", "image/bmp"},
	{"css", "text/css"},	      {"csv", "text/csv"},
	{"gif", "image/gif"},	      {"htm", "text/html"},
	{"html", "text/html"},	      {"ico", "image/vnd.microsoft.icon"},
	{"jpeg", "image/jpeg"},	      {"jpg", "image/jpeg"},
	{"js", "text/javascript"},    {"json", "application/json"},
	{"mjs", "text/javascript"},   {"mp3", "audio/mpeg"},
	{"mp4", "video/mp4"},	      {"pdf", "application/pdf"},
	{"png", "image/png"},	      {"svg", "image/svg+xml"},
	{"tar", "application/x-tar"}, {"txt", "text/plain"},
	{"wasm", "application/wasm"}, {"webm", "video/webm"},
	{"webp", "image/webp"},	      {"woff", "font/woff"},
	{"woff2", "font/woff2"},      {"xml", "text/xml"},
	{"zip", "application/zip"},
};

static char found[128] HOT;

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Byte values ranked from rarest to commonest in a mime.types (Debian's,
 * counted); a byte not listed is rarer still (upper case, punctuation). */
static const char common_last[] = "5987640q1z32yjkwbhugfxrvsmdecltonpia";

static size_t rank(char c)
{
	const char *at = strchr(common_last, c);
	return c && at ? (size_t)(at - common_last) + 1 : 0;
}

/* The last c in s[0..n), as memrchr. glibc's is vectorised; musl's looks
 * at one byte per step, about three instructions a byte, and searching
 * Debian's table for "html" made it a third of a static request's
 * instructions (callgrind: 31,692 of 83,045). This one tests eight bytes
 * a step: a word holds c where word ^ (c in every byte) has a zero byte. */
#ifdef __GLIBC__
#define last_byte memrchr
#else
static const char *last_byte(const char *s, int c, size_t n)
{
	const unsigned char *p = (const unsigned char *)s + n, ch = (unsigned char)c;
	while (n && ((uintptr_t)p & (sizeof(uint64_t) - 1))) {
		n--;
		if (*--p == ch)
			return (const char *)p;
	}
	const uint64_t ones = 0x0101010101010101ULL, highs = ones << 7, pattern = ones * ch;
	for (; n >= sizeof(uint64_t); n -= sizeof(uint64_t), p -= sizeof(uint64_t)) {
		uint64_t w;
		memcpy(&w, p - sizeof w, sizeof w); /* aligned */
		w ^= pattern;
		if ((w - ones) & ~w & highs)
			break; /* c is in this word: found below, byte by byte */
	}
	while (n--)
		if (*--p == ch)
			return (const char *)p;
	return NULL;
}
#endif

/* The index of ext's rarest byte, which leads the search. */
static size_t rarest(const char *ext, size_t elen)
{
	size_t k = 0;
	for (size_t i = 1; i < elen; i++)
		if (rank(ext[i]) < rank(ext[k]))
			k = i;
	return k;
}

/* Where ext last occurs wholly before end, or NULL: a reverse memmem led by
 * the needle's rarest byte ext[k], since memrchr skips the bytes between
 * hits many times faster than memmem walks them, and every file request
 * searches. */
static const char *find_last(const char *table, const char *end, const char *ext, size_t elen,
			     size_t k)
{
	if ((size_t)(end - table) < elen)
		return NULL;
	/* a match starts in [table, end - elen], so its byte k lies in
	 * [table + k, end - elen + k] */
	const char *lo = table + k, *hi = end - elen + k + 1;
	while (hi > lo) {
		const char *q = last_byte(lo, ext[k], (size_t)(hi - lo));
		if (!q)
			return NULL;
		if (memcmp(q - k, ext, elen) == 0)
			return q - k;
		hi = q;
	}
	return NULL;
}

const char *mime_lookup_table(const char *table, size_t len, const char *ext)
{
	/* The extension as a whole word after a line's first word, the last
	 * such line winning, as Python's mimetypes.read() overwrites earlier
	 * lines (Debian's file names csh, tcl, chm and others twice). From the
	 * end, and searching rather than parsing every line: this runs on
	 * every file request, and text/ and video/ types are near the end. */
	size_t elen = strlen(ext);
	if (elen == 0 || elen >= 64)
		return NULL;
	const char *end = table + len, *limit = end;
	/* once, not for every hit: rank() walks a string */
	size_t k = rarest(ext, elen);
	for (;;) {
		const char *hit = find_last(table, limit, ext, elen, k);
		if (!hit)
			return NULL;
		/* the next search ends before this hit starts */
		limit = hit + elen - 1;
		const char *after = hit + elen;
		if (hit == table || !is_space(hit[-1]))
			continue;
		if (after < end && !is_space(*after) && *after != '\n' && *after != '\r')
			continue;
		const char *line = hit;
		while (line > table && line[-1] != '\n')
			line--;
		if (*line == '#')
			continue;
		size_t tlen = 0;
		while (line + tlen < hit && !is_space(line[tlen]))
			tlen++;
		/* The hit must not be inside the first word (the type itself). */
		if (line + tlen >= hit || tlen == 0 || tlen >= sizeof found)
			continue;
		memcpy(found, line, tlen);
		found[tlen] = '\0';
		return found;
	}
}

/* The system table, mapped once per process (per mime_types_path) and kept
 * until exit: unmapping it cost a file request ~7 us, the process ends with
 * the request, and a name tried in two cases maps it once. */
static const char *table_path HOT, *table HOT;
static size_t table_len HOT;

static const char *system_mapped(int fd, const char *ext)
{
	if (table_path != mime_types_path) {
		if (table)
			munmap((void *)table, table_len);
		table = NULL;
		table_path = mime_types_path;
		struct stat st;
		if (fstat(fd, &st) == 0 && st.st_size > 0) {
			void *map =
				mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
			if (map != MAP_FAILED) {
				table = map;
				table_len = (size_t)st.st_size;
			}
		}
	}
	return table ? mime_lookup_table(table, table_len, ext) : NULL;
}

/* The system table's last lines first, read a piece at a time from the
 * end (MIME_READ_PIECE), each piece searched from its first whole line;
 * the line cut at a piece's start is read whole with the piece before.
 * The last line naming ext wins in a piece as in the file, so the first
 * piece that names it answers. Past MIME_READ_PIECES pieces, or a line
 * longer than a piece, the whole file is mapped and searched. */
static const char *system_lookup(const char *ext)
{
	if (table_path == mime_types_path)
		return table ? mime_lookup_table(table, table_len, ext) : NULL;
	int fd = openat(AT_FDCWD, mime_types_path,
			O_RDONLY | O_CLOEXEC); /* not open: musl adds an fcntl */
	if (fd < 0)
		return NULL;
	const char *t = NULL;
	char piece[MIME_READ_PIECE];
	off_t end = lseek(fd, 0, SEEK_END);
	for (int i = 0; end > 0 && i < MIME_READ_PIECES; i++) {
		off_t at = end > (off_t)sizeof piece ? end - (off_t)sizeof piece : 0;
		size_t n = (size_t)(end - at), skip = 0;
		if (pread(fd, piece, n, at) != (ssize_t)n)
			break;
		if (at > 0) {
			const char *nl = memchr(piece, '\n', n);
			if (!nl)
				break;
			skip = (size_t)(nl + 1 - piece);
		}
		if ((t = mime_lookup_table(piece + skip, n - skip, ext)) != NULL)
			break;
		end = at + (off_t)skip;
	}
	if (!t && end > 0)
		t = system_mapped(fd, ext);
	close(fd);
	return t;
}

static const char *table_lookup(const char *const (*t)[2], size_t n, const char *ext, bool fold)
{
	for (size_t i = 0; i < n; i++)
		if ((fold ? strcasecmp : strcmp)(t[i][0], ext) == 0)
			return t[i][1];
	return NULL;
}

const char *mime_type(const char *name)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	const char *dot = strrchr(base, '.');
	/* splitext: a leading dot starts no extension */
	if (!dot || dot == base || !dot[1])
		return "application/octet-stream";
	const char *ext = dot + 1;
	const size_t noverrides = sizeof overrides / sizeof overrides[0];
	const char *t = table_lookup(overrides, noverrides, ext, false);
	if (!t)
		t = table_lookup(overrides, noverrides, ext, true);
	if (t)
		return t;
	char lower[64];
	size_t n = strlen(ext);
	if (n >= sizeof lower)
		return "application/octet-stream";
	for (size_t i = 0; i <= n; i++)
		lower[i] = (ext[i] >= 'A' && ext[i] <= 'Z') ? (char)(ext[i] + 32) : ext[i];
	if ((t = system_lookup(ext)) || (strcmp(ext, lower) && (t = system_lookup(lower))))
		return t;
	t = table_lookup(builtin, sizeof builtin / sizeof builtin[0], lower, false);
	return t ? t : "application/octet-stream";
}
