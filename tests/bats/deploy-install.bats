#!/usr/bin/env bats
# Issue 4, point 3: make install honours PREFIX and DESTDIR, installs the
# binary, the man page and the units with the installed path in ExecStart;
# make uninstall removes what install put.
load helpers
load deploy_helpers

# install_into DESTDIR [make variables]: make install of the binary under test.
install_into() {
	local d=$1
	shift
	make -s -C "$REPO_DIR" install DESTDIR="$d" INSTALL_BIN="$CGIHANDLER" "$@"
}

@test "deploy: make install PREFIX=/usr DESTDIR=...: binary, man page, units, examples, with /usr/bin in them" {
	d=$BATS_TEST_TMPDIR/dest
	run install_into "$d" PREFIX=/usr
	[ "$status" -eq 0 ]
	cmp "$CGIHANDLER" "$d/usr/bin/cgihandler"
	[ -x "$d/usr/bin/cgihandler" ]
	run "$d/usr/bin/cgihandler" --version
	[ "$status" -eq 0 ]
	[[ "$output" == "cgihandler "* ]]
	cmp "$REPO_DIR/docs/cgihandler.8" "$d/usr/share/man/man8/cgihandler.8"
	for f in lib/systemd/system/cgihandler.socket lib/systemd/system/cgihandler@.service \
		share/cgihandler/inetd.conf share/cgihandler/xinetd.conf; do
		[ -f "$d/usr/$f" ]
		[ "$(stat -c %a "$d/usr/$f")" = 644 ]
		# the installed path everywhere, the shipped default nowhere
		! grep -q /usr/local "$d/usr/$f" || false
	done
	[ "$(sed -n 's/^ExecStart=//p' "$d/usr/lib/systemd/system/cgihandler@.service")" = \
		"/usr/bin/cgihandler --root /srv/www" ]
	grep -q $'\t/usr/bin/cgihandler\tcgihandler ' "$d/usr/share/cgihandler/inetd.conf"
	grep -q 'server.*= /usr/bin/cgihandler$' "$d/usr/share/cgihandler/xinetd.conf"
	# nothing outside DESTDIR/PREFIX
	[ "$(ls "$d")" = usr ]
	[ "$(ls "$d/usr")" = "$(printf 'bin\nlib\nshare')" ]
}

@test "deploy: make install with the default PREFIX installs under /usr/local, units as shipped" {
	d=$BATS_TEST_TMPDIR/dest
	run install_into "$d"
	[ "$status" -eq 0 ]
	[ -x "$d/usr/local/bin/cgihandler" ]
	[ -f "$d/usr/local/share/man/man8/cgihandler.8" ]
	cmp "$REPO_DIR/units/cgihandler@.service" "$d/usr/local/lib/systemd/system/cgihandler@.service"
	cmp "$REPO_DIR/units/cgihandler.socket" "$d/usr/local/lib/systemd/system/cgihandler.socket"
}

@test "deploy: make uninstall removes every file install put, and nothing else" {
	d=$BATS_TEST_TMPDIR/dest
	mkdir -p "$d/opt/bin"
	echo keep > "$d/opt/bin/other"
	install_into "$d" PREFIX=/opt
	[ "$(find "$d" -type f | wc -l)" -eq 7 ]
	run make -s -C "$REPO_DIR" uninstall DESTDIR="$d" PREFIX=/opt
	[ "$status" -eq 0 ]
	[ "$(find "$d" -type f)" = "$d/opt/bin/other" ]
	[ ! -e "$d/opt/share/cgihandler" ]
	# uninstalling twice is harmless
	run make -s -C "$REPO_DIR" uninstall DESTDIR="$d" PREFIX=/opt
	[ "$status" -eq 0 ]
}
