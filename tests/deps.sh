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
htpasswd:apache2-utils
strace:strace
groff:groff
clang:clang
clang-format:clang-format
/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a:libclang-rt-14-dev
systemd-analyze:systemd
stunnel4:stunnel4
openssl:openssl
file:file
ss:iproute2
/usr/lib/git-core/git-http-backend:git
/usr/lib/cgit/cgit.cgi:cgit
php-cgi:php-cgi
/usr/share/perl5/CGI.pm:libcgi-pm-perl
/usr/bin/python3:python3
chromium:chromium
chromedriver:chromium-driver
haproxy:haproxy
"

# --cross ARCH (make cross): Debian's cross gcc, the target's musl from
# Debian's multiarch archive, and qemu-user-static to run what they build.
if [ "${1:-}" = --cross ]; then
	arch=$2
	case $arch in
	aarch64) deb=arm64 gcc=gcc-aarch64-linux-gnu ;;
	armhf) deb=armhf gcc=gcc-arm-linux-gnueabihf ;;
	mipsel) deb=mipsel gcc=gcc-mipsel-linux-gnu ;;
	mips) deb= gcc=gcc-mips-linux-gnu ;; # static glibc: no musl-dev:mips
	*) echo "tests/deps.sh: no cross build for $arch" >&2; exit 2 ;;
	esac
	musl=${deb:+musl-dev:$deb}
	if [ -e /usr/lib/x86_64-linux-musl/musl-gcc.specs ] && command -v "${gcc#gcc-}-gcc" >/dev/null &&
		{ [ -z "$musl" ] || dpkg -s "$musl" >/dev/null 2>&1; } && command -v qemu-aarch64-static >/dev/null; then
		exit 0
	fi
	if [ -n "$deb" ] && ! dpkg --print-foreign-architectures | grep -qx "$deb"; then
		$SUDO dpkg --add-architecture "$deb"
	fi
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq >/dev/null 2>&1 || true
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends musl-tools "$gcc" $musl \
		qemu-user-static >/dev/null 2>&1 || { echo "tests/deps.sh: cannot install the $arch cross tools" >&2; exit 1; }
	exit 0
fi

# Packages that conflict with installed ones (openbsd-inetd with xinetd,
# busybox-static with busybox) are unpacked, not installed, into a cache
# outside the repo, and the tests run them from there.
UNPACK_CACHE=/var/cache/cgihandler-tests
for pair in openbsd-inetd:usr/sbin/inetd busybox-static:bin/busybox; do
	pkg=${pair%%:*} file=${pair#*:}
	[ $# -eq 0 ] || break
	[ -x $UNPACK_CACHE/$pkg/$file ] && continue
	$SUDO mkdir -p $UNPACK_CACHE &&
		(cd $UNPACK_CACHE && $SUDO apt-get download -qq "$pkg" >/dev/null 2>&1 ||
			{ $SUDO apt-get update -qq >/dev/null 2>&1 &&
			  $SUDO apt-get download -qq "$pkg" >/dev/null 2>&1; }) &&
		$SUDO dpkg-deb -x "$(ls -t $UNPACK_CACHE/"$pkg"_*.deb | head -n 1)" \
			$UNPACK_CACHE/"$pkg" ||
		echo "tests/deps.sh: cannot unpack $pkg into $UNPACK_CACHE" >&2
done

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
