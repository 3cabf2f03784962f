#!/usr/bin/env bash
# test_corrections.sh — correcting an update of a signed-off month (DESIGN.md,
# "The record of a month": a correction is a new, dated, visible record).
#
# A correction is refused for a month not signed off, without a reason, for a
# value the field does not take, and for an owner (command line and web); the
# programme office corrects on the web form and the chief executive on the
# command line.  Each is one ledger entry; the update's row never changes.
# Nothing of it is public until the next month is signed off; then the action
# page, the API and the downloads show the corrected values with "Corrected
# on D by X: … was …, now …, because …", while every page of the corrected
# month itself stays byte for byte as it was.  verify passes throughout.
#
# Needs $DIALTURN (the binary); run alone or from tests/e2e/run.sh.
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

cat >plan.json <<'EOF'
{"format": "dialturn-plan/1",
 "organisation": {"name": "Test Council", "slug": "test", "timezone": "Europe/London",
                  "rating_scale": "confidence3"},
 "people": [
  {"ref": "ceo", "name": "Carol Chief", "role": "Chief Executive", "kind": "officer"},
  {"ref": "o1", "name": "Olive Owner", "role": "Director of Policy", "kind": "officer"},
  {"ref": "perf", "name": "Pat Office", "role": "Head of Performance", "kind": "officer"}],
 "themes": [{"ref": "T1", "title": "Governance", "lead": "ceo"}],
 "actions": [
  {"ref": "A1", "theme": "T1", "title": "Adopt the constitution", "owner": "o1",
   "start": "2015-03-01", "finish": "2015-09-30", "status": "in_progress"},
  {"ref": "A2", "theme": "T1", "title": "Repair the town hall", "owner": "o1",
   "start": "2015-03-01", "finish": "2015-12-31", "status": "not_started"}],
 "periods": [{"month": "2015-03", "status": "signed_off", "signed_off_on": "2015-04-10",
              "signed_off_by": "ceo"},
             {"month": "2015-04", "status": "signed_off", "signed_off_on": "2015-05-11",
              "signed_off_by": "ceo"},
             {"month": "2015-05", "status": "open"}],
 "updates": [
  {"action": "A1", "period": "2015-03", "state": "accepted", "status": "in_progress",
   "percent": 10, "confidence": "medium", "narrative": "March went to plan.", "author": "o1"},
  {"action": "A2", "period": "2015-03", "state": "accepted", "status": "in_progress",
   "percent": 5, "confidence": "high", "narrative": "Scaffolding is up.", "author": "o1"},
  {"action": "A1", "period": "2015-04", "state": "accepted", "status": "in_progress",
   "percent": 30, "confidence": "medium", "narrative": "April too.", "author": "o1"},
  {"action": "A1", "period": "2015-05", "state": "accepted", "status": "in_progress",
   "percent": 40, "confidence": "medium", "narrative": "May as well.", "author": "o1"}]}
EOF
"$DIALTURN" import t.db plan.json >/dev/null
PW='a long enough password'
add() { echo "$PW" | "$DIALTURN" user add t.db "$@" >/dev/null; }
add pmo --name 'Pat Office' --role pmo --person perf
add olive --name 'Olive Owner' --role owner --person o1
add ceo --name 'Carol Chief' --role executive --person ceo
export DIALTURN_TODAY=2015-06-08 DIALTURN_NOW=2015-06-02T09:30:00Z
start_server t.db
for who in pmo olive ceo; do sign_in "jar.$who" "$who" "$PW"; done
declare -A CSRF
for who in pmo olive ceo; do CSRF[$who]=$(page_csrf "jar.$who" /work); done
post() { # WHO PATH [name=value...] -> "code location", body in body.html
    local who=$1 path=$2
    shift 2
    local args=()
    for a in "$@"; do args+=(--data-urlencode "$a"); done
    curl -sS -b "jar.$who" -o body.html -w '%{http_code} %{redirect_url}' \
        --data-urlencode "csrf=${CSRF[$who]}" "${args[@]}" "$base$path"
}
# the public surfaces of the corrected month (2015-03) and of the month
# sealed after it but before the correction (2015-04, the latest until May is
# signed off); the feeds show the latest month only
public="/actions/A1 /api/v1/actions/A1 /data/updates.csv /data/plan.json /themes/T1 /plan"
feeds="/feed.atom /actions/A1/feed.atom"
snap() { # DIR: each public path as at 2015-03 (DIR/N) and 2015-04 (DIR/N.apr), each feed
    mkdir -p "$1"
    local i=0 p
    for p in $public; do
        i=$((i + 1))
        curl -sS -o "$1/$i" "$base$p?as_at=2015-03"
        curl -sS -o "$1/$i.apr" "$base$p?as_at=2015-04"
    done
    for p in $feeds; do
        i=$((i + 1))
        curl -sS -o "$1/$i.feed" "$base$p"
    done
}
snap before
row() { sqlite3 t.db "select state || ' ' || status || ' ' || percent || ' ' || coalesce(confidence, '-') from progress_update where id = 1"; }
row_before=$(row)

