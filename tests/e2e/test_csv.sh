#!/usr/bin/env bash
# test_csv.sh — CSV import and export through the command line.  Imports the
# Birmingham demo, exports actions, updates and measure values as CSV, imports
# them back (nothing changes: same JSON export, same ledger, verify ok), edits
# one action's title through CSV and finds it in the JSON export, and checks
# that bad CSV is refused with exit 1, naming the line and column, leaving the
# database as it was.
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
db=$tmp/plan.db

# ledger_entries: the number of ledger entries `verify` reports (and that it is ok).
ledger_entries() {
    local out
    out=$("$DIALTURN" verify "$db")
    if ! grep -qE ': ok: [0-9]+ ledger entries' <<<"$out"; then
        echo "FAIL: verify: $out" >&2
        exit 1
    fi
    sed -E 's/.*: ok: ([0-9]+) ledger entries.*/\1/' <<<"$out"
}

# expect_unchanged WHAT: the JSON export still equals $tmp/before.json and the
# ledger still holds $entries entries.
expect_unchanged() {
    "$DIALTURN" export "$db" >"$tmp/now.json"
    if ! cmp -s "$tmp/before.json" "$tmp/now.json"; then
        echo "FAIL: $1: the database changed:"
        diff "$tmp/before.json" "$tmp/now.json" | head -20
        exit 1
    fi
    expect_eq "$1: ledger unchanged" "$entries" "$(ledger_entries)"
}

# --- the demo, exported as CSV ------------------------------------------------------
"$DIALTURN" import "$db" "$ROOT/data/demo/birmingham-2015.json" >/dev/null
"$DIALTURN" export "$db" >"$tmp/before.json"
entries=$(ledger_entries)

for kind in actions updates measure_values; do
    "$DIALTURN" export "$db" --format csv --kind "$kind" --out "$tmp/$kind.csv"
    "$DIALTURN" export "$db" --format csv --kind "$kind" >"$tmp/$kind.stdout.csv"
    expect_eq "$kind: --out and stdout agree" "$(md5sum <"$tmp/$kind.csv")" \
        "$(md5sum <"$tmp/$kind.stdout.csv")"
done
expect_eq "actions: header" \
    "ref,theme,title,description,owner,member,panel_lead,start,finish,baseline_finish,status,$(
    )completed_on,answers,depends_on,closure_criteria" \
    "$(head -n 1 "$tmp/actions.csv" | tr -d '\r')"
expect_eq "updates: header" \
    "action,period,state,status,percent,confidence,narrative,forecast_finish,author" \
    "$(head -n 1 "$tmp/updates.csv" | tr -d '\r')"
expect_eq "measure_values: header" "measure,date,value" \
    "$(head -n 1 "$tmp/measure_values.csv" | tr -d '\r')"
# a line per object where no field spans lines (some narratives of updates do),
# CRLF after every record
expect_eq "actions: a row per action" 52 "$(wc -l <"$tmp/actions.csv")"
expect_eq "measure_values: a row per value" 103 "$(wc -l <"$tmp/measure_values.csv")"
expect_eq "CRLF line endings" 0 "$(grep -cv $'\r$' "$tmp/measure_values.csv" || true)"
expect_grep "a narrative spanning lines is quoted" \
    '^A[0-9]+,2015-[0-9]{2},[a-z_]+,[a-z_]+,[0-9]+,[a-z]*,"[^"]*$' "$tmp/updates.csv"
expect_grep "the first action" '^A1,T1,Agree the improvement plan with cabinet and the panel,' \
    "$tmp/actions.csv"
expect_grep "quoted when a field holds a comma" '^A2,T1,"Set up the panel.s secretariat, ' \
    "$tmp/actions.csv"
expect_grep "reals as JSON spells them (38.0 → 38)" '^K1,2015-03-31,38'$'\r''$' \
    "$tmp/measure_values.csv"
expect_grep "reals as JSON spells them (39.3)" '^K1,2015-04-30,39.3'$'\r''$' \
    "$tmp/measure_values.csv"

# --- importing the exports changes nothing ------------------------------------------
for kind in actions updates measure_values; do
    "$DIALTURN" import "$db" "$tmp/$kind.csv" >/dev/null
    expect_unchanged "re-import of $kind.csv"
