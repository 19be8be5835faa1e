/*
 * floor: the spawn floor of the benchmark. Started by an activator on one
 * connection (inetd style, fd 0 and 1), it does the least any handler must:
 * read the request head up to CRLFCRLF and answer. What cgihandler costs
 * beyond this program is what cgihandler itself adds.
 *
 *   floor ROOT        GET /big      -> head + sendfile(ROOT/big)
 *                     /cgi-bin/NAME -> the status line, then execve(ROOT/cgi-bin/NAME)
 *                     anything else -> a fixed answer with a 1 KiB body
 *
 * For a CGI request the head is read exactly (peek, then consume), so a POST
 * body is still on the socket for the script, as cgihandler leaves it; the
 * floor passes Content-Length on as CONTENT_LENGTH and nothing else.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

static char fixed[] = "HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n"
		      "Content-Length: 1024\r\n\r\n"
#define K64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	K64 K64 K64 K64 K64 K64 K64 K64 K64 K64 K64 K64 K64 K64 K64 K64;

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	char head[16384];
	size_t have = 0;
	char *end = NULL;
	/* Peek so that the head, and only the head, is taken off the socket. */
	while (!end && have < sizeof head - 1) {
		ssize_t n = recv(0, head + have, sizeof head - 1 - have, MSG_PEEK);
		if (n <= 0)
			return 1;
		head[have + (size_t)n] = '\0';
		end = strstr(head, "\r\n\r\n");
		size_t take = end ? (size_t)(end + 4 - head) - have : (size_t)n;
		if (recv(0, head + have, take, MSG_WAITALL) != (ssize_t)take)
			return 1;
		have += take;
	}
	if (!end)
		return 1;
	head[have] = '\0';
	char *path = strchr(head, ' ');
	if (!path)
		return 1;
	path++;
	char *sp = strchr(path, ' ');
	if (!sp)
		return 1;
	*sp = '\0';
	char file[4096];
	snprintf(file, sizeof file, "%s%s", argv[1], path);

	if (strncmp(path, "/cgi-bin/", 9) == 0) {
		char *cl = strcasestr(sp + 1, "\r\nContent-Length:");
		if (cl) {
			char num[24];
			snprintf(num, sizeof num, "%lld", strtoll(cl + 17, NULL, 10));
			setenv("CONTENT_LENGTH", num, 1);
		}
		static const char line[] = "HTTP/1.0 200 Script output follows\r\n";
		if (write(1, line, sizeof line - 1) != sizeof line - 1)
			return 1;
		char *args[] = {file, NULL};
		execv(file, args);
		return 1;
	}
	if (strcmp(path, "/big") == 0) {
		int fd = open(file, O_RDONLY);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) != 0)
			return 1;
		char h[128];
		int n = snprintf(h, sizeof h, "HTTP/1.0 200 OK\r\nContent-Length: %lld\r\n\r\n",
				 (long long)st.st_size);
		if (write(1, h, (size_t)n) != n)
			return 1;
		off_t off = 0;
		while (off < st.st_size)
			if (sendfile(1, fd, &off, (size_t)(st.st_size - off)) <= 0)
				return 1;
		return 0;
	}
	return write(1, fixed, sizeof fixed - 1) == sizeof fixed - 1 ? 0 : 1;
}
