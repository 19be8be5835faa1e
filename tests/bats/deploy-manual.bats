#!/usr/bin/env bats
# Issue 4, point 4: docs/cgihandler.8 is clean groff, and agrees with the
# program: the options of --help, the exit codes of handler.c, the
# environment cgi_build_env gives scripts, the shipped inetd line.
load helpers
load deploy_helpers

MAN=$REPO_DIR/docs/cgihandler.8

# section NAME: the man page source between ".SH NAME" and the next .SH.
section() {
	awk -v s=".SH $1" '$0 == s { on = 1; next } /^\.SH / { on = 0 } on' "$MAN"
}

# help_options: "short:long" for every option --help lists, sorted.
help_options() {
	"$CGIHANDLER" --help | sed -n -E 's/^  (-([a-zA-Z]), )? *--([a-z][a-z-]*).*/\2:\3/p' | sort
}

# man_options: the same for each .TP entry of OPTIONS (not the --log values).
man_options() {
	section OPTIONS | awk 'prev == ".TP" { print } { prev = $0 }' | sed 's/\\-/-/g' |
		sed -n -E 's/^\.B[RI]? +(-([a-zA-Z]) ", " )?--([a-z][a-z-]*).*/\2:\3/p' | sort
}

@test "manual: groff -man -ww -z prints nothing" {
	run groff -man -ww -z "$MAN"
	[ "$status" -eq 0 ]
	[ -z "$output" ]
}

@test "manual: the options of --help and of the man page are the same, short forms too" {
	help=$(help_options)
	man=$(man_options)
	echo "help: $help"
	echo "man:  $man"
	[ "$(echo "$help" | wc -l)" -ge 15 ]
	[ "$help" = "$man" ]
}

@test "manual: the comparison sees a missing option (the check bites)" {
	man=$(man_options | grep -v ':relay$')
	[ "$(help_options)" != "$man" ]
}

@test "manual: every exit code of handler.c is documented, and no other" {
	code=$(grep -o -E 'EXIT_[A-Z_]+ = [0-9]+' "$REPO_DIR/handler.c" | awk '{print $3}' | sort -u)
	man=$(section "EXIT STATUS" | awk 'prev == ".TP" { print $2 } { prev = $0 }' | sort -u)
	[ "$code" = "$(printf '0\n1\n2\n3')" ]
	[ "$code" = "$man" ]
}

@test "manual: usage errors exit 2 with one line, --help and --version exit 0, as documented" {
	run "$CGIHANDLER" --no-such-option
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 1 ]
	run "$CGIHANDLER" --help
	[ "$status" -eq 0 ]
	run "$CGIHANDLER" --version
	[ "$status" -eq 0 ]
}

@test "manual: every variable cgi_build_env gives scripts is in ENVIRONMENT" {
	vars=$(awk '/^size_t cgi_build_env/,/^}/' "$REPO_DIR/lib/cgi.c" |
		grep -o -E '(var\(b, "[A-Z_]+"|"[A-Z_]+=)' | grep -o -E '[A-Z_]{3,}' | sort -u)
	[ "$(echo "$vars" | wc -l)" -ge 18 ]
	env=$(section ENVIRONMENT | sed 's/\\-/-/g')
	for v in $vars HTTP_; do
		[[ "$env" == *"$v"* ]] || { echo "missing: $v"; return 1; }
	done
	# and the server_name() helper's variable
	[[ "$env" == *SERVER_NAME* ]]
}

@test "manual: the inetd example is the shipped line; xinetd and systemd are shown" {
	shipped=$(grep -v '^#' "$REPO_DIR/units/inetd.conf" | tr -s ' \t' ' ')
	ex=$(section EXAMPLES | sed 's/\\-/-/g')
	[[ "$(echo "$ex" | tr -s ' \t' ' ')" == *"$shipped"* ]]
	[[ "$ex" == *"service cgihandler"* ]]
	[[ "$ex" == *"server_args = --root /srv/www"* ]]
	[[ "$ex" == *"systemctl enable --now cgihandler.socket"* ]]
}

@test "manual: the tcpserver and stunnel examples are docs/deploy.md's tested recipes" {
	ex=$(section EXAMPLES | sed 's/\\-/-/g')
	tcp=$(recipe tcpserver)
	[ -n "$tcp" ]
	[[ "$ex" == *"$tcp"* ]]
	for line in "[https]" "accept = 443" "cert = /etc/stunnel/cgihandler.pem" \
		"exec = /usr/local/bin/cgihandler" "execArgs = cgihandler --root /srv/www --https"; do
		recipe stunnel.conf | grep -qxF -- "$line"
		[[ "$ex" == *"$line"* ]]
	done
}
