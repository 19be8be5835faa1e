/* test_mime.c: the mime.types lookup, which searches the table led by the
 * extension's rarest byte: whole words only, after the type, never in a
 * comment, at either end of the table, the last line winning. */
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/limits.h"
#include "lib/mime.h"
#include "tests/unit/check.h"

static const char *look(const char *table, const char *ext)
{
	return mime_lookup_table(table, strlen(table), ext);
}

/* A new copy of a table's name for mime_types_path, kept reachable to the
 * end: the module may hold the pointer (mime.h), and LeakSanitizer (make
 * check SAN=1) fails the test for a block nothing points to. */
static char *kept_name(const char *path)
{
	static char *kept[16];
	static size_t n;
	if (n == sizeof kept / sizeof kept[0])
		abort();
	return kept[n++] = strdup(path);
}

/* mime_type() reads a system table's end in pieces (MIME_READ_PIECE) and
 * maps the whole only past MIME_READ_PIECES of them: for every extension
 * of the table, wherever its line falls (inside a piece, cut by a piece's
 * start, before the pieces, on a line longer than a piece), the answer is
 * the whole table's. Returns the extensions that differ; *n counts them all. */
static int pieces_differ(const char *path, const char *table, size_t len, int *n, char *first,
			 size_t first_n)
{
	/* A table once mapped answers the next names (mime.h): each name
	 * here gets a new pointer, so that every lookup reads the pieces. */
	char *paths[2] = {kept_name(path), kept_name(path)};
	int differ = 0;
	*n = 0;
	for (const char *line = table; line < table + len;) {
		const char *nl = memchr(line, '\n', (size_t)(table + len - line));
		const char *end = nl ? nl : table + len;
		const char *w = line;
		while (w < end && *w != ' ' && *w != '\t')
			w++; /* the type */
		while (*line != '#' && w < end) {
			while (w < end && (*w == ' ' || *w == '\t'))
				w++;
			const char *e = w;
			while (e < end && *e != ' ' && *e != '\t')
				e++;
			char ext[64], name[80];
			if (e > w && (size_t)(e - w) < sizeof ext) {
				memcpy(ext, w, (size_t)(e - w));
				ext[e - w] = '\0';
				const char *want = mime_lookup_table(table, len, ext);
				char copy[128];
				snprintf(copy, sizeof copy, "%s", want ? want : "");
				snprintf(name, sizeof name, "/f.%s", ext);
				mime_types_path = paths[*n % 2];
				const char *got = mime_type(name);
				/* the seed's own types win; a name's extension
				 * has no dot ("cwl.json" is a json) */
				bool seed = !strcmp(ext, "gz") || !strcmp(ext, "Z") ||
					    !strcmp(ext, "bz2") || !strcmp(ext, "xz") ||
					    strchr(ext, '.');
				if (!seed && strcmp(got, copy) != 0 && differ++ == 0)
					snprintf(first, first_n, "%s: %s, want %s", ext, got,
						 copy);
				(*n)++;
			}
			w = e;
		}
		line = end + 1;
	}
	return differ;
}

