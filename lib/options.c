#include "options.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth.h"
#include "cmdline.h"
#include "fmt.h"
#include "host.h"
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
	"  -t, --timeout SEC       deadline for reading the request head and body;\n"
	"                          a client that takes no byte of the answer for\n"
	"                          SEC, or under 4 KiB/s after SEC, is cut (default: 30)\n"
	"      --cgi-timeout SEC   wall-clock limit of a CGI script, 0 for none\n"
	"                          (default: 300)\n"
	"      --max-body BYTES    largest request body; K, M, G suffixes (default: 64M)\n"
	"      --cpu-limit SEC     CPU-time limit of a CGI script (default: none)\n"
	"      --mem-limit BYTES   address-space limit of a CGI script (default: none)\n"
	"      --dotfiles          serve and list names that begin with a dot\n"
	"      --no-well-known     hide /.well-known/ too, unless --dotfiles\n"
	"      --relay             relay script output, so Status: and Location: work\n"
	"      --pass-auth         pass Authorization to scripts as HTTP_AUTHORIZATION\n"
	"      --server-name NAME  SERVER_NAME when the request names no host (an\n"
	"                          HTTP/1.0 request without Host)\n"
	"      --log TARGET        auto, stderr, syslog, journal or none (default: auto)\n"
	"      --proxy-protocol    read a PROXY protocol v1 or v2 header first, from a\n"
	"                          load balancer; a connection without one is refused\n"
	"      --https             the client's connection is TLS, ended in front of us:\n"
	"                          scripts get HTTPS=on and REQUEST_SCHEME=https\n"
	"      --interpreter .EXT=PATH  run files ending in .EXT, anywhere under the\n"
	"                          root, as PATH FILE (PATH absolute); repeatable\n"
	"      --vhosts            serve ROOT/HOST/ by the Host field, else ROOT/default/\n"
	"      --host NAME         answer only requests for this host, others 421;\n"
	"                          repeatable\n"
	"      --error-page CODE=URLPATH  the file under the root that a 4xx or 5xx\n"
	"                          answer carries, with its status; repeatable\n"
	"      --no-listing        403 for a directory without an index file\n"
	"      --index NAME        a directory's index file; repeatable, the first\n"
	"                          replaces index.html and index.htm\n"
	"      --config FILE       read options from FILE, one per line\n"
	"      --auth FILE         Basic authentication: FILE has user:hash lines\n"
	"                          (htpasswd; yescrypt, bcrypt or sha512-crypt) and\n"
	"                          /prefix:user:hash lines (busybox httpd.conf)\n"
	"      --auth-prefix URLPATH  what user:hash lines protect; repeatable\n"
	"                          (default: the whole site)\n"
	"      --auth-realm TEXT   the realm of the challenge (default: cgihandler)\n"
	"      --precompressed     send FILE.br or FILE.gz, when not older than FILE,\n"
	"                          to a client whose Accept-Encoding takes it\n"
	"  -h, --help              print this help and exit\n"
	"  -V, --version           print the version and exit\n";

/* Where the option being applied came from: NULL for the command line,
 * else the --config file and its line, for the error message. */
static const char *config_file;
static unsigned config_line;

__attribute__((format(printf, 1, 2))) static bool fail(const char *fmt, ...)
{
	/* fmt, not fprintf: see fmt.h */
	char msg[1024];
	int n = config_file ? fmt_snprintf(msg, sizeof msg, "%s:%u: ", config_file, config_line)
			    : 0;
	if (n < 0 || (size_t)n >= sizeof msg)
		n = 0;
	va_list ap;
	va_start(ap, fmt);
	fmt_vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
	va_end(ap);
	fputs("cgihandler: ", stderr);
	fputs(msg, stderr);
	fputs(" (try --help)\n", stderr);
	return false;
}

