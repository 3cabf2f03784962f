#!/usr/bin/env bash
# test_public_actions.sh — the plan, themes and actions, as pages and as the
# JSON API: /plan (filters, pages, empty state), /themes, /themes/{ref},
# /actions/{ref} (rating chart and history), /api/v1/themes[/{ref}] and
# /api/v1/actions[/{ref}] (filters, keyset pages).
#
# Serves the bundled demo (2016-03 is open; every unsigned update's narrative
# carries UNPUBLISHED-DRAFT-MARKER) and checks each route's status and key
# content; the filters and their 400s; pages and their 404; ?as_at on every
# route (400 malformed, 404 not signed off, the earlier rating shown, as_at
# kept in links); that the marker and private milestones never appear; that
# the JSON has the documented shapes.  A second database with hostile titles
# proves the escaping.
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

# Overdue is judged on today: fix it.
export DIALTURN_TODAY=2016-03-15

# expect_no_grep WHAT PATTERN FILE: PATTERN must not occur in FILE.
expect_no_grep() {
    if grep -qE -- "$2" "$3"; then
        echo "FAIL: $1: /$2/ found in $3:"
        grep -nE -- "$2" "$3" | head -5
        exit 1
    fi
    echo "ok: $1"
}

# expect_get WHAT PATH STATUS FILE: GETs PATH into FILE; the status must match.
expect_get() {
    local got
    got=$(curl -sS -o "$4" -w '%{http_code}' "$base$2")
    if [ "$got" != "$3" ]; then
        echo "FAIL: $1: GET $2: expected $3, got $got"
        head -c 1500 "$4"
        exit 1
    fi
    echo "ok: $1 ($got)"
}

# py WHAT FILE CODE: runs python3 CODE with `d` the JSON in FILE; it must
# exit 0 (use assert).
py() {
    if ! python3 -c "import json,sys
d = json.load(open(sys.argv[1]))
$3" "$2"; then
        echo "FAIL: $1"
        head -c 1500 "$2"
        exit 1
    fi
    echo "ok: $1"
}

# --- the demo, served ------------------------------------------------------------------
"$DIALTURN" demo --db "$tmp/demo.db" --create-only >/dev/null
start_server --log "$tmp/serve-demo" "$tmp/demo.db"
demo_base=$base
f=$tmp/page

# --- /plan ------------------------------------------------------------------------------
expect_get "/plan" /plan 200 "$f"
expect_grep "plan heading" '<h1 class="govuk-heading-xl">Improvement plan</h1>' "$f"
expect_grep "plan counts" 'Showing 1 to 50 of 51 actions' "$f"
expect_grep "theme heading links the theme" '<h2 class="govuk-heading-m" id="theme-T1"><a class="govuk-link" href="/themes/T1">T1 ' "$f"
expect_grep "row links the action" '<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/actions/A1">A1</a></th>' "$f"
expect_grep "table caption" '<caption class="govuk-table__caption' "$f"
expect_grep "column headers" '<th scope="col" class="govuk-table__header">Confidence</th>' "$f"
expect_grep "confidence tag with month" '<strong class="govuk-tag dialturn-tag--(high|medium|low)">(High|Medium|Low)</strong> <span class="dialturn-rating-month">' "$f"
expect_grep "forecast slip" 'days late</strong>' "$f"
expect_grep "overdue mark" '>Overdue</strong>' "$f"
expect_grep "filter form is a GET form" '<form method="get" action="/plan"' "$f"
expect_grep "theme select from the data" '<option value="T5">T5 ' "$f"
expect_grep "owner select from the data" '<option value="ceo">' "$f"
expect_grep "status select" '<option value="in_progress">In progress</option>' "$f"
expect_grep "confidence select" '<option value="none">Not yet rated</option>' "$f"
expect_grep "pagination" '<nav class="govuk-pagination"' "$f"
expect_grep "pagination next" 'href="/plan\?page=2" rel="next"' "$f"
expect_eq "50 rows on page 1" 50 "$(grep -c 'href="/actions/A' "$f")"

