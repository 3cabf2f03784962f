#!/usr/bin/env bash
# test_dials.sh — the dials entered on the web and the API, and milestones
# marked achieved (model/dials.h).
#
# The programme office records a month's value of a measure on the workspace
# form and through the write API; the value's checks (a finite decimal, a
# reporting month, not after this month, one value a month) refuse bad input
# with the field named and nothing written; an open month's second value
# replaces the draft, a signed-off month's is a correction that needs a note.
# An owner may not record values; an owner marks a milestone of their own
# action achieved, not another's, and not in the future or before the plan.
# Nothing entered is public before its month is signed off (every public
# page, API answer, download and feed is compared byte for byte); after the
# sign-off the value, the correction beside the original, and the milestone
# among those met in the monthly report are.  verify passes throughout.
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
  {"ref": "o2", "name": "Oscar Other", "role": "Director of Estates", "kind": "officer"},
  {"ref": "perf", "name": "Pat Office", "role": "Head of Performance", "kind": "officer"}],
 "themes": [{"ref": "T1", "title": "Governance", "lead": "ceo"}],
 "actions": [
  {"ref": "A1", "theme": "T1", "title": "Adopt the constitution", "owner": "o1",
   "start": "2015-03-01", "finish": "2015-09-30", "status": "in_progress"},
  {"ref": "A2", "theme": "T1", "title": "Repair the town hall", "owner": "o2",
   "start": "2015-03-01", "finish": "2015-12-31", "status": "not_started"}],
 "milestones": [
  {"ref": "M1", "action": "A1", "title": "Constitution drafted ZQXMS1", "due": "2015-05-31",
   "public": true},
  {"ref": "M2", "action": "A2", "title": "Scaffolding up", "due": "2015-06-30", "public": true}],
 "periods": [{"month": "2015-03", "status": "signed_off", "signed_off_on": "2015-04-10",
              "signed_off_by": "ceo"},
             {"month": "2015-04", "status": "signed_off", "signed_off_on": "2015-05-11",
              "signed_off_by": "ceo"},
             {"month": "2015-05", "status": "open"}],
 "measures": [
  {"ref": "K1", "title": "Staff appraised", "unit": "%", "direction": "up",
   "baseline": 30.0, "baseline_date": "2015-03-31", "target": 90.0, "target_date": "2016-03-31",
   "tolerance_pct": 10, "theme": "T1", "actions": ["A1"]},
  {"ref": "K2", "title": "Vacancy rate", "unit": "%", "direction": "down",
   "baseline": 20.0, "baseline_date": "2015-03-31", "target": 10.0, "target_date": "2016-03-31",
   "tolerance_pct": 10, "theme": "T1", "actions": []}],
 "measure_values": [
  {"measure": "K1", "date": "2015-03-31", "value": 30.0},
  {"measure": "K1", "date": "2015-04-30", "value": 40.0}]}
EOF
"$DIALTURN" import t.db plan.json >/dev/null
PW='a long enough password'
add() { echo "$PW" | "$DIALTURN" user add t.db "$@" >/dev/null; }
add pmo --name 'Pat Office' --role pmo --person perf
add olive --name 'Olive Owner' --role owner --person o1
add ceo --name 'Carol Chief' --role executive --person ceo
add vic --name 'Vic Viewer' --role viewer
export DIALTURN_TODAY=2015-06-08 DIALTURN_NOW=2015-06-02T09:30:00Z
start_server t.db
for who in pmo olive ceo vic; do sign_in "jar.$who" "$who" "$PW"; done
declare -A CSRF
for who in pmo olive ceo vic; do CSRF[$who]=$(page_csrf "jar.$who" /work); done
post() { # WHO PATH [name=value...] -> "code location", body in body.html
    local who=$1 path=$2
    shift 2
    local args=()
    for a in "$@"; do args+=(--data-urlencode "$a"); done
    curl -sS -b "jar.$who" -o body.html -w '%{http_code} %{redirect_url}' \
        --data-urlencode "csrf=${CSRF[$who]}" "${args[@]}" "$base$path"
}
get() { # WHO PATH -> code, body in body.html
    curl -sS -b "jar.$1" -o body.html -w '%{http_code}' "$base$2"
}
values() { sqlite3 t.db "select group_concat(date || '=' || value, ' ') from (select * from measure_value where measure_id = (select id from measure where ref = '$1') order by date)"; }

