/* test_options.c: --config lines go through the same option table as the
 * command line (every option in both, the same checks, line numbers in
 * errors), and the new options' own checks; cgi_interpreter_for. */
#include <getopt.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/cgi.h"
#include "lib/options.h"
#include "tests/unit/check.h"

static char dir[] = "/tmp/test_options.XXXXXX";
static char errfile[4200];

/* Every parse gets a struct of its own that stays reachable: the options
 * keep what they allocate for the life of the process, and LeakSanitizer
 * (make check SAN=1) would call an overwritten one a leak. */
static struct options kept[64];
static size_t nkept;

/* Parses argv (NULL-terminated) with stderr captured into a fresh struct
 * that *op then points to; returns the result and leaves the first stderr
 * line in err. */
static enum options_result parse(struct options **op, char **argv, char *err, size_t n)
{
	if (nkept == sizeof kept / sizeof kept[0])
		abort();
	struct options *o = *op = &kept[nkept++];
	int argc = 0;
	while (argv[argc])
		argc++;
	optind = 0; /* getopt's state is global: start afresh (glibc) */
	fflush(stderr);
	if (!freopen(errfile, "w", stderr))
		abort();
	enum options_result r = options_parse(o, argc, argv);
	fflush(stderr);
	FILE *f = fopen(errfile, "r");
	err[0] = '\0';
	if (f) {
		if (!fgets(err, (int)n, f))
			err[0] = '\0';
		fclose(f);
	}
	err[strcspn(err, "\n")] = '\0';
	return r;
}

/* Writes text to a fresh config file; returns its path (static). */
static char *config(const char *text)
{
	static char path[4200];
	static int seq;
	snprintf(path, sizeof path, "%s/c%d.conf", dir, ++seq);
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		abort();
	return path;
}

