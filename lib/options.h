/* options.h: the command line. The long options are the contract
 * (docs/cgihandler.8); --help prints the same list. */
#ifndef CGIHANDLER_OPTIONS_H
#define CGIHANDLER_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "limits.h"
#include "log.h"
#include "response.h"

struct options {
	const char *root;		    /* --root, default "." */
	const char *cgi_dirs[CGI_DIRS_MAX]; /* collapsed, no trailing '/' */
	size_t ncgi_dirs;
	const char *user;	 /* --user, NULL = nobody when root */
	bool chroot;		 /* --chroot */
	int timeout;		 /* --timeout seconds */
	int cgi_timeout;	 /* --cgi-timeout seconds, 0 = none */
	int64_t max_body;	 /* --max-body bytes */
	int64_t cpu_limit;	 /* --cpu-limit seconds, 0 = none */
	int64_t mem_limit;	 /* --mem-limit bytes, 0 = none */
	bool dotfiles;		 /* --dotfiles */
	bool no_well_known;	 /* --no-well-known */
	bool relay;		 /* --relay */
	bool pass_auth;		 /* --pass-auth */
	const char *server_name; /* --server-name, for a request without Host */
	const char *vhost_name;	 /* not an option: the host --vhosts chose */
	enum log_target log;	 /* --log */
	bool proxy_protocol;	 /* --proxy-protocol */
	bool https;		 /* --https */

	/* --interpreter .EXT=PATH: a file whose name ends in ext (compared
	 * without regard to case) is run as "path FILE". */
	struct interpreter {
		const char *ext;  /* with its leading '.', as ".php" */
		const char *path; /* absolute, an executable file */
	} interpreters[INTERPRETERS_MAX];
	size_t ninterpreters;
	bool vhosts;		      /* --vhosts: ROOT/<host>/ is the root */
	const char *hosts[HOSTS_MAX]; /* --host, as host_normalise() spells it */
	size_t nhosts;		      /* 0: every Host is answered */
	struct error_page error_pages[ERROR_PAGES_MAX]; /* --error-page */
	size_t nerror_pages;
	bool no_listing;	      /* --no-listing: 403 for a directory without index */
	const char *index[INDEX_MAX]; /* --index, else index.html, index.htm */
	size_t nindex;

	const char *auth_file;			      /* --auth, NULL = no authentication */
	const char *auth_realm;			      /* --auth-realm */
	const char *auth_prefixes[AUTH_PREFIXES_MAX]; /* --auth-prefix */
	size_t nauth_prefixes;

	bool precompressed; /* --precompressed: FILE.br, FILE.gz when accepted */

	/* The --config files read, by identity, for fs_hide(). */
	struct config_id {
		dev_t dev;
		ino_t ino;
	} configs[CONFIGS_MAX];
	size_t nconfigs;
};

enum options_result { OPTIONS_RUN, OPTIONS_EXIT_OK, OPTIONS_EXIT_USAGE };

/* Parses argv. On OPTIONS_EXIT_OK (--help, --version) the text has been
 * printed to stdout; on OPTIONS_EXIT_USAGE one line is on stderr. Nothing is
 * read from the connection either way.
 *
 * --config FILE reads FILE at that point of the command line: one long
 * option per line, "NAME VALUE" or "NAME=VALUE" (NAME without or with its
 * "--"; VALUE is the rest of the line, blanks around it removed), or "NAME"
 * alone for an option without a value; blank lines and lines whose first
 * non-blank byte is '#' are skipped. Each line goes through the same option
 * table and the same checks as the command line, so every option works in
 * both. A line that names no option, lacks a value, has one it must not
 * have, or fails the option's check, and a file that cannot be read or is
 * larger than CONFIG_MAX, is a usage error: "cgihandler: FILE:LINE: ..." on
 * stderr and OPTIONS_EXIT_USAGE. --config, --help and --version are refused
 * inside a file. The file's text is kept for the life of the process, and
 * its identity in configs[] (at most CONFIGS_MAX files), for the caller to
 * hide it from every client-named path (fs_hide). */
enum options_result options_parse(struct options *o, int argc, char **argv);

#endif
