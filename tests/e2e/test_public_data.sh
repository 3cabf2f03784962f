#!/usr/bin/env bash
# test_public_data.sh — the public record's data pages, downloads and API:
# /recommendations, /milestones, /measures, /measures/{ref}, /data and its
# files, /api/v1/{organisation,periods,recommendations,milestones,measures}.
#
# Serves the bundled demo (period 2016-03 is open; every unsigned update's
# narrative carries UNPUBLISHED-DRAFT-MARKER) and checks each route's status,
# content type and key content; that nothing unsigned is ever served; that
# ?as_at works everywhere with 400 and 404 for bad months; and that the
# downloads re-import into a fresh database, the CSVs on top changing nothing.
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

# expect_no_grep WHAT PATTERN FILE: PATTERN must not occur in FILE.
expect_no_grep() {
    if grep -qE -- "$2" "$3"; then
        echo "FAIL: $1: /$2/ found in $3:"
        grep -nE -- "$2" "$3" | head -5
        exit 1
    fi
    echo "ok: $1"
}

# fetch PATH FILE: GETs PATH into FILE (headers into FILE.hdr) and prints
# "STATUS CONTENT-TYPE".
fetch() {
    curl -sS -D "$2.hdr" -o "$2" -w '%{http_code} %{content_type}' "$base$1"
}

# expect_get WHAT PATH STATUS CONTENT-TYPE-PREFIX FILE
expect_get() {
    local got
    got=$(fetch "$2" "$5")
    case "$got" in
    "$3 $4"*) echo "ok: $1 ($got)" ;;
    *)
        echo "FAIL: $1: GET $2: expected $3 $4..., got $got"
        head -c 1000 "$5"
        exit 1
        ;;
    esac
}

# json_eq WHAT JQ-FILTER EXPECTED FILE: the filter's compact output.
json_eq() {
    expect_eq "$1" "$3" "$(jq -c "$2" "$4")"
}

# --- the demo, served ------------------------------------------------------------------
"$DIALTURN" demo --db "$tmp/demo.db" --create-only >/dev/null
start_server --log "$tmp/serve" "$tmp/demo.db"
# the fixture is what the security checks assume
expect_eq "the demo has an open 2016-03 with unsigned updates" "open 25" \
    "$(sqlite3 "$tmp/demo.db" "SELECT p.status, count(*) FROM period p JOIN progress_update u
        ON u.period_id = p.id WHERE p.month = '2016-03' AND u.narrative LIKE
        '%UNPUBLISHED-DRAFT-MARKER%'" | tr '|' ' ')"

# --- /recommendations -----------------------------------------------------------------
f=$tmp/recs.html
expect_get "/recommendations" /recommendations 200 "text/html; charset=utf-8" "$f"
expect_grep "recommendations: h1" '<h1 class="govuk-heading-xl">Recommendations</h1>' "$f"
expect_grep "recommendations: coverage summary" \
    "11 of 11 recommendations answered by at least one action" "$f"
expect_grep "recommendations: anchor per recommendation" '<section class="recommendation" id="R1"' "$f"
expect_grep "recommendations: R11 anchor" 'id="R11"' "$f"
expect_grep "recommendations: review heading" '<h2 class="govuk-heading-l" id="review-kerslake">' "$f"
expect_grep "recommendations: action links" '<a class="govuk-link" href="/actions/A1">A1</a>' "$f"
expect_grep "recommendations: status tag" '<strong class="govuk-tag govuk-tag--green">Complete</strong>' "$f"
expect_grep "recommendations: confidence tag with its month" \
    'dialturn-tag--(high|medium|low)">(High|Medium|Low)</strong> <span class="govuk-body-s">[A-Z][a-z]+ 20[0-9]{2}</span>' "$f"
expect_grep "recommendations: tables have captions" '<caption class="govuk-table__caption' "$f"
expect_grep "recommendations: retired actions are marked" '>Retired</strong>' "$f"
# R3 is answered by 15 actions: the list page shows 10 and links to all of them
n=$(awk '/<section class="recommendation" id="R3"/,/<\/section>/' "$f" | grep -c 'href="/actions/' || true)
expect_eq "recommendations: a long list stops at 10 actions" 10 "$n"
expect_grep "recommendations: and links to the rest" \
    'Showing 10 of 15 actions. <a class="govuk-link" href="/recommendations/R3">See all 15' "$f"
