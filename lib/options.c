#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uri.h"

static const char usage[] =
	"Usage: cgihandler [--root DIR] [--cgi-dir URLPATH]... [options]\n"
	"Answers one HTTP request on the connection an inetd, xinetd or systemd\n"
	"socket hands it, serving files under DIR and running CGI scripts in place.\n"
	"\n"
	"  -r, --root DIR          document root (default: the current directory)\n"
	"  -c, --cgi-dir URLPATH   a URL directory of CGI scripts; repeatable, the first\n"
	"                          replaces the default /cgi-bin and /htbin\n"
	"  -u, --user NAME         user to serve as when started as root (default: nobody)\n"
	"      --chroot            chroot into the root before dropping privileges\n"
	"  -t, --timeout SEC       deadline for reading the request head and body\n"
	"                          (default: 30)\n"
	"      --cgi-timeout SEC   wall-clock limit of a CGI script, 0 for none\n"
	"                          (default: 300)\n"
	"      --max-body BYTES    largest request body; K, M, G suffixes (default: 64M)\n"
	"      --cpu-limit SEC     CPU-time limit of a CGI script (default: none)\n"
	"      --mem-limit BYTES   address-space limit of a CGI script (default: none)\n"
	"      --dotfiles          serve and list names that begin with a dot\n"
	"      --no-well-known     hide /.well-known/ too, unless --dotfiles\n"
	"      --relay             relay script output, so Status: and Location: work\n"
	"      --pass-auth         pass Authorization to scripts as HTTP_AUTHORIZATION\n"
	"      --server-name NAME  SERVER_NAME when the request names no host\n"
	"      --log TARGET        auto, stderr, syslog, journal or none (default: auto)\n"
	"      --proxy-protocol    read a PROXY protocol v1 or v2 header first, from a\n"
	"                          load balancer; a connection without one is refused\n"
	"      --https             the client's connection is TLS, ended in front of us:\n"
	"                          scripts get HTTPS=on and REQUEST_SCHEME=https\n"
	"  -h, --help              print this help and exit\n"
	"  -V, --version           print the version and exit\n";

__attribute__((format(printf, 1, 2))) static bool fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("cgihandler: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputs(" (try --help)\n", stderr);
	va_end(ap);
	return false;
}

/* A count with an optional K, M or G suffix (powers of 1024). */
static bool parse_size(const char *s, int64_t max, int64_t *out)
{
	char *end;
	errno = 0;
	if (!*s || *s == '-')
		return false;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s)
		return false;
	unsigned shift = 0;
	if (*end == 'K' || *end == 'k')
		shift = 10;
	else if (*end == 'M' || *end == 'm')
		shift = 20;
	else if (*end == 'G' || *end == 'g')
		shift = 30;
	if (shift)
		end++;
	if (*end || v > (unsigned long long)max >> shift)
		return false;
	*out = (int64_t)(v << shift);
	return true;
}

static bool parse_seconds(const char *s, int *out)
{
	int64_t v;
	if (!parse_size(s, 86400 * 365, &v) || strpbrk(s, "KkMmGg"))
		return false;
	*out = (int)v;
	return true;
}

static bool add_cgi_dir(struct options *o, const char *arg)
{
	if (arg[0] != '/' || strlen(arg) >= sizeof o->cgi_dirs[0])
		return fail("--cgi-dir must be a URL path starting with '/': %s", arg);
	if (o->ncgi_dirs == CGI_DIRS_MAX)
		return fail("too many --cgi-dir (the limit is %s)", "16");
	char *d = o->cgi_dirs[o->ncgi_dirs];
	strcpy(d, arg);
	size_t n = uri_collapse(d);
	if (n > 1 && d[n - 1] == '/')
		d[--n] = '\0';
	if (n == 1)
		return fail("--cgi-dir cannot be the root: %s", arg);
	o->ncgi_dirs++;
	return true;
}

