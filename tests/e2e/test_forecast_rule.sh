#!/usr/bin/env bash
# A forecast finish before the action's start is refused on every path an
# update comes in by, with the field named: the owner's form (the message at
# the forecast input), the write API (problem details naming
# forecast_finish), a CSV of updates and a JSON document (one line naming the
# update and the field), and a correction of a signed-off month's update
# (`dialturn correct`).  Nothing refused is stored.  The same holds for a
# percentage that disagrees with the status (15 % while not started).
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
 "people": [
  {"ref": "ceo", "name": "Carol Chief", "role": "Chief Executive", "kind": "officer"},
  {"ref": "o1", "name": "Olive Owner", "role": "Director of Policy", "kind": "officer"}],
 "themes": [{"ref": "T1", "title": "Governance", "lead": "ceo"}],
 "actions": [
  {"ref": "A1", "theme": "T1", "title": "Adopt the constitution", "owner": "o1",
   "start": "2015-03-01", "finish": "2015-09-30", "status": "in_progress"}],
 "periods": [{"month": "2015-03", "status": "signed_off", "signed_off_on": "2015-04-02",
              "signed_off_by": "ceo"},
             {"month": "2015-04", "status": "open"}],
 "updates": [{"action": "A1", "period": "2015-03", "state": "accepted", "status": "in_progress",
              "percent": 5, "narrative": "Begun", "forecast_finish": "2015-09-30", "author": "o1"}]}
JSON
"$DIALTURN" import t.db plan.json >/dev/null
PW='a long enough password'
echo "$PW" | "$DIALTURN" user add t.db olive --name 'Olive Owner' --role owner --person o1 >/dev/null
echo "$PW" | "$DIALTURN" user add t.db pmo --name 'Pat Office' --role pmo >/dev/null
updates() { sqlite3 t.db "SELECT count(*) FROM progress_update WHERE period_id = (SELECT id FROM period WHERE month = '2015-04')"; }

# --- JSON import ------------------------------------------------------------------------
python3 - <<'PY'
import json
d = json.load(open("plan.json"))
d["updates"].append({"action": "A1", "period": "2015-04", "state": "draft", "status": "in_progress",
                 "percent": 10, "narrative": "Early", "forecast_finish": "2015-02-01",
                 "author": "o1"})
json.dump(d, open("early.json", "w"))
PY
expect_fail "JSON import: a forecast before the start is refused, naming the field" \
    'update A1@2015-04: forecast_finish: is before the action.s start' \
    "$DIALTURN" import t.db early.json
expect_eq "JSON import: nothing stored" 0 "$(updates)"

# --- CSV import of updates ------------------------------------------------------------
printf 'action,period,state,status,percent,narrative,forecast_finish\r\nA1,2015-04,draft,in_progress,10,Early,2015-02-01\r\n' >early.csv
expect_fail "CSV import: a forecast before the start is refused, naming the field" \
    'forecast_finish: is before the action.s start' "$DIALTURN" import t.db early.csv
expect_eq "CSV import: nothing stored" 0 "$(updates)"

# --- a correction of March's accepted update ---------------------------------------
expect_fail "correct: a forecast before the start is refused, naming the field" \
    "value: A forecast finish must not be before the action's start \(2015-03-01\)" \
    "$DIALTURN" correct t.db --action A1 --period 2015-03 --field forecast_finish \
    --value 2015-02-01 --reason 'Typed wrong' --as pmo
expect_eq "correct: nothing stored" 0 "$(sqlite3 t.db 'SELECT count(*) FROM update_correction')"

# --- the owner's form -----------------------------------------------------------------
export DIALTURN_TODAY=2015-04-08
start_server t.db
sign_in jar olive "$PW"
CSRF=$(page_csrf jar /work)
post() { # PATH ARGS... -> code; body in body.html
    local path=$1 args=()
    shift
    for a in "$@"; do args+=(--data-urlencode "$a"); done
    curl -sS -b jar -o body.html -w '%{http_code}' --data-urlencode "csrf=$CSRF" "${args[@]}" \
        "$base$path"
}
code=$(post /work/updates/A1 status=in_progress percent=10 confidence=high narrative=Early \
    forecast_finish=2015-02-01 intent=submit)
expect_eq "form: a forecast before the start is refused" 400 "$code"
expect_grep "form: the error summary links to the forecast input" \
    '<a href="#forecast_finish">Forecast finish must not be before the action(&#39;|.)s start \(2015-03-01\)' body.html
expect_grep "form: the typed forecast is kept" 'value="2015-02-01"' body.html
code=$(post /work/updates/A1 status=not_started percent=15 confidence=high narrative=Early \
    intent=submit)
expect_eq "form: 15 % while not started is refused" 400 "$code"
expect_grep "form: the error names the percentage" \
    '<a href="#percent">Percentage complete must be 0 when the status is not started' body.html
expect_eq "form: nothing stored" 0 "$(updates)"

# --- the write API --------------------------------------------------------------------
post /work/account/tokens token_name=e2e >/dev/null
TOKEN=$(grep -o 'id="token" type="text" readonly value="[0-9a-f]*"' body.html | grep -o '[0-9a-f]\{64\}')
[ ${#TOKEN} = 64 ] || fail "no API token was shown"
api() { # BODY -> code; body in api.json
    curl -sS -o api.json -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' --data "$1" "$base/api/v1/actions/A1/update"
}
code=$(api '{"status": "in_progress", "percent": 10, "confidence": "high", "narrative": "Early", "forecast_finish": "2015-02-01", "submit": true}')
expect_eq "API: a forecast before the start is refused" 400 "$code"
expect_eq "API: the problem names forecast_finish" forecast_finish \
    "$(python3 -c 'import json; print(",".join(e["field"] for e in json.load(open("api.json"))["errors"]))')"
expect_grep "API: the message says why" "before the action's start" api.json
code=$(api '{"status": "in_progress", "percent": 10, "confidence": "high", "narrative": "On time", "forecast_finish": "2015-03-01", "submit": true}')
expect_eq "API: a forecast on the start day is taken" 201 "$code"
expect_eq "API: one update stored" 1 "$(updates)"
