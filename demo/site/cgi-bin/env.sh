#!/bin/sh
# Shows what a CGI script receives: its arguments and its whole environment,
# built by cgihandler from scratch (RFC 3875).
printf 'Content-Type: text/plain; charset=utf-8\r\n\r\n'
echo "argv: $0 $*"
echo "cwd:  $(pwd)"
echo
env | LC_ALL=C sort