f=$tmp/r3.html
expect_get "/recommendations/R3" /recommendations/R3 200 "text/html; charset=utf-8" "$f"
expect_grep "recommendation R3: its own heading" '<h1 class="govuk-heading-xl">Recommendation R3</h1>' "$f"
n=$(grep -c 'href="/actions/' "$f" || true)
expect_eq "recommendation R3: all 15 answering actions" 15 "$n"
expect_get "/recommendations/R3?page=2 (only one page)" '/recommendations/R3?page=2' 404 \
    "text/html; charset=utf-8" "$tmp/r3p2.html"
expect_get "/recommendations/R3?page=x" '/recommendations/R3?page=x' 400 "text/html; charset=utf-8" \
    "$tmp/r3px.html"
expect_get "/recommendations/R99" /recommendations/R99 404 "text/html; charset=utf-8" "$tmp/r99.html"

# --- /milestones ----------------------------------------------------------------------
f=$tmp/ms.html
expect_get "/milestones" /milestones 200 "text/html; charset=utf-8" "$f"
expect_grep "milestones: h1" '<h1 class="govuk-heading-xl">The journey ahead</h1>' "$f"
expect_grep "milestones: grouped by month" '<h2 class="govuk-heading-m" id="month-2015-03">March 2015</h2>' "$f"
expect_grep "milestones: achieved tag" '<strong class="govuk-tag govuk-tag--green">Achieved</strong>' "$f"
expect_grep "milestones: achieved late (M13, against its baseline)" \
    'id="M13".*govuk-tag--yellow">Achieved late</strong> <span class="govuk-body-s">11 days late' "$f"
expect_grep "milestones: what is next" "Next on the journey" "$f"
expect_grep "milestones: the action each belongs to" 'href="/actions/A45">A45</a>' "$f"
expect_no_grep "milestones: non-public M26 and M27 are not shown" 'id="M2[67]"|Senior structure consultation|360-degree review pilot' "$f"
expect_no_grep "milestones: one page, no pagination" 'govuk-pagination' "$f"
expect_get "milestones: a page that is not a number" "/milestones?page=x" 400 "text/html" "$tmp/msx.html"
expect_get "milestones: a page past the last" "/milestones?page=2" 404 "text/html" "$tmp/ms2.html"
# M14 was achieved on 2016-03-10: the open month, so not yet public
expect_grep "milestones: an achievement in the open month is not shown" \
    'id="M14".*Forecast <time datetime="2016-03-10">' "$f"

# --- /measures and /measures/{ref} --------------------------------------------------------
f=$tmp/measures.html
expect_get "/measures" /measures 200 "text/html; charset=utf-8" "$f"
expect_grep "measures: h1" '<h1 class="govuk-heading-xl">Measures</h1>' "$f"
expect_grep "measures: link to each measure" '<a class="govuk-link" href="/measures/K1">Staff with a completed appraisal</a>' "$f"
expect_grep "measures: K1 latest is February's 92%" '>92%<br><span class="govuk-body-s">on <time datetime="2016-02-29">' "$f"
expect_grep "measures: status tags" '<strong class="govuk-tag govuk-tag--yellow">Near target</strong>' "$f"
expect_grep "measures: off target" '<strong class="govuk-tag govuk-tag--red">Off target</strong>' "$f"
expect_grep "measures: a sparkline per measure" '<svg class="chart chart--spark"[^>]*role="img" aria-labelledby="spark-K1"' "$f"
expect_grep "measures: currency unit" '£1,450k' "$f"
expect_no_grep "measures: no value dated in the open month" 'on <time datetime="2016-03' "$f"

f=$tmp/k1.html
expect_get "/measures/K1" /measures/K1 200 "text/html; charset=utf-8" "$f"
expect_grep "measure: heading" '<h1 class="govuk-heading-xl">Staff with a completed appraisal</h1>' "$f"
expect_grep "measure: summary list" '<dl class="govuk-summary-list">' "$f"
expect_grep "measure: chart is an image with a title" \
    '<svg class="chart chart--trend"[^>]*role="img" aria-labelledby="chart-title chart-desc"' "$f"