int main(void)
{
	if (!mkdtemp(dir))
		return 1;
	snprintf(errfile, sizeof errfile, "%s/stderr", dir);
	struct options *o;
	char err[512];

	char *file = config("# a comment\n"
			    "\n"
			    "   # an indented comment\n"
			    "root /srv/www with space\n"
			    "--cgi-dir=/app/cgi\n"
			    "timeout = 7\n"
			    "dotfiles\n"
			    "\tno-listing  \r\n"
			    "index start.html\n"
			    "index home.htm\n"
			    "host Router.LAN:80\n"
			    "host [0::1]\n"
			    "vhosts\n"
			    "interpreter .sh=/bin/sh\n"
			    "error-page 404=/errors/../errors/404.html\n"
			    "server-name a#b");
	enum options_result r =
		parse(&o, (char *[]){"cgihandler", "--config", file, NULL}, err, sizeof err);
	CHECK(r == OPTIONS_RUN, "a config file with every form of line parses (%s)", err);
	CHECK_STR(o->root, "/srv/www with space", "the value is the rest of the line");
	CHECK(o->ncgi_dirs == 1 && strcmp(o->cgi_dirs[0], "/app/cgi") == 0,
	      "--NAME=VALUE works, and replaces the default CGI directories");
	CHECK(o->timeout == 7, "NAME = VALUE works");
	CHECK(o->dotfiles && o->no_listing && o->vhosts, "options without a value");
	CHECK(o->nindex == 2 && strcmp(o->index[1], "home.htm") == 0,
	      "repeatable options add up");
	CHECK(o->nhosts == 2 && strcmp(o->hosts[0], "router.lan") == 0 &&
		      strcmp(o->hosts[1], "[::1]") == 0,
	      "--host is kept normalised");
	CHECK(o->ninterpreters == 1 && strcmp(o->interpreters[0].ext, ".sh") == 0 &&
		      strcmp(o->interpreters[0].path, "/bin/sh") == 0,
	      "--interpreter splits .EXT=PATH");
	CHECK(o->nerror_pages == 1 && o->error_pages[0].code == 404 &&
		      strcmp(o->error_pages[0].path, "/errors/404.html") == 0,
	      "--error-page keeps the collapsed path");
	CHECK_STR(o->server_name, "a#b", "a '#' inside a value is the value's");

	/* the command line after --config overrides it, before it is overridden */
	file = config("timeout 9\nroot /from/file\n");
	r = parse(
		&o,
		(char *[]){"cgihandler", "--root", "/first", "--config", file, "-t", "3", NULL},
		err, sizeof err);
	CHECK(r == OPTIONS_RUN && o->timeout == 3 && strcmp(o->root, "/from/file") == 0,
	      "options apply in order: the command line and the file, as given");

	/* every bad line is a usage error naming the file and the line */
	static const struct {
		const char *text, *want;
	} bad[] = {
		{"root /x\nno-such-option 1\n", ":2: unknown option: no-such-option"},
		{"\n\n\ntimeout\n", ":4: option --timeout needs a value"},
		{"timeout =\n", ":1: option --timeout needs a value"},
		{"dotfiles yes\n", ":1: option --dotfiles takes no value: yes"},
		{"timeout 0\n", ":1: --timeout takes a positive number of seconds: 0"},
		{"# c\ntimeout 30 # seconds\n", ":2: --timeout takes a positive number"},
		{"config /etc/other\n", ":1: --config is not allowed in a config file"},
		{"help\n", ":1: --help and --version are not allowed in a config file"},
		{"interpreter .php=php-cgi\n", ":1: --interpreter needs an executable file"},
		{"interpreter .php=/nonexistent/php-cgi\n", ":1: --interpreter needs an"},
		{"interpreter .php=/etc/passwd\n", ":1: --interpreter needs an executable"},
		{"interpreter php=/bin/sh\n", ":1: --interpreter takes .EXT=/absolute/path"},
		{"interpreter .=/bin/sh\n", ":1: --interpreter takes .EXT=/absolute/path"},
		{"interpreter ./x=/bin/sh\n", ":1: --interpreter takes .EXT=/absolute/path"},
		{"host ../etc\n", ":1: --host takes a host name or address: ../etc"},
		{"host a/b\n", ":1: --host takes a host name or address"},
		{"error-page 200=/ok.html\n", ":1: --error-page takes CODE=/urlpath"},
		{"error-page 404=x.html\n", ":1: --error-page takes CODE=/urlpath"},
		{"error-page 4040=/x.html\n", ":1: --error-page takes CODE=/urlpath"},
		{"index a/b\n", ":1: --index takes a file name without '/'"},
		{"index ..\n", ":1: --index takes a file name without '/'"},
		{"ro\n", ":1: unknown option: ro"}, /* no abbreviations in a file */
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		file = config(bad[i].text);
		r = parse(&o, (char *[]){"cgihandler", "--config", file, NULL}, err,
			  sizeof err);
		char want[4400];
		snprintf(want, sizeof want, "cgihandler: %s%s", file, bad[i].want);
		CHECK(r == OPTIONS_EXIT_USAGE && strncmp(err, want, strlen(want)) == 0,
		      "config line refused: %s (got \"%s\")", bad[i].want, err);
	}
	r = parse(&o, (char *[]){"cgihandler", "--config", "/nonexistent/conf", NULL}, err,
		  sizeof err);
	CHECK(r == OPTIONS_EXIT_USAGE &&
		      strstr(err, "--config cannot read /nonexistent/conf") != NULL,
	      "an unreadable config file is a usage error");
	char *big = malloc(CONFIG_MAX + 2);
	memset(big, '#', CONFIG_MAX + 1);
	big[CONFIG_MAX + 1] = '\0';
	file = config(big);
	free(big);
	r = parse(&o, (char *[]){"cgihandler", "--config", file, NULL}, err, sizeof err);
	CHECK(r == OPTIONS_EXIT_USAGE && strstr(err, "is larger than") != NULL,
	      "a config file past CONFIG_MAX is refused");
	/* the command line's own errors have no line number */
	r = parse(&o, (char *[]){"cgihandler", "--host", "..", NULL}, err, sizeof err);
	CHECK(r == OPTIONS_EXIT_USAGE && strcmp(err, "cgihandler: --host takes a host name or "
						     "address: .. (try --help)") == 0,
	      "the same check on the command line (got \"%s\")", err);

	/* cgi_interpreter_for */
	r = parse(&o,
		  (char *[]){"cgihandler", "--interpreter", ".php=/bin/sh", "--interpreter",
			     ".cgi.sh=/bin/bash", NULL},
		  err, sizeof err);
	CHECK(r == OPTIONS_RUN, "two interpreters");
	static const struct {
		const char *name, *want;
	} names[] = {
		{"index.php", "/bin/sh"}, {"A.PHP", "/bin/sh"},	     {"x.Php", "/bin/sh"},
		{".php", NULL},		  {"a.phps", NULL},	     {"php", NULL},
		{"a.php.txt", NULL},	  {"t.cgi.sh", "/bin/bash"}, {"t.sh", NULL},
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		CHECK_STR(cgi_interpreter_for(names[i].name, strlen(names[i].name), o),
			  names[i].want, "cgi_interpreter_for(\"%s\")", names[i].name);
	r = parse(&o, (char *[]){"cgihandler", NULL}, err, sizeof err);
	CHECK(cgi_interpreter_for("a.php", 5, o) == NULL, "no --interpreter: nothing matches");

	char cmd[4300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		return 1;
	return check_done();
}
