#!/usr/bin/env bats
# Issue 12, point 4: `make deb` builds a Debian package with Debian's tools
# that lintian passes; installed, systemd knows its socket (not enabled),
# man knows its page, inetd.conf holds its line commented out, the installed
# unit's command line serves a request; purged, it leaves nothing behind.
#
# The package is installed into this machine, so one run at a time holds
# the lock; and it builds its own binary from the tree, so it runs once,
# with the normal build (make check), not again for the static or sanitizer
# builds.
load helpers

DEB_LOCK=/run/lock/cgihandler-deb-test.lock

setup_file() {
	case $CGIHANDLER in
	*/build-san/* | *-static | */build-cross/*) return 0 ;;
	esac
	exec {DEB_LOCK_FD}>"$DEB_LOCK"
	flock "$DEB_LOCK_FD"
	export DEB_LOCK_FD
	dpkg -s cgihandler >/dev/null 2>&1 && dpkg --purge cgihandler >/dev/null 2>&1
	# what the machine had before, to compare after the purge
	snapshot >"$BATS_FILE_TMPDIR/before"
	# an inetd.conf for update-inetd to register in, as an installed inetd
	# would provide; removed again at the end when we made it
	if [ ! -e /etc/inetd.conf ]; then
		: >/etc/inetd.conf
		touch "$BATS_FILE_TMPDIR/made-inetd-conf"
	fi
	make -s -C "$REPO_DIR" deb >"$BATS_FILE_TMPDIR/make-deb.log" 2>&1 || true
}

teardown_file() {
	[ -n "${DEB_LOCK_FD:-}" ] || return 0
	dpkg -s cgihandler >/dev/null 2>&1 && dpkg --purge cgihandler >/dev/null 2>&1
	[ -e "$BATS_FILE_TMPDIR/made-inetd-conf" ] && rm -f /etc/inetd.conf
	return 0
}

setup() {
	[ -n "${DEB_LOCK_FD:-}" ] || skip "the package builds its own binary: run once, with the normal build"
}

# Every path the package could touch, with the inetd.conf lines.
snapshot() {
	find /etc /lib/systemd /usr/sbin /usr/share/man/man8 /usr/share/doc /usr/share/cgihandler \
		-name '*cgihandler*' 2>/dev/null | sort
	grep -s cgihandler /etc/inetd.conf || true
}

deb_file() {
	ls "$REPO_DIR"/build-deb/cgihandler_*_"$(dpkg --print-architecture)".deb
}

@test "deb: make deb builds cgihandler_VERSION_ARCH.deb, lintian with no error or warning" {
	run cat "$BATS_FILE_TMPDIR/make-deb.log"
	[[ "$output" == *"built build-deb/cgihandler_"* ]]
	run lintian --fail-on error,warning "$(deb_file)"
	[ "$status" -eq 0 ]
	# what Debian policy wants in it
	run dpkg-deb -c "$(deb_file)"
	[[ "$output" == *" ./usr/sbin/cgihandler"* ]]
	[[ "$output" == *" ./usr/share/man/man8/cgihandler.8.gz"* ]]
	[[ "$output" == *" ./usr/share/doc/cgihandler/copyright"* ]]
	[[ "$output" == *" ./usr/share/doc/cgihandler/changelog.gz"* ]]
	[[ "$output" == *" ./lib/systemd/system/cgihandler.socket"* ]]
	[[ "$output" == *" ./lib/systemd/system/cgihandler@.service"* ]]
}

@test "deb: installed: socket known to systemd and disabled, man page, inetd line off, one request served" {
	run dpkg -i "$(deb_file)"
	[ "$status" -eq 0 ]
	run systemctl --root=/ is-enabled cgihandler.socket
	[ "$output" = disabled ]
	run systemd-analyze verify /lib/systemd/system/cgihandler.socket
	[ "$status" -eq 0 ]
	[ "$(man -w cgihandler)" = /usr/share/man/man8/cgihandler.8.gz ]
	# the shipped inetd line, registered commented out
	line=$(grep -v '^#' "$REPO_DIR/units/inetd.conf" | grep -m 1 . | sed 's|/usr/local/bin|/usr/sbin|')
	grep -qxF "#<off># $line" /etc/inetd.conf
	# the installed unit's command line, with a document root of ours after it
	ROOT=$BATS_TEST_TMPDIR/site/root
	make_site "$ROOT"
	exec_start=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/cgihandler@.service)
	[[ "$exec_start" == /usr/sbin/cgihandler* ]]
	CGIHANDLER=/usr/sbin/cgihandler
	# shellcheck disable=SC2086
	activate --inetd -- ${exec_start#/usr/sbin/cgihandler} --root "$ROOT"
	run curl -sS --max-time 10 "http://127.0.0.1:$PORT/hello.txt"
	deactivate
	[ "$output" = "hello world" ]
}

@test "deb: purged, the package leaves nothing behind" {
	dpkg -s cgihandler >/dev/null 2>&1 || dpkg -i "$(deb_file)" >/dev/null
	run dpkg --purge cgihandler
	[ "$status" -eq 0 ]
	run dpkg -s cgihandler
	[ "$status" -ne 0 ]
	snapshot >"$BATS_TEST_TMPDIR/after"
	diff "$BATS_FILE_TMPDIR/before" "$BATS_TEST_TMPDIR/after"
	! grep -q cgihandler /etc/inetd.conf || false
}
