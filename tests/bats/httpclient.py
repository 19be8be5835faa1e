#!/usr/bin/env python3
"""One request with Python's http.client; prints the answer as
"HTTP/1.x CODE REASON", the header lines, an empty line and the body.

Usage: httpclient.py --port N [--host ADDR] [--method M] [--header 'K: V']...
                     [--body TEXT | --body-file FILE] [--chunked] PATH
The client is the real one users have (http.client), so a test through it
shows the handler works with it, not only with raw bytes.
"""
import argparse
import http.client
import sys


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--method", default="GET")
    p.add_argument("--header", action="append", default=[])
    p.add_argument("--body")
    p.add_argument("--body-file")
    p.add_argument("--chunked", action="store_true")
    p.add_argument("--timeout", type=float, default=10.0)
    p.add_argument("path")
    a = p.parse_args()
    body = None
    if a.body is not None:
        body = a.body.encode()
    elif a.body_file:
        with open(a.body_file, "rb") as f:
            body = f.read()
    c = http.client.HTTPConnection(a.host, a.port, timeout=a.timeout)
    c.putrequest(a.method, a.path, skip_accept_encoding=True)
    for h in a.header:
        k, v = h.split(":", 1)
        c.putheader(k.strip(), v.strip())
    if body is not None and not a.chunked:
        c.putheader("Content-Length", str(len(body)))
    if a.chunked:
        c.putheader("Transfer-Encoding", "chunked")
    c.endheaders()
    if body is not None:
        if a.chunked:
            for i in range(0, len(body), 4096):
                part = body[i:i + 4096]
                c.send(b"%x\r\n%s\r\n" % (len(part), part))
            c.send(b"0\r\n\r\n")
        else:
            c.send(body)
    r = c.getresponse()
    out = sys.stdout.buffer
    out.write(b"HTTP/1.%d %d %s\r\n" % (r.version - 10, r.status, r.reason.encode("latin-1")))
    for k, v in r.getheaders():
        out.write(("%s: %s\r\n" % (k, v)).encode("latin-1"))
    out.write(b"\r\n")
    out.write(r.read())
    out.flush()
    c.close()


if __name__ == "__main__":
    main()