# every public surface, as the latest signed-off month (2015-04) shows it
public="/ /measures /measures/K1 /measures/K2 /milestones /actions/A1 /api/v1/measures
/api/v1/measures/K1 /api/v1/milestones /data/measure_values.csv /data/plan.json
/data/actions.csv /feed.atom /actions/A1/feed.atom /reports /reports/2015-04 /reports/2015-04.md
/search?q=ZQXMS1 /search?q=appraised"
snap() { # DIR
    mkdir -p "$1"
    local i=0 p
    for p in $public; do
        i=$((i + 1))
        curl -sS -o "$1/$i" "$base$p"
    done
}
snap before

# --- who may -------------------------------------------------------------------------------------
expect_eq "the programme office opens the measures" 200 "$(get pmo /work/measures)"
expect_grep "the list says what is due this month" 'Values are due for <strong>2015-05</strong>' body.html
expect_grep "K1 has no value for May yet" 'govuk-tag--yellow">Due</strong> <a class="govuk-link" href="/work/measures/K1"' body.html
expect_grep "K1's latest value is April's" '40 % \(2015-04\)' body.html
expect_eq "an owner may not record values" 403 "$(get olive /work/measures)"
expect_eq "a viewer may not record values" 403 "$(get vic /work/measures/K1)"
got=$(post olive /work/measures/K1 month=2015-05 value=41)
expect_eq "an owner's value is refused" 403 "${got%% *}"
expect_eq "anonymous readers are sent to sign in" 303 \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$base/work/measures")"
code=$(curl -sS -b jar.pmo -o body.html -w '%{http_code}' --data-urlencode month=2015-05 \
    --data-urlencode value=41 "$base/work/measures/K1")
expect_eq "a value without the CSRF token is refused" 403 "$code"

# --- the value's checks --------------------------------------------------------------------------
expect_eq "the form opens" 200 "$(get pmo /work/measures/K1)"
expect_grep "the form offers the open month, chosen" '<option value="2015-05" selected>2015-05</option>' body.html
expect_grep "and a signed-off month, said so" '<option value="2015-04">2015-04 \(signed off\)' body.html
for bad in abc 1e999 1e16 -1.7e308 1,000 inf nan 0x10 '12.' '' ' 5' '42 %'; do
    got=$(post pmo /work/measures/K1 month=2015-05 "value=$bad")
    expect_eq "value '$bad' is refused" 400 "${got%% *}"
    expect_grep "at the value field ('$bad')" 'id="value-error"' body.html
done
expect_grep "the form keeps what was typed" 'name="value" type="text" inputmode="decimal" spellcheck="false" aria-describedby="value-hint value-error" value="42 %"' body.html
got=$(post pmo /work/measures/K1 month=2015-07 value=41)
expect_eq "a month after this one is refused" 400 "${got%% *}"
expect_grep "saying why" 'cannot be for a month after this one' body.html
got=$(post pmo /work/measures/K1 month=2015-02 value=41)
expect_eq "a month that is no reporting month is refused" 400 "${got%% *}"
expect_grep "saying why" '2015-02 is not one of the plan' body.html
got=$(post pmo /work/measures/K1 month=2015-13 value=41)
expect_eq "a month that does not exist is refused" 400 "${got%% *}"
got=$(post pmo /work/measures/K9 month=2015-05 value=41)
expect_eq "an unknown measure is 404" 404 "${got%% *}"
expect_eq "nothing refused reached the ledger" 0 \
    "$(sqlite3 t.db "select count(*) from ledger where tbl in ('measure_value', 'measure_entry') and seq > (select max(head_seq) from month_record)")"

