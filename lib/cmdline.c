#include "cmdline.h"

#include <string.h>

static int long_option(struct cmdline *cl, int argc, char *const argv[], const char *name,
		       const struct option *longopts, const char **value)
{
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct option *hit = NULL;
	int prefixes = 0;
	for (const struct option *o = longopts; o->name; o++) {
		if (strncmp(o->name, name, len) != 0)
			continue;
		hit = o;
		if (!o->name[len]) {
			prefixes = 1; /* exact: no abbreviation can be ambiguous */
			break;
		}
		prefixes++;
	}
	if (prefixes != 1 || (eq && hit->has_arg == no_argument))
		return '?';
	if (eq) {
		*value = eq + 1;
	} else if (hit->has_arg == required_argument) {
		if (cl->index >= argc)
			return ':';
		*value = argv[cl->index++];
	}
	return hit->val;
}

int cmdline_next(struct cmdline *cl, int argc, char *const argv[], const char *shortopts,
		 const struct option *longopts, const char **value)
{
	*value = NULL;
	if (cl->index < 1)
		cl->index = 1;
	if (!cl->cluster) {
		if (cl->index >= argc)
			return -1;
		const char *a = argv[cl->index];
		if (a[0] != '-' || !a[1])
			return -1;
		cl->bad = a;
		if (a[1] == '-') {
			cl->index++;
			return a[2] ? long_option(cl, argc, argv, a + 2, longopts, value) : -1;
		}
		cl->cluster = a + 1;
	}
	char c = *cl->cluster++;
	cl->bad = argv[cl->index];
	if (!*cl->cluster) {
		cl->cluster = NULL;
		cl->index++;
	}
	const char *spec = c == ':' ? NULL : strchr(shortopts, c);
	if (!spec)
		return '?';
	if (spec[1] == ':') {
		if (cl->cluster) {
			*value = cl->cluster;
			cl->cluster = NULL;
			cl->index++;
		} else if (cl->index >= argc) {
			return ':';
		} else {
			*value = argv[cl->index++];
		}
	}
	return c;
}
