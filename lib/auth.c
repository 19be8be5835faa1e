#include "auth.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fmt.h"
#include "fs.h"
#include "limits.h"
#include "uri.h"

/* crypt_r(3) from libcrypt.so.1, found at run time: linking libcrypt costs
 * every exec its loading (about 0.1 ms and 7 page faults here, DESIGN.md),
 * while only a request under --auth needs it. Where <crypt.h> is missing
 * (musl-gcc, the static build: Debian's musl has no crypt) there is no
 * crypt_r to call, and --auth refuses to serve rather than guess. */
#if __has_include(<crypt.h>)
#include <crypt.h>
#define HAVE_CRYPT 1
typedef char *(*crypt_r_fn)(const char *phrase, const char *setting, struct crypt_data *data);
static crypt_r_fn crypt_r_p;
static struct crypt_data crypt_area; /* 32 KiB: static, zeroed as crypt_r asks */
#endif

struct entry {
	const char *prefix; /* collapsed, no trailing '/'; NULL: the --auth-prefix list */
	size_t prefix_len;
	const char *user;
	const char *hash;
};

static char text[AUTH_FILE_MAX + 1];
static struct entry entries[AUTH_ENTRIES_MAX];
static size_t nentries;
static char option_prefix[AUTH_PREFIXES_MAX][256];
static size_t option_prefix_len[AUTH_PREFIXES_MAX];
static size_t noption_prefixes;
static char challenge[AUTH_REALM_MAX + 64];

#ifdef HAVE_CRYPT
static enum status check_resolved(const char *resolved);
#endif

/* The schemes we accept: slow, salted, and in libxcrypt. DES, MD5 ($1$,
 * Apache's $apr1$), {SHA} and plain text fall to a laptop in minutes; $2a$
 * is the bcrypt with the old sign-extension bug. */
static const char *const strong[] = {"$y$", "$2b$", "$2y$", "$6$"};

static bool strong_hash(const char *h)
{
	for (size_t i = 0; i < sizeof strong / sizeof strong[0]; i++) {
		size_t n = strlen(strong[i]);
		if (strncmp(h, strong[i], n) == 0 && strlen(h) > n + 8)
			return true;
	}
	return false;
}

bool auth_realm_valid(const char *realm)
{
	size_t n = strlen(realm);
	if (n > AUTH_REALM_MAX)
		return false;
	for (const char *p = realm; *p; p++)
		if (*p < 0x20 || *p > 0x7e || *p == '"' || *p == '\\')
			return false;
	return true;
}

/* A user-id of RFC 7617: no control bytes, no ':'; we also keep to visible
 * ASCII so that a name reaches REMOTE_USER and the log as it is. */
static bool valid_user(const char *u)
{
	if (!*u)
		return false;
	for (const char *p = u; *p; p++)
		if (*p <= 0x20 || *p > 0x7e || *p == ':')
			return false;
	return true;
}

/* Collapses a prefix in place and drops a trailing '/', so "/admin/" and
 * "//admin" protect what "/admin" does. */
