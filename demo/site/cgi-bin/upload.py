#!/usr/bin/python3
"""Takes a multipart/form-data POST (a form with a file) and shows each part:
a field's value, or a file's name, size and SHA-256. Reads exactly
CONTENT_LENGTH bytes from stdin, which is the connection itself (or, for a
chunked body, the memory file cgihandler decoded it into)."""
import hashlib
import html
import os
import re
import sys

length = int(os.environ.get("CONTENT_LENGTH") or 0)
body = sys.stdin.buffer.read(length)
match = re.search(r'boundary="?([^";]+)"?', os.environ.get("CONTENT_TYPE", ""))
rows = []
if match:
    # RFC 7578: parts are separated by CRLF "--" boundary; the last by "--"
    delimiter = b"\r\n--" + match.group(1).encode("latin-1")
    for part in (b"\r\n" + body).split(delimiter)[1:]:
        if part.startswith(b"--"):
            break
        head, _, data = part[2:].partition(b"\r\n\r\n")
        disposition = head.decode("utf-8", "replace")
        name = re.search(r'\bname="([^"]*)"', disposition)
        filename = re.search(r'\bfilename="([^"]*)"', disposition)
        name = html.escape(name.group(1) if name else "?")
        if filename:
            rows.append("<dt>%s: <code>%s</code></dt><dd>%d bytes, SHA-256 <code class=sha256>%s</code></dd>"
                        % (name, html.escape(filename.group(1)), len(data), hashlib.sha256(data).hexdigest()))
        else:
            rows.append("<dt>%s</dt><dd>%s</dd>" % (name, html.escape(data.decode("utf-8", "replace"))))

sys.stdout.write("Content-Type: text/html; charset=utf-8\r\n\r\n")
sys.stdout.write("""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Upload received</title>
<link rel="stylesheet" href="../style.css"></head><body>
<h1>Upload received</h1>
<p>%d bytes of <code>%s</code>:</p>
<dl>
%s
</dl>
<p><a href="../form.html">Back to the forms</a></p>
</body></html>
""" % (length, html.escape(os.environ.get("CONTENT_TYPE", "")), "\n".join(rows)))