expect_get "/plan page 2" "/plan?page=2" 200 "$f"
expect_grep "page 2 counts" 'Showing 51 to 51 of 51 actions' "$f"
expect_grep "page 2 previous" 'href="/plan\?page=1" rel="prev"' "$f"
expect_grep "page 2 is page 2" 'aria-label="Page 2" aria-current="page"' "$f"
expect_get "/plan past the last page" "/plan?page=3" 404 "$f"
expect_grep "404 names the page" 'page: there is no page 3' "$f"
for bad in 0 -1 x 1.5 99999999999; do
    expect_get "/plan?page=$bad" "/plan?page=$bad" 400 "$f"
    expect_grep "400 names page" '<p[^>]*>page: ' "$f"
done

# Filters: counts agree with the demo plan.
count() { sed -n 's/.*Showing [0-9]* to [0-9]* of \([0-9,]*\) actions\?.*/\1/p' "$1"; }
expect_get "theme filter" "/plan?theme=T2" 200 "$f"
expect_eq "T2 has 13 actions" 13 "$(count "$f")"
expect_no_grep "only T2 rows" 'id="theme-T[1345]"' "$f"
expect_grep "the theme stays selected" '<option value="T2" selected>' "$f"
expect_get "owner filter" "/plan?owner=head-hr" 200 "$f"
expect_eq "head-hr owns 9" 9 "$(count "$f")"
# Status is the public record's (complete by the month's end, else the latest
# public update's): the page and the API's counts agree, and the totals add up.
curl -fsS "$base/api/v1/themes" >"$tmp/themes.json"
by_status() {
    python3 -c 'import json,sys
print(sum(t["by_status"][sys.argv[2]] for t in json.load(open(sys.argv[1]))["data"]))' \
        "$tmp/themes.json" "$1"
}
sum=0
for s in not_started in_progress complete blocked retired; do
    expect_get "status filter $s" "/plan?status=$s" 200 "$f"
    n=$(count "$f")
    expect_eq "$s: the page agrees with the API" "$(by_status "$s")" "${n:-0}"
    sum=$((sum + ${n:-0}))
done
expect_eq "the statuses add up" 51 "$sum"
complete=$(by_status complete)
expect_eq "the demo's 2 retired actions" 2 "$(by_status retired)"
expect_get "confidence filter" "/plan?confidence=high" 200 "$f"
high=$(count "$f")
expect_get "unrated filter" "/plan?confidence=none" 200 "$f"
none=$(count "$f")
expect_get "medium filter" "/plan?confidence=medium" 200 "$f"
medium=$(count "$f")
expect_get "low filter" "/plan?confidence=low" 200 "$f"
low=$(count "$f")
expect_eq "the levels add up" 51 "$((high + medium + low + ${none:-0}))"
expect_get "overdue filter" "/plan?overdue=1" 200 "$f"
expect_grep "overdue rows are marked" '>Overdue</strong>' "$f"
expect_eq "every overdue row is marked" "$(count "$f")" "$(grep -c '>Overdue</strong>' "$f")"
expect_grep "the checkbox stays checked" 'value="1" checked>' "$f"
expect_get "combined filters with pages keep the filters" "/plan?theme=T1&status=complete&page=1" 200 "$f"
expect_get "empty result" "/plan?theme=T1&status=retired" 200 "$f"
expect_grep "empty state" 'No actions match these filters' "$f"
for q in theme=T99 owner=nobody status=done confidence=purple overdue=maybe; do
    expect_get "bad filter $q" "/plan?$q" 400 "$f"
    expect_grep "400 names ${q%%=*}" "<p[^>]*>${q%%=*}: " "$f"
done
expect_get "empty filter values are 'any'" "/plan?theme=&owner=&status=&confidence=" 200 "$f"
expect_eq "all 51" 51 "$(count "$f")"

# --- /themes and /themes/{ref} -------------------------------------------------------
expect_get "/themes" /themes 200 "$f"
expect_grep "themes heading" '<h1 class="govuk-heading-xl">Themes</h1>' "$f"
expect_grep "themes link" 'href="/themes/T3">T3 ' "$f"
expect_grep "status table caption" 'Actions in each theme by status</caption>' "$f"
expect_grep "confidence table caption" 'Actions in each theme by current confidence</caption>' "$f"
expect_grep "all-themes total" '<th scope="row" class="govuk-table__header">All themes</th><td class="govuk-table__cell"></td><td class="govuk-table__cell govuk-table__cell--numeric">51</td>' "$f"