static size_t collapse_prefix(char *p)
{
	size_t n = uri_collapse(p);
	if (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	return n;
}

static bool invalid(const char **why, const char *file, unsigned line, const char *what)
{
	static char msg[512];
	fmt_snprintf(msg, sizeof msg, "--auth %.300s line %u: %s", file, line, what);
	*why = msg;
	return false;
}

/* Reads the whole file into text; false with *why set. */
static bool read_file(const char *file, const char **why)
{
	int fd = open(file, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		static char msg[400];
		fmt_snprintf(msg, sizeof msg, "--auth %.300s: %s", file,
			     fd < 0 ? strerror(errno) : "not a regular file");
		*why = msg;
		if (fd >= 0)
			close(fd);
		return false;
	}
	size_t len = 0;
	ssize_t n;
	while ((n = read(fd, text + len, sizeof text - len)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (len += (size_t)n) == sizeof text) {
			close(fd);
			return invalid(why, file, 0,
				       n < 0 ? strerror(errno) : "larger than 256 KiB");
		}
	}
	close(fd);
	text[len] = '\0';
	if (memchr(text, '\0', len))
		return invalid(why, file, 0, "a NUL byte");
	if (!fs_hide(st.st_dev, st.st_ino))
		return invalid(why, file, 0, "too many files to hide (HIDDEN_MAX)");
	return true;
}

bool auth_load(const char *file, const char *realm, const char *const *prefixes,
	       size_t nprefixes, const char **why)
{
	fmt_snprintf(challenge, sizeof challenge,
		     "WWW-Authenticate: Basic realm=\"%s\", charset=\"UTF-8\"", realm);
	noption_prefixes = 0;
	for (size_t i = 0; i < nprefixes && i < AUTH_PREFIXES_MAX; i++) {
		fmt_snprintf(option_prefix[i], sizeof option_prefix[i], "%s", prefixes[i]);
		option_prefix_len[i] = collapse_prefix(option_prefix[i]);
		noption_prefixes++;
	}
	if (!read_file(file, why))
		return false;
	nentries = 0;
	unsigned lineno = 0;
	for (char *line = text, *next; line && *line; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		size_t n = strlen(line);
		if (n && line[n - 1] == '\r')
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		struct entry e = {0};
		char *colon;
		if (line[0] == '/') {
			colon = strchr(line, ':');
			if (!colon)
				return invalid(why, file, lineno, "not /prefix:user:hash");
			*colon = '\0';
			e.prefix = line;
			e.prefix_len = collapse_prefix(line);
			line = colon + 1;
		}
		colon = strchr(line, ':');
		if (!colon)
			return invalid(why, file, lineno, "not user:hash");
		*colon = '\0';
		e.user = line;
		e.hash = colon + 1;
		if (!valid_user(e.user))
			return invalid(why, file, lineno,
				       "a user name with a byte not allowed");
		if (!strong_hash(e.hash))
			return invalid(why, file, lineno,
				       "not a yescrypt ($y$), bcrypt ($2b$, $2y$) or "
				       "sha512-crypt ($6$) hash");
		if (nentries == AUTH_ENTRIES_MAX)
			return invalid(why, file, lineno, "more than 4096 entries");
		entries[nentries++] = e;
	}
#ifdef HAVE_CRYPT
	void *h = dlopen("libcrypt.so.1", RTLD_NOW | RTLD_LOCAL);
	crypt_r_p = h ? (crypt_r_fn)dlsym(h, "crypt_r") : NULL;
	if (!crypt_r_p)
		return invalid(why, file, 0, "cannot load crypt_r from libcrypt.so.1");
	fs_set_guard(check_resolved);
	return true;
#else
	return invalid(why, file, 0, "this build has no crypt(3) (use the dynamic build)");
#endif
}

const char *auth_challenge(void)
{
	return challenge;
}

/* True when path is prefix or below it, on a '/' boundary; ASCII case is
 * ignored, so "/ADMIN" is protected on a file system that folds case. */
static bool under(const char *path, const char *prefix, size_t n)
{
	if (n == 1)
		return true; /* "/" */
	return strncasecmp(path, prefix, n) == 0 && (path[n] == '\0' || path[n] == '/');
}

/* The longest prefix of e that path is under (its text, *n its length),
 * NULL if none. */
static const char *entry_match(const struct entry *e, const char *path, size_t *n)
{
	*n = 0;
	if (e->prefix) {
		*n = under(path, e->prefix, e->prefix_len) ? e->prefix_len : 0;
		return *n ? e->prefix : NULL;
	}
	if (noption_prefixes == 0) {
		*n = 1; /* a plain htpasswd line, no --auth-prefix: the whole site */
		return "/";
	}
	const char *best = NULL;
	for (size_t i = 0; i < noption_prefixes; i++)
		if (option_prefix_len[i] > *n &&
		    under(path, option_prefix[i], option_prefix_len[i])) {
			*n = option_prefix_len[i];
			best = option_prefix[i];
		}
	return best;
}

/* The prefix that protects path: the longest of every entry's (its text,
 * *n its length), NULL when path is not protected. */
static const char *protecting(const char *path, size_t *n)
{
	const char *best = NULL;
	*n = 0;
	for (size_t i = 0; i < nentries; i++) {
		size_t m;
		const char *p = entry_match(&entries[i], path, &m);
		if (m > *n) {
			*n = m;
			best = p;
		}
	}
	return best;
}

static int b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

long auth_base64_decode(const char *in, size_t n, char *out, size_t max)
{
	if (n == 0 || n % 4)
		return -1;
	size_t o = 0;
	for (size_t i = 0; i < n; i += 4) {
		int v[4], pad = 0;
		for (int k = 0; k < 4; k++) {
			if (in[i + k] == '=' && i + 4 == n && k >= 2) {
				v[k] = 0;
				pad++;
			} else if (pad || (v[k] = b64_value((unsigned char)in[i + k])) < 0) {
				return -1; /* a letter after '=', or not base64 */
			}
		}
		unsigned long w = (unsigned long)v[0] << 18 | (unsigned long)v[1] << 12 |
				  (unsigned long)v[2] << 6 | (unsigned long)v[3];
		if (o + 3 - (size_t)pad >= max)
			return -1;
		out[o++] = (char)(w >> 16);
		if (pad < 2)
			out[o++] = (char)(w >> 8 & 0xff);
		if (pad < 1)
			out[o++] = (char)(w & 0xff);
	}
	out[o] = '\0';
	return (long)o;
}

#ifdef HAVE_CRYPT
/* Equal strings, in time that depends on the stored hash's length only. */
static bool same(const char *got, const char *want)
{
	size_t ng = strlen(got), nw = strlen(want);
	unsigned char diff = ng != nw;
	for (size_t i = 0; i < nw; i++)
		diff |= (unsigned char)(got[i < ng ? i : 0] ^ want[i]);
	return diff == 0;
}
#endif

/* The credentials of the request's one Authorization field, decoded into
 * buf: the user at buf, *password after the first ':'. NULL with *reason. */
static const char *credentials(const struct request *req, char *buf, size_t max,
			       const char **password, const char **reason)
{
	const char *value = NULL;
	for (size_t i = 0; i < req->nheaders; i++)
		if (strcasecmp(req->headers[i].name, "Authorization") == 0) {
			if (value) {
				*reason = "auth-malformed";
				return NULL;
			}
			value = req->headers[i].value;
		}
	size_t scheme = value ? strcspn(value, " \t") : 0;
	if (!value || scheme != 5 || strncasecmp(value, "Basic", 5) != 0) {
		*reason = "auth-no-credentials"; /* none, or another scheme */
		return NULL;
	}
	const char *b = value + 5;
	while (*b == ' ' || *b == '\t')
		b++;
	long n = auth_base64_decode(b, strlen(b), buf, max);
	char *colon = n > 0 ? memchr(buf, ':', (size_t)n) : NULL;
	if (!colon) {
		*reason = "auth-malformed";
		return NULL;
	}
	for (long i = 0; i < n; i++)
		if ((unsigned char)buf[i] < 0x20 || buf[i] == 0x7f) {
			*reason = "auth-malformed"; /* RFC 7617 section 2: no CTLs */
			return NULL;
		}
	*colon = '\0';
	*password = colon + 1;
	return buf;
}

/* This process's one request as auth_check() last saw it: the guard of
 * fs_open_beneath() judges where its paths resolve with its credentials,
 * and a prefix once verified is not hashed again (a symlink, a local
 * redirect and an index file each open a path of their own). */
static struct {
	const struct request *req; /* NULL until auth_check() is called */
	const char **user;	   /* the caller's, set when the guard verifies */
	const char *prefix;	   /* the prefix verified, or NULL */
	size_t prefix_len;
	const char *reason; /* the last refusal */
} current;

static enum status check(const struct request *req, const char *path, const char **user,
			 const char **reason)
{
	*user = NULL;
	size_t best;
	const char *prefix = protecting(path, &best);
	if (!prefix)
		return S_OK;
	static char verified[AUTH_CREDENTIALS_MAX + 1];
	if (current.prefix && current.prefix_len == best &&
	    strncasecmp(current.prefix, prefix, best) == 0) {
		*user = verified;
		return S_OK;
	}

	char cred[AUTH_CREDENTIALS_MAX + 1];
	const char *password = NULL;
	const char *name = req ? credentials(req, cred, sizeof cred, &password, reason) : NULL;
	if (!name) {
		if (!req)
			*reason = "auth-no-credentials"; /* no request parsed yet */
		explicit_bzero(cred, sizeof cred);
		return S_UNAUTHORIZED;
	}
	const struct entry *found = NULL, *dummy = NULL;
	for (size_t i = 0; i < nentries && !found; i++) {
		size_t m;
		entry_match(&entries[i], path, &m);
		if (m != best)
			continue;
		if (!dummy)
			dummy = &entries[i];
		if (strcmp(entries[i].user, name) == 0)
			found = &entries[i];
	}
	enum status s = S_UNAUTHORIZED;
#ifdef HAVE_CRYPT
	/* An unknown user is hashed too, against a hash of the same prefix
	 * (so of the same scheme and cost), and then refused. */
	const char *hash = found ? found->hash : dummy->hash;
	const char *got = crypt_r_p(password, hash, &crypt_area);
	size_t id = (size_t)(strchr(hash + 1, '$') - hash) + 1;
	if (!got || strncmp(got, hash, id) != 0) {
		*reason = "auth-hash-unsupported"; /* "*0", or another scheme's answer */
		s = S_INTERNAL_SERVER_ERROR;
	} else if (!found) {
		*reason = "auth-bad-user";
	} else if (!same(got, hash)) {
		*reason = "auth-bad-password";
	} else {
		fmt_snprintf(verified, sizeof verified, "%s", name);
		current.prefix = prefix;
		current.prefix_len = best;
		*user = verified;
		s = S_OK;
	}
	explicit_bzero(&crypt_area, sizeof crypt_area);
#else
	(void)found;
	(void)dummy;
	*reason = "auth-hash-unsupported";
	s = S_INTERNAL_SERVER_ERROR;
#endif
	explicit_bzero(cred, sizeof cred);
	return s;
}

enum status auth_check(const struct request *req, const char *path, const char **user,
		       const char **reason)
{
	current.req = req;
	current.user = user;
	enum status s = check(req, path, user, &current.reason);
	if (s != S_OK)
		*reason = current.reason;
	return s;
}

#ifdef HAVE_CRYPT
/* fs_open_beneath()'s guard: where a path really leads is protected as
 * the request path is. Only a build with crypt(3) loads a password file. */
static enum status check_resolved(const char *resolved)
{
	const char *user;
	enum status s = check(current.req, resolved, &user, &current.reason);
	if (s == S_OK && user && current.user)
		*current.user = user;
	return s;
}
#endif

const char *auth_reason(void)
{
	return current.reason;
}