expect_grep "measure: chart title" '<title id="chart-title">' "$f"
for cls in chart__axis chart__line chart__point chart__target chart__trajectory chart__band; do
    expect_grep "measure: chart draws $cls" "class=\"$cls\"" "$f"
done
expect_grep "measure: data table alternative" '<caption class="govuk-table__caption govuk-table__caption--m">Values of' "$f"
expect_grep "measure: planned trajectory in the table" '<time datetime="2015-04-30">30 Apr 2015</time></td><td class="govuk-table__cell govuk-table__cell--numeric">39.3%</td><td class="govuk-table__cell govuk-table__cell--numeric">42.7%</td>' "$f"
expect_grep "measure: its theme" 'href="/themes/T3">T3</a>' "$f"
expect_grep "measure: its actions" 'href="/actions/A26">A26</a>' "$f"
expect_no_grep "measure: no inline style (CSP)" 'style=' "$f"
expect_no_grep "measure: no value of the open month" 'on <time datetime="2016-03|<td class="govuk-table__cell"><time datetime="2016-03|\(31 Mar 2016\)' "$f"
expect_get "/measures/K99 is 404" /measures/K99 404 "text/html" "$tmp/k99.html"

# --- /data and the downloads ------------------------------------------------------------
f=$tmp/data.html
expect_get "/data" /data 200 "text/html; charset=utf-8" "$f"
expect_grep "data: h1" '<h1 class="govuk-heading-xl">Open data</h1>' "$f"
for d in plan.json actions.csv updates.csv measure_values.csv; do
    expect_grep "data: lists $d" "href=\"/data/$d\" download>$d</a>" "$f"
done
expect_grep "data: the signed-off months, as at" 'href="/data\?as_at=2015-03">March 2015</a>' "$f"
expect_no_grep "data: the open month is not offered" 'as_at=2016-03' "$f"

expect_get "plan.json" /data/plan.json 200 "application/json" "$tmp/plan.json"
expect_header() {
    if ! tr -d '\r' <"$3" | grep -qiE -- "$2"; then
        echo "FAIL: $1: header /$2/ not in:"
        cat "$3"
        exit 1
    fi
    echo "ok: $1"
}
expect_header "plan.json is a download" '^content-disposition: attachment; filename="plan-2016-02.json"$' "$tmp/plan.json.hdr"
json_eq "plan.json is dialturn-plan/1" '.format' '"dialturn-plan/1"' "$tmp/plan.json"
json_eq "plan.json: signed-off periods only" '[.periods[] | select(.status != "signed_off")] | length' 0 "$tmp/plan.json"
json_eq "plan.json: twelve months, to 2016-02" '[.periods | length, .[-1].month]' '[12,"2016-02"]' "$tmp/plan.json"
json_eq "plan.json: accepted updates only" '[.updates[] | select(.state != "accepted")] | length' 0 "$tmp/plan.json"
json_eq "plan.json: no update of 2016-03" '[.updates[] | select(.period == "2016-03")] | length' 0 "$tmp/plan.json"
json_eq "plan.json: public milestones only" '[.milestones[] | select(.public | not)] | length' 0 "$tmp/plan.json"
json_eq "plan.json: no value after the month" '[.measure_values[] | select(.date > "2016-02-29")] | length' 0 "$tmp/plan.json"
expect_no_grep "plan.json: no unpublished narrative" 'UNPUBLISHED-DRAFT-MARKER' "$tmp/plan.json"

for kind in actions updates measure_values; do
    expect_get "$kind.csv" "/data/$kind.csv" 200 "text/csv; charset=utf-8" "$tmp/$kind.csv"
    expect_header "$kind.csv is a download" "^content-disposition: attachment; filename=\"$kind-2016-02.csv\"$" "$tmp/$kind.csv.hdr"