# --- an open month: a draft, then a second value replaces it ------------------------------------
got=$(post pmo /work/measures/K1 month=2015-05 value=41.5 "source=HR system ZQXSRC" note=)
expect_eq "the programme office records May's value" \
    "303 $base/work/measures/K1?done=value-recorded" "$got"
got=$(post pmo /work/measures/K1 month=2015-05 value=-0.25)
expect_eq "a second value for the open month replaces the draft" 303 "${got%% *}"
expect_eq "one value for May, the latest" "2015-03-31=30.0 2015-04-30=40.0 2015-05-31=-0.25" "$(values K1)"
got=$(post pmo /work/measures/K1 month=2015-05 value=-0.25)
expect_eq "the value it already reads is refused" 400 "${got%% *}"
get pmo /work/measures/K1 >/dev/null
expect_grep "the entries list the draft replaced" '\(replaced the draft 41.5\)' body.html
expect_grep "with its source" 'Source: HR system ZQXSRC' body.html

# --- a signed-off month: a correction, with a note ----------------------------------------------
got=$(post pmo /work/measures/K1 month=2015-04 value=45)
expect_eq "a correction without a note is refused" 400 "${got%% *}"
expect_grep "saying why, at the note" 'id="note-error"' body.html
got=$(post pmo /work/measures/K1 month=2015-04 value=45 "note=The April return was late ZQXNOTE")
expect_eq "the correction is recorded" "303 $base/work/measures/K1?done=value-corrected" "$got"
expect_eq "the value reads as corrected" "2015-03-31=30.0 2015-04-30=45.0 2015-05-31=-0.25" "$(values K1)"
expect_eq "the correction is a record of its own" "correction 40.0 45.0" \
    "$(sqlite3 t.db "select kind || ' ' || old_value || ' ' || value from measure_entry where month = '2015-04'")"
"$DIALTURN" verify t.db >/dev/null || fail "verify: $("$DIALTURN" verify t.db 2>&1)"
echo "ok: verify replays the values and their entries"

# --- the write API -------------------------------------------------------------------------------
token_of() { # WHO -> a new API token of theirs
    post "$1" /work/account/tokens token_name=e2e >/dev/null
    grep -o 'id="token" type="text" readonly value="[0-9a-f]*"' body.html | grep -o '[0-9a-f]\{64\}'
}
T_PMO=$(token_of pmo)
T_OLIVE=$(token_of olive)
api() { # TOKEN PATH BODY -> code, answer in api.json
    local auth=()
    [ -z "$1" ] || auth=(-H "Authorization: Bearer $1")
    curl -sS -o api.json -D api.head -w '%{http_code}' "${auth[@]}" \
        -H 'Content-Type: application/json' --data "$3" "$base$2"
}
expect_eq "the API refuses a value without a token" 401 \
    "$(api '' /api/v1/measures/K2/values '{"month": "2015-05", "value": 12}')"
expect_eq "the API refuses an owner's value" 403 \
    "$(api "$T_OLIVE" /api/v1/measures/K2/values '{"month": "2015-05", "value": 12}')"
expect_eq "the API refuses a value that is a string" 400 \
    "$(api "$T_PMO" /api/v1/measures/K2/values '{"month": "2015-05", "value": "12"}')"
expect_grep "with problem details" 'application/problem\+json' api.head
expect_eq "the problem names the field" value "$(jq -r '.errors[0].field' api.json)"
for big in -1.7e308 1.7e308 1e16; do
    # finite, but beyond any measure's number: a chart of it would be -nan and inf for ever
    expect_eq "the API refuses the value $big" 400 \
        "$(api "$T_PMO" /api/v1/measures/K2/values "{\"month\": \"2015-05\", \"value\": $big}")"
    expect_grep "saying what a value may be" 'from -1e15 to 1e15' api.json
