#!/bin/sh
# POST/redirect/GET: takes the form's POST and answers "303 See Other" to
# form.sh with the same fields in the query, so a reload of the result page
# does not post again. The redirect needs cgihandler --relay; without it the
# status line is always 200 and the browser shows an empty page.
fields=$(head -c "${CONTENT_LENGTH:-0}" | tr -cd 'A-Za-z0-9%+=&._~*-')
host=${HTTP_HOST:-$SERVER_NAME:$SERVER_PORT}
printf 'Status: 303 See Other\r\nLocation: http://%s/cgi-bin/form.sh?%s\r\n\r\n' "$host" "$fields"
