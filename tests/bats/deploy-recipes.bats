#!/usr/bin/env bats
# Issue 4, point 7: the recipes of docs/deploy.md that no other suite runs:
# TLS with stunnel's exec, and a busybox-based embedded box running the
# static build; and README's one line that replaces Python's
# `http.server --cgi`. Each test takes the block from the document itself.
load helpers
load deploy_helpers

setup() {
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	make_post_script "$ROOT"
}
teardown() { stop_server; }

# innet_listening PORT: something listens on PORT in the network namespace
# of the test's server (the test defines innet).
innet_listening() {
	[ -n "$(innet ss -Hltn "sport = :$1" 2>/dev/null)" ]
}

@test "recipe: TLS with stunnel's exec: a file and a CGI POST over https, REMOTE_ADDR from stunnel, HTTPS=on" {
	command -v stunnel4 >/dev/null || "$REPO_DIR/tests/deps.sh" stunnel4
	pem=$BATS_TEST_TMPDIR/cgihandler.pem
	openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
		-keyout "$BATS_TEST_TMPDIR/key.pem" -out "$BATS_TEST_TMPDIR/cert.pem" 2>/dev/null
	cat "$BATS_TEST_TMPDIR/cert.pem" "$BATS_TEST_TMPDIR/key.pem" > "$pem"
	conf=$BATS_TEST_TMPDIR/stunnel.conf
	recipe stunnel.conf > "$conf"
	grep -qx 'accept = 443' "$conf"
	grep -qx 'exec = /usr/local/bin/cgihandler' "$conf"
	local try
	for try in 1 2 3; do
		free_port
		recipe stunnel.conf | sed -e "s|^accept = 443\$|accept = 127.0.0.1:$PORT|" \
			-e "s|/etc/stunnel/cgihandler.pem|$pem|" > "$conf"
		localize "$conf"
		start_bg "$BATS_TEST_TMPDIR/stunnel.log" stunnel4 "$conf" && break
	done
	run curl -sS -k --max-time 10 "https://127.0.0.1:$PORT/hello.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "hello world" ]
	run curl -sS -k --max-time 10 --data-binary 'over tls' "https://127.0.0.1:$PORT/cgi-bin/post.sh"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "REMOTE_ADDR=127.0.0.1 METHOD=POST LENGTH=8" ]
	[ "${lines[1]}" = "over tls" ]
	# the recipe's --https: scripts see the TLS that stunnel ended
	run curl -sS -k --max-time 10 "https://127.0.0.1:$PORT/cgi-bin/env.sh"
	[ "$status" -eq 0 ]
	[[ "$output" == *$'\n'HTTPS=on$'\n'* ]]
	[[ "$output" == *$'\n'REQUEST_SCHEME=https$'\n'* ]]
	# plain http to the TLS port is refused at once, not after a timeout
	run curl -sS --max-time 10 "http://127.0.0.1:$PORT/hello.txt"
	[ "$status" -ne 0 ]
	# the handler's log went to stunnel's log, not into the TLS stream
	grep -q '^127.0.0.1 - - \[.*"POST /cgi-bin/post.sh HTTP/1.1" 200 -' "$BATS_TEST_TMPDIR/stunnel.log"
}

@test "recipe: a busybox box (static busybox, static cgihandler, nothing else) serves a file and a CGI POST" {
	[ -x "$BUSYBOX_STATIC" ] || "$REPO_DIR/tests/deps.sh"
	static=$(static_binary)
	file -L "$static" | grep -q 'statically linked'
	work=$BATS_TEST_TMPDIR/work
	mkdir -p "$work"
	chmod 755 "$work"
	cp "$static" "$work/cgihandler-static"
	recipe busybox-box > "$work/recipe.sh"
	last=$(tail -n 1 "$work/recipe.sh")
	[[ "$last" == "chroot box /bin/busybox nc -ll -p 80 -e /bin/cgihandler --root /www" ]]
	# Build the box as the recipe says, from Debian's static busybox.
	(cd "$work" && sed '$d' recipe.sh | sed "s|^cp /bin/busybox |cp $BUSYBOX_STATIC |" | sh -e)
	[ "$(ls "$work/box/bin")" = "$(printf 'busybox\ncgihandler\nsh')" ]
	printf 'hello box\n' > "$work/box/www/hello.txt"
	cat > "$work/box/www/cgi-bin/post.sh" <<'SH'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
echo "uid=$(id -u) REMOTE_ADDR=$REMOTE_ADDR LENGTH=$CONTENT_LENGTH"
head -c "$CONTENT_LENGTH"
SH
	chmod 755 "$work/box/www/cgi-bin/post.sh"
	# The last line, in a network namespace of its own with only a
	# loopback (busybox nc -l listens on every address).
	PORT=8080
	cd "$work"
	unshare -n -- sh -c 'ip link set lo up && exec '"${last/-p 80/-p $PORT}" \
		> "$BATS_TEST_TMPDIR/box.log" 2>&1 3>&- &
	SRV_PID=$!
	innet() { nsenter -t "$SRV_PID" -n "$@"; }
	wait_for --while "$SRV_PID" innet_listening "$PORT"
	run innet curl -sS --max-time 10 "http://127.0.0.1:$PORT/hello.txt"
	[ "$status" -eq 0 ]
	[ "$output" = "hello box" ]
	run innet curl -sS --max-time 10 --data-binary 'tiny' "http://127.0.0.1:$PORT/cgi-bin/post.sh"
	[ "$status" -eq 0 ]
	# started as root in the box, the script runs as the box's nobody
	[ "${lines[0]}" = "uid=65534 REMOTE_ADDR=127.0.0.1 LENGTH=4" ]
	[ "${lines[1]}" = tiny ]
	# nothing outside the box's root is reachable
	run innet curl -sS --max-time 10 --path-as-is "http://127.0.0.1:$PORT/../recipe.sh"
	[[ "$output" != *chroot* ]]
}

