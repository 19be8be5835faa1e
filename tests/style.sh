#!/bin/sh
# One formatting style for all C in the tree (.clang-format): a TAP line per
# file, "not ok" where clang-format would change it (`make format` fixes it).
cd "$(dirname "$0")/.."
n=0 bad=0
for f in handler.c lib/*.c lib/*.h tests/unit/*.c tests/unit/*.h tests/fuzz/*.c \
	tests/bench/*.c tests/bats/fixtures/*.c; do
	[ -e "$f" ] || continue
	n=$((n + 1))
	if clang-format --dry-run -Werror "$f" >/dev/null 2>&1; then
		echo "ok $n - style: $f"
	else
		echo "not ok $n - style: $f (run make format)"
		bad=1
	fi
done
echo "1..$n"
exit $bad
