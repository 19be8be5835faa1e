#!/bin/sh
# make run: serves demo/site on http://127.0.0.1:${PORT:-8080} the way a
# deployment would, one cgihandler process per connection under
# systemd-socket-activate. Ctrl-C stops it. Arguments are cgihandler's
# (`make run ARGS=--relay`).
set -eu
cd "$(dirname "$0")/.."
port=${PORT:-8080}
bin=${CGIHANDLER:-./cgihandler}
root=$(pwd)/demo/site
# Started as root, cgihandler serves as nobody: the site must be readable by
# nobody, all the way down from /.
d=$root
while [ "$d" != / ]; do
	[ -x "$d" ] || chmod o+x "$d" 2>/dev/null || true
	d=$(dirname "$d")
done
echo "cgihandler demo: http://127.0.0.1:$port/  (Ctrl-C to stop)"
echo "  form:   http://127.0.0.1:$port/form.html"
echo "  script: http://127.0.0.1:$port/cgi-bin/env.sh"
echo "Access log lines follow; each request is a new process."
exec systemd-socket-activate -l "127.0.0.1:$port" -a "$bin" --root "$root" "$@"