expect_get "/themes/T1" /themes/T1 200 "$f"
expect_grep "theme caption" '<span class="govuk-caption-xl">Theme T1</span>' "$f"
expect_grep "theme lead" 'Lead</dt><dd class="govuk-summary-list__value">Chief Executive' "$f"
expect_grep "theme feed link" 'href="/themes/T1/feed.atom"' "$f"
expect_grep "theme distribution" 'Actions in this theme by current confidence</caption>' "$f"
expect_grep "theme actions" 'Showing 1 to 10 of 10 actions' "$f"
expect_grep "breadcrumbs" '<nav class="govuk-breadcrumbs"' "$f"
expect_get "/themes/T99" /themes/T99 404 "$f"
expect_grep "404 says which theme" 'There is no theme T99' "$f"
expect_get "theme page past the end" "/themes/T1?page=2" 404 "$f"

# --- /actions/{ref} ------------------------------------------------------------------
expect_get "/actions/A4" /actions/A4 200 "$f"
expect_grep "action heading" '<h1 class="govuk-heading-xl">Culture change' "$f"
expect_grep "summary list" '<dl class="govuk-summary-list">' "$f"
expect_grep "owner row" 'Owner</dt>' "$f"
expect_grep "member row" 'Accountable member</dt>' "$f"
expect_grep "panel lead row" 'Panel lead</dt>' "$f"
expect_grep "baseline row" 'Baseline finish</dt>' "$f"
expect_grep "forecast and slip" 'Forecast finish</dt><dd class="govuk-summary-list__value"><time datetime="[0-9-]+">[^<]*</time> <strong class="dialturn-slip dialturn-slip--late">[0-9]+ days late' "$f"
expect_grep "closure criteria" 'Closure criteria</dt>' "$f"
expect_grep "recommendation link" 'href="/recommendations#R[0-9]+">R[0-9]+</a>' "$f"
expect_grep "action feed link" 'href="/actions/A4/feed.atom"' "$f"
expect_grep "current confidence: Medium, February 2016" 'Current confidence</dt><dd class="govuk-summary-list__value"><strong class="govuk-tag dialturn-tag--medium">Medium</strong> <span class="dialturn-rating-month">February 2016</span>' "$f"
expect_grep "chart is an image with a title" '<svg class="chart" [^>]*role="img"' "$f"
expect_grep "chart title" '<title id="rating-chart-title">Confidence in action A4 by month</title>' "$f"
expect_grep "chart line" 'class="chart__line"' "$f"
expect_grep "chart points" 'class="chart__point"' "$f"
expect_grep "chart axis" 'class="chart__axis"' "$f"
expect_grep "chart table" "the chart's data</caption>" "$f"
expect_eq "11 published updates (April 2015 to February 2016)" 11 "$(grep -c '<section class="dialturn-update"' "$f")"
expect_grep "newest first" 'id="update-2016-02">February 2016</h3>' "$f"
expect_no_grep "the open month never shows" 'update-2016-03|March 2016' "$f"
expect_grep "narrative as HTML" '<div class="govuk-body dialturn-narrative">' "$f"
before_feb=$(grep -n 'id="update-2016-02"' "$f" | cut -d: -f1)
before_apr=$(grep -n 'id="update-2015-04"' "$f" | cut -d: -f1)
[ "$before_feb" -lt "$before_apr" ] || { echo "FAIL: updates are not newest first"; exit 1; }
echo "ok: updates newest first"

expect_get "/actions/A7" /actions/A7 200 "$f"
expect_no_grep "no private milestone" 'Senior structure consultation' "$f"
expect_grep "milestones table" 'id="milestones">Milestones</h2>' "$f"
expect_get "/actions/A2 dependencies" /actions/A5 200 "$f"
expect_grep "depends on links" 'Depends on</dt><dd class="govuk-summary-list__value"><ul class="govuk-list"><li><a class="govuk-link" href="/actions/A[0-9]+">A[0-9]+</a> [^<]+, forecast to finish <time' "$f"

expect_get "/actions/A99" /actions/A99 404 "$f"
expect_grep "helpful 404" 'There is no action A99 in the improvement plan' "$f"
expect_get "/actions/<script>" "/actions/%3Cscript%3Ealert(1)%3C%2Fscript%3E" 404 "$f"
expect_no_grep "the 404 does not reflect markup" '<script' "$f"

