#!/bin/bash
# tests/bench/run.sh [--quick] [--out DIR]: issue 5's benchmark, one run.
#
# Every server answers the same site on loopback; the process-per-request
# ones are started per connection by systemd-socket-activate -a --inetd and
# by tcpserver, the resident ones (python http.server --cgi, lighttpd with
# mod_cgi) listen themselves. Rounds are interleaved: each round runs every
# workload against every server in a fresh random order, so machine drift
# hits all alike; the table takes each cell's median over rounds and shows
# its spread. The output directory gets results.tsv (every measurement),
# bench.md (the table) and req-per-s.png (the chart).
set -u
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

quick=0
out=$repo/build-bench/bench-out
while [ $# -gt 0 ]; do
	case $1 in
	--quick) quick=1; shift ;;
	--out) out=$2; shift 2 ;;
	*) echo "usage: $0 [--quick] [--out DIR]" >&2; exit 2 ;;
	esac
done
# Short cells in many rounds: a cell's median then rides out the bursts of
# other work on a shared machine better than one long cell would.
if [ $quick = 1 ]; then
	rounds=1 secs=0.2 bulk_rounds=1 bulk_reps=1
else
	rounds=${BENCH_ROUNDS:-7} secs=${BENCH_SECS:-0.75} bulk_rounds=3 bulk_reps=3
fi

"$here/deps.sh" || exit 1

work=$(mktemp -d /tmp/cgihandler-bench.XXXXXX)
chmod 755 "$work"
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do
		kill "$p" 2>/dev/null
	done
	for p in "${pids[@]}"; do
		wait "$p" 2>/dev/null
	done
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
mkdir -p "$out"
rm -f "$out"/strace.* "$out"/req-per-s.png
t_start=$(date +%s)

# --- builds, all in $work: nobody else's build is touched ---------------
CF="-std=gnu11 -D_GNU_SOURCE -O2 -Wall -Wextra -Werror"
bin=$work/bin
mkdir -p "$bin"
cc $CF -pthread -o "$bin/load" "$here/load.c" &&
	cc $CF -o "$bin/floor" "$here/floor.c" &&
	musl-gcc $CF -static -s -o "$bin/floor-musl" "$here/floor.c" &&
	cc $CF -o "$bin/rss" "$here/rss.c" && cc $CF -o "$bin/spawn" "$here/spawn.c" || exit 1
# cgihandler from a copy of the work tree, built by its own Makefile rules
# (`make` and `make static`), so the builds are the ones users get.
src=$work/src
mkdir -p "$src/tests"
cp -r "$repo/Makefile" "$repo/handler.c" "$repo/lib" "$src/" && cp "$repo/tests/deps.sh" "$src/tests/" &&
	make -s -C "$src" cgihandler cgihandler-static >"$work/make.log" 2>&1 ||
	{ cat "$work/make.log" >&2; exit 1; }