/* A count with an optional K, M or G suffix (powers of 1024). */
static bool parse_size(const char *s, int64_t max, int64_t *out)
{
	uint64_t v;
	const char *end = fmt_decimal(s, &v);
	if (!end)
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
	if (*end || v > (uint64_t)max >> shift)
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
	/* the collapsed copies: not in struct options, which lives on main's
	 * stack page and is zeroed for every request (4 KiB of it, a page
	 * fault, for an option few give) */
	static char dirs[CGI_DIRS_MAX][CGI_DIR_LEN];
	if (arg[0] != '/' || strlen(arg) >= sizeof dirs[0])
		return fail("--cgi-dir must be a URL path starting with '/': %s", arg);
	if (o->ncgi_dirs == CGI_DIRS_MAX)
		return fail("too many --cgi-dir (the limit is %s)", "16");
	char *d = dirs[o->ncgi_dirs];
	o->cgi_dirs[o->ncgi_dirs] = d;
	strcpy(d, arg);
	size_t n = uri_collapse(d);
	if (n > 1 && d[n - 1] == '/')
		d[--n] = '\0';
	if (n == 1)
		return fail("--cgi-dir cannot be the root: %s", arg);
	o->ncgi_dirs++;
	return true;
}

/* --interpreter .EXT=PATH: PATH is checked now, so a typo is a usage error
 * at start rather than a 500 on the first request. */
static bool add_interpreter(struct options *o, const char *arg)
{
	char *eq = strchr(arg, '=');
	if (arg[0] != '.' || !eq || eq == arg + 1 || memchr(arg, '/', (size_t)(eq - arg)))
		return fail("--interpreter takes .EXT=/absolute/path: %s", arg);
	const char *path = eq + 1;
	struct stat st;
	if (path[0] != '/' || stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
	    access(path, X_OK) != 0)
		return fail("--interpreter needs an executable file by its absolute path: %s",
			    path);
	if (o->ninterpreters == INTERPRETERS_MAX)
		return fail("too many --interpreter (the limit is %d)", INTERPRETERS_MAX);
	char *ext = strndup(arg, (size_t)(eq - arg));
	if (!ext)
		return fail("out of memory");
	o->interpreters[o->ninterpreters++] = (struct interpreter){ext, path};
	return true;
}

static bool add_host(struct options *o, const char *arg)
{
	char name[HOST_NAME_LEN];
	if (!host_normalise(arg, name, sizeof name))
		return fail("--host takes a host name or address: %s", arg);
	if (o->nhosts == HOSTS_MAX)
		return fail("too many --host (the limit is %d)", HOSTS_MAX);
	char *copy = strdup(name);
	if (!copy)
		return fail("out of memory");
	o->hosts[o->nhosts++] = copy;
	return true;
}

static bool add_error_page(struct options *o, const char *arg)
{
	uint64_t code;
	const char *end = fmt_decimal(arg, &code);
	if (end != arg + 3 || *end != '=' || code < 400 || code > 599 || end[1] != '/')
		return fail("--error-page takes CODE=/urlpath, CODE 400 to 599: %s", arg);
	if (o->nerror_pages == ERROR_PAGES_MAX)
		return fail("too many --error-page (the limit is %d)", ERROR_PAGES_MAX);
	char *path = strdup(end + 1); /* argv stays as given, for ps */
	if (!path)
		return fail("out of memory");
	uri_collapse(path);
	o->error_pages[o->nerror_pages++] = (struct error_page){(int)code, path};
	return true;
}

static bool add_index(struct options *o, const char *arg)
{
	if (!*arg || strchr(arg, '/') || strcmp(arg, ".") == 0 || strcmp(arg, "..") == 0)
		return fail("--index takes a file name without '/': %s", arg);
	if (o->nindex == INDEX_MAX)
		return fail("too many --index (the limit is %d)", INDEX_MAX);
	o->index[o->nindex++] = arg;
	return true;
}

enum {
	O_CHROOT = 256,
	O_CGI_TIMEOUT,
	O_MAX_BODY,
	O_CPU,
	O_MEM,
	O_DOTFILES,
	O_RELAY,
	O_SERVER_NAME,
	O_LOG,
	O_INTERPRETER,
	O_VHOSTS,
	O_HOST,
	O_ERROR_PAGE,
	O_NO_LISTING,
	O_INDEX,
	O_CONFIG,
	O_PROXY_PROTOCOL,
	O_HTTPS,
	O_NO_WELL_KNOWN,
	O_PASS_AUTH,
	O_AUTH,
	O_AUTH_PREFIX,
	O_AUTH_REALM,
	O_PRECOMPRESSED,
};