# --- as_at -----------------------------------------------------------------------------
for p in /plan /themes /themes/T1 /actions/A4; do
    expect_get "$p as at June 2015" "$p?as_at=2015-06" 200 "$f"
    expect_grep "$p says as it stood" 'as it stood at the end of June 2015' "$f"
    expect_get "$p as at an open month" "$p?as_at=2016-03" 404 "$f"
    expect_grep "$p 404 names as_at" 'not a signed-off month' "$f"
    expect_get "$p as at a malformed month" "$p?as_at=2015-13" 400 "$f"
    expect_grep "$p 400 names as_at" '<p[^>]*>as_at: ' "$f"
    expect_get "$p as at junk" "$p?as_at=June" 400 "$f"
done
expect_get "A4 as at June 2015" "/actions/A4?as_at=2015-06" 200 "$f"
expect_grep "the earlier rating" 'Current confidence</dt><dd class="govuk-summary-list__value"><strong class="govuk-tag dialturn-tag--low">Low</strong> <span class="dialturn-rating-month">June 2015</span>' "$f"
expect_eq "3 updates by June 2015" 3 "$(grep -c '<section class="dialturn-update"' "$f")"
expect_no_grep "nothing after June 2015" 'update-2015-(0[7-9]|1)|update-2016' "$f"
expect_grep "links keep as_at" 'href="/themes/T1\?as_at=2015-06"' "$f"
expect_get "plan as at June 2015" "/plan?as_at=2015-06" 200 "$f"
expect_grep "row links keep as_at" 'href="/actions/A1\?as_at=2015-06"' "$f"
expect_grep "the form keeps as_at" '<input type="hidden" name="as_at" value="2015-06">' "$f"
expect_grep "pagination keeps as_at" 'href="/plan\?page=2&amp;as_at=2015-06"' "$f"
expect_no_grep "no rating after June 2015" 'dialturn-rating-month">(July|August|September|October|November|December) 2015|dialturn-rating-month">[A-Za-z]+ 2016' "$f"
expect_get "the latest month as as_at is the plain page" "/plan?as_at=2016-02" 200 "$f"
expect_no_grep "no as-at banner for the latest month" 'as it stood at the end of' "$f"

# --- the API ---------------------------------------------------------------------------
j=$tmp/json
expect_get "/api/v1/themes" /api/v1/themes 200 "$j"
py "themes shape" "$j" '
t = d["data"]; assert [x["ref"] for x in t] == ["T1", "T2", "T3", "T4", "T5"], t
x = t[0]
assert list(x) == ["ref", "title", "lead", "actions", "by_status", "by_confidence"], list(x)
assert set(x["lead"]) == {"ref", "name", "role"}
assert list(x["by_status"]) == ["not_started", "in_progress", "complete", "blocked", "retired"]
assert list(x["by_confidence"]) == ["high", "medium", "low"]
assert sum(y["actions"] for y in t) == 51
assert all(sum(y["by_status"].values()) == y["actions"] for y in t)
assert all(sum(y["by_confidence"].values()) <= y["actions"] for y in t)'
expect_get "/api/v1/themes/T2" /api/v1/themes/T2 200 "$j"
py "theme shape" "$j" '
x = d
assert list(x) == ["ref", "title", "lead", "actions", "by_status", "by_confidence", "action_refs",
    "assurance"]
assert x["assurance"] is None  # the demo panel has published no rating
assert len(x["action_refs"]) == x["actions"] == 13'
expect_get "/api/v1/themes/T99" /api/v1/themes/T99 404 "$j"
py "theme 404 is JSON" "$j" 'assert d["status"] == 404, d'

expect_get "/api/v1/actions" /api/v1/actions 200 "$j"
py "actions page 1" "$j" '
a = d["data"]; assert len(a) == 50 and d["next_cursor"] == "A50", (len(a), d["next_cursor"])
keys = ["ref", "theme", "title", "owner", "start", "finish", "baseline_finish", "forecast_finish",
        "slip_days", "status", "completed_on", "confidence", "confidence_month", "overdue"]
