#!/usr/bin/env bash
# What a slip moves and the critical path agree on every surface: the public
# page /actions/{ref}/impact, the API /api/v1/actions/{ref}/impact and
# /api/v1/critical-path, and `dialturn impact` (--json, --critical), on a
# hand-built plan (a diamond, a complete action, a milestone not public, an
# accepted update in a month not signed off) and on the demo.  The web reads
# the public record only: ?as_at moves the figures to the month asked for,
# the unsigned month's forecast never counts, a milestone not public never
# appears.  A days value that is not a whole number from 1 to 3650 is refused
# naming the field; a dependency cycle is refused naming the cycle.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

fail() {
    echo "FAIL: $*"
    exit 1
}

cat >plan.json <<'JSON'
{"format": "dialturn-plan/1",
 "organisation": {"name": "Test Council", "slug": "test", "timezone": "Europe/London",
                  "rating_scale": "confidence3"},
 "people": [{"ref": "ceo", "name": "Carol Chief", "role": "Chief Executive", "kind": "officer"}],
 "themes": [{"ref": "T1", "title": "Governance", "lead": "ceo"},
            {"ref": "T2", "title": "Finance", "lead": "ceo"}],
 "actions": [
  {"ref": "A1", "theme": "T1", "title": "Draft the constitution", "owner": "ceo",
   "start": "2015-03-01", "finish": "2015-06-30", "baseline_finish": "2015-06-30", "status": "in_progress"},
  {"ref": "A2", "theme": "T1", "title": "Consult on the constitution", "owner": "ceo",
   "start": "2015-07-01", "finish": "2015-09-30", "baseline_finish": "2015-09-30", "status": "not_started",
   "depends_on": ["A1"]},
  {"ref": "A3", "theme": "T1", "title": "Train the members", "owner": "ceo",
   "start": "2015-07-01", "finish": "2015-08-31", "baseline_finish": "2015-08-31", "status": "not_started",
   "depends_on": ["A1"]},
  {"ref": "A4", "theme": "T1", "title": "Adopt the constitution", "owner": "ceo",
   "start": "2015-10-01", "finish": "2015-12-31", "baseline_finish": "2015-12-31", "status": "not_started",
   "depends_on": ["A2", "A3"]},
  {"ref": "A5", "theme": "T2", "title": "Close the accounts", "owner": "ceo",
   "start": "2015-03-01", "finish": "2015-03-31", "baseline_finish": "2015-03-31", "status": "complete",
   "completed_on": "2015-03-20"},
  {"ref": "A10", "theme": "T2", "title": "Set the budget", "owner": "ceo",
   "start": "2015-07-01", "finish": "2015-11-30", "baseline_finish": "2015-11-30", "status": "not_started",
   "depends_on": ["A1", "A5"]}],
 "milestones": [
  {"ref": "M1", "action": "A2", "title": "Consultation closes", "due": "2015-09-30",
   "baseline_due": "2015-09-30", "achieved_on": null, "public": true},
  {"ref": "M2", "action": "A4", "title": "Council adopts", "due": "2015-12-31",
   "baseline_due": "2015-12-31", "achieved_on": null, "public": true},
  {"ref": "M3", "action": "A4", "title": "Closed briefing SECRET-MS", "due": "2015-12-15",
   "baseline_due": "2015-12-15", "achieved_on": null, "public": false}],
 "periods": [{"month": "2015-03", "status": "signed_off", "signed_off_on": "2015-04-02",
              "signed_off_by": "ceo"},
             {"month": "2015-04", "status": "signed_off", "signed_off_on": "2015-05-04",
              "signed_off_by": "ceo"},
             {"month": "2015-05", "status": "closed"}],
 "updates": [
  {"action": "A1", "period": "2015-03", "state": "accepted", "status": "in_progress",
   "percent": 10, "narrative": "Begun", "forecast_finish": "2015-06-30", "author": "ceo"},
  {"action": "A1", "period": "2015-04", "state": "accepted", "status": "in_progress",
   "percent": 20, "narrative": "Late", "forecast_finish": "2015-07-15", "author": "ceo"},
  {"action": "A1", "period": "2015-05", "state": "accepted", "status": "in_progress",
   "percent": 30, "narrative": "Later", "forecast_finish": "2015-08-17", "author": "ceo"}]}