# --- refused -------------------------------------------------------------------------------------
expect_fail "a month not signed off is not corrected" '2015-05 is not signed off' \
    "$DIALTURN" correct t.db --action A1 --period 2015-05 --field percent --value 25 \
    --reason "Miscounted" --as pmo
expect_fail "a correction needs a reason" 'reason: Enter the reason' \
    "$DIALTURN" correct t.db --action A1 --period 2015-03 --field percent --value 25 \
    --reason "  " --as pmo
expect_fail "an owner cannot correct (command line)" 'Action owner.*cannot correct' \
    "$DIALTURN" correct t.db --action A1 --period 2015-03 --field percent --value 25 \
    --reason "Miscounted" --as olive
expect_fail "a status must be one an update reports" 'value: A status must be' \
    "$DIALTURN" correct t.db --action A1 --period 2015-03 --field status --value complete \
    --reason "Done" --as pmo
expect_fail "a value the update already has is no correction" 'already reads so' \
    "$DIALTURN" correct t.db --action A1 --period 2015-03 --field percent --value 10 \
    --reason "Same" --as pmo
code=$(curl -sS -b jar.olive -o body.html -w '%{http_code}' "$base/work/actions/A1/corrections")
expect_eq "an owner cannot open the correction form" 403 "$code"
got=$(post olive /work/actions/A1/corrections period=2015-03 field=percent value=25 reason=Miscounted)
expect_eq "an owner cannot post a correction" 403 "${got%% *}"
got=$(curl -sS -b jar.pmo -o body.html -w '%{http_code}' --data-urlencode period=2015-03 \
    --data-urlencode field=percent --data-urlencode value=25 --data-urlencode reason=x \
    "$base/work/actions/A1/corrections")
expect_eq "a correction without the CSRF token is refused" 403 "$got"
got=$(post pmo /work/actions/A1/corrections period=2015-03 field=status value=blocked reason=)
expect_eq "the form without a reason answers 400" 400 "${got%% *}"
expect_grep "the form says what is missing, at the field" 'id="reason-error"' body.html
expect_grep "the form keeps what was typed" '<option value="blocked"|>blocked</textarea>' body.html
expect_eq "nothing refused reached the ledger" 0 \
    "$(sqlite3 t.db "select count(*) from ledger where tbl = 'update_correction'")"

# --- made: on the web by the programme office, on the command line by the executive -------------
code=$(curl -sS -b jar.pmo -o body.html -w '%{http_code}' "$base/work/actions/A1/corrections")
expect_eq "the programme office opens the correction form" 200 "$code"
expect_grep "the form offers the signed-off month only" '<option value="2015-03"' body.html
if grep -q '<option value="2015-05"' body.html; then fail "the form offers the open month"; fi
got=$(post pmo /work/actions/A1/corrections period=2015-03 field=status value=blocked \
    "reason=The owner reported it wrongly")
expect_eq "the programme office corrects A1's March status" \
    "303 $base/work/actions/A1/corrections?done=corrected" "$got"
"$DIALTURN" correct t.db --action A1 --period 2015-03 --field percent --value 25 \
    --reason "The survey was miscounted" --as ceo >/dev/null
echo "ok: the chief executive corrects A1's March percentage on the command line"
expect_eq "each correction is one ledger entry, by whom it says" "pmo cli:ceo" \
    "$(sqlite3 t.db "select group_concat(json_extract(entry, '$.actor'), ' ') from ledger where tbl = 'update_correction'")"
expect_eq "the update's own row never changed" "$row_before" "$(row)"
"$DIALTURN" verify t.db >/dev/null || fail "verify: $("$DIALTURN" verify t.db 2>&1)"
echo "ok: verify replays the corrections"
code=$(curl -sS -b jar.pmo -o body.html -w '%{http_code}' "$base/work/actions/A1/corrections")
expect_grep "the workspace lists the corrections as they will read" \
    'Corrected on 2015-06-02 by Pat Office: status was in progress, now blocked, because The owner reported it wrongly' body.html

code=$(curl -sS -b jar.pmo -o body.html -w '%{http_code}' "$base/work/actions/A1/history")
expect_grep "the action's history lists the correction" 'Correction of the update for 2015-03' body.html
expect_grep "with its reason" 'The survey was miscounted' body.html

