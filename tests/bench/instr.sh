#!/bin/bash
# tests/bench/instr.sh BINARY ROOT URL [ARGS...]: instructions one request
# costs, counted by callgrind from the process's first instruction (the
# dynamic loader included) to its exit: a figure that machine load does not
# move, for comparing two builds of cgihandler. Prints "Ir=N", then the top
# functions. The binary is started by systemd-socket-activate --inetd.
set -u
bin=$1 root=$2 url=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d /tmp/cgihandler-instr.XXXXXX)
# callgrind creates its profile as root and rewrites it at exit, as nobody
chmod 777 "$tmp" && : >"$tmp/cg.out" && chmod 666 "$tmp/cg.out"
trap 'kill $act 2>/dev/null; wait $act 2>/dev/null; [ -n "${KEEP:-}" ] && cp "$tmp/cg.out" "$KEEP"; rm -rf "$tmp"' EXIT
cc -O2 -pthread -o "$tmp/load" "$here/load.c" || exit 1
for try in 1 2 3 4 5; do
	port=$((20000 + RANDOM % 30000))
	systemd-socket-activate -a --inetd -l 127.0.0.1:$port valgrind --tool=callgrind \
		--callgrind-out-file="$tmp/cg.out" "$bin" --root "$root" "$@" 2>"$tmp/act.log" &
	act=$!
	for i in $(seq 1 100); do grep -q Listening "$tmp/act.log" && break; sleep 0.02; done
	grep -q Listening "$tmp/act.log" && break
	kill $act 2>/dev/null
	wait $act 2>/dev/null
done
"$tmp/load" -p $port -n 1 -u "$url" >/dev/null
for i in $(seq 1 250); do [ -s "$tmp/cg.out" ] && grep -q "^totals:" "$tmp/cg.out" && break; sleep 0.02; done
echo "Ir=$(awk '/^totals:/{print $2}' "$tmp/cg.out")"
callgrind_annotate "$tmp/cg.out" 2>/dev/null | sed -n '/Ir.*file:function/,$p' | sed -n 2,16p
