#!/usr/bin/env bash
# test_xlsx.sh — the spreadsheet for officers (model/xlsx.h): `dialturn export
# --format xlsx` and the workspace's /work/export.xlsx write the same
# workbook, read back here with openpyxl: its four sheets, their header rows
# frozen and filtered, dates as dates, numbers as numbers, and text that
# starts with "=" as a string cell, never a formula.  Only those who may read
# restricted material download it.
#
# Needs $DIALTURN (the binary) and python3 with openpyxl (python3-openpyxl).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${ROOT:=$(cd "$here/../.." && pwd)}"
: "${DIALTURN:?set DIALTURN to the dialturn binary}"
# shellcheck source=tests/e2e/lib.sh
source "$ROOT/tests/e2e/lib.sh"

tmp=$(mktemp -d)
at_exit rm -rf "$tmp"
cd "$tmp"

fail() {
    echo "FAIL: $*"
    exit 1
}
PY=python3
python3 -c 'import openpyxl' 2>/dev/null || PY=/usr/bin/python3
$PY -c 'import openpyxl' || fail "python3-openpyxl is not installed (make deps-test)"

cat >plan.json <<'EOF'
{"format": "dialturn-plan/1",
 "organisation": {"name": "Test Council", "slug": "test", "timezone": "Europe/London",
                  "rating_scale": "confidence3"},
 "people": [
  {"ref": "ceo", "name": "Carol Chief", "role": "Chief Executive", "kind": "officer"},
  {"ref": "o1", "name": "Olive Owner", "role": "Director of Policy", "kind": "officer"}],
 "themes": [{"ref": "T1", "title": "Governance", "lead": "ceo"}],
 "actions": [
  {"ref": "A1", "theme": "T1", "title": "=HYPERLINK(\"http://evil.example\",\"x\")", "owner": "o1",
   "start": "2015-03-01", "finish": "2015-09-30", "status": "in_progress"},
  {"ref": "A2", "theme": "T1", "title": "Repair the town hall", "owner": "o1",
   "start": "2015-03-01", "finish": "2015-12-31", "status": "not_started", "depends_on": ["A1"]}],
 "milestones": [
  {"ref": "M1", "action": "A1", "title": "Constitution drafted", "due": "2015-05-31",
   "achieved_on": "2015-05-20", "public": true}],
 "periods": [{"month": "2015-03", "status": "signed_off", "signed_off_on": "2015-04-10",
              "signed_off_by": "ceo"},
             {"month": "2015-04", "status": "open"}],
 "updates": [
  {"action": "A1", "period": "2015-03", "state": "accepted", "status": "in_progress",
   "percent": 10, "confidence": "medium", "narrative": "=1+1 went to plan", "author": "o1"},
  {"action": "A1", "period": "2015-04", "state": "draft", "status": "in_progress",
   "percent": 20, "confidence": "low", "narrative": "@SUM(A1:A2) draft", "author": "o1"}],
 "measures": [
  {"ref": "K1", "title": "Staff appraised", "unit": "%", "direction": "up",
   "baseline": 30.0, "baseline_date": "2015-03-31", "target": 90.5, "target_date": "2016-03-31",
   "tolerance_pct": 10, "theme": "T1", "actions": ["A1"]},
  {"ref": "K2", "title": "Vacancy rate", "unit": "%", "direction": "down",
   "tolerance_pct": 10, "theme": "T1", "actions": []}],
 "measure_values": [
  {"measure": "K1", "date": "2015-03-31", "value": 30.0},
  {"measure": "K1", "date": "2015-04-30", "value": 41.25}]}
EOF
"$DIALTURN" import t.db plan.json >/dev/null

rc=0
"$DIALTURN" export t.db --format xlsx 2>err.txt >/dev/null || rc=$?
expect_eq "xlsx without --out is a usage error" 2 "$rc"
expect_grep "saying so" 'give it with --out PATH' err.txt
"$DIALTURN" export t.db --format xlsx --out plan.xlsx
[ -s plan.xlsx ] || fail "no workbook written"
echo "ok: dialturn export --format xlsx writes the workbook"
ls plan.xlsx.tmp.* 2>/dev/null && fail "a temporary file was left behind"