done
expect_grep "updates.csv has its header" '^action,period,state,' "$tmp/updates.csv"
expect_no_grep "updates.csv: no unpublished narrative" 'UNPUBLISHED-DRAFT-MARKER' "$tmp/updates.csv"
expect_no_grep "updates.csv: no update of 2016-03" ',2016-03,' "$tmp/updates.csv"
expect_no_grep "updates.csv: accepted updates only" ',(draft|submitted|returned),' "$tmp/updates.csv"
expect_no_grep "measure_values.csv: nothing after the month" '2016-03-' "$tmp/measure_values.csv"

# The downloads re-import: plan.json into a fresh database exports back the
# same bytes, and the CSVs on top of it change nothing.
"$DIALTURN" init "$tmp/fresh.db" --org "Somewhere Else" >/dev/null
"$DIALTURN" import "$tmp/fresh.db" "$tmp/plan.json" >/dev/null
"$DIALTURN" export "$tmp/fresh.db" --out "$tmp/reexport.json"
if ! cmp -s "$tmp/plan.json" "$tmp/reexport.json"; then
    echo "FAIL: plan.json re-imported does not export the same"
    diff "$tmp/plan.json" "$tmp/reexport.json" | head -20
    exit 1
fi
echo "ok: plan.json re-imports into a fresh database and exports the same bytes"
ledger_before=$(sqlite3 "$tmp/fresh.db" "SELECT count(*) FROM ledger")
for kind in actions updates measure_values; do
    "$DIALTURN" import "$tmp/fresh.db" "$tmp/$kind.csv" >/dev/null
done
expect_eq "the CSVs on top change nothing (ledger)" "$ledger_before" \
    "$(sqlite3 "$tmp/fresh.db" "SELECT count(*) FROM ledger")"
"$DIALTURN" export "$tmp/fresh.db" --out "$tmp/reexport2.json"
cmp -s "$tmp/plan.json" "$tmp/reexport2.json" && echo "ok: the CSVs on top change nothing (export)" ||
    { echo "FAIL: the CSV import changed the plan"; exit 1; }
"$DIALTURN" verify "$tmp/fresh.db" >/dev/null
echo "ok: the re-imported database verifies"

# --- the API ------------------------------------------------------------------------------
expect_get "/api/v1/organisation" /api/v1/organisation 200 "application/json" "$tmp/org.json"
json_eq "organisation: shape" '[.name, .slug, .timezone, .rating_scale, .latest_period]' \
    '["Birmingham City Council (demo)","birmingham","Europe/London","confidence3","2016-02"]' "$tmp/org.json"
json_eq "organisation: levels" '[.levels[] | .key]' '["high","medium","low"]' "$tmp/org.json"
json_eq "organisation: level fields" '.levels[0] | keys_unsorted' '["key","label","colour"]' "$tmp/org.json"

expect_get "/api/v1/periods" /api/v1/periods 200 "application/json" "$tmp/periods.json"
json_eq "periods: signed-off months only" '[(.data | length), (.data[0] | del(.ledger_head)), .data[-1].month]' \
    '[12,{"month":"2015-03","status":"signed_off","signed_off_on":"2015-04-10"},"2016-02"]' "$tmp/periods.json"
json_eq "periods: each with its seal" '[.data[] | (.ledger_head.hash | test("^[0-9a-f]{64}$")) and .ledger_head.entries > 0] | all' \
    'true' "$tmp/periods.json"

expect_get "/api/v1/recommendations" /api/v1/recommendations 200 "application/json" "$tmp/recs.json"
json_eq "recommendations: R1" '.data[0] | [.ref, .review, .covered, (.answered_by | .[0:2]), (keys_unsorted)]' \
    '["R1","kerslake",true,["A1","A2"],["ref","review","text","answered_by","covered"]]' "$tmp/recs.json"
json_eq "recommendations: natural order, all covered" '[.data[] | .ref] == ["R1","R2","R3","R4","R5","R6","R7","R8","R9","R10","R11"] and all(.data[]; .covered)' true "$tmp/recs.json"
json_eq "recommendations: retired actions answer nothing" '[.data[] | .answered_by[] | select(. == "A23" or . == "A51")] | length' 0 "$tmp/recs.json"

