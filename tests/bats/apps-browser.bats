#!/usr/bin/env bats
# Issue 9, point 5: the demo site (demo/site, what `make run` serves) in
# headless Chromium, driven through chromedriver's W3C API by browser.py.
# Modes: the pages and the upload form answer 200, so they run in the
# default mode, as `make run` serves them; the POST/redirect/GET form's 303
# is a `Status:` line, which needs --relay.
# Chromium is the slowest thing in the suite; .ci/run sets APPS_BROWSER=0
# for the static and sanitizer stages, so it runs once per CI run.
load helpers

# driver_ready: chromedriver on DRIVER_PORT says it is ready.
driver_ready() {
	curl -fs --max-time 2 "http://127.0.0.1:$DRIVER_PORT/status" 2>/dev/null |
		grep -q '"ready":true'
}

setup_file() {
	[ "${APPS_BROWSER:-1}" != 0 ] || return 0
	command -v chromedriver >/dev/null || "$REPO_DIR/tests/deps.sh" chromium-driver
	command -v chromium >/dev/null || "$REPO_DIR/tests/deps.sh" chromium
	local try
	for try in 1 2 3 4 5; do
		DRIVER_PORT=$((20000 + RANDOM % 30000))
		chromedriver --port="$DRIVER_PORT" > "$BATS_FILE_TMPDIR/chromedriver.log" 2>&1 3>&- &
		DRIVER_PID=$!
		# until it is ready, or has exited (the port was taken)
		wait_for --while "$DRIVER_PID" driver_ready && break
		stop_pid DRIVER_PID
	done
	[ -n "$DRIVER_PID" ] || { cat "$BATS_FILE_TMPDIR/chromedriver.log" >&2; return 1; }
	export DRIVER_PORT DRIVER_PID
}

teardown_file() {
	# chromedriver ends each Chromium with its session; one left by a failed
	# test is its child, stopped here by PID before chromedriver itself
	local child
	if [ -n "${DRIVER_PID:-}" ]; then
		for child in $(pgrep -P "$DRIVER_PID"); do
			kill "$child" 2>/dev/null || true
		done
	fi
	stop_pid DRIVER_PID
}

setup() {
	[ "${APPS_BROWSER:-1}" != 0 ] || skip "APPS_BROWSER=0: the browser suite runs in CI's normal stage only"
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	cp -R "$REPO_DIR/demo/site/." "$ROOT/"
}
teardown() { deactivate; }

# browser STEP...: browser.py's steps in one fresh Chromium session, bounded
browser() {
	timeout 180 python3 "$TESTS_DIR/bats/browser.py" --driver "$DRIVER_PORT" \
		--base "http://127.0.0.1:$PORT" --profile "$BATS_TEST_TMPDIR/profile" "$@"
}

@test "apps browser: the demo's index and every page it links to load, assets included, with no console error" {
	activate -- --root "$ROOT"
	run browser pages
	echo "$output"
	[ "$status" -eq 0 ]
	# the index and its four links, each checked
	[ "$(grep -c '^page ok ' <<< "$output")" -eq 6 ]
	grep -q "^page ok http://127.0.0.1:$PORT/ status=200 " <<< "$output"
	# the icon every browser asks for is there (a 404 would be a console error)
	wait_log '"GET /favicon.ico HTTP/1.1" 200 '
}

@test "apps browser: the demo's upload form sends a file whole (SHA-256 on the result page)" {
	activate -- --root "$ROOT"
	head -c 300000 /dev/urandom > "$BATS_TEST_TMPDIR/upload.bin"
	want=$(sha256sum < "$BATS_TEST_TMPDIR/upload.bin" | cut -d' ' -f1)
	run browser "upload=$BATS_TEST_TMPDIR/upload.bin" "shot=$BATS_TEST_TMPDIR/upload.png"
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = "upload $want" ]
	file "$BATS_TEST_TMPDIR/upload.png" | grep -q 'PNG image data, 800 x'
	# DEMO_SCREENSHOT=docs/demo-upload.png renews the README's picture
	[ -z "${DEMO_SCREENSHOT:-}" ] || cp "$BATS_TEST_TMPDIR/upload.png" "$DEMO_SCREENSHOT"
}

@test "apps browser --relay: the POST/redirect/GET form lands on its result page by a 303" {
	activate -- --root "$ROOT" --relay
	run browser prg
	echo "$output"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = "prg http://127.0.0.1:$PORT/cgi-bin/form.sh?name=Grace name Grace" ]
	# one redirect, then the result page came by GET
	[ "${lines[1]}" = "prg-navigation navigate 1" ]
	wait_log '"POST /cgi-bin/prg.sh HTTP/1.1" 303 '
	wait_log '"GET /cgi-bin/form.sh?name=Grace HTTP/1.1" 200 '
}
