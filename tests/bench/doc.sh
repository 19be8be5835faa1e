#!/bin/sh
# tests/bench/doc.sh OUTDIR: writes docs/benchmarks.md from a finished run
# (OUTDIR of tests/bench/run.sh) and the prose in tests/bench/benchmarks.md.in,
# and copies the run's chart to docs/benchmarks.png.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${1:?usage: doc.sh OUTDIR}
[ -s "$out/bench.md" ] || { echo "doc.sh: no $out/bench.md" >&2; exit 1; }

# One request's syscalls, as strace printed them, less the pid column and
# with long lines cut: the lists that (g) asks for.
list() {
	sed 's/^[0-9]* *//' "$1" | cut -c1-120
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$out/bench.md" "$tmp/table"
list "$out/strace.cgihandler-static.static.list" >"$tmp/static"
# the CGI list up to the script's execve: the script's own syscalls are the
# script's, the same under every server
list "$out/strace.cgihandler-static.cgi.list" | sed '/^execve(".*cgi-bin/q' >"$tmp/cgi"
awk -v t="$tmp" '
	/^@TABLE@$/ { while ((getline l < (t "/table")) > 0) print l; next }
	/^@SYSCALLS_STATIC@$/ { while ((getline l < (t "/static")) > 0) print l; next }
	/^@SYSCALLS_CGI@$/ { while ((getline l < (t "/cgi")) > 0) print l; next }
	{ print }
' "$here/benchmarks.md.in" >"$repo/docs/benchmarks.md"
if [ -s "$out/req-per-s.png" ]; then
	cp "$out/req-per-s.png" "$repo/docs/benchmarks.png"
fi
echo "doc.sh: wrote docs/benchmarks.md and docs/benchmarks.png" >&2