expect_get "/api/v1/milestones" /api/v1/milestones 200 "application/json" "$tmp/ms.json"
json_eq "milestones: public only" '[(.data | length), ([.data[] | .ref] | index("M26"))]' '[30,null]' "$tmp/ms.json"
json_eq "milestones: M13 achieved 11 days late" '.data[] | select(.ref == "M13")' \
    '{"ref":"M13","title":"Panel'"'"'s December report to the Secretary of State","action":"A18","due":"2015-12-31","baseline_due":"2015-12-31","forecast":"2016-01-11","achieved_on":"2016-01-11","slip_days":11}' "$tmp/ms.json"
json_eq "milestones: M14's achievement in the open month is not public" \
    '.data[] | select(.ref == "M14") | [.achieved_on, .forecast]' '[null,"2016-03-10"]' "$tmp/ms.json"

expect_get "/api/v1/measures" /api/v1/measures 200 "application/json" "$tmp/measures.json"
json_eq "measures: K1" '.data[0]' \
    '{"ref":"K1","title":"Staff with a completed appraisal","unit":"%","direction":"up","baseline":38,"baseline_date":"2015-03-31","target":95,"target_date":"2016-03-31","tolerance_pct":10,"theme":"T3","latest":{"date":"2016-02-29","value":92},"status":"near"}' "$tmp/measures.json"
json_eq "measures: statuses" '[.data[] | .status] | unique' '["near","off"]' "$tmp/measures.json"
expect_grep "measures: decimals read as written" '"value":17.2[,}]' "$tmp/measures.json"

expect_get "/api/v1/measures/K1" /api/v1/measures/K1 200 "application/json" "$tmp/k1.json"
json_eq "measure: actions and values" '[.actions, (.values | length), .values[-1]]' \
    '[["A26"],12,{"date":"2016-02-29","value":92}]' "$tmp/k1.json"
expect_get "/api/v1/measures/K99 is a JSON 404" /api/v1/measures/K99 404 "application/problem+json" "$tmp/k99.json"
json_eq "the 404 says so" '.status' 404 "$tmp/k99.json"

# --- as_at everywhere ---------------------------------------------------------------------
for p in /recommendations /milestones /measures /measures/K1 /data /data/plan.json \
    /data/actions.csv /data/updates.csv /data/measure_values.csv /api/v1/organisation \
    /api/v1/periods /api/v1/recommendations /api/v1/milestones /api/v1/measures /api/v1/measures/K1; do
    code=$(curl -sS -o "$tmp/asat" -w '%{http_code}' "$base$p?as_at=2015-06")
    expect_eq "$p?as_at=2015-06 is 200" 200 "$code"
    code=$(curl -sS -o "$tmp/bad" -w '%{http_code}' "$base$p?as_at=June")
    expect_eq "$p?as_at=June is 400" 400 "$code"
    code=$(curl -sS -o "$tmp/open" -w '%{http_code}' "$base$p?as_at=2016-03")
    expect_eq "$p?as_at=2016-03 (open) is 404" 404 "$code"
    code=$(curl -sS -o "$tmp/none" -w '%{http_code}' "$base$p?as_at=2014-01")
    expect_eq "$p?as_at=2014-01 (no such period) is 404" 404 "$code"
done
json_eq "a 400 from the API is problem details naming the field" '[.status, .errors[0].field]' '[400,"as_at"]' "$tmp/bad"

