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

# a narrative corrected: its new words are searched from the next sign-off on
found() { # PATH: whether the update results of search PATH list one of A1's
    curl -sS -o found.html "$base$1"
    grep -q 'href="/actions/A1' found.html
}
"$DIALTURN" correct t.db --action A1 --period 2015-04 --field narrative \
    --value "April: the roofers found asbestos." --reason "The owner left the survey out" \
    --as pmo >/dev/null
found "/search?q=asbestos&type=updates" && fail "the corrected words are found before the next sign-off"
found "/search?q=too&type=updates" || fail "the words as written are not found before the next sign-off"
echo "ok: before the next sign-off, search finds the words as written, not the corrected ones"
"$DIALTURN" verify t.db >/dev/null || fail "verify: $("$DIALTURN" verify t.db 2>&1)"
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
found "/search?q=asbestos&type=updates" || fail "the corrected words are not found after the sign-off"
found "/search?q=asbestos&type=updates&as_at=2015-05" || fail "the corrected words are not found as at 2015-05"
found "/search?q=asbestos&type=updates&as_at=2015-04" && fail "the corrected words are found as at 2015-04"
found "/search?q=too&type=updates&as_at=2015-04" || fail "the words as written are not found as at 2015-04"
found "/search?q=too&type=updates" && fail "the words corrected away are still found now"
curl -sS -o found.html "$base/search?q=asbestos&type=updates"
expect_grep "the hit's snippet is the corrected wording" 'roofers found <mark[^>]*>asbestos</mark>' found.html
echo "ok: search finds the corrected words from the sign-off that made them public, as written before"
"$DIALTURN" verify t.db >/dev/null || fail "verify: $("$DIALTURN" verify t.db 2>&1)"
echo "ok: verify passes after the sign-off"
if sqlite3 t.db "update update_correction set reason = 'x'" 2>/dev/null; then
    fail "a correction could be changed"
fi
echo "ok: a correction is itself never changed"
sqlite3 t.db "insert into search_correction (rowid, narrative) values (999, 'forged words')"
expect_fail "verify catches a forged row in the corrected words' index" \
    'search index search_correction has row 999, which no update_correction row has' \
    "$DIALTURN" verify t.db
sqlite3 t.db "delete from search_correction where rowid = 999"
"$DIALTURN" verify t.db >/dev/null || fail "verify: $("$DIALTURN" verify t.db 2>&1)"

# --- the interchange: export -> import into a new file -> export, byte for byte ----------------
"$DIALTURN" export t.db >x1.json
python3 - x1.json <<'PY' || fail "the export does not carry the corrections"
import json, sys
d = json.load(open(sys.argv[1]))
c = d["corrections"]
assert [(x["action"], x["period"], x["field"]) for x in c] == [
    ("A1", "2015-03", "status"), ("A1", "2015-03", "percent"), ("A1", "2015-04", "narrative")], c
assert c[0] == {"action": "A1", "period": "2015-03", "field": "status", "old_value": "in_progress",
                "new_value": "blocked", "reason": "The owner reported it wrongly", "by": "perf",
                "by_name": "Pat Office", "corrected_on": "2015-06-02",
                "at": "2015-06-02T09:30:00Z", "public_from": "2015-05"}, c[0]
assert c[1]["by"] == "ceo" and c[1]["old_value"] == "10" and c[1]["new_value"] == "25", c[1]
assert list(d)[-1] == "corrections", list(d)
PY
echo "ok: the export carries every correction, who made it, when and from which month it is public"
"$DIALTURN" import copy.db x1.json >/dev/null
"$DIALTURN" export copy.db >x2.json
cmp x1.json x2.json || fail "export -> import -> export differs: $(diff x1.json x2.json | head -5)"
echo "ok: export -> import into a new file -> export is byte for byte the same, corrections and all"
"$DIALTURN" verify copy.db >/dev/null || fail "verify copy.db: $("$DIALTURN" verify copy.db 2>&1)"
echo "ok: verify passes on the imported file (its ledger and search index hold the corrections)"
"$DIALTURN" import copy.db x1.json >/dev/null
expect_eq "importing the same document again adds no correction" 3 \
    "$(sqlite3 copy.db "select count(*) from update_correction")"
first=$base
start_server copy.db
for m in "" "?as_at=2015-03" "?as_at=2015-04" "?as_at=2015-05"; do
    curl -sS "$first/actions/A1$m" | grep -o 'Corrected on[^<]*' >notes.t || true
    curl -sS "$base/actions/A1$m" | grep -o 'Corrected on[^<]*' >notes.copy || true
    cmp -s notes.t notes.copy || fail "/actions/A1$m: the imported file shows other corrections: $(diff notes.t notes.copy | head -4)"
done
[ "$(wc -l <notes.t)" -ge 3 ] || fail "the public page shows fewer corrections than made"
curl -sS "$base/actions/A1?as_at=2015-03" | grep -q 'Corrected on' &&
    fail "the imported file shows a correction as at the month it corrects"
found "/search?q=asbestos&type=updates" || fail "the imported file's search misses the corrected words"
found "/search?q=asbestos&type=updates&as_at=2015-04" && fail "the imported file finds corrected words as at 2015-04"
echo "ok: the imported file's public pages and search show the same corrections from the same months"

