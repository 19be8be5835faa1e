#!/bin/bash
# tests/bench/hotlist.sh: prints the input-section list of lib/hot.ld's
# .text.hot: the code that a static, a missing (404) and a CGI request run
# in the static build, as callgrind sees it run (tests/bench/hello.c is the
# script). Run as root, as the bench does (the privilege drop is on the
# path). Paste its output into lib/hot.ld after a change moved the hot path.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d /tmp/cgihandler-hotlist.XXXXXX)
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT
chmod 777 "$tmp"
mkdir -p "$tmp/site/cgi-bin" && head -c 1024 /dev/urandom >"$tmp/site/1k.html"
cc -O2 -o "$tmp/site/cgi-bin/hello" "$here/hello.c" && cc -O2 -o "$tmp/spawn" "$here/spawn.c"
chmod -R a+rX "$tmp/site"
# the static build unstripped, with its link map
# shellcheck disable=SC2016 # $(STATIC_FLAGS) is make's, not the shell's
flags=$(make -s --no-print-directory -C "$repo" --eval 'flags: ; @echo $(STATIC_FLAGS)' flags)
f=()
for w in $flags; do
	case $w in
	-s) ;; # unstripped: the map and callgrind need the names
	-DCGIHANDLER_VERSION=*) f+=(-DCGIHANDLER_VERSION='"hotlist"') ;;
	*) f+=("$w") ;;
	esac
done
(cd "$repo" && musl-gcc "${f[@]}" -Wl,-Map,"$tmp/map" -o "$tmp/bin" handler.c lib/*.c)
for url in /1k.html /nothere /cgi-bin/hello; do
	# created as root, written at exit as nobody (a CGI's, at execve, in NAME.1)
	: >"$tmp/cg.${url//\//_}" && chmod 666 "$tmp/cg.${url//\//_}"
	"$tmp/spawn" -t 1 "$url" "$(command -v valgrind)" --tool=callgrind --dump-instr=yes \
		--dump-before=execve --callgrind-out-file="$tmp/cg.${url//\//_}" \
		"$tmp/bin" --root "$tmp/site" --log none >/dev/null
done
python3 "$here/hotlist.py" "$tmp/map" "$tmp"/cg.*
