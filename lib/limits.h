/* limits.h: every bound cgihandler enforces, in one place, with its reason.
 * Options may override the ones marked "default"; the rest are fixed. */
#ifndef CGIHANDLER_LIMITS_H
#define CGIHANDLER_LIMITS_H

/* The request line: longer than any sane URL (Apache's LimitRequestLine is
 * 8190); past it the answer is 414 URI Too Long. */
#define REQUEST_LINE_MAX 8192

/* The whole request head, request line included: the buffer lives on the
 * stack, and a head past this is an attack or a mistake; 431. */
#define HEAD_MAX 16384

/* A decoded URL path with room for "index.html" appended; the request
 * line bounds the path, so this is never the tighter limit. */
#define URL_PATH_MAX (REQUEST_LINE_MAX + 16)

/* Header fields per request (Apache's LimitRequestFields is 100); 431. */
#define HEADERS_MAX 100

/* Seconds to wait for the whole head, and for a body we read ourselves. One
 * deadline for the whole read, never re-armed per byte, so a client that
 * trickles a byte a second is cut off on time. Default of --timeout. */
#define TIMEOUT_DEFAULT 30

/* Bytes a second a client must take, on average over the time our writes
 * wait for it, once they have waited --timeout seconds (the idea of Apache
 * mod_reqtimeout's MinRate, for sending). A never-reading client is cut
 * after --timeout by the no-progress rule; this cuts one that reads a few
 * bytes now and then (the Qualys slow-read attack), while a 56k modem
 * (about 5 KiB/s) or a GPRS phone still gets a whole file. */
#define SEND_MIN_RATE 4096

/* Milliseconds a blocked write waits before it returns to have the rule
 * above applied: the precision of both cuts, and no cost to a client that
 * keeps up (its writes never block). */
#define SEND_SLICE_MS 1000

/* Bytes of a file one sendfile(2) call may send to a socket. The kernel
 * restarts the socket's send timeout for each pipe's worth (64 KiB) it
 * splices, so a larger call to a trickling client could block for many
 * slices; 256 KiB keeps a call under a few slices, and a fast client still
 * moves a gigabyte in 4,096 calls. */
#define SENDFILE_CHUNK (256 * 1024)

/* Seconds a CGI script may run by the wall clock; alarm(2) survives execve so
 * the limit holds after we are gone. Default of --cgi-timeout; 0 = none. */
#define CGI_TIMEOUT_DEFAULT 300

/* Largest request body, in bytes. A chunked body is decoded into memory
 * (a memfd) so this bounds our memory; a Content-Length body streams to the
 * script, and the same bound keeps one meaning for both. Default of
 * --max-body; 413 past it. */
#define MAX_BODY_DEFAULT (64LL * 1024 * 1024)

/* A chunk-size line, extensions included: hex digits of a 64-bit size plus a
 * little; longer is hostile. */
#define CHUNK_LINE_MAX 1024

/* Bytes of an unread body we drain after answering, so closing the socket
 * does not reset the connection before the client has read our answer. */
#define LINGER_BYTES (256 * 1024)
/* ...and for at most this many milliseconds. */
#define LINGER_MS 2000

/* The size of the header block a script may emit in --relay mode... */
#define CGI_HEAD_MAX 16384
/* ...and its fields: as many as a request may have (HEADERS_MAX); the parsed
 * fields live on the stack. */
#define CGI_FIELDS_MAX HEADERS_MAX

/* Local redirects (RFC 3875 section 6.2.2) followed for one request: a
 * script may hand a request on to another page or script, but a loop of
 * them must end; past it the answer is 508 Loop Detected. */
#define LOCAL_REDIRECTS_MAX 5

/* --cgi-dir may be given this many times, each this long (with its NUL):
 * a URL directory, not a file system path. */
#define CGI_DIRS_MAX 16
#define CGI_DIR_LEN 256

/* Bytes of a directory listing before we refuse it (500): a directory of
 * millions of entries must not exhaust a small box. */
#define LISTING_MAX (16 * 1024 * 1024)

/* The PATH a script gets: nothing of the activator's environment leaks in. */
#define CGI_SAFE_PATH "/usr/local/bin:/usr/bin:/bin"

/* Bytes of stack a response head, an error page or a script's environment
 * is built in before it moves to the heap: not a bound (longer text simply
 * moves), but most fit, and the first malloc of a process is dear. */
#define BUF_ON_STACK 4096
/* The same for the head of a file's answer: about 300 bytes, and a small
 * frame keeps a static request's stack on few pages (each new page is a
 * page fault). */
#define HEAD_ON_STACK 1024
/* The end of the system's mime.types is read in this many pieces of this
 * many bytes before the whole file is mapped: a web page's types (text/,
 * image/, font/, video/) are in Debian's last 10 KiB, and mapping the file
 * costs a request more (mmap, a page fault, the unmap at exit) than three
 * reads; on the stack, the pieces stay on pages the request touched. */
#define MIME_READ_PIECE 2048
#define MIME_READ_PIECES 5

/* Environment entries a script gets: RFC 3875 variables plus one per header. */
#define CGI_ENV_MAX (HEADERS_MAX + 40)

/* A PROXY protocol v1 line, CRLF included: the spec's worst case
 * (proxy-protocol.txt 2.1, "PROXY UNKNOWN" with two full IPv6 addresses);
 * no CRLF within it and the line is refused. */
#define PROXY_V1_MAX 107

/* A PROXY protocol v2 header, its 16 fixed bytes included. The format
 * allows 16 + 65535; what balancers send (IPv6 addresses, the SSL TLV
 * with version, cipher and client CN, a unique ID of at most 128 bytes,
 * the SNI authority) is well under 1 KiB, and the buffer is on the stack.
 * Longer is refused as oversized. */
#define PROXY_V2_MAX 4096

/* --config: the file is read whole, before anything else happens, and its
 * lines are kept as the options' strings; an option file is a screenful,
 * so anything larger is a mistake (exit 2), not a file to read. */
#define CONFIG_MAX (64 * 1024)

/* --interpreter may be given this many times (uhttpd's routers map two or
 * three: .php, .lua, .sh). */
#define INTERPRETERS_MAX 8

/* --host may be given this many times: the box's names and addresses. */
#define HOSTS_MAX 16

/* A host name as a directory name or list entry, port removed: RFC 1035
 * caps a name at 253 bytes; an IPv6 literal with brackets fits too. */
#define HOST_NAME_LEN 256

/* --index may be given this many times. */
#define INDEX_MAX 8

/* --error-page may be given this many times (one per status, 4xx and 5xx). */
#define ERROR_PAGES_MAX 16

/* The --auth password file, read whole on every request that has --auth:
 * thousands of htpasswd lines; a bigger file is a mistake (or a device). */
#define AUTH_FILE_MAX (256 * 1024)

/* Entries (user lines) in that file: bounds the table, static storage. */
#define AUTH_ENTRIES_MAX 4096

/* --auth-prefix may be given this many times, each under 256 bytes. */
#define AUTH_PREFIXES_MAX 16

/* The realm of the challenge (--auth-realm). */
#define AUTH_REALM_MAX 200

/* Decoded Basic credentials, "user:password": no person types more, and
 * bcrypt reads only 72 bytes of a password anyway; longer is malformed. */
#define AUTH_CREDENTIALS_MAX 1024

/* Files hidden by identity (fs_hide): the --auth file and each --config
 * file, which have no business in a document root but may be put there. */
#define CONFIGS_MAX 7
#define HIDDEN_MAX (CONFIGS_MAX + 1)

#endif