assert all(list(x) == keys for x in a), list(a[0])
assert [x["ref"] for x in a[:3]] == ["A1", "A2", "A3"] and a[9]["ref"] == "A10"
assert all(isinstance(x["overdue"], bool) for x in a)
assert all(x["confidence"] in ("high", "medium", "low", None) for x in a)
assert all((x["confidence"] is None) == (x["confidence_month"] is None) for x in a)
assert all(x["confidence_month"] is None or x["confidence_month"] <= "2016-02" for x in a)'
expect_get "/api/v1/actions next page" "/api/v1/actions?cursor=A50" 200 "$j"
py "actions page 2" "$j" 'assert [x["ref"] for x in d["data"]] == ["A51"] and d["next_cursor"] is None, d'
expect_get "small pages" "/api/v1/actions?limit=20&theme=T2" 200 "$j"
py "limit and filter" "$j" 'assert len(d["data"]) == 13 and d["next_cursor"] is None and {x["theme"] for x in d["data"]} == {"T2"}'
expect_get "keyset with filters" "/api/v1/actions?limit=5&status=complete" 200 "$j"
cursor=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["next_cursor"])' "$j")
seen=5
while [ "$cursor" != "None" ]; do
    expect_get "page after $cursor" "/api/v1/actions?limit=5&status=complete&cursor=$cursor" 200 "$j"
    seen=$((seen + $(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["data"]))' "$j")))
    cursor=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["next_cursor"])' "$j")
done
expect_eq "keyset pages cover every complete action" "$complete" "$seen"
expect_get "overdue in the API" "/api/v1/actions?overdue=true&limit=200" 200 "$j"
py "overdue flags" "$j" 'assert d["data"] and all(x["overdue"] for x in d["data"])'
for q in limit=0 limit=201 limit=x cursor=%3Cx%3E theme=T99 owner=nobody status=done confidence=red overdue=maybe as_at=2015-13; do
    expect_get "API 400 for $q" "/api/v1/actions?$q" 400 "$j"
    py "API 400 names ${q%%=*}" "$j" "assert d['status'] == 400 and (d['detail'].startswith('${q%%=*}') or [e['field'] for e in d.get('errors', [])] == ['${q%%=*}']), d"
done
expect_get "API 404 for an open month" "/api/v1/actions?as_at=2016-03" 404 "$j"

expect_get "/api/v1/actions/A4" /api/v1/actions/A4 200 "$j"
py "action shape" "$j" '
x = d
assert list(x)[:14] == ["ref", "theme", "title", "owner", "start", "finish", "baseline_finish",
    "forecast_finish", "slip_days", "status", "completed_on", "confidence", "confidence_month",
    "overdue"], list(x)
assert list(x)[14:] == ["description", "closure_criteria", "member", "panel_lead", "answers",
    "depends_on", "needed_by", "milestones", "history", "assurance"], list(x)
assert x["confidence"] == "medium" and x["confidence_month"] == "2016-02"
h = x["history"]
assert [u["period"] for u in h] == sorted(u["period"] for u in h) and h[-1]["period"] == "2016-02"
assert list(h[0]) == ["period", "status", "percent", "confidence", "narrative", "forecast_finish", "author",
    "evidence"]
assert all(m.keys() == {"ref", "title", "due", "baseline_due", "forecast", "achieved_on"} for m in x["milestones"])'
expect_get "/api/v1/actions/A4 as at June 2015" "/api/v1/actions/A4?as_at=2015-06" 200 "$j"
py "action as at" "$j" '
x = d; assert x["confidence"] == "low" and x["confidence_month"] == "2015-06", x
assert [u["period"] for u in x["history"]] == ["2015-04", "2015-05", "2015-06"]'
expect_get "/api/v1/actions/A7" /api/v1/actions/A7 200 "$j"
py "no private milestone in the API" "$j" 'assert "M26" not in [m["ref"] for m in d["milestones"]]'
expect_get "/api/v1/actions/A99" /api/v1/actions/A99 404 "$j"
py "action 404 is JSON" "$j" 'assert d["status"] == 404 and "A99" in d["detail"]'

# --- nothing unpublished, anywhere -----------------------------------------------------
all=$tmp/all
: >"$all"
for p in /plan "/plan?page=2" /themes /api/v1/themes /api/v1/actions "/api/v1/actions?cursor=A50" \
         "/plan?as_at=2015-06"; do
    curl -fsS "$base$p" >>"$all"