JSON
"$DIALTURN" import t.db plan.json >/dev/null
start_server t.db


# moved items as "kind ref from to days" lines, from the CLI's or the API's JSON
moves() { python3 -c '
import json, sys
d = json.load(sys.stdin)
hide = set(sys.argv[1:])
for m in d["moved"]:
    if m["ref"] not in hide:
        print(m["kind"], m["ref"], m["from"], m["to"], m["days"])' "$@"; }
# the same lines from the page's table
page_moves() { python3 -c '
import re, sys
h = sys.stdin.read()
for row in re.findall(r"<tr class=\"govuk-table__row\" data-kind=\"(\w+)\">(.*?)</tr>", h, re.S):
    kind, cells = row
    ref = re.search(r"href=\"[^\"]*\">([^<]+)</a>", cells).group(1)
    dates = re.findall(r"datetime=\"([0-9-]+)\"", cells)
    days = re.search(r"numeric\">([+-]?[0-9]+)</td>", cells).group(1)
    print(kind, ref, dates[0], dates[1], int(days))'; }

# --- the latest month (2015-04): web, API and CLI agree -------------------------------
"$DIALTURN" impact t.db --action A1 --slip 10 --as-of 2015-04-30 --json | moves M3 >cli.txt
curl -sf "$base/api/v1/actions/A1/impact?days=10" | moves >api.txt
curl -sf "$base/actions/A1/impact?days=10" >page.html
page_moves <page.html >page.txt
cat >want.txt <<'TXT'
action A1 2015-07-15 2015-07-25 10
action A3 2015-09-15 2015-09-25 10
milestone M1 2015-10-15 2015-10-25 10
action A2 2015-10-15 2015-10-25 10
TXT
# hand-worked at 2015-04 (A1 reports 2015-07-15): A2 and A3 start 07-16; A2 D 91 -> 10-15,
# A3 D 61 -> 09-15; M1 moves with A2 (+15 -> 10-15); A4 starts 10-16, D 91 -> 2016-01-15;
# A10 starts 07-16, D 152 -> 12-15.  A1 +10: A1 07-25, A2 and A3 +10; A4 +10; M2 +10; A10 +10.
cat >>want.txt <<'TXT'
action A10 2015-12-15 2015-12-25 10
milestone M2 2016-01-15 2016-01-25 10
action A4 2016-01-15 2016-01-25 10
TXT
python3 - want.txt <<'PY'
import sys
# plan-format.md's order: by new date, then ref in natural order, action before milestone
rows = [l.split() for l in open(sys.argv[1])]
import re
def nat(s): return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]
rows.sort(key=lambda r: (r[3], nat(r[1]), r[0] == "milestone"))
open(sys.argv[1], "w").write("".join(" ".join(r) + "\n" for r in rows))
PY
expect_eq "CLI figures are the hand-worked ones" "$(cat want.txt)" "$(cat cli.txt)"
expect_eq "the API gives the CLI's figures" "$(cat cli.txt)" "$(cat api.txt)"
expect_eq "the page gives the CLI's figures" "$(cat cli.txt)" "$(cat page.txt)"
"$DIALTURN" impact t.db --action A1 --slip 10 --as-of 2015-04-30 --json | grep -q '"M3"' ||
    fail "the CLI lists the milestone that is not public (M3)"
expect_no_grep "a milestone not public is not on the page" 'SECRET-MS|>M3<' page.html
curl -sf "$base/api/v1/actions/A1/impact?days=10" >api.json
expect_no_grep "a milestone not public is not in the API" '"M3"' api.json
expect_no_grep "the unsigned month's forecast (2015-08-17) does not count" '2015-08-17' api.json
expect_grep "the page names what moves" 'If A1 finishes 10 days later, 7 items move' page.html
expect_grep "the form keeps the days asked" 'name="days"[^>]*value="10"' page.html

# --- as_at: the month asked for, and the CLI at its last day ---------------------------
"$DIALTURN" impact t.db --action A1 --slip 10 --as-of 2015-03-31 --json | moves M3 >cli3.txt
curl -sf "$base/api/v1/actions/A1/impact?days=10&as_at=2015-03" | moves >api3.txt
curl -sf "$base/actions/A1/impact?days=10&as_at=2015-03" | page_moves >page3.txt
expect_eq "as_at: the API gives the CLI's figures of March" "$(cat cli3.txt)" "$(cat api3.txt)"
expect_eq "as_at: the page gives the CLI's figures of March" "$(cat cli3.txt)" "$(cat page3.txt)"
grep -q '^action A1 2015-06-30 2015-07-10 10$' cli3.txt || fail "March's A1 forecast is 2015-06-30: $(cat cli3.txt)"
curl -sf "$base/actions/A1/impact?as_at=2015-03" >form3.html
expect_grep "as_at: the form carries the month" 'name="as_at" value="2015-03"' form3.html
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/api/v1/actions/A1/impact?days=10&as_at=2015-05")
expect_eq "as_at: a month not signed off is not public" 404 "$code"

# --- a complete action cannot slip ------------------------------------------------------
curl -sf "$base/api/v1/actions/A5/impact?days=30" | moves >a5.txt
expect_eq "a complete action moves nothing (API)" "" "$(cat a5.txt)"
curl -sf "$base/actions/A5/impact?days=30" >a5.html
expect_grep "a complete action moves nothing (page)" 'a finished action cannot slip' a5.html

# --- days is declared: anything but 1-3650 is refused naming it --------------------------
for bad in 0 3651 -5 abc 1.5; do
    code=$(curl -s -o bad.html -w '%{http_code}' "$base/actions/A1/impact?days=$bad")
    expect_eq "page: days=$bad is refused" 400 "$code"
    expect_grep "page: days=$bad: the field is named" 'days' bad.html
    code=$(curl -s -o bad.json -w '%{http_code}' "$base/api/v1/actions/A1/impact?days=$bad")
    expect_eq "API: days=$bad is refused" 400 "$code"
    expect_grep "API: days=$bad: the field is named" '"field":"days"' bad.json
done
code=$(curl -s -o bad.json -w '%{http_code}' "$base/api/v1/actions/A1/impact")
expect_eq "API: days is required" 400 "$code"
expect_grep "API: the missing field is named" '"field":"days"' bad.json
curl -sf "$base/actions/A1/impact" >form.html
expect_no_grep "the page without days shows the form only" 'data-kind=' form.html
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/actions/A99/impact?days=3")
expect_eq "an unknown action is 404" 404 "$code"

# --- the critical path: CLI and API agree ------------------------------------------------
paths() { python3 -c '
import json, sys
d = json.load(sys.stdin)
print("plan", d["plan"]["finish"], " ".join(x["ref"] for x in d["plan"]["path"]))
for t in d["themes"]:
    print(t["ref"], t["finish"], " ".join(x["ref"] for x in t["path"]))'; }
"$DIALTURN" impact t.db --critical --as-of 2015-04-30 --json | paths >cli_cp.txt
curl -sf "$base/api/v1/critical-path" | paths >api_cp.txt
# The plan ends at A4 (2016-01-15; A10 ends 12-15),
# driven by A2 (10-15 + 1 = A4's start 10-16), driven by A1; T2 ends at A10 driven by A1.
expect_eq "critical path, hand-worked" "plan 2016-01-15 A1 A2 A4
T1 2016-01-15 A1 A2 A4
T2 2015-12-15 A1 A10" "$(cat cli_cp.txt)"
expect_eq "critical path: the API gives the CLI's" "$(cat cli_cp.txt)" "$(cat api_cp.txt)"
"$DIALTURN" impact t.db --critical --as-of 2015-03-31 --json | paths >cli_cp3.txt
curl -sf "$base/api/v1/critical-path?as_at=2015-03" | paths >api_cp3.txt
expect_eq "critical path as_at: the API gives the CLI's of March" "$(cat cli_cp3.txt)" "$(cat api_cp3.txt)"
curl -sf "$base/critical-path" >cp.html
expect_grep "the page lists the plan's path" 'id="path-plan"' cp.html
expect_grep "the roadmap is drawn" '<svg class="chart"[^>]*aria-labelledby="roadmap-title' cp.html
expect_grep "the roadmap marks the critical path" 'font-weight="bold">A4 \*</text>' cp.html
expect_grep "the roadmap has the line of the view's date" 'dialturn-roadmap__today' cp.html
expect_no_grep "the roadmap has no milestone that is not public" 'SECRET-MS' cp.html

# --- the action page: what it depends on and what needs it --------------------------------
curl -sf "$base/actions/A4" >a4.html
expect_grep "depends on: A2 with its title" 'href="/actions/A2">A2</a> Consult on the constitution' a4.html
curl -sf "$base/actions/A1" >a1.html
expect_grep "needed by: A10 with its title" 'href="/actions/A10">A10</a> Set the budget' a1.html
expect_grep "the action page links to its impact form" 'href="/actions/A1/impact"' a1.html
stop_server "$server_pid"

# --- a cycle is refused, named ------------------------------------------------------------
sqlite3 t.db "INSERT INTO action_dep (action_id, depends_on_id)
              SELECT (SELECT id FROM action WHERE ref = 'A1'), (SELECT id FROM action WHERE ref = 'A4')"
expect_fail "a dependency cycle is refused, naming it" 'dependency cycle A1 → A[23] → A4 → A1' \
    "$DIALTURN" impact t.db --critical --as-of 2015-04-30

# --- the demo: the API and the CLI agree on every action in progress ------------------------
"$DIALTURN" demo --db demo.db --create-only >/dev/null
start_server demo.db
latest=$(curl -sf "$base/api/v1/critical-path" | python3 -c 'import json,sys; print(json.load(sys.stdin)["as_at"])')
last_day=$(python3 -c "import calendar,sys; y,m=map(int,'$latest'.split('-')); print(f'{y:04d}-{m:02d}-{calendar.monthrange(y,m)[1]:02d}')")
n=0
for a in A4 A46 A47 A49 A21 A10; do
    "$DIALTURN" impact demo.db --action "$a" --slip 45 --as-of "$last_day" --json | moves >c.txt
    curl -sf "$base/api/v1/actions/$a/impact?days=45" | moves >w.txt
    curl -sf "$base/actions/$a/impact?days=45" | page_moves >p.txt
    # the CLI also lists milestones not public: keep those the API knows of
    public=$(curl -sf "$base/api/v1/milestones" | python3 -c 'import json,sys; print(" ".join(m["ref"] for m in json.load(sys.stdin)["data"]))')
    python3 - c.txt "$public" <<'PY'
import sys
keep = set(sys.argv[2].split())
rows = [l for l in open(sys.argv[1]) if l.split()[0] == "action" or l.split()[1] in keep]
open(sys.argv[1], "w").write("".join(rows))
PY
    expect_eq "demo: $a: the API gives the CLI's figures" "$(cat c.txt)" "$(cat w.txt)"
    expect_eq "demo: $a: the page gives the CLI's figures" "$(cat c.txt)" "$(cat p.txt)"
    n=$((n + $(wc -l <w.txt)))
done
[ "$n" -gt 0 ] || fail "demo: no slip moved anything: the comparison proved nothing"
"$DIALTURN" impact demo.db --critical --as-of "$last_day" --json | paths >c.txt
curl -sf "$base/api/v1/critical-path" | paths >w.txt
expect_eq "demo: critical path, the API gives the CLI's" "$(cat c.txt)" "$(cat w.txt)"
echo "all impact web checks passed"
