/* cmdline.h: the command line read by a table of long options, as
 * getopt_long(3) reads it. Ours because musl's getopt_long and getopt are
 * 2.8 KiB of the static build, for one loop in options.c. */
#ifndef CGIHANDLER_CMDLINE_H
#define CGIHANDLER_CMDLINE_H

#include <getopt.h>

/* Where the reading is: zero it to start. */
struct cmdline {
	int index;	     /* the next argv element; at the end, the first operand */
	const char *cluster; /* the rest of a "-abc" being read, or NULL */
	const char *bad;     /* the element of a '?' or ':' answer */
};

/* Reads the next option of argv[1..argc): "-x", "-xVALUE", "-x VALUE" and
 * clusters "-xy" by shortopts (getopt's letters, ':' after one that takes
 * a value); "--name", "--name=VALUE" and "--name VALUE" by longopts, a
 * name abbreviated to a prefix of one option only. Returns the letter, or
 * the long option's val (its flag field is not used), with *value the
 * value or NULL; -1 at the first operand (a lone "-" is one) or after
 * "--", with cl->index there; '?' for an unknown or ambiguous option or a
 * value given to an option that takes none, ':' for a missing value, with
 * cl->bad the argv element. Operands are not moved past options
 * (getopt_long's permuting): cgihandler takes none. */
int cmdline_next(struct cmdline *cl, int argc, char *const argv[], const char *shortopts,
		 const struct option *longopts, const char **value);

#endif