@test "recipe: README's replacement for python3 -m http.server --cgi 8000, exactly as written, serves the current directory" {
	line=$(recipe python-replacement README.md)
	[ "$line" = "systemd-socket-activate -l 8000 -a --inetd cgihandler" ]
	bin=$BATS_TEST_TMPDIR/bin
	mkdir -p "$bin"
	ln -s "$CGIHANDLER" "$bin/cgihandler"
	# The line listens on every address, as Python's does: give it a
	# network namespace of its own with only a loopback.
	cd "$ROOT"
	PATH=$bin:$PATH unshare -n -- sh -c 'ip link set lo up && exec '"$line" \
		> "$BATS_TEST_TMPDIR/python.log" 2>&1 3>&- &
	SRV_PID=$!
	innet() { nsenter -t "$SRV_PID" -n "$@"; }
	wait_for --while "$SRV_PID" innet_listening 8000
	run innet curl -sS --max-time 10 "http://127.0.0.1:8000/hello.txt"
	[ "$output" = "hello world" ]
	# the directory listing and a script in cgi-bin, as Python served them
	run innet curl -sS --max-time 10 "http://127.0.0.1:8000/"
	[[ "$output" == *'<a href="hello.txt">hello.txt</a>'* ]]
	run innet curl -sS --max-time 10 -i "http://127.0.0.1:8000/cgi-bin/env.sh?word"
	[[ "$output" == "HTTP/1.0 200 Script output follows"* ]]
	[[ "$output" == *"ARGV1=word"* ]]
}

# Issue 12, point 2: a box pays for every page of the binary on every
# exec. What fills it and what the next bytes would cost: docs/benchmarks.md
# (f); `make static` prints the size.
@test "recipe: the static build a box gets is under 96 KiB" {
	static=$(static_binary)
	size=$(stat -c %s "$static")
	echo "$static: $size bytes"
	[ "$size" -lt 98304 ]
}

# Issue 12, point 3: each page a request touches first is a page fault, and
# the kernel maps a file's pages around a fault in aligned 64 KiB windows.
# lib/hot.ld lays the static build out so that a request's code and
# .rodata share the first window, and libc's variables and the head buffer
# the page where the data ends (docs/benchmarks.md, "Cheap on a slow CPU").
# The section headers tell, and stripping keeps them.
@test "recipe: the static build puts a request's code and .rodata in one 64 KiB window, hot .bss on the data's last page" {
	static=$(static_binary)
	readelf -SW "$static" | sed 's/^ *\[ *[0-9]*\] //' >"$BATS_TEST_TMPDIR/sections"
	cat "$BATS_TEST_TMPDIR/sections"
	# start and end (hex, no 0x) of a section, or nothing
	sec() { awk -v n="$1" '$1 == n { print $3, $5 }' "$BATS_TEST_TMPDIR/sections"; }
	read -r hot_at _ <<<"$(sec .text.hot)"
	read -r ro_at ro_size <<<"$(sec .rodata)"
	read -r data_at data_size <<<"$(sec .data)"
	read -r bss_at _ <<<"$(sec .bss.hot)"
	[ -n "$hot_at" ]
	[ -n "$ro_at" ]
	[ -n "$data_at" ]
	[ -n "$bss_at" ]
	window=$(((0x$hot_at & ~0xffff) + 0x10000))
	echo "first window ends at $(printf %x $window), .rodata at $(printf %x $((0x$ro_at + 0x$ro_size)))"
	[ $((0x$ro_at + 0x$ro_size)) -le $window ]
	[ $(((0x$data_at + 0x$data_size - 1) / 4096)) -eq $((0x$bss_at / 4096)) ]
}
