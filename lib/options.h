/* options.h: the command line. The long options are the contract
 * (docs/cgihandler.8); --help prints the same list. */
#ifndef CGIHANDLER_OPTIONS_H
#define CGIHANDLER_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "limits.h"
#include "log.h"

struct options {
	const char *root;		  /* --root, default "." */
	char cgi_dirs[CGI_DIRS_MAX][256]; /* collapsed, no trailing '/' */
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
	const char *server_name; /* --server-name, NULL = from Host */
	enum log_target log;	 /* --log */
	bool proxy_protocol;	 /* --proxy-protocol */
	bool https;		 /* --https */
};

enum options_result { OPTIONS_RUN, OPTIONS_EXIT_OK, OPTIONS_EXIT_USAGE };

/* Parses argv. On OPTIONS_EXIT_OK (--help, --version) the text has been
 * printed to stdout; on OPTIONS_EXIT_USAGE one line is on stderr. Nothing is
 * read from the connection either way. */
enum options_result options_parse(struct options *o, int argc, char **argv);

#endif
