#!/usr/bin/env bash
# test_export.sh — where `dialturn export` writes, and what it does when it
# cannot.  The demo exports to its bundled file through standard output and
# --out alike, in JSON and each CSV; a write that fails (a full device, a file
# size limit) exits 1 with one line naming the output and leaves no partial
# file at --out, nor a temporary one beside it, and an existing file as it
# was; --out naming a device, a pipe or a symbolic link writes through it
# rather than replacing it.
#
# Needs $DIALTURN (the binary); run alone or from tests/e2e/run.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${ROOT:=$(cd "$here/../.." && pwd)}"
: "${DIALTURN:?set DIALTURN to the dialturn binary}"
# shellcheck source=tests/e2e/lib.sh
source "$ROOT/tests/e2e/lib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
demo=$ROOT/data/demo/birmingham-2015.json
"$DIALTURN" import plan.db "$demo" >/dev/null

fail() {
    echo "FAIL: $*"
    exit 1
}

# expect_no_leftovers WHAT FILE...: the directory holds the FILEs and nothing
# else (beside the database and its -wal and -shm).
expect_no_leftovers() {
    local what=$1 f found=()
    shift
    for f in *; do
        [[ $f == plan.db* ]] || found+=("$f")
    done
    expect_eq "$what: nothing else left in the directory" "$*" "${found[*]}"
}

# --- the same bytes wherever they go -------------------------------------------------
"$DIALTURN" export plan.db >stdout.json
cmp stdout.json "$demo" || fail "the demo does not export to its bundled file"
"$DIALTURN" export plan.db --out out.json
cmp out.json "$demo" || fail "export --out differs from the bundled file"
"$DIALTURN" export plan.db --out - | cmp - "$demo" || fail "export --out - differs"
echo "ok: JSON through standard output and --out is the bundled file"
for kind in actions updates measure_values; do
    "$DIALTURN" export plan.db --format csv --kind "$kind" >"$kind.stdout.csv"
    "$DIALTURN" export plan.db --format csv --kind "$kind" --out "$kind.csv"
    cmp "$kind.csv" "$kind.stdout.csv" || fail "$kind: --out and standard output differ"
done
echo "ok: CSV through standard output and --out agree"
echo previous >out.json
"$DIALTURN" export plan.db --out out.json
cmp out.json "$demo" || fail "export --out over an existing file"
echo "ok: --out replaces an existing file"
rm -f ./*.json ./*.csv

# --- a full device ---------------------------------------------------------------------
# export_to_full: the JSON export to standard output, which is /dev/full.
export_to_full() {
    "$DIALTURN" export plan.db >/dev/full
}
if [ -c /dev/full ]; then
    expect_fail "JSON --out /dev/full" '^dialturn export: /dev/full: No space left on device$' \
        "$DIALTURN" export plan.db --out /dev/full
    expect_fail "CSV --out /dev/full" '^dialturn export: /dev/full: No space left on device$' \
        "$DIALTURN" export plan.db --format csv --kind updates --out /dev/full
    expect_fail "standard output on /dev/full" \
        '^dialturn export: standard output: No space left on device$' \
        export_to_full
    [ -c /dev/full ] || fail "/dev/full is no longer a device"
    echo "ok: /dev/full is still a device"
fi

# --- a file size limit: the write fails midway ------------------------------------------
# SIGXFSZ ignored, so the write past the limit fails with EFBIG instead of
# killing the process; 50 blocks of 512 bytes hold a part of the 190 kB.
limited() {
    (
        trap '' XFSZ
        ulimit -f 50
        "$@"
    )
}
expect_fail "JSON past the file size limit" '^dialturn export: new.json: File too large$' \
    limited "$DIALTURN" export plan.db --out new.json
expect_no_leftovers "JSON past the file size limit"
echo previous >old.json
expect_fail "JSON past the limit over an existing file" '^dialturn export: old.json: File too large$' \
    limited "$DIALTURN" export plan.db --out old.json
expect_eq "the existing file is as it was" "previous" "$(cat old.json)"
expect_no_leftovers "over an existing file" old.json
rm old.json
expect_fail "CSV past the file size limit" '^dialturn export: new.csv: File too large$' \
    limited "$DIALTURN" export plan.db --format csv --kind updates --out new.csv
expect_no_leftovers "CSV past the file size limit"

# --- what --out names ----------------------------------------------------------------------
mkfifo pipe
cat pipe >from-pipe.json &
reader=$!
"$DIALTURN" export plan.db --out pipe
wait "$reader"
cmp from-pipe.json "$demo" || fail "export through a named pipe"
[ -p pipe ] || fail "the named pipe was replaced"
echo "ok: --out a named pipe writes through it and leaves it a pipe"
ln -s target.json link.json
"$DIALTURN" export plan.db --out link.json
[ -L link.json ] || fail "the symbolic link was replaced"
cmp target.json "$demo" || fail "export through a symbolic link"
echo "ok: --out a symbolic link writes its target and leaves the link"
mkdir dir
expect_fail "--out a directory" '^dialturn export: dir: Is a directory$' \
    "$DIALTURN" export plan.db --out dir
expect_fail "--out in a missing directory" '^dialturn export: missing/x.json: No such file' \
    "$DIALTURN" export plan.db --out missing/x.json
expect_fail "a missing database" 'nothing.db' "$DIALTURN" export nothing.db --out x.json
[ ! -e x.json ] || fail "a failed export left x.json"
echo "ok: no file at --out when the database cannot be read"