check() { # FILE: asserts the workbook's content
    $PY - "$1" <<'EOF'
import datetime, sys, zipfile
import openpyxl

path = sys.argv[1]
wb = openpyxl.load_workbook(path)
def eq(what, want, got):
    if want != got:
        print(f"FAIL: {what}: expected {want!r}, got {got!r}")
        sys.exit(1)
    print(f"ok: {what}")
eq("the sheets", ["Actions", "Milestones", "Measures", "Updates"], wb.sheetnames)
a, m, k, u = (wb[n] for n in wb.sheetnames)
for ws in (a, m, k, u):
    eq(f"{ws.title}: the header row is frozen", "A2", ws.freeze_panes)
    eq(f"{ws.title}: a filter on the header row", "A1", ws.auto_filter.ref.split(":")[0])
    eq(f"{ws.title}: the header is bold", True, ws["A1"].font.b)
eq("Actions: header", ["Ref", "Theme", "Title", "Description", "Owner", "Status", "Start",
                       "Finish", "Baseline finish", "Completed on", "Depends on"],
   [c.value for c in a[1]])
eq("Actions: A2's row", ["A2", "T1", "Repair the town hall", "Olive Owner", "not_started", "A1"],
   [a["A3"].value, a["B3"].value, a["C3"].value, a["E3"].value, a["F3"].value, a["K3"].value])
eq("Actions: a start date is a date", (datetime.datetime(2015, 3, 1), "d", "yyyy-mm-dd"),
   (a["G2"].value, a["G2"].data_type, a["G2"].number_format))
eq("Actions: a title starting with = is a string", ("s", '=HYPERLINK("http://evil.example","x")'),
   (a["C2"].data_type, a["C2"].value))
eq("Milestones: achieved on, a date", datetime.datetime(2015, 5, 20), m["F2"].value)
eq("Measures: header", ["Measure", "Title", "Unit", "Better when", "Baseline", "Baseline date",
                        "Target", "Target date", "Tolerance %", "Theme", "Date", "Value"],
   [c.value for c in k[1]])
eq("Measures: a row per value, and one for a measure with none", ["K1", "K1", "K2"],
   [k["A2"].value, k["A3"].value, k["A4"].value])
eq("Measures: values are numbers", ("n", 41.25), (k["L3"].data_type, k["L3"].value))
eq("Measures: the target is a number", 90.5, k["G2"].value)
eq("Measures: the value's date is a date", datetime.datetime(2015, 4, 30), k["K3"].value)
eq("Measures: no value for K2", None, k["L4"].value)
eq("Updates: a narrative starting with = is a string", ("s", "=1+1 went to plan"),
   (u["G2"].data_type, u["G2"].value))
eq("Updates: percent is a number", ("n", 10), (u["E2"].data_type, u["E2"].value))
eq("Updates: the draft is there, with its state", ("draft", "@SUM(A1:A2) draft"),
   (u["C3"].value, u["G3"].value))
eq("Updates: confidence labelled and coloured", ("Medium", "FFF47738"),
   (u["F2"].value, u["F2"].fill.fgColor.rgb))
with zipfile.ZipFile(path) as z:
    for name in z.namelist():
        if name.startswith("xl/worksheets/") and b"<f>" in z.read(name):
            print(f"FAIL: {name} holds a formula")
            sys.exit(1)
print("ok: no sheet holds a formula")
EOF
}
check plan.xlsx

# --- the workspace's download -------------------------------------------------------------------
PW='a long enough password'
echo "$PW" | "$DIALTURN" user add t.db pmo --name 'Pat Office' --role pmo >/dev/null
echo "$PW" | "$DIALTURN" user add t.db olive --name 'Olive Owner' --role owner --person o1 >/dev/null
start_server t.db
sign_in jar.pmo pmo "$PW"
sign_in jar.olive olive "$PW"
code=$(curl -sS -b jar.pmo -o web.xlsx -D head.txt -w '%{http_code}' "$base/work/export.xlsx")
expect_eq "the programme office downloads the workbook" 200 "$code"
expect_grep "as a spreadsheet" 'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' head.txt
expect_grep "as an attachment" 'Content-Disposition: attachment; filename="plan.xlsx"' head.txt
check web.xlsx
expect_eq "an owner may not download it" 403 \
    "$(curl -sS -b jar.olive -o /dev/null -w '%{http_code}' "$base/work/export.xlsx")"
expect_eq "anonymous readers are sent to sign in" 303 \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$base/work/export.xlsx")"
