/* rss: runs a program as its child and appends the child's peak resident
 * set (ru_maxrss, KiB) to a file, for workload (e). The child inherits the
 * connection on fd 0 and 1 from the activator. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	pid_t pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		execv(argv[2], argv + 2);
		_exit(127);
	}
	int st;
	struct rusage ru;
	if (wait4(pid, &st, 0, &ru) != pid)
		return 1;
	FILE *f = fopen(argv[1], "a");
	if (!f)
		return 1;
	fprintf(f, "%ld\n", ru.ru_maxrss);
	return fclose(f) == 0 ? 0 : 1;
}
