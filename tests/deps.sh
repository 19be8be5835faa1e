#!/bin/sh
# Installs from Debian's packages what the build and the tests need and a
# fresh machine lacks. With arguments, installs just those packages.
set -u
[ "$(id -u)" = 0 ] || SUDO=sudo
SUDO=${SUDO:-}

# command-or-file:package, one per need
NEEDS="
bats:bats
curl:curl
systemd-socket-activate:systemd
/usr/include/systemd/sd-journal.h:libsystemd-dev
musl-gcc:musl-tools
xinetd:xinetd
tcpserver:ucspi-tcp
busybox:busybox
git:git
strace:strace
groff:groff
clang:clang
/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev
systemd-analyze:systemd
stunnel4:stunnel4
openssl:openssl
"

# openbsd-inetd conflicts with xinetd as a package: it is unpacked, not
# installed, into a cache outside the repo, and tests run it from there.
INETD_CACHE=/var/cache/cgihandler-tests
if [ $# -eq 0 ] && [ ! -x $INETD_CACHE/openbsd-inetd/usr/sbin/inetd ]; then
	$SUDO mkdir -p $INETD_CACHE &&
		(cd $INETD_CACHE && $SUDO apt-get download -qq openbsd-inetd >/dev/null 2>&1 ||
			{ $SUDO apt-get update -qq >/dev/null 2>&1 &&
			  $SUDO apt-get download -qq openbsd-inetd >/dev/null 2>&1; }) &&
		$SUDO dpkg-deb -x "$(ls -t $INETD_CACHE/openbsd-inetd_*.deb | head -n 1)" \
			$INETD_CACHE/openbsd-inetd ||
		echo "tests/deps.sh: cannot unpack openbsd-inetd into $INETD_CACHE" >&2
fi

missing=""
if [ $# -gt 0 ]; then
	missing="$*"
else
	for need in $NEEDS; do
		what=${need%%:*} pkg=${need#*:}
		case $what in
		/*) [ -e "$what" ] && continue ;;
		*) command -v "$what" >/dev/null 2>&1 && continue
		   [ -x "/usr/sbin/$what" ] && continue ;;
		esac
		case " $missing " in *" $pkg "*) ;; *) missing="$missing $pkg" ;; esac
	done
fi
[ -z "$missing" ] && exit 0

echo "tests/deps.sh: installing:$missing" >&2
# No daemon may start while we install (inetd, xinetd, lighttpd would):
# the tests start each one themselves, in the foreground, on loopback.
policy=/usr/sbin/policy-rc.d
made_policy=
if [ ! -e $policy ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee $policy >/dev/null && $SUDO chmod +x $policy
	made_policy=1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null 2>&1 || true
rc=0
# One at a time: a batch fails whole when two packages conflict.
for pkg in $missing; do
	$SUDO apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null 2>&1 ||
		{ echo "tests/deps.sh: cannot install $pkg" >&2; rc=1; }
done
[ -n "$made_policy" ] && $SUDO rm -f $policy
exit $rc