f=$tmp/measures-asat.html
expect_get "/measures as at June 2015" "/measures?as_at=2015-06" 200 "text/html" "$f"
expect_grep "as at: the frame says so" "as it stood at the end of June 2015" "$f"
expect_grep "as at: links keep the month" 'href="/measures/K1\?as_at=2015-06"' "$f"
expect_grep "as at: K1's latest is June's 42%" '>42%<br><span class="govuk-body-s">on <time datetime="2015-06-30">' "$f"
expect_no_grep "as at: no later value" '2015-07-31|2016-02-29' "$f"
f=$tmp/recs-asat.html
expect_get "/recommendations as at June 2015" "/recommendations?as_at=2015-06" 200 "text/html" "$f"
expect_grep "as at: action links keep the month" 'href="/actions/A1\?as_at=2015-06"' "$f"
expect_no_grep "as at: no confidence from after June 2015" '<span class="govuk-body-s">(July|August|September|October|November|December) 2015|2016</span>' "$f"
f=$tmp/plan-asat.json
expect_get "plan.json as at June 2015" "/data/plan.json?as_at=2015-06" 200 "application/json" "$f"
expect_header "plan.json as at is named for its month" 'filename="plan-2015-06.json"' "$f.hdr"
json_eq "plan.json as at: periods to June" '[.periods | length, .[-1].month]' '[4,"2015-06"]' "$f"
json_eq "plan.json as at: updates to June" '[.updates[] | select(.period > "2015-06")] | length' 0 "$f"
json_eq "plan.json as at: values to June" '[.measure_values[] | select(.date > "2015-06-30")] | length' 0 "$f"
json_eq "plan.json as at: no achievement after June" '[.milestones[] | select(.achieved_on != null and .achieved_on > "2015-06-30")] | length' 0 "$f"
f=$tmp/org-asat.json
curl -fsS "$base/api/v1/organisation?as_at=2015-06" >"$f"
json_eq "organisation as at: latest_period is that month" '.latest_period' '"2015-06"' "$f"

# --- nothing unsigned, anywhere --------------------------------------------------------
for p in /recommendations /milestones /measures /measures/K1 /measures/K5 /data /data/plan.json \
    /data/actions.csv /data/updates.csv /data/measure_values.csv /api/v1/organisation \
    /api/v1/periods /api/v1/recommendations /api/v1/milestones /api/v1/measures /api/v1/measures/K1; do
    curl -fsS "$base$p" >"$tmp/any"
    if grep -q 'UNPUBLISHED-DRAFT-MARKER' "$tmp/any"; then
        echo "FAIL: $p serves an unpublished narrative"
        exit 1
    fi
    if grep -qE '"(period|month|latest_period)": ?"2016-03"|,2016-03,|as_at=2016-03' "$tmp/any"; then
        echo "FAIL: $p serves the open month 2016-03"
        exit 1
    fi
done
echo "ok: no page, download or API answer carries the marker or the open month"

# --- a small plan: escaping, unsafe links, nothing signed off yet --------------------------
cat >"$tmp/small.json" <<'EOF'
{
  "format": "dialturn-plan/1",
  "reviews": [ { "ref": "rv", "title": "Review <script>alert(1)</script>", "author": "A",
                 "url": "javascript:alert(1)",
                 "recommendations": [ { "ref": "R1", "text": "Do <b>this</b>" },
                                      { "ref": "R2", "text": "Only retired" } ] } ],
  "themes": [ { "ref": "T1", "title": "Theme" } ],
  "actions": [ { "ref": "A1", "theme": "T1", "title": "Act", "start": "2015-03-01",
                 "finish": "2015-06-30", "status": "in_progress", "answers": [ "R1" ] },
               { "ref": "A2", "theme": "T1", "title": "Gone", "start": "2015-03-01",
                 "finish": "2015-06-30", "status": "retired", "answers": [ "R2" ] } ],
  "periods": [ { "month": "2015-03", "status": "closed" } ],
  "updates": [ { "action": "A1", "period": "2015-03", "state": "accepted",
                 "status": "in_progress", "percent": 10, "confidence": "low",
                 "narrative": "NOT-YET-SIGNED" } ],
  "measures": [ { "ref": "K1", "title": "Measure \"quoted\" <i>", "unit": "%", "direction": "up",
                  "baseline": 1, "baseline_date": "2015-01-31", "target": 2,
                  "target_date": "2015-12-31", "tolerance_pct": 10 } ],
  "measure_values": [ { "measure": "K1", "date": "2015-02-28", "value": 1.5 } ]
}
EOF
"$DIALTURN" init "$tmp/small.db" --org "Small <Council>" >/dev/null
# a javascript: link never reaches the record: import takes http(s) only
if "$DIALTURN" import "$tmp/small.db" "$tmp/small.json" 2>"$tmp/js.err" >/dev/null; then
    echo "FAIL: a javascript: URL was imported"
    exit 1
