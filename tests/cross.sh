#!/bin/sh
# tests/cross.sh "SUITES" ARCH...: runs the named bats suites against each
# cross-built binary under qemu-user-static (build-cross/ARCH/cgihandler is
# the wrapper that execs qemu), then sums every architecture's counts into
# one closing line "N passed, M failed[, K skipped]" (tests/run's form).
set -u
suites=$1
shift
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for arch in "$@"; do
	echo "# cross: $arch ($(sed -n 's/^exec \([^ ]*\) .*/\1/p' build-cross/"$arch"/cgihandler))"
	CGIHANDLER=build-cross/$arch/cgihandler SUITES=$suites tests/run | tee "$out/$arch"
done
tail -q -n 1 "$out"/* | tr -d ',' | awk '
	{ passed += $1; failed += $3; if ($6 == "skipped") skipped += $5 }
	END {
		line = sprintf("%d passed, %d failed", passed, failed)
		if (skipped) line = line sprintf(", %d skipped", skipped)
		print line
		exit failed ? 1 : 0
	}'
