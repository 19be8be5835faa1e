/* test_cmdline.c: cmdline_next against glibc's getopt_long (not
 * permuting: "+" first, as cmdline_next never moves operands) over a table
 * of command lines: each answer, each value and where the operands start;
 * and the element a '?' or ':' names. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "lib/cmdline.h"
#include "tests/unit/check.h"

static const struct option longopts[] = {
	{"root", required_argument, NULL, 'r'},
	{"cgi-dir", required_argument, NULL, 'c'},
	{"dotfiles", no_argument, NULL, 'd'},
	{"dump", no_argument, NULL, 'D'},
	{"log", required_argument, NULL, 'l'},
	{"log-file", required_argument, NULL, 'L'},
	{"help", no_argument, NULL, 'h'},
	{"opt", optional_argument, NULL, 'o'},
	{NULL, 0, NULL, 0},
};

/* Both readers' whole answers as text: "c=value c c:" ... "|index". */
static void run_ours(char **argv, int argc, char *out, size_t n)
{
	struct cmdline cl = {0};
	const char *v;
	int c;
	size_t o = 0;
	while ((c = cmdline_next(&cl, argc, argv, "r:c:u:t:hV", longopts, &v)) != -1) {
		o += (size_t)snprintf(out + o, n - o, "%c=%s ", c, v ? v : "(none)");
		if (c == '?' || c == ':')
			break;
	}
	snprintf(out + o, n - o, "|%d", c == -1 ? cl.index : -2);
}

static void run_glibc(char **argv, int argc, char *out, size_t n)
{
	optind = 0;
	opterr = 0;
	int c;
	size_t o = 0;
	while ((c = getopt_long(argc, argv, "+:r:c:u:t:hV", longopts, NULL)) != -1) {
		o += (size_t)snprintf(out + o, n - o, "%c=%s ", c, optarg ? optarg : "(none)");
		if (c == '?' || c == ':')
			break;
	}
	snprintf(out + o, n - o, "|%d", c == -1 ? optind : -2);
}

int main(void)
{
	static const char *const lines[][8] = {
		{NULL},
		{"--root", "/srv", NULL},
		{"--root=/srv", "--cgi-dir", "/x", NULL},
		{"-r", "/srv", "-c/x", NULL},
		{"-hV", NULL},
		{"-Vh", NULL},
		{"-rr", "-r", "-", NULL},
		{"-t5", "-u", "nobody", "--", "--root", NULL},
		{"--ro", "/srv", NULL},	       /* an abbreviation */
		{"--cgi=/x", NULL},	       /* another */
		{"--dotfiles", "--dum", NULL}, /* unique prefixes */
		{"--d", NULL},		       /* ambiguous: dotfiles, dump */
		{"--log", "x", "--log-f", "y", NULL},
		{"--log=", NULL}, /* an empty value */
		{"--opt", "--opt=v", NULL},
		{"--nosuch", NULL},
		{"--dotfiles=yes", NULL},
		{"--root", NULL},
		{"-r", NULL},
		{"-x", NULL},
		{"-hx", NULL},
		{"-:", NULL},
		{"/srv", "--root", "/x", NULL}, /* an operand stops the reading */
		{"-", NULL},
		{"--", NULL},
		{"--root", "--", "x", NULL},
	};
	int bad = 0;
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		char *argv[10] = {"cgihandler"};
		int argc = 1;
		for (int k = 0; lines[i][k]; k++)
			argv[argc++] = (char *)lines[i][k];
		argv[argc] = NULL;
		char ours[512], theirs[512];
		run_ours(argv, argc, ours, sizeof ours);
		run_glibc(argv, argc, theirs, sizeof theirs);
		if (strcmp(ours, theirs) != 0) {
			printf("# line %zu: ours %s, glibc %s\n", i, ours, theirs);
			bad++;
		}
	}
	CHECK(bad == 0, "cmdline_next reads every command line as getopt_long does");

	/* what a '?' or ':' names, for the error message */
	char *lines2[][4] = {
		{"cgihandler", "--nosuch", NULL}, {"cgihandler", "-hx", NULL},
		{"cgihandler", "-h", "-x", NULL}, {"cgihandler", "--root", NULL},
		{"cgihandler", "-r", NULL},	  {"cgihandler", "--dotfiles=1", NULL},
	};
	const char *want[] = {"--nosuch", "-hx", "-x", "--root", "-r", "--dotfiles=1"};
	int named = 0;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		int argc = 0;
		while (lines2[i][argc])
			argc++;
		struct cmdline cl = {0};
		const char *v;
		int c;
		while ((c = cmdline_next(&cl, argc, lines2[i], "r:c:u:t:hV", longopts, &v)) !=
			       -1 &&
		       c != '?' && c != ':')
			;
		if ((c == '?' || c == ':') && strcmp(cl.bad, want[i]) == 0)
			named++;
		else
			printf("# %s: named %s\n", want[i], c == -1 ? "nothing" : cl.bad);
	}
	CHECK(named == (int)(sizeof want / sizeof want[0]),
	      "a refused option is named by its own argv element");
	return check_done();
}