fi
expect_grep "small: the javascript: URL is refused, naming the field" 'review rv: url: must be a web address' "$tmp/js.err"
sed -i 's|"url": "javascript:alert(1)"|"url": null|' "$tmp/small.json"
"$DIALTURN" import "$tmp/small.db" "$tmp/small.json" >/dev/null
stop_server "$server_pid" || true
start_server --port "$port" --out "$tmp/serve2.out" --err "$tmp/serve.err" --append "$tmp/small.db"
f=$tmp/small-recs.html
expect_get "small: /recommendations" /recommendations 200 "text/html" "$f"
expect_grep "small: a recommendation answered only by a retired action is uncovered" \
    "1 of 2 recommendations answered by at least one action" "$f"
expect_grep "small: the uncovered one is flagged and linked" 'Not covered: <a class="govuk-link" href="#R2">R2</a>' "$f"
expect_grep "small: warning text" 'govuk-warning-text' "$f"
expect_grep "small: titles escaped" 'Review &lt;script&gt;alert\(1\)&lt;/script&gt;' "$f"
expect_grep "small: texts escaped" 'Do &lt;b&gt;this&lt;/b&gt;' "$f"
expect_no_grep "small: no javascript: link" 'href="javascript' "$f"
expect_no_grep "small: an accepted update in a month not signed off shows no confidence" '>Low<' "$f"
f=$tmp/small-k1.html
expect_get "small: /measures/K1" /measures/K1 200 "text/html" "$f"
expect_grep "small: measure title escaped" 'Measure &quot;quoted&quot; &lt;i&gt;' "$f"
expect_grep "small: nothing signed off, no data" '>No data</strong>' "$f"
expect_get "small: plan.json with nothing signed off" /data/plan.json 200 "application/json" "$tmp/small-plan.json"
json_eq "small: no periods, updates or values" '[(.periods | length), (.updates | length), (.measure_values | length)]' '[0,0,0]' "$tmp/small-plan.json"
expect_no_grep "small: nothing unsigned" 'NOT-YET-SIGNED' "$tmp/small-plan.json"
expect_header "small: named without a month" 'filename="plan.json"' "$tmp/small-plan.json.hdr"
curl -fsS "$base/api/v1/organisation" >"$tmp/small-org.json"
json_eq "small: latest_period is null" '.latest_period' null "$tmp/small-org.json"
curl -fsS "$base/api/v1/recommendations" >"$tmp/small-recs.json"
json_eq "small: R2 uncovered, answered by nothing live" '.data[1] | [.covered, .answered_by]' '[false,[]]' "$tmp/small-recs.json"

# --- a plan with more milestones than a page holds -----------------------------------------
python3 "$ROOT/bench/gen-plan.py" --actions 1600 --periods 3 >"$tmp/big.json" 2>/dev/null
"$DIALTURN" import "$tmp/big.db" "$tmp/big.json" >/dev/null
public=$(sqlite3 "$tmp/big.db" "SELECT count(*) FROM milestone WHERE public = 1")
stop_server "$server_pid" || true
start_server --port "$port" --out "$tmp/serve3.out" --err "$tmp/serve.err" --append "$tmp/big.db"
f=$tmp/big-ms.html
expect_get "big: /milestones" /milestones 200 "text/html" "$f"
expect_grep "big: the first page says which part it shows" "Showing milestones 1 to 250 of $public," "$f"
expect_grep "big: pagination to the second page" 'href="/milestones\?page=2"' "$f"
expect_eq "big: 250 milestones on the first page" 250 "$(grep -c '<tr class="govuk-table__row" id="M' "$f")"
f=$tmp/big-ms2.html
expect_get "big: /milestones?page=2" "/milestones?page=2" 200 "text/html" "$f"
expect_grep "big: the second page holds the rest" "Showing milestones 251 to $public of $public," "$f"
expect_eq "big: the rest on the second page" $((public - 250)) "$(grep -c '<tr class="govuk-table__row" id="M' "$f")"
expect_get "big: no third page" "/milestones?page=3" 404 "text/html" "$tmp/big-ms3.html"

rc=0
stop_server "$server_pid" || rc=$?
expect_eq "the server stops cleanly" 0 "$rc"
expect_no_grep "no sanitizer reports" "Sanitizer|runtime error" "$tmp/serve.err"

echo "test_public_data: all passed"