# refusals name the path and the field; nothing is imported
bad() { # WHAT PATTERN PYTHON-EDIT-OF-c (the first correction)
    python3 - x1.json "$3" >bad.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
c = d["corrections"][0]
exec(sys.argv[2])
print(json.dumps(d))
PY
    rm -f bad.db
    expect_fail "$1" "$2" "$DIALTURN" import bad.db bad.json
    [ ! -e bad.db ] || fail "$1: a file was left behind"
}
bad "an unknown field is refused" 'corrections\[0\]\.field: must be one of' 'c["field"] = "owner"'
bad "an update that does not exist is refused" \
    'corrections\[0\]\.period: action A2 has no update in 2015-04' 'c["action"] = "A2"; c["period"] = "2015-04"'
bad "an update of a month not signed off is refused" \
    'corrections\[0\]\.period: .*not an accepted update of a signed-off month' 'c["period"] = "2015-06"; d["updates"].append(dict(d["updates"][0], period="2015-06")); d["periods"].append({"month": "2015-06", "status": "open"})'
bad "a value the field does not take is refused" 'corrections\[0\]\.new_value: A status must be' 'c["new_value"] = "complete"'
bad "an old value that is not the one before is refused" \
    'corrections\[0\]\.old_value: must be the value the status read before this correction \("in_progress"\)' 'c["old_value"] = "not_started"'
bad "an unknown author is refused" 'corrections\[0\]\.by: no person has ref "nobody"' 'c["by"] = "nobody"'
bad "a correction dated before the sign-off is refused" 'corrections\[0\]\.corrected_on: 2015-03-31 is before 2015-03 was signed off' 'c["corrected_on"] = "2015-03-31"; c["at"] = "2015-03-31T10:00:00Z"'
bad "a time not on corrected_on is refused" 'corrections\[0\]\.at: must be the time' 'c["at"] = "2015-06-03T09:30:00Z"'
bad "public from the month corrected is refused" 'corrections\[0\]\.public_from: 2015-03 is not after 2015-03' 'c["public_from"] = "2015-03"'
bad "public from a month signed off before it was made is refused" \
    'corrections\[0\]\.public_from: 2015-04 was signed off before the correction was made' 'c["public_from"] = "2015-04"'
bad "a correction without a reason is refused" 'corrections\[0\]\.reason: is required' 'del c["reason"]'
bad "an unknown key is refused" 'corrections\[0\]\.note: unknown key' 'c["note"] = "x"'
bad "corrections out of order are refused" 'corrections\[1\]\.at: is before that of corrections\[0\]' 'd["corrections"][1]["at"] = "2015-06-02T09:00:00Z"'
python3 - x1.json >changed.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["corrections"][0]["reason"] = "Rewritten afterwards"
print(json.dumps(d))
PY
expect_fail "a correction the file holds is never changed by an import" \
    'corrections\[0\]: differs from the correction of A1 in 2015-03 the file holds' \
    "$DIALTURN" import copy.db changed.json

# --- CSV: the public updates.csv comes back ----------------------------------------------------
curl -sS -o updates.csv "$first/data/updates.csv"
head -1 updates.csv | grep -q ',correction' || fail "the public updates.csv has no correction column"
expect_fail "a CSV row whose values are as corrected is refused, naming its line and column" \
    'updates.csv: line [0-9]+, column correction: this row.s values are as corrected .*dialturn export' \
    "$DIALTURN" import copy.db updates.csv
python3 - updates.csv >uncorrected.csv <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
i = rows[0].index("correction")
w = csv.writer(sys.stdout, lineterminator="\r\n")
for r in rows:
    if r is rows[0] or not r[i]:
        w.writerow(r)
PY
"$DIALTURN" import copy.db uncorrected.csv >/dev/null
"$DIALTURN" export copy.db >x3.json
cmp x1.json x3.json || fail "importing the uncorrected rows changed the file: $(diff x1.json x3.json | head -5)"
echo "ok: rows without a correction import as before, the empty column ignored, nothing rewritten"

# a new correction in the document: added, public from the month it says
more() { # PUBLIC_FROM-as-JSON
    python3 - x1.json "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["corrections"].append({"action": "A1", "period": "2015-04", "field": "percent",
    "old_value": "30", "new_value": "35", "reason": "Recounted", "by": None,
    "by_name": "Someone Else", "corrected_on": "2015-06-03", "at": "2015-06-03T10:00:00Z",
    "public_from": json.loads(sys.argv[2])})
print(json.dumps(d))
PY
}
more '"2015-05"' >more.json
expect_fail "a correction public from a month the file sealed before it is refused" \
    'corrections: the correction of A1 in 2015-04 made at 2015-06-03T10:00:00Z became public from 2015-05, whose record this file has sealed already' \
    "$DIALTURN" import copy.db more.json
more null >more.json
"$DIALTURN" import copy.db more.json >/dev/null
expect_eq "a correction not public yet is added" 4 "$(sqlite3 copy.db "select count(*) from update_correction")"
curl -sS "$base/actions/A1" | grep -q 'Recounted' && fail "a correction not public yet is shown"
"$DIALTURN" export copy.db | python3 -c 'import json, sys; c = json.load(sys.stdin)["corrections"][-1]; assert c["public_from"] is None and c["by"] is None and c["new_value"] == "35", c' ||
    fail "the added correction does not export as imported"
"$DIALTURN" verify copy.db >/dev/null || fail "verify copy.db: $("$DIALTURN" verify copy.db 2>&1)"
echo "ok: a correction not yet public is added, not shown, and exported as it came"
echo "test_corrections: all passed"