# --- not public before the next sign-off ---------------------------------------------------------
snap unsigned
for f in before/*; do
    cmp -s "$f" "unsigned/${f#before/}" || fail "public ${f#before/} changed before a sign-off: $(diff "$f" "unsigned/${f#before/}" | head -3)"
done
echo "ok: before the next sign-off, no public page, feed, API answer or download changed"

# --- the next month is signed off: shown beside the original ------------------------------------
got=$(post pmo /work/periods/2015-05/close confirm=yes)
expect_eq "pmo closes May" 303 "${got%% *}"
got=$(post ceo /work/periods/2015-05/sign-off confirm=yes)
expect_eq "ceo signs May off" 303 "${got%% *}"
note1='Corrected on 2015-06-02 by Pat Office: status was in progress, now blocked, because The owner reported it wrongly.'
note2='Corrected on 2015-06-02 by Carol Chief: percent was 10% complete, now 25% complete, because The survey was miscounted.'
curl -sS -o page.html "$base/actions/A1"
expect_grep "the action page shows the status correction" "$note1" page.html
expect_grep "the action page shows the percentage correction" "$note2" page.html
python3 - "$base" "$note1" "$note2" <<'PY' || fail "the API does not give the corrections"
import json, sys, urllib.request
d = json.load(urllib.request.urlopen(sys.argv[1] + "/api/v1/actions/A1"))
d = d.get("data", d)
u = [x for x in d["history"] if x["period"] == "2015-03"][0]
assert u["status"] == "blocked" and u["percent"] == 25, u
c = u["corrections"]
assert [x["note"] for x in c] == [sys.argv[2], sys.argv[3]], c
assert c[0]["field"] == "status" and c[0]["was"] == "in_progress" and c[0]["now"] == "blocked", c
assert c[0]["by"] == "Pat Office" and c[0]["corrected_on"] == "2015-06-02", c
assert c[1]["reason"] == "The survey was miscounted", c
assert not [x for x in d["history"] if x["period"] == "2015-05"][0].get("corrections"), d
PY
echo "ok: the API gives the corrected update with its corrections"
python3 - "$base" "$note1" "$note2" <<'PY' || fail "updates.csv does not give the corrections"
import csv, io, sys, urllib.request
t = urllib.request.urlopen(sys.argv[1] + "/data/updates.csv").read().decode()
rows = {(r["action"], r["period"]): r for r in csv.DictReader(io.StringIO(t))}
r = rows[("A1", "2015-03")]
assert r["status"] == "blocked" and r["percent"] == "25", r
assert r["correction"] == sys.argv[2] + "\n" + sys.argv[3], r
assert rows[("A2", "2015-03")]["correction"] == "", rows
PY
echo "ok: updates.csv gives the corrected values and the corrections"
python3 - "$base" "$note1" <<'PY' || fail "plan.json does not give the corrections"
import json, sys, urllib.request
d = json.load(urllib.request.urlopen(sys.argv[1] + "/data/plan.json"))
u = [x for x in d["updates"] if x["action"] == "A1" and x["period"] == "2015-03"][0]
assert u["status"] == "blocked" and u["correction"].startswith(sys.argv[2]), u
PY
echo "ok: plan.json gives the corrected update with its corrections"

curl -sS -o feed.xml "$base/actions/A1/feed.atom"
expect_grep "the action's feed shows the correction with the update" \
    'Corrected on 2015-06-02 by Pat Office: status was in progress, now blocked' feed.xml
curl -sS -o page.html "$base/actions/A1"
expect_grep "the public history of the action lists the correction" \
    'Correction of the update for 2015-03' page.html

# --- the months sealed before it never change ---------------------------------------------------
snap after
i=0
for p in $public; do
    i=$((i + 1))
    cmp -s "before/$i" "after/$i" || fail "$p as at 2015-03 changed: $(diff "before/$i" "after/$i" | head -5)"
    if grep -q 'Corrected on' "after/$i.apr"; then fail "$p as at 2015-04 shows a later correction"; fi
done
echo "ok: every public surface as at 2015-03 is byte for byte as signed off; 2015-04 shows no correction"
"$DIALTURN" verify t.db >/dev/null || fail "verify: $("$DIALTURN" verify t.db 2>&1)"
echo "ok: verify passes after the sign-off"
if sqlite3 t.db "update update_correction set reason = 'x'" 2>/dev/null; then
    fail "a correction could be changed"
fi
echo "ok: a correction is itself never changed"
echo "test_corrections: all passed"