done
for t in T1 T2 T3 T4 T5; do
    curl -fsS "$base/themes/$t" >>"$all"
    curl -fsS "$base/api/v1/themes/$t" >>"$all"
done
for i in $(seq 1 51); do
    curl -fsS "$base/actions/A$i" >>"$all"
    curl -fsS "$base/api/v1/actions/A$i" >>"$all"
    curl -fsS "$base/actions/A$i?as_at=2015-09" >>"$all"
done
expect_grep "the crawl has every action" 'Culture change' "$all"
expect_no_grep "the marker of unsigned updates never appears" 'UNPUBLISHED-DRAFT-MARKER' "$all"
expect_no_grep "the open month never appears" '"2016-03"|update-2016-03' "$all"
expect_no_grep "private milestones never appear" 'Senior structure consultation|360-degree review pilot for the corporate' "$all"

# --- hostile text is escaped -----------------------------------------------------------
cat >"$tmp/hostile.json" <<'EOF'
{
  "format": "dialturn-plan/1",
  "people": [
    { "ref": "p1", "name": "<img src=x onerror=alert(1)>", "role": "\"quoted\" & <b>bold</b>", "kind": "officer" }
  ],
  "reviews": [ { "ref": "rv", "title": "Review", "author": "A", "recommendations": [ { "ref": "R1", "text": "x" } ] } ],
  "themes": [ { "ref": "T1", "title": "Theme <script>alert('t')</script>", "lead": "p1" } ],
  "actions": [
    { "ref": "X1", "theme": "T1", "title": "Action <script>alert(1)</script>",
      "description": "Desc <script>alert(2)</script>", "owner": "p1", "answers": [ "R1" ],
      "start": "2015-03-01", "finish": "2015-06-30", "status": "in_progress",
      "closure_criteria": "<iframe src=//evil>" }
  ],
  "milestones": [ { "ref": "M1", "action": "X1", "title": "<svg onload=alert(3)>", "due": "2015-04-01" } ],
  "periods": [ { "month": "2015-03", "status": "signed_off", "signed_off_on": "2015-04-10", "signed_off_by": "p1" } ],
  "updates": [
    { "action": "X1", "period": "2015-03", "state": "accepted", "status": "in_progress", "percent": 10,
      "confidence": "medium", "narrative": "Raw <script>alert(4)</script> and [x](javascript:alert(5))", "author": "p1" }
  ]
}
EOF
"$DIALTURN" init "$tmp/hostile.db" --org "Hostile <script>Council</script>" >/dev/null
"$DIALTURN" import "$tmp/hostile.db" "$tmp/hostile.json" >/dev/null
start_server --log "$tmp/serve-hostile" "$tmp/hostile.db"
for p in /plan /themes /themes/T1 /actions/X1 "/plan?owner=p1"; do
    expect_get "hostile $p" "$p" 200 "$f"
    expect_no_grep "no live markup on $p" '<script|<img|<iframe|<svg onload|<b>|javascript:' "$f"
done
expect_get "hostile action" /actions/X1 200 "$f"
expect_grep "title escaped" 'Action &lt;script&gt;alert\(1\)&lt;/script&gt;' "$f"
expect_grep "owner escaped" '&lt;img src=x onerror=alert\(1\)&gt; <span class="dialturn-role">\(&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;\)</span>' "$f"
expect_grep "milestone escaped" '&lt;svg onload=alert\(3\)&gt;' "$f"
expect_get "hostile API" /api/v1/actions/X1 200 "$j"
py "the API carries the text as it is" "$j" '
x = d; assert x["title"] == "Action <script>alert(1)</script>"
assert x["owner"]["name"] == "<img src=x onerror=alert(1)>"'

# --- the servers stop cleanly ----------------------------------------------------------
for p in "${server_pids[@]}"; do
    rc=0
    stop_server "$p" || rc=$?
    expect_eq "SIGTERM stops server $p cleanly" 0 "$rc"
done
for e in "$tmp"/serve-*.err; do
    expect_no_grep "no sanitizer reports ($(basename "$e"))" "Sanitizer|runtime error" "$e"
done

echo "test_public_actions: all passed"