int main(void)
{
	const char *t = "# text/bogus html\n"
			"application/xhtml+xml\t\txhtml xht\n"
			"text/html\t\t\t\thtml htm shtml\n"
			"text/css\tcss\n"
			"image/x-5\t5 q5\n"
			"application/javascript js\n"
			"text/last\tzzq";
	CHECK_STR(look(t, "html"), "text/html", "html after the type, not xhtml's tail");
	CHECK_STR(look(t, "htm"), "text/html", "a word in the middle of the list");
	CHECK_STR(look(t, "shtml"), "text/html", "the last word of a line");
	CHECK_STR(look(t, "xht"), "application/xhtml+xml", "xht, not a prefix of xhtml");
	CHECK_STR(look(t, "css"), "text/css", "a single tab");
	CHECK_STR(look(t, "5"), "image/x-5", "one byte, also inside the type");
	CHECK_STR(look(t, "q5"), "image/x-5", "the rarest byte not first");
	CHECK_STR(look(t, "zzq"), "text/last", "at the very end, no newline");
	CHECK_STR(look(t, "js"), "application/javascript", "after a space");
	CHECK(look(t, "bogus") == NULL, "a comment line's words are not types");
	CHECK(look(t, "xml") == NULL, "a word inside the type is no extension");
	CHECK(look(t, "text") == NULL, "nor is the type's first part");
	CHECK(look(t, "tml") == NULL, "the tail of a word is no match");
	CHECK(look(t, "HTML") == NULL, "the table is matched as written");
	CHECK(look(t, "") == NULL, "no extension, no type");
	CHECK(look("html", "html") == NULL, "a lone word is a type, not an extension");
	CHECK_STR(look("a/b c\n", "c"), "a/b", "a table of one short line");
	const char *twice = "application/x-csh\tcsh\ntext/x-csh\tcsh tcsh\n# text/old csh\n";
	CHECK_STR(look(twice, "csh"), "text/x-csh",
		  "an extension named twice: the later line, as Python's mimetypes");
	CHECK_STR(look("a/x aa\nb/y aaa\n", "aa"), "a/x", "a longer word later is another");
	CHECK_STR(look("t/x q\n", "q"), "t/x", "a one-byte extension at the very end");

	/* A table longer than the pieces: short lines of one to four
	 * extensions, a line longer than a piece, an extension named early
	 * and again late, and one named only before the pieces. */
	static char big[64 * 1024];
	size_t len = 0;
	len += (size_t)snprintf(big + len, sizeof big - len, "early/one\tdup onlyearly\n");
	for (int i = 0; len < sizeof big - 4096; i++) {
		if (i == 300) {
			len += (size_t)snprintf(big + len, sizeof big - len, "long/line");
			for (int k = 0; k < MIME_READ_PIECE / 8 + 10; k++)
				len += (size_t)snprintf(big + len, sizeof big - len, " lw%04d",
							k);
			big[len++] = '\n';
		}
		if (i == 700)
			len += (size_t)snprintf(big + len, sizeof big - len,
						"# text/x-c%d c%d\n", i, i);
		len += (size_t)snprintf(big + len, sizeof big - len, "t%d/x-%d\t\t%s%d", i % 7,
					i, i % 3 ? "e" : "ext", i);
		for (int k = 0; k < i % 4; k++)
			len += (size_t)snprintf(big + len, sizeof big - len, " e%dw%d", i, k);
		big[len++] = '\n';
	}
	len += (size_t)snprintf(big + len, sizeof big - len, "late/one dup\nlast/line\tzz");
	CHECK(len > (size_t)MIME_READ_PIECE * MIME_READ_PIECES * 2,
	      "the table is longer than the pieces");
	char path[] = "/tmp/cgihandler-test-mime.XXXXXX";
	int fd = mkstemp(path);
	CHECK(fd >= 0 && write(fd, big, len) == (ssize_t)len, "write the table");
	close(fd);
	int n = 0;
	char first[256] = "";
	CHECK(pieces_differ(path, big, len, &n, first, sizeof first) == 0,
	      "every extension of a %zu-byte table (%d) gets the whole table's type %s", len, n,
	      first);
	mime_types_path = kept_name(path);
	CHECK_STR(mime_type("/a.dup"), "late/one", "named twice, the later line");
	mime_types_path = kept_name(path);
	CHECK_STR(mime_type("/a.onlyearly"), "early/one", "named only before the pieces");
	mime_types_path = kept_name(path);
	CHECK_STR(mime_type("/a.lw0003"), "long/line", "on a line longer than a piece");
	unlink(path);

	/* The same over this machine's table, when it has one. */
	FILE *f = fopen("/etc/mime.types", "r");
	if (f) {
		static char sys[1024 * 1024];
		size_t got = fread(sys, 1, sizeof sys, f);
		fclose(f);
		CHECK(pieces_differ("/etc/mime.types", sys, got, &n, first, sizeof first) == 0,
		      "every extension of /etc/mime.types (%d) gets the whole table's type %s",
		      n, first);
	}
	return check_done();
}