done
expect_eq "a plan file with such a baseline is refused whole" 1 \
    "$("$DIALTURN" export t.db --out big.json && jq '.measures[0].baseline = 1e300' big.json >big2.json &&
        { "$DIALTURN" import big.db big2.json 2>big.err; echo $?; })"
expect_grep "naming the measure and the field" 'baseline: must be a number from -1e15 to 1e15' big.err
expect_eq "the API refuses a future month" 400 \
    "$(api "$T_PMO" /api/v1/measures/K2/values '{"month": "2015-09", "value": 12}')"
expect_eq "the API refuses an unknown member" 400 \
    "$(api "$T_PMO" /api/v1/measures/K2/values '{"month": "2015-05", "value": 12, "colour": 1}')"
expect_eq "the API answers 404 for an unknown measure" 404 \
    "$(api "$T_PMO" /api/v1/measures/K9/values '{"month": "2015-05", "value": 12}')"
expect_eq "the API records May's K2" 201 \
    "$(api "$T_PMO" /api/v1/measures/K2/values '{"month": "2015-05", "value": 17.5, "source": "Payroll"}')"
expect_eq "the answer says what was recorded" "K2 2015-05 2015-05-31 17.5 entry null" \
    "$(jq -r '[.measure, .month, .date, .value, .kind, .previous] | map(tostring) | join(" ")' api.json)"
expect_eq "the API corrects a signed-off month only with a note" 400 \
    "$(api "$T_PMO" /api/v1/measures/K1/values '{"month": "2015-03", "value": 31}')"
expect_eq "nothing refused by the API reached the ledger" 1 \
    "$(sqlite3 t.db "select count(*) from measure_value where measure_id = 2")"

# --- milestones ----------------------------------------------------------------------------------
expect_eq "an owner opens the milestones" 200 "$(get olive /work/milestones)"
expect_grep "the owner's own milestone has a form" 'action="/work/milestones/M1"' body.html
expect_no_grep "another's has none" 'action="/work/milestones/M2"' body.html
got=$(post olive /work/milestones/M2 achieved_on=2015-05-20)
expect_eq "an owner may not mark another's milestone" 403 "${got%% *}"
got=$(post olive /work/milestones/M1 achieved_on=2015-06-09)
expect_eq "a date in the future is refused" 400 "${got%% *}"
expect_grep "at the field of that milestone" 'id="achieved_on-M1-error"' body.html
got=$(post olive /work/milestones/M1 achieved_on=2015-02-27)
expect_eq "a date before the plan's start is refused" 400 "${got%% *}"
expect_grep "saying why" 'before the plan.*s start, 2015-03-01' body.html
got=$(post vic /work/milestones/M1 achieved_on=2015-05-20)
expect_eq "a viewer may not mark milestones" 403 "${got%% *}"
got=$(post olive /work/milestones/M1 achieved_on=2015-05-20 "evidence=Signed by the monitoring officer")
expect_eq "the owner marks M1 achieved" "303 $base/work/milestones?done=milestone-achieved" "$got"
expect_eq "M1 is achieved on its date" 2015-05-20 \
    "$(sqlite3 t.db "select achieved_on from milestone where ref = 'M1'")"
expect_eq "the achievement is on the ledger, by its owner" "olive" \
    "$(sqlite3 t.db "select json_extract(entry, '$.actor') from ledger where tbl = 'milestone_achievement'")"
expect_eq "the API marks M2 achieved for the programme office" 201 \
    "$(api "$T_PMO" /api/v1/milestones/M2/achieved '{"achieved_on": "2015-06-01"}')"
expect_eq "the API refuses an owner's mark of another's milestone" 403 \
    "$(api "$T_OLIVE" /api/v1/milestones/M2/achieved '{"achieved_on": "2015-06-01"}')"
"$DIALTURN" verify t.db >/dev/null || fail "verify: $("$DIALTURN" verify t.db 2>&1)"

