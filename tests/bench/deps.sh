#!/bin/sh
# What `make bench` needs beyond `make check`'s tools: the peers it races
# (busybox httpd, micro-httpd, lighttpd), tcpserver, musl for the static
# builds, strace for the syscall counts, gnuplot for the chart. Installed
# from Debian through tests/deps.sh (which keeps daemons from starting).
here=$(cd "$(dirname "$0")" && pwd)
missing=""
for need in busybox:busybox /usr/sbin/micro-httpd:micro-httpd /usr/sbin/lighttpd:lighttpd \
	/usr/lib/lighttpd/mod_cgi.so:lighttpd tcpserver:ucspi-tcp musl-gcc:musl-tools \
	strace:strace gnuplot:gnuplot-nox systemd-socket-activate:systemd ss:iproute2 \
	shuf:coreutils; do
	what=${need%%:*} pkg=${need#*:}
	case $what in
	/*) [ -e "$what" ] && continue ;;
	*) command -v "$what" >/dev/null 2>&1 && continue ;;
	esac
	case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
done
[ -z "$missing" ] && exit 0
# shellcheck disable=SC2086
exec "$here/../deps.sh" $missing