cp "$src/cgihandler" "$bin/cgihandler" && cp "$src/cgihandler-static" "$bin/cgihandler-static"
# The same objects linked with libsystemd, for the measurement only: what
# linking it would cost every request (DESIGN.md; the build dlopens instead).
sysd=0
if [ -e /usr/include/systemd/sd-journal.h ]; then
	cc -O2 -g -pie -Wl,-z,relro,-z,now -Wl,--no-as-needed -o "$bin/cgihandler-libsystemd" \
		"$src"/build/handler.o "$src"/build/lib/*.o -lsystemd 2>>"$work/make.log" && sysd=1
fi

# --- the site ------------------------------------------------------------
site=$work/site
mkdir -p "$site/cgi-bin"
head -c 1024 /dev/urandom >"$site/1k.html"
# 512 MiB of real pages (zeros written, not a hole), in the page cache
dd if=/dev/zero of="$site/big" bs=1M count=512 status=none
printf '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\nhello\\n"\n' >"$site/cgi-bin/hello.sh"
cc $CF -o "$site/cgi-bin/hello" "$here/hello.c" &&
	cc $CF -o "$site/cgi-bin/sink" "$here/sink.c" || exit 1
chmod -R a+rX "$work" && chmod 755 "$site"/cgi-bin/*

# --- servers -------------------------------------------------------------
# name|command (a process per connection, under each activator)
spawned=(
	"floor|$bin/floor $site"
	"floor-musl|$bin/floor-musl $site"
	"cgihandler|$bin/cgihandler --root $site"
	"cgihandler-relay|$bin/cgihandler --root $site --relay"
	"cgihandler-static|$bin/cgihandler-static --root $site"
	"busybox-httpd|$(command -v busybox) httpd -i -h $site"
	"micro-httpd|/usr/sbin/micro-httpd $site"
)
[ $sysd = 1 ] && spawned+=("cgihandler+libsystemd|$bin/cgihandler-libsystemd --root $site")
activators=(ssa tcpserver)
python=/root/.pyenv/versions/3.11.7/bin/python3
[ -x $python ] || python=python3

declare -A port
listening() { ss -ltnH "sport = :$1" 2>/dev/null | grep -q LISTEN; }
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 30000))
		listening $p || { echo $p; return; }
	done
}
wait_listen() {
	local i
	for i in $(seq 1 250); do
		listening "$1" && return 0
		sleep 0.02
	done
	return 1
}
start() { # key port command...
	local key=$1 p=$2
	shift 2
	"$@" >>"$work/$key.log" 2>&1 &
	pids+=($!)
	wait_listen "$p" || { echo "bench: $key did not start" >&2; cat "$work/$key.log" >&2; exit 1; }
	port[$key]=$p
}
for act in "${activators[@]}"; do
	for s in "${spawned[@]}"; do
		name=${s%%|*} cmd=${s#*|}
		p=$(free_port)
		# shellcheck disable=SC2086
		case $act in
		ssa) start "$name@$act" $p systemd-socket-activate -a --inetd -l 127.0.0.1:$p $cmd ;;
		tcpserver) start "$name@$act" $p tcpserver -q -R -H -l 0 -c 64 127.0.0.1 $p $cmd ;;
		esac
	done
done
p=$(free_port)
start "python-http.server@resident" $p $python -m http.server --cgi --bind 127.0.0.1 --directory "$site" $p
pypid=${pids[-1]}
p=$(free_port)
cat >"$work/lighttpd.conf" <<EOF
server.document-root = "$site"
server.bind = "127.0.0.1"
server.port = $p
server.username = "nobody"
server.groupname = "nogroup"
server.modules = ("mod_cgi")
server.stream-request-body = 2
server.stream-response-body = 2
mimetype.assign = (".html" => "text/html")
\$HTTP["url"] =~ "^/cgi-bin/" { cgi.assign = ("" => "") }
EOF
start "lighttpd@resident" $p lighttpd -D -f "$work/lighttpd.conf"
lhpid=${pids[-1]}
# cgihandler through HAProxy (docs/deploy.md's haproxy.cfg, loopback): two
# boxes under systemd-socket-activate with --proxy-protocol on 127.0.0.2
# and 127.0.0.3; against cgihandler@ssa it is the balancer's price. Left
# out when haproxy is not installed.
if command -v haproxy >/dev/null; then
	b1=$(free_port) b2=$(free_port) p=$(free_port)
	start "box1@haproxy" $b1 systemd-socket-activate -a --inetd -l 127.0.0.2:$b1 \
		"$bin/cgihandler" --root "$site" --proxy-protocol
	start "box2@haproxy" $b2 systemd-socket-activate -a --inetd -l 127.0.0.3:$b2 \
		"$bin/cgihandler" --root "$site" --proxy-protocol
	unset 'port[box1@haproxy]' 'port[box2@haproxy]'
	awk '$0 == "<!-- recipe: haproxy.cfg -->" { want = 1; next }
		want && /^```/ { if (inside) exit; inside = 1; next }
		inside { print }' "$repo/docs/deploy.md" |
		sed -e "s|^    bind :80\$|    bind 127.0.0.1:$p|" -e "/^    stats socket /d" \
			-e "s|^    server box1 192.0.2.11:80\$|    server box1 127.0.0.2:$b1|" \
			-e "s|^    server box2 192.0.2.12:80\$|    server box2 127.0.0.3:$b2|" >"$work/haproxy.cfg"
	start "cgihandler@haproxy" $p haproxy -f "$work/haproxy.cfg" -db
	sleep 2.5 # the health checks' rise: both boxes up before the first cell
fi
keys=("${!port[@]}")

# --- measuring -----------------------------------------------------------
res=$out/results.tsv
printf 'round\tworkload\tconc\tserver\tactivator\tok\terr\tsecs\trps\tp50_ms\tp99_ms\tmbps\n' >"$res"
measure() { # round workload conc key load-args...
	local r=$1 w=$2 c=$3 key=$4 line
	shift 4
	line=$("$bin/load" -p "${port[$key]}" -c "$c" "$@") || line="ok=0 err=1 secs=0 rps=0 p50_ms=0 p99_ms=0 mbps=0"
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$w" "$c" "${key%@*}" "${key#*@}" \
		"$(echo "$line" | sed 's/[a-z0-9_]*=//g; s/ /\t/g')" >>"$res"
}
can_cgi() { case $1 in micro-httpd@*) return 1 ;; esac; }
shuffled() { printf '%s\n' "$@" | shuf; }

# CPU time the machine spent idle during the run, from /proc/stat
cpu() { awk '/^cpu /{print $5+$6, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }
read -r idle0 total0 < <(cpu)
load0=$(cut -d' ' -f1-3 /proc/loadavg)

# Warm every server once (page cache, dynamic loader caches).
for k in "${keys[@]}"; do
	"$bin/load" -p "${port[$k]}" -n 3 -u /1k.html >/dev/null
done

loads=()
for r in $(seq 1 "$rounds"); do
	echo "bench: round $r/$rounds" >&2
	for w in a-1k b-sh b-c; do
		for c in 1 4; do
			for k in $(shuffled "${keys[@]}"); do
				case $w in
				a-1k) measure $r $w $c "$k" -t "$secs" -n 1000000 -u /1k.html -x 1024 ;;
				b-sh) can_cgi "$k" && measure $r $w $c "$k" -t "$secs" -n 1000000 -u /cgi-bin/hello.sh -e hello ;;
				b-c) can_cgi "$k" && measure $r $w $c "$k" -t "$secs" -n 1000000 -u /cgi-bin/hello -e hello ;;
				esac
			done
		done
	done
	loads+=("$(cut -d' ' -f1 /proc/loadavg)")
done
# (c) and (d): one transfer each, under the systemd activator only (the
# activator does not touch the bytes).
for r in $(seq 1 "$bulk_rounds"); do
	for k in $(shuffled "${keys[@]}"); do
		case $k in *@tcpserver | *@haproxy | cgihandler+libsystemd@*) continue ;; esac
		for i in $(seq 1 $bulk_reps); do
			measure $r c-512m 1 "$k" -n 1 -u /big -x 536870912
			can_cgi "$k" && measure $r d-post64m 1 "$k" -n 1 -u /cgi-bin/sink -b 67108864 -e 67108864
		done
	done
done
read -r idle1 total1 < <(cpu)
load1=$(cut -d' ' -f1-3 /proc/loadavg)
idle_pct=$(awk -v a=$((idle1 - idle0)) -v b=$((total1 - total0)) 'BEGIN{printf "%.0f", b ? 100*a/b : 0}')

# (e) peak RSS of one handler process (ru_maxrss, a static 1 KiB request);
# for the resident daemons, their VmHWM after the whole run.
extra=$out/extra.tsv
printf 'what\tserver\tvalue\n' >"$extra"
for s in "${spawned[@]}"; do
	name=${s%%|*} cmd=${s#*|}
	p=$(free_port)
	# shellcheck disable=SC2086
	systemd-socket-activate -a --inetd -l 127.0.0.1:$p "$bin/rss" "$work/rss.$name" $cmd >>"$work/rss.log" 2>&1 &
	pids+=($!)
	wait_listen $p && "$bin/load" -p $p -n 5 -u /1k.html >/dev/null
	for i in $(seq 1 100); do [ "$(wc -l <"$work/rss.$name" 2>/dev/null)" = 5 ] && break; sleep 0.02; done
	printf 'rss_kib\t%s\t%s\n' "$name" "$(sort -n "$work/rss.$name" | tail -1)" >>"$extra"
	kill "${pids[-1]}"
done
printf 'rss_kib\tpython-http.server\t%s\n' "$(awk '/VmHWM/{print $2}' /proc/$pypid/status)" >>"$extra"
printf 'rss_kib\tlighttpd\t%s\n' "$(awk '/VmHWM/{print $2}' /proc/"$lhpid"/status)" >>"$extra"

# (f) stripped sizes
for f in floor floor-musl cgihandler cgihandler-static cgihandler-libsystemd; do
	[ -e "$bin/$f" ] || continue
	strip -o "$work/stripped" "$bin/$f"
	printf 'size_bytes\t%s\t%s\n' "$f" "$(stat -c %s "$work/stripped")" >>"$extra"
done
# ... and of the static builds for other CPUs (`make cross`), where the
# cross compiler is installed: built from the same copy, not run here.
for a in aarch64:aarch64-linux-gnu armhf:arm-linux-gnueabihf mipsel:mipsel-linux-gnu mips:mips-linux-gnu; do
	command -v "${a#*:}-gcc" >/dev/null || continue
	make -s -C "$src" CROSS_ARCHS="${a%%:*}" cross >>"$work/make.log" 2>&1 || continue
	printf 'size_bytes\tcgihandler-%s\t%s\n' "${a%%:*}" "$(stat -c %s "$src/cgihandler-${a%%:*}")" >>"$extra"
done
strip -o "$work/stripped" "$(command -v busybox)"
printf 'size_bytes\tbusybox-httpd\t%s\n' "$(stat -c %s "$work/stripped")" >>"$extra"
printf 'size_bytes\tmicro-httpd\t%s\n' "$(stat -c %s /usr/sbin/micro-httpd)" >>"$extra"
printf 'size_bytes\tlighttpd\t%s\n' "$(($(stat -c %s /usr/sbin/lighttpd) + $(stat -c %s /usr/lib/lighttpd/mod_cgi.so)))" >>"$extra"

# (g) syscalls per request: strace -f -c around one process, one static
# and one CGI (the C hello) request; the full list for cgihandler.
for s in "${spawned[@]}"; do
	name=${s%%|*} cmd=${s#*|}
	for u in /1k.html /cgi-bin/hello; do
		[ "$name" = micro-httpd ] && [ $u = /cgi-bin/hello ] && continue
		kind=static
		[ $u = /cgi-bin/hello ] && kind=cgi
		modes="c"
		# the full lists are for the note: cgihandler's own
		case $name in cgihandler | cgihandler-static) modes="c list" ;; esac
		for mode in $modes; do
			p=$(free_port)
			f=$out/strace.$name.$kind
			[ $mode = c ] && sopt=(-c -o "$f.count") || sopt=(-o "$f.list")
			# shellcheck disable=SC2086
			systemd-socket-activate -a --inetd -l 127.0.0.1:$p strace -f "${sopt[@]}" $cmd >>"$work/strace.log" 2>&1 &
			pids+=($!)
			wait_listen $p && "$bin/load" -p $p -n 1 -u $u >/dev/null
			for i in $(seq 1 100); do grep -q '+++ exited\|total' "$f.$([ $mode = c ] && echo count || echo list)" 2>/dev/null && break; sleep 0.02; done
			sleep 0.1
			kill "${pids[-1]}"
		done
		printf 'syscalls_%s\t%s\t%s\n' $kind "$name" "$(awk '$NF=="total"{print $4}' "$f.count")" >>"$extra"
	done
done

# (h) one request without an activator (tests/bench/spawn -t: fork, exec
# on an accepted loopback connection, wait4's rusage): median time, page
# faults and CPU per request, the floors against both builds under --log
# none, in interleaved rounds; each figure is the median over the rounds.
spawn_n=500 spawn_rounds=3
rm -f "$out/spawn.tsv"
[ $quick = 1 ] && spawn_n=100 spawn_rounds=1
spawn_bins=(
	"floor-musl|$bin/floor-musl $site"
	"cgihandler-static|$bin/cgihandler-static --root $site --log none"
	"floor|$bin/floor $site"
	"cgihandler|$bin/cgihandler --root $site --log none"
)
for r in $(seq 1 $spawn_rounds); do
	for s in "${spawn_bins[@]}"; do
		name=${s%%|*} cmd=${s#*|}
		# shellcheck disable=SC2086
		line=$("$bin/spawn" -t $spawn_n /1k.html $cmd) || continue
		for f in median_us faults cpu_us; do
			v=$(echo "$line" | tr ' ' '\n' | sed -n "s/^$f=//p")
			printf 'spawn_%s\t%s\t%s\n' "$f" "$name" "$v" >>"$out/spawn.tsv"
		done
	done
done
[ -e "$out/spawn.tsv" ] && awk -F'\t' '{ v[$1 FS $2] = v[$1 FS $2] " " $3 }
	END { for (k in v) { n = split(v[k], a, " "); for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
		if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
		print k FS a[int((n + 1) / 2)] } }' "$out/spawn.tsv" | sort >>"$extra"
rm -f "$out/spawn.tsv"
# the CGI list's system calls after the head was read and before the
# script's execve: what cgihandler does once it knows a script will run
for name in cgihandler cgihandler-static; do
	f=$out/strace.$name.cgi.list
	[ -e "$f" ] || continue
	printf 'syscalls_cgi_preexec\t%s\t%s\n' "$name" "$(awk '
		/execve\(".*cgi-bin/ { print n + 0; exit }
		/recvfrom\(/ { n = 0; on = 1; next }
		on && !/^[0-9]* *(\+\+\+|---)/ { n++ }' "$f")" >>"$extra"
done

t_end=$(date +%s)
{
	printf 'date\t%s\n' "$(date -u '+%Y-%m-%d %H:%M UTC')"
	printf 'mode\t%s\n' "$([ $quick = 1 ] && echo quick || echo full)"
	printf 'rounds\t%s\n' "$rounds"
	printf 'secs_per_cell\t%s\n' "$secs"
	printf 'wall_s\t%s\n' "$((t_end - t_start))"
	printf 'spawn\t%s\n' "spawn -t $spawn_n, $spawn_rounds round(s)"
	printf 'cpu\t%s\n' "$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo), $(nproc) CPUs"
	printf 'mem\t%s\n' "$(awk '/MemTotal/{printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
	printf 'kernel\t%s\n' "$(uname -r)"
	printf 'os\t%s\n' "$(. /etc/os-release && echo "$PRETTY_NAME")"
	printf 'cc\t%s\n' "$(cc --version | head -1)"
	printf 'loadavg_start\t%s\n' "$load0"
	printf 'loadavg_end\t%s\n' "$load1"
	printf 'loadavg_rounds\t%s\n' "${loads[*]}"
	printf 'idle_pct\t%s\n' "$idle_pct"
	printf 'versions\tbusybox %s; lighttpd %s; python %s; micro-httpd %s\n' \
		"$(busybox | head -1 | cut -d' ' -f2)" "$(lighttpd -v | cut -d' ' -f1 | cut -d/ -f2)" \
		"$($python -c 'import platform; print(platform.python_version())')" \
		"$(dpkg-query -W -f '${Version}' micro-httpd 2>/dev/null)"
} >"$out/machine.tsv"

python3 "$here/report.py" "$out" >"$out/bench.md" || exit 1
cat "$out/bench.md"
if command -v gnuplot >/dev/null; then
	gnuplot "$out/chart.gp" 2>>"$work/gnuplot.log" || echo "bench: no chart (gnuplot failed)" >&2
fi