# --- nothing of it is public before May is signed off -------------------------------------------
snap unsigned
i=0
for p in $public; do
    i=$((i + 1))
    cmp -s "before/$i" "unsigned/$i" || fail "public $p changed before a sign-off: $(diff "before/$i" "unsigned/$i" | head -5)"
done
for f in unsigned/*; do
    for marker in ZQXNOTE ZQXSRC 17.5 -0.25 2015-05-20; do
        if grep -q -- "$marker" "$f"; then fail "$marker is public before the sign-off ($f)"; fi
    done
done
echo "ok: before May is signed off, no public page, API answer, download, feed or report changed"

# --- May is signed off ---------------------------------------------------------------------------
got=$(post pmo /work/periods/2015-05/close confirm=yes)
expect_eq "pmo closes May" 303 "${got%% *}"
got=$(post ceo /work/periods/2015-05/sign-off confirm=yes)
expect_eq "the chief executive signs May off" 303 "${got%% *}"
curl -sS -o pub.html "$base/measures/K1"
expect_grep "May's value is public" 'numeric">-0.25%</td>' pub.html
expect_grep "and April's corrected value" 'numeric">45%</td>' pub.html
expect_grep "the correction of April is beside the original" 'corrected on 2015-06-02 by Pat Office: the value was 40.*, now 45.*, because The April return was late ZQXNOTE' pub.html
curl -sS -o pub.json "$base/api/v1/measures/K2"
expect_grep "the API has K2's May value" '17.5' pub.json
curl -sS -o pub.csv "$base/data/measure_values.csv"
expect_grep "the download has it" 'K2,2015-05-31,17.5' pub.csv
curl -sS -o apr.html "$base/measures/K1?as_at=2015-04"
expect_grep "April's record still shows the value signed off" 'numeric">40%</td>' apr.html
expect_no_grep "not the corrected one" 'numeric">45%</td>' apr.html
expect_no_grep "and no correction" 'ZQXNOTE' apr.html
cmp -s before/16 <(curl -sS "$base/reports/2015-04") || fail "April's report changed"
curl -sS -o may.html "$base/reports/2015-05"
expect_grep "May's report lists M1 among the milestones met" 'ZQXMS1' may.html
"$DIALTURN" verify t.db >/dev/null || fail "verify: $("$DIALTURN" verify t.db 2>&1)"
echo "ok: after the sign-off the values, the correction and the milestone are public; verify passes"

# --- a date in a signed-off record changes only with a reason ------------------------------------
# M1 was achieved on 2015-05-20, which May's record now holds: re-dating it corrects that record,
# which, like a value of a signed-off month, says why; so does a first date back in a sealed month.
got=$(post olive /work/milestones/M1 achieved_on=2015-05-02)
expect_eq "re-dating a sealed achievement without a reason is refused" 400 "${got%% *}"
expect_grep "at the evidence, saying why" 'was achieved on 2015-05-20, which the signed-off record up to 2015-05 holds' body.html
expect_eq "through the API too" 400 \
    "$(api "$T_PMO" /api/v1/milestones/M1/achieved '{"achieved_on": "2015-05-02"}')"
expect_eq "the date is as it was" 2015-05-20 "$(sqlite3 t.db "select achieved_on from milestone where ref = 'M1'")"
got=$(post olive /work/milestones/M1 achieved_on=2015-05-02 "evidence=The minutes show 2 May")
expect_eq "with a reason it is taken, a new record beside the first" "303 $base/work/milestones?done=milestone-achieved" "$got"
expect_eq "both records are kept" "2015-05-20 2015-05-02" \
    "$(sqlite3 t.db "select group_concat(achieved_on, ' ') from (select x.achieved_on from milestone_achievement x join milestone m on m.id = x.milestone_id where m.ref = 'M1' order by x.id)")"
cmp -s may.html <(curl -sS "$base/reports/2015-05") || fail "May's report changed"
"$DIALTURN" verify t.db >/dev/null || fail "verify: $("$DIALTURN" verify t.db 2>&1)"
echo "ok: an achievement dated in a signed-off month changes only with its reason; May's report holds"