enum options_result options_parse(struct options *o, int argc, char **argv)
{
	*o = (struct options){
		.root = ".",
		.timeout = TIMEOUT_DEFAULT,
		.cgi_timeout = CGI_TIMEOUT_DEFAULT,
		.max_body = MAX_BODY_DEFAULT,
		.log = LOG_TO_AUTO,
	};
	enum {
		O_CHROOT = 256,
		O_CGI_TIMEOUT,
		O_MAX_BODY,
		O_CPU,
		O_MEM,
		O_DOTFILES,
		O_NO_WELL_KNOWN,
		O_RELAY,
		O_PASS_AUTH,
		O_SERVER_NAME,
		O_LOG,
		O_PROXY_PROTOCOL,
		O_HTTPS,
	};
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'},
		{"cgi-dir", required_argument, NULL, 'c'},
		{"user", required_argument, NULL, 'u'},
		{"chroot", no_argument, NULL, O_CHROOT},
		{"timeout", required_argument, NULL, 't'},
		{"cgi-timeout", required_argument, NULL, O_CGI_TIMEOUT},
		{"max-body", required_argument, NULL, O_MAX_BODY},
		{"cpu-limit", required_argument, NULL, O_CPU},
		{"mem-limit", required_argument, NULL, O_MEM},
		{"dotfiles", no_argument, NULL, O_DOTFILES},
		{"no-well-known", no_argument, NULL, O_NO_WELL_KNOWN},
		{"relay", no_argument, NULL, O_RELAY},
		{"pass-auth", no_argument, NULL, O_PASS_AUTH},
		{"server-name", required_argument, NULL, O_SERVER_NAME},
		{"log", required_argument, NULL, O_LOG},
		{"proxy-protocol", no_argument, NULL, O_PROXY_PROTOCOL},
		{"https", no_argument, NULL, O_HTTPS},
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{0},
	};
	opterr = 0;
	int c;
	bool ok = true;
	while (ok && (c = getopt_long(argc, argv, ":r:c:u:t:hV", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o->root = optarg; break;
		case 'c': ok = add_cgi_dir(o, optarg); break;
		case 'u': o->user = optarg; break;
		case O_CHROOT: o->chroot = true; break;
		case 't':
			ok = (parse_seconds(optarg, &o->timeout) && o->timeout > 0) ||
			     fail("--timeout takes a positive number of seconds: %s", optarg);
			break;
		case O_CGI_TIMEOUT:
			ok = parse_seconds(optarg, &o->cgi_timeout) ||
			     fail("--cgi-timeout takes a number of seconds: %s", optarg);
			break;
		case O_MAX_BODY:
			ok = parse_size(optarg, INT64_MAX, &o->max_body) ||
			     fail("--max-body takes a size in bytes: %s", optarg);
			break;
		case O_CPU:
			ok = parse_size(optarg, 86400 * 365, &o->cpu_limit) ||
			     fail("--cpu-limit takes a number of seconds: %s", optarg);
			break;
		case O_MEM:
			ok = parse_size(optarg, INT64_MAX, &o->mem_limit) ||
			     fail("--mem-limit takes a size in bytes: %s", optarg);
			break;
		case O_DOTFILES: o->dotfiles = true; break;
		case O_NO_WELL_KNOWN: o->no_well_known = true; break;
		case O_RELAY: o->relay = true; break;
		case O_PASS_AUTH: o->pass_auth = true; break;
		case O_SERVER_NAME: o->server_name = optarg; break;
		case O_LOG:
			ok = log_parse_target(optarg, &o->log) ||
			     fail("--log takes auto, stderr, syslog, journal or none: %s",
				  optarg);
			break;
		case O_PROXY_PROTOCOL: o->proxy_protocol = true; break;
		case O_HTTPS: o->https = true; break;
		case 'h': fputs(usage, stdout); return OPTIONS_EXIT_OK;
		case 'V': puts("cgihandler " CGIHANDLER_VERSION); return OPTIONS_EXIT_OK;
		case ':': ok = fail("option %s needs an argument", argv[optind - 1]); break;
		default: ok = fail("unknown option: %s", argv[optind - 1]);
		}
	}
	if (ok && optind < argc)
		ok = fail("unexpected argument: %s", argv[optind]);
	if (!ok)
		return OPTIONS_EXIT_USAGE;
	if (o->ncgi_dirs == 0) {
		strcpy(o->cgi_dirs[0], "/cgi-bin");
		strcpy(o->cgi_dirs[1], "/htbin");
		o->ncgi_dirs = 2;
	}
	return OPTIONS_RUN;
}
