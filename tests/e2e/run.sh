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
# Scripts run E2E_JOBS at a time (default 1; 3 is fine on a quiet machine): each has its own directory and
# its own free port, and most of a script's time is spent waiting on a server.
jobs_max=${E2E_JOBS:-1}
results=$(mktemp -d)
run_one() { # SCRIPT: runs it, then prints its result in one piece
    local t=$1 name work start
    name=$(basename "$t" .sh)
    work=$(mktemp -d)
    start=$(date +%s)
    if (cd "$work" && bash "$t") > "$work.log" 2>&1; then
        echo "ok   $name ($(( $(date +%s) - start ))s)" > "$results/$name.ok"
        cat "$results/$name.ok"
    else
        { echo "FAIL $name ($(( $(date +%s) - start ))s)"
          sed 's/^/     | /' "$work.log" | tail -n 40; } > "$results/$name.fail"
        cat "$results/$name.fail"
    fi
    rm -rf "$work" "$work.log"
}
for t in "$here"/test_*.sh; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do wait -n; done
    run_one "$t" &
done
wait
pass=$(find "$results" -name '*.ok' | wc -l)
fail=$(find "$results" -name '*.fail' | wc -l)
if [ "$fail" -gt 0 ]; then
    echo "failed: $(cd "$results" && ls ./*.fail | sed 's#^\./##; s/\.fail$//' | tr '\n' ' ')"
fi
rm -rf "$results"
echo "e2e: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
