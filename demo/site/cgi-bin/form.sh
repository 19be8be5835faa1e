#!/bin/sh
# Reads exactly CONTENT_LENGTH bytes of an urlencoded form from stdin (the
# connection itself), or a GET's query string, and shows the fields,
# HTML-escaped.
printf 'Content-Type: text/html; charset=utf-8\r\n\r\n'
if [ "$REQUEST_METHOD" = POST ]; then
	body=$(head -c "${CONTENT_LENGTH:-0}")
else
	body=$QUERY_STRING
fi
cat <<HTML
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Form received</title>
<link rel="stylesheet" href="../style.css"></head><body>
<h1>Form received</h1>
<p>$REQUEST_METHOD, ${#body} bytes of fields from $REMOTE_ADDR:</p>
<dl>
HTML
printf '%s' "$body" | tr '&' '\n' | awk '
function decode(s,   out, i, c, h) {
	gsub(/\+/, " ", s)
	out = ""
	for (i = 1; i <= length(s); i++) {
		c = substr(s, i, 1)
		if (c == "%" && i + 2 <= length(s)) {
			h = substr(s, i + 1, 2)
			out = out sprintf("%c", index("0123456789abcdef", tolower(substr(h, 1, 1))) * 16 - 16 + index("0123456789abcdef", tolower(substr(h, 2, 1))) - 1)
			i += 2
		} else out = out c
	}
	return out
}
function escape(s) {
	gsub(/&/, "\\&amp;", s); gsub(/</, "\\&lt;", s); gsub(/>/, "\\&gt;", s); gsub(/"/, "\\&quot;", s)
	return s
}
NF {
	eq = index($0, "=")
	name = eq ? substr($0, 1, eq - 1) : $0
	value = eq ? substr($0, eq + 1) : ""
	printf "<dt>%s</dt><dd>%s</dd>\n", escape(decode(name)), escape(decode(value))
}'
cat <<HTML
</dl>
<p><a href="../form.html">Back to the forms</a></p>
</body></html>
HTML