/* The one table of options: cmdline_next reads the command line with it,
 * and --config looks each line's name up in it. */
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
	{"relay", no_argument, NULL, O_RELAY},
	{"server-name", required_argument, NULL, O_SERVER_NAME},
	{"log", required_argument, NULL, O_LOG},
	{"interpreter", required_argument, NULL, O_INTERPRETER},
	{"vhosts", no_argument, NULL, O_VHOSTS},
	{"host", required_argument, NULL, O_HOST},
	{"error-page", required_argument, NULL, O_ERROR_PAGE},
	{"no-listing", no_argument, NULL, O_NO_LISTING},
	{"index", required_argument, NULL, O_INDEX},
	{"config", required_argument, NULL, O_CONFIG},
	{"proxy-protocol", no_argument, NULL, O_PROXY_PROTOCOL},
	{"https", no_argument, NULL, O_HTTPS},
	{"no-well-known", no_argument, NULL, O_NO_WELL_KNOWN},
	{"pass-auth", no_argument, NULL, O_PASS_AUTH},
	{"auth", required_argument, NULL, O_AUTH},
	{"auth-prefix", required_argument, NULL, O_AUTH_PREFIX},
	{"auth-realm", required_argument, NULL, O_AUTH_REALM},
	{"precompressed", no_argument, NULL, O_PRECOMPRESSED},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{0},
};

static bool read_config(struct options *o, const char *file);

/* One option, from either source: arg lives as long as the process (argv,
 * or the config file's kept text) and is not written to. */
static bool apply(struct options *o, int c, const char *arg)
{
	switch (c) {
	case 'r': o->root = arg; break;
	case 'c': return add_cgi_dir(o, arg);
	case 'u': o->user = arg; break;
	case O_CHROOT: o->chroot = true; break;
	case 't':
		return (parse_seconds(arg, &o->timeout) && o->timeout > 0) ||
		       fail("--timeout takes a positive number of seconds: %s", arg);
	case O_CGI_TIMEOUT:
		return parse_seconds(arg, &o->cgi_timeout) ||
		       fail("--cgi-timeout takes a number of seconds: %s", arg);
	case O_MAX_BODY:
		return parse_size(arg, INT64_MAX, &o->max_body) ||
		       fail("--max-body takes a size in bytes: %s", arg);
	case O_CPU:
		return parse_size(arg, 86400 * 365, &o->cpu_limit) ||
		       fail("--cpu-limit takes a number of seconds: %s", arg);
	case O_MEM:
		return parse_size(arg, INT64_MAX, &o->mem_limit) ||
		       fail("--mem-limit takes a size in bytes: %s", arg);
	case O_DOTFILES: o->dotfiles = true; break;
	case O_RELAY: o->relay = true; break;
	case O_SERVER_NAME: o->server_name = arg; break;
	case O_LOG:
		return log_parse_target(arg, &o->log) ||
		       fail("--log takes auto, stderr, syslog, journal or none: %s", arg);
	case O_INTERPRETER: return add_interpreter(o, arg);
	case O_VHOSTS: o->vhosts = true; break;
	case O_HOST: return add_host(o, arg);
	case O_ERROR_PAGE: return add_error_page(o, arg);
	case O_NO_LISTING: o->no_listing = true; break;
	case O_INDEX: return add_index(o, arg);
	case O_PROXY_PROTOCOL: o->proxy_protocol = true; break;
	case O_HTTPS: o->https = true; break;
	case O_NO_WELL_KNOWN: o->no_well_known = true; break;
	case O_PASS_AUTH: o->pass_auth = true; break;
	case O_AUTH: o->auth_file = arg; break;
	case O_AUTH_PREFIX:
		if (arg[0] != '/' || strlen(arg) >= 256)
			return fail("--auth-prefix takes a URL path starting with '/': %s",
				    arg);
		if (o->nauth_prefixes == AUTH_PREFIXES_MAX)
			return fail("too many --auth-prefix (the limit is %d)",
				    AUTH_PREFIXES_MAX);
		o->auth_prefixes[o->nauth_prefixes++] = arg;
		break;
	case O_PRECOMPRESSED: o->precompressed = true; break;
	case O_AUTH_REALM:
		o->auth_realm = arg;
		return auth_realm_valid(arg) ||
		       fail("--auth-realm takes printable ASCII without '\"' or '\\': %s", arg);
	case O_CONFIG:
		if (config_file)
			return fail("--config is not allowed in a config file");
		return read_config(o, arg);
	default: return fail("--help and --version are not allowed in a config file");
	}
	return true;
}