done

# --- an edit through CSV -------------------------------------------------------------
sed -E '/^A1,/s/^(A1,[^,]*,)[^,"]*,/\1"Agree the plan, with ""care""",/' "$tmp/actions.csv" \
    >"$tmp/edited.csv"
expect_eq "the edit touched one line" 2 \
    "$(diff "$tmp/actions.csv" "$tmp/edited.csv" | grep -c '^[<>]' || true)"
"$DIALTURN" import "$db" "$tmp/edited.csv" >/dev/null
"$DIALTURN" export "$db" >"$tmp/edited.json"
expect_grep "the new title in the JSON export" '"title": "Agree the plan, with \\"care\\""' \
    "$tmp/edited.json"
expect_eq "nothing else changed" 2 \
    "$(diff "$tmp/before.json" "$tmp/edited.json" | grep -c '^[<>]' || true)"
expect_eq "the edit is one ledger entry" $((entries + 1)) "$(ledger_entries)"
"$DIALTURN" export "$db" --format csv --kind actions --out "$tmp/again.csv"
expect_eq "the edited export reads back as imported" "$(md5sum <"$tmp/edited.csv")" \
    "$(md5sum <"$tmp/again.csv")"

# --- bad CSV is refused and changes nothing -----------------------------------------
cp "$tmp/edited.json" "$tmp/before.json"
entries=$(ledger_entries)

printf 'action,period,percent\r\nA1,2015-03,100\r\nA2,2015-03,101\r\n' >"$tmp/bad1.csv"
expect_fail "percent 101" \
    'bad1\.csv: line 3, column percent: must be a whole number from 0 to 100' \
    "$DIALTURN" import "$db" "$tmp/bad1.csv"
expect_unchanged "after percent 101"

printf '%s\r\n' 'ref,theme,title,description,start,finish' \
    'A1,T1,One,"two' 'lines",2015-01-01,2015-02-01' 'A2,T99,Two,,2015-01-01,2015-02-01' \
    >"$tmp/bad2.csv"
expect_fail "unknown theme after a field spanning lines" \
    'bad2\.csv: line 4, column theme: no theme with ref "T99"' \
    "$DIALTURN" import "$db" "$tmp/bad2.csv"
expect_unchanged "after unknown theme"

printf 'ref,theme,title,start,finish\r\nA1,T1,"One,2015-01-01,2015-02-01\r\n' >"$tmp/bad3.csv"
expect_fail "unterminated quote" \
    'bad3\.csv: line 2, column title: quoted field is not closed by the end of the file' \
    "$DIALTURN" import "$db" "$tmp/bad3.csv"
expect_unchanged "after unterminated quote"

printf 'measure,date,value,note\r\nK1,2015-03-31,1,x\r\n' >"$tmp/bad4.csv"
expect_fail "unknown column" 'bad4\.csv: line 1, column note: unknown column for measure_values' \
    "$DIALTURN" import "$db" "$tmp/bad4.csv"
expect_unchanged "after unknown column"

printf 'name,when\r\nx,y\r\n' >"$tmp/bad5.csv"
expect_fail "header of no kind" \
    'bad5\.csv: line 1: header matches none of actions, updates, measure_values' \
    "$DIALTURN" import "$db" "$tmp/bad5.csv"
expect_unchanged "after header of no kind"

printf 'action,period,narrative\r\nA1,2015-03,caf\xe9\r\n' >"$tmp/bad6.csv"
expect_fail "bad UTF-8" 'bad6\.csv: line 2, column narrative: not valid UTF-8' \
    "$DIALTURN" import "$db" "$tmp/bad6.csv"
expect_unchanged "after bad UTF-8"

# well-formed rows that break a rule of the whole plan are refused too
printf 'ref,theme,title,start,finish\r\nA1,T1,Backwards,2015-05-01,2015-04-01\r\n' >"$tmp/bad7.csv"
expect_fail "finish before start" 'bad7\.csv: line 2, column finish: 2015-04-01 is before start 2015-05-01 \(action A1\)' \
    "$DIALTURN" import "$db" "$tmp/bad7.csv"
expect_unchanged "after finish before start"

echo "test_csv: all checks passed"
