#!/usr/bin/env bash
# Runs every end-to-end test script (tests/e2e/test_*.sh) against the binary in
# $DIALTURN, each in its own temporary directory, and ends with the line
# "N passed, N failed".  Exits non-zero if any script failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
: "${DIALTURN:=$root/build/san/dialturn}"
DIALTURN=$(cd "$(dirname "$DIALTURN")" && pwd)/$(basename "$DIALTURN")
export DIALTURN ROOT="$root"
# Leaks are checked in the unit tests; the server's worker threads exit with the process.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
shopt -s nullglob
pass=0 fail=0 failed=()
for t in "$here"/test_*.sh; do
    name=$(basename "$t" .sh)
    work=$(mktemp -d)
    start=$(date +%s)
    if (cd "$work" && bash "$t") > "$work.log" 2>&1; then
        pass=$((pass + 1))
        echo "ok   $name ($(( $(date +%s) - start ))s)"
    else
        fail=$((fail + 1))
        failed+=("$name")
        echo "FAIL $name"
        sed 's/^/     | /' "$work.log" | tail -n 40
    fi
    rm -rf "$work" "$work.log"
done
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