/* One line of a config file, blanks trimmed, not a comment. */
static bool config_option(struct options *o, char *line)
{
	if (strncmp(line, "--", 2) == 0)
		line += 2;
	size_t n = strcspn(line, " \t=");
	char *value = line + n;
	if (*value) {
		value += strspn(value, " \t");
		if (*value == '=')
			value += 1 + strspn(value + 1, " \t");
	}
	line[n] = '\0'; /* value starts past it whenever a separator was there */
	bool has_value = *value != '\0';
	for (const struct option *opt = longopts; opt->name; opt++) {
		if (strcmp(opt->name, line) != 0)
			continue;
		if (opt->has_arg == required_argument && !has_value)
			return fail("option --%s needs a value", line);
		if (opt->has_arg == no_argument && has_value)
			return fail("option --%s takes no value: %s", line, value);
		return apply(o, opt->val, value);
	}
	return fail("unknown option: %s", line);
}

static bool read_config(struct options *o, const char *file)
{
	/* open and read, not fopen: fclose frees the FILE, and with no free
	 * anywhere musl links its small allocator (see buf.c) */
	int fd = open(file, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail("--config cannot read %s: %s", file, strerror(errno));
	/* Our configuration is not content, wherever it lies: kept by
	 * identity, to be hidden as the --auth file is (fs_hide). */
	struct stat st;
	if (fstat(fd, &st) != 0 || o->nconfigs == CONFIGS_MAX) {
		close(fd);
		return fail("--config %s: more than %d files", file, CONFIGS_MAX);
	}
	o->configs[o->nconfigs].dev = st.st_dev;
	o->configs[o->nconfigs++].ino = st.st_ino;
	/* Kept for good: the options point into it. Each file's block starts
	 * with a link to the one before, so every block stays reachable
	 * (LeakSanitizer) whether or not an option points into it. */
	static void *kept;
	char *block = malloc(sizeof kept + CONFIG_MAX + 1), *text = NULL;
	if (block) {
		memcpy(block, &kept, sizeof kept);
		kept = block;
		text = block + sizeof kept;
	}
	size_t len = 0;
	bool error = !text;
	while (!error && len <= CONFIG_MAX) {
		ssize_t n = read(fd, text + len, CONFIG_MAX + 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			error = n < 0;
			break;
		}
		len += (size_t)n;
	}
	close(fd);
	if (error)
		return fail("--config cannot read %s", file);
	if (len > CONFIG_MAX)
		return fail("--config %s is larger than %d bytes", file, CONFIG_MAX);
	text[len] = '\0';
	if (memchr(text, '\0', len))
		return fail("--config %s is not a text file", file);
	config_file = file;
	config_line = 0;
	bool ok = true;
	for (char *line = text, *next; ok && line; line = next) {
		config_line++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line += strspn(line, " \t");
		size_t n = strlen(line);
		while (n > 0 && strchr(" \t\r", line[n - 1]))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		ok = config_option(o, line);
	}
	config_file = NULL;
	return ok;
}

enum options_result options_parse(struct options *o, int argc, char **argv)
{
	*o = (struct options){
		.root = ".",
		.timeout = TIMEOUT_DEFAULT,
		.cgi_timeout = CGI_TIMEOUT_DEFAULT,
		.max_body = MAX_BODY_DEFAULT,
		.log = LOG_TO_AUTO,
		.auth_realm = "cgihandler",
	};
	struct cmdline cl = {0};
	const char *value;
	int c;
	bool ok = true;
	while (ok &&
	       (c = cmdline_next(&cl, argc, argv, "r:c:u:t:hV", longopts, &value)) != -1) {
		switch (c) {
		case 'h': fputs(usage, stdout); return OPTIONS_EXIT_OK;
		case 'V': puts("cgihandler " CGIHANDLER_VERSION); return OPTIONS_EXIT_OK;
		case ':': ok = fail("option %s needs an argument", cl.bad); break;
		case '?': ok = fail("unknown option: %s", cl.bad); break;
		default: ok = apply(o, c, value);
		}
	}
	if (ok && cl.index < argc)
		ok = fail("unexpected argument: %s", argv[cl.index]);
	if (!ok)
		return OPTIONS_EXIT_USAGE;
	if (o->ncgi_dirs == 0) {
		o->cgi_dirs[0] = "/cgi-bin";
		o->cgi_dirs[1] = "/htbin";
		o->ncgi_dirs = 2;
	}
	if (o->nindex == 0) {
		o->index[0] = "index.html";
		o->index[1] = "index.htm";
		o->nindex = 2;
	}
	return OPTIONS_RUN;
}
