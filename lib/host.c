#include "host.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "fs.h"

bool host_normalise(const char *host, char *out, size_t n)
{
	out[0] = '\0';
	const char *port;
	if (host[0] == '[') {
		const char *close = strchr(host, ']');
		if (!close || (size_t)(close - host) > INET6_ADDRSTRLEN)
			return false;
		char addr[INET6_ADDRSTRLEN + 1];
		memcpy(addr, host + 1, (size_t)(close - host - 1));
		addr[close - host - 1] = '\0';
		unsigned char bin[16];
		char canon[INET6_ADDRSTRLEN];
		if (inet_pton(AF_INET6, addr, bin) != 1 ||
		    !fmt_inet_ntop(AF_INET6, bin, canon, sizeof canon))
			return false;
		port = close + 1;
		if (*port && *port != ':')
			return false;
		if ((size_t)fmt_snprintf(out, n, "[%s]", canon) >= n) {
			out[0] = '\0';
			return false;
		}
	} else {
		port = strchr(host, ':');
		size_t len = port ? (size_t)(port - host) : strlen(host);
		if (len > 0 && host[len - 1] == '.')
			len--; /* the root label: the same host */
		if (len == 0 || len >= n)
			return false;
		for (size_t i = 0; i < len; i++) {
			char c = host[i];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c + 32);
			bool label = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
				     c == '-' || c == '_';
			/* a dot only between labels: no ".x", no "x..y", no ".." */
			if (!label && !(c == '.' && i > 0 && host[i - 1] != '.'))
				return false;
			out[i] = c;
		}
		out[len] = '\0';
		if (out[len - 1] == '.') { /* "x.." : an empty last label */
			out[0] = '\0';
			return false;
		}
		if (!port)
			port = host + strlen(host);
	}
	if (*port == ':') {
		size_t digits = strspn(port + 1, "0123456789");
		if (digits == 0 || digits > 5 || port[1 + digits]) {
			out[0] = '\0';
			return false;
		}
	}
	return true;
}

bool host_listed(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

enum status host_select(const struct request *req, const struct options *o, char *name,
			struct answer *a)
{
	bool named = req->host && *req->host && host_normalise(req->host, name, HOST_NAME_LEN);
	if (o->nhosts && !(named && host_listed(name, o->hosts, o->nhosts))) {
		a->reason = req->host && *req->host ? "host-not-allowed" : "no-host";
		return S_MISDIRECTED_REQUEST;
	}
	if (o->vhosts) {
		if (req->host && *req->host && !named) {
			a->reason = "bad-vhost-name";
			return S_BAD_REQUEST;
		}
		if (!(named && fs_enter(name)) && !fs_enter("default")) {
			a->reason = "no-vhost";
			return S_MISDIRECTED_REQUEST;
		}
	}
	return S_OK;
}
