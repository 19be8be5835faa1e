/* test_mime.c: the mime.types lookup, which searches the table led by the
 * extension's rarest byte: whole words only, after the type, never in a
 * comment, at either end of the table, the last line winning. */
#include "lib/mime.h"
#include "tests/unit/check.h"

static const char *look(const char *table, const char *ext)
{
	return mime_lookup_table(table, strlen(table), ext);
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
	return check_done();
}
