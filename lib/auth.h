/* auth.h: HTTP Basic authentication (RFC 7617) of URL prefixes against a
 * password file of crypt(3) hashes, checked with libcrypt's crypt_r. */
#ifndef CGIHANDLER_AUTH_H
#define CGIHANDLER_AUTH_H

#include <stdbool.h>
#include <stddef.h>

#include "limits.h"
#include "request.h"
#include "status.h"

/* Reads and checks the password file (--auth), at most AUTH_FILE_MAX bytes
 * and AUTH_ENTRIES_MAX entries, and loads libcrypt.so.1 with dlopen (so a
 * process without --auth never maps it). Called before privileges are
 * dropped, so the file may be readable by root alone. Lines:
 *   user:hash           (htpasswd) the user may enter each of prefixes[]
 *                       (--auth-prefix), or the whole site when there are none
 *   /prefix:user:hash   (busybox httpd.conf) the user may enter /prefix
 *   # comment, or empty
 * A hash must be yescrypt ($y$), bcrypt ($2b$, $2y$) or sha512-crypt ($6$);
 * anything else (DES, MD5, $apr1$, {SHA}, plain text), any other line, a
 * user with a byte outside visible ASCII, or a file past its bounds makes
 * the whole file invalid: false with *why set (it names the line), and the
 * caller refuses to serve. The file itself is hidden from fs_open_beneath()
 * and from listings (fs_hide). Prefixes, from lines or options, are
 * collapsed here, and a trailing '/' dropped. realm (--auth-realm) must
 * have passed auth_realm_valid(). */
bool auth_load(const char *file, const char *realm, const char *const *prefixes,
	       size_t nprefixes, const char **why);

/* Whether path (decoded and collapsed) may be served to this request. A
 * path is protected by the longest loaded prefix it starts with on a '/'
 * boundary, compared ASCII case-insensitively (so a case-folding file
 * system cannot be used to step around it); only that prefix's users may
 * enter. Returns S_OK with *user NULL when the path is not protected, S_OK
 * with *user the verified user name (static storage) after crypt_r of the
 * password matched the user's hash (compared in constant time),
 * S_UNAUTHORIZED with *reason one of "auth-no-credentials" (no
 * Authorization field, or not the Basic scheme), "auth-malformed" (several
 * Authorization fields, bad base64, no ':', a control byte), "auth-bad-user",
 * "auth-bad-password"; or S_INTERNAL_SERVER_ERROR with *reason
 * "auth-hash-unsupported" when this libcrypt cannot compute the user's
 * hash. An unknown user costs one crypt_r against another hash of the same
 * prefix, so the answer's timing does not tell users apart. The password is
 * never logged, kept or passed on.
 *
 * Protection follows the file as well as the URL: auth_load() makes every
 * fs_open_beneath() check where its path really resolves beneath the root
 * (fs_set_guard) in the same way, with the credentials of the request last
 * given here (none before the first call), and a verified user is then
 * written to *user of that call. So a symlink elsewhere in the root that
 * leads into a protected prefix asks for that prefix's password, whatever
 * opens it (a file, a listing, a script, an index, an error page). A
 * prefix once verified is not hashed again in this process. */
enum status auth_check(const struct request *req, const char *path, const char **user,
		       const char **reason);

/* The reason of the last refusal, by auth_check() or by the check of where
 * a path resolves, as auth_check() words it; NULL when there was none. */
const char *auth_reason(void);

/* The WWW-Authenticate field line of a 401 (RFC 7617 section 2), without
 * CR LF: Basic, the realm, charset="UTF-8". */
const char *auth_challenge(void);

/* True when realm (--auth-realm) can stand in a quoted-string unescaped:
 * visible ASCII and space but '"' and '\\', at most AUTH_REALM_MAX bytes.
 * Pure. */
bool auth_realm_valid(const char *realm);

/* Decodes RFC 4648 base64 (standard alphabet, padding required) of
 * in[0..n) into out (room for max bytes, NUL added); returns the decoded
 * length, or -1 when it is malformed or does not fit. Pure. */
long auth_base64_decode(const char *in, size_t n, char *out, size_t max);

#endif
