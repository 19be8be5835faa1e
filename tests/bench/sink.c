/* sink: a CGI script that reads exactly CONTENT_LENGTH bytes of body from
 * its stdin (the connection itself under cgihandler) and reports the count,
 * for workload (d). */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	const char *cl = getenv("CONTENT_LENGTH");
	long long want = cl ? strtoll(cl, NULL, 10) : 0, got = 0;
	static char buf[1 << 16];
	while (got < want) {
		size_t n =
			want - got < (long long)sizeof buf ? (size_t)(want - got) : sizeof buf;
		ssize_t r = read(0, buf, n);
		if (r <= 0)
			break;
		got += r;
	}
	printf("Content-Type: text/plain\r\n\r\n%lld\n", got);
	return got == want ? 0 : 1;
}
