#include "keeper.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"

/* The script's pid, in the keeper only: 0 in the child, so a signal that
 * reaches the child before the exec resets its handlers goes nowhere
 * (kill(0, ...) would signal the whole group). */
static volatile pid_t script;

static void pass_on(int sig)
{
	if (script > 0)
		kill(script, sig);
}

/* Ends the keeper the way the script ended, so the activator's log and
 * exit-code checks see the script's result, as they did before the fork. */
static _Noreturn void exit_as(int status)
{
	if (!WIFSIGNALED(status))
		_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
	int sig = WTERMSIG(status);
	/* the script may have dumped core; the keeper has nothing to dump */
	struct rlimit none = {0, 0};
	setrlimit(RLIMIT_CORE, &none);
	signal(sig, SIG_DFL);
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);
}

bool keeper_fork(struct conn *c, uint64_t unread)
{
	pid_t pid = fork();
	if (pid < 0) {
		log_error("cannot fork a keeper for the unread body: %s", strerror(errno));
		return false;
	}
	if (pid == 0)
		return true;
	script = pid;
	struct sigaction sa = {.sa_handler = pass_on};
	sigemptyset(&sa.sa_mask);
	/* failing to install one only loses the forwarding of that signal */
	(void)sigaction(SIGTERM, &sa, NULL);
	(void)sigaction(SIGINT, &sa, NULL);
	(void)sigaction(SIGHUP, &sa, NULL);

	int status = 0;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			status = 1 << 8;
			break;
		}
	/* The script bounded its own run (--cgi-timeout); the drain has
	 * --timeout, counted from the script's end. */
	conn_drain(c, unread, (int64_t)c->timeout_s * 1000);
	close(c->out);
	if (c->in != c->out)
		close(c->in);
	exit_as(status);
}
