#!/usr/bin/env bash
# test_record.sh — the record of a signed-off month (DESIGN.md, "The record of
# a month"): every public surface of every signed-off month of the demo is
# captured, then the plan changes in every way it can after sign-off (a new
# version that adds, retires, re-dates and re-words; a closure; an update
# accepted in the open month; private drafts; an attempt to rewrite a signed-off
# update); every earlier month's pages and downloads are byte for byte what
# they were, and the public validators did not move.  Then the next month is
# signed off: earlier months still do not change, and the new month shows the
# new version.  Also the regressions of "What was found": unsigned statuses in
# the downloads, and the plan's overdue count against the home page's.
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
db=$tmp/demo.db

fail() {
    echo "FAIL: $*"
    exit 1
}

"$DIALTURN" demo --db "$db" --create-only >/dev/null
start_server --log "$tmp/serve" "$db"

months=$(sqlite3 "$db" "select month from period where status = 'signed_off' order by month")
latest=$(tail -n 1 <<<"$months")
# every public page type and download that takes ?as_at
paths="/ /plan /plan?overdue=1 /themes /themes/T1 /themes/T4 /actions/A1 /actions/A4 /actions/A8
/actions/A26 /actions/A41 /recommendations /recommendations/R1 /milestones /measures
/measures/K1 /data /data/plan.json /data/actions.csv /data/updates.csv /data/measure_values.csv
/api/v1/actions /api/v1/actions/A8 /api/v1/themes /api/v1/themes/T1 /api/v1/periods
/api/v1/recommendations /api/v1/milestones /api/v1/measures /api/v1/measures/K1
/api/v1/organisation"
# and those that show the latest month only
latest_paths="/feed.atom /themes/T1/feed.atom /actions/A8/feed.atom"
# search as at a month finds exactly the words of that month's record
search_paths="/search?q=culture /search?q=Resident"

# snap DIR [MONTH...]: every path as at each month (the <main> of a page, the
# whole of a download, in DIR/NAME-MONTH, its status in NAME-MONTH.code, the
# whole answer in NAME-MONTH.raw), and the latest-only paths as they stand.
snap() {
    local dir=$1
    shift
    mkdir -p "$dir"
    python3 - "$base" "$dir" "$paths" "$latest_paths" "$@" <<'PY'
import sys, urllib.request, urllib.error
base, out, paths, latest, months = sys.argv[1], sys.argv[2], sys.argv[3].split(), sys.argv[4].split(), sys.argv[5:]
def name(p):
    return p.translate(str.maketrans("/?=&", "____"))
def get(url):
    try:
        with urllib.request.urlopen(url) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8", "replace")
for m in months:
    for p in paths:
        code, t = get(base + p + ("&" if "?" in p else "?") + "as_at=" + m)
        f = out + "/" + name(p) + "-" + m
        open(f + ".code", "w").write(str(code))
        open(f + ".raw", "w").write(t)
        a, b = t.find("<main"), t.find("</main>")
        t = t[a:b] if a >= 0 and b > a else t
        # the home page as at a month also says what has changed since, up to
        # the latest month, and lists the months to choose from: those parts
        # move with each sign-off, by design
        for start in ('<h2 class="govuk-heading-l" id="since">',
                      '<h2 class="govuk-heading-m" id="earlier">'):
            i = t.find(start)
            if i >= 0:
                j = t.find("<h2 ", i + 1)
                t = t[:i] + (t[j:] if j >= 0 else "")
        open(f, "w").write(t)
for p in latest:
    open(out + "/" + name(p), "w").write(get(base + p)[1])
PY
}

# shellcheck disable=SC2086
snap "$tmp/before" $months
for c in "$tmp"/before/*.code; do
    [ "$(cat "$c")" = 200 ] || fail "$(basename "$c" .code) answered $(cat "$c")"
done
echo "ok: every public page and download answers 200 as at each of $(wc -l <<<"$months") months"
etag_home=$(curl -sS -D - -o /dev/null "$base/" | sed -n 's/^[Ee][Tt]ag: *//p' | tr -d '\r')
etag_plan=$(curl -sS -D - -o /dev/null "$base/plan?as_at=2015-09" | sed -n 's/^[Ee][Tt]ag: *//p' | tr -d '\r')

# --- found: the home page and the plan count overdue on one clock ----------------------------
home_overdue=$(python3 - "$tmp/before/_-$latest.raw" <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'Overdue at the end of [A-Za-z]+ \d{4}</dt>\s*<dd class="govuk-summary-list__value">(\d+)</dd>', t)
print(m.group(1) if m else "missing")
PY
)
plan_overdue=$(curl -sS "$base/plan?overdue=1" | grep -c 'govuk-table__header"><a class="govuk-link" href="/actions/' || true)
expect_eq "the plan's overdue filter and the home page count the same ($latest's end)" \
    "$home_overdue" "$plan_overdue"

# --- everything that may happen after sign-off -------------------------------------------------
marker=RECORD-LATER-MARKER
"$DIALTURN" export "$db" --out "$tmp/export.json"
# a version 2: A8 re-dated, A4 re-worded, A52 added, A5 retired
"$DIALTURN" version "$db" new "Year Two" >/dev/null
python3 - "$tmp/export.json" "$tmp/edit.json" "$marker" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
acts = {a["ref"]: a for a in doc["actions"]}
acts["A8"]["finish"] = "2016-06-30"
acts["A4"]["title"] = "Culture change programme " + sys.argv[3]
new = dict(acts["A8"], ref="A52", title="Resident panel " + sys.argv[3], start="2016-04-01",
           finish="2016-09-30", answers=["R2"], depends_on=["A8"], status="not_started")
json.dump({"format": "dialturn-plan/1", "actions": [acts["A8"], acts["A4"], new]},
          open(sys.argv[2], "w"))
PY
"$DIALTURN" import "$db" "$tmp/edit.json" --draft --as pmo >/dev/null
"$DIALTURN" version "$db" retire action A5 --reason "Folded into A4" --as pmo >/dev/null
"$DIALTURN" version "$db" submit 2 --as pmo >/dev/null
"$DIALTURN" version "$db" approve 2 --on 2016-03-14 --ref "Cabinet 14 March 2016" --as ceo >/dev/null
"$DIALTURN" version "$db" sign-off 2 --on 2016-03-21 --as chair >/dev/null
echo "ok: version 2 adds, retires, re-dates and re-words, and is signed off"

# in the open month: A26 blocked and accepted, A1's closure, a private draft
"$DIALTURN" export "$db" --out "$tmp/now.json"
python3 - "$tmp/now.json" "$tmp/open.json" "$marker" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ups = {(u["action"], u["period"]): u for u in d["updates"]}
u = ups.get(("A26", "2016-03")) or {"action": "A26", "period": "2016-03", "author": "ceo",
                                   "forecast_finish": None}
u.update(state="accepted", status="blocked", percent=50, confidence="low",
         narrative="Blocked " + sys.argv[3])
if ("A26", "2016-03") not in ups:
    d["updates"].append(u)
for a in d["actions"]:
    if a["ref"] == "A21":
        a.update(status="complete", completed_on="2016-03-15")
d2 = ups.get(("A30", "2016-03")) or {"action": "A30", "period": "2016-03", "author": "ceo",
                                    "forecast_finish": None, "status": "in_progress",
                                    "percent": 40, "confidence": "medium"}
d2.update(state="draft", narrative="Private draft " + sys.argv[3])
if ("A30", "2016-03") not in ups:
    d["updates"].append(d2)
json.dump(d, open(sys.argv[2], "w"))
PY
"$DIALTURN" import "$db" "$tmp/open.json" >/dev/null
echo "ok: an update accepted, a closure and a private draft in the open month"

# a signed-off month's update cannot be rewritten, through any path
python3 - "$tmp/now.json" "$tmp/rewrite.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for u in d["updates"]:
    if u["period"] == "2015-09" and u["state"] == "accepted":
        u["confidence"] = "high" if u["confidence"] != "high" else "low"
        break
json.dump(d, open(sys.argv[2], "w"))
PY
expect_fail "import cannot rewrite an update of a signed-off month" 'signed-off month' \
    "$DIALTURN" import "$db" "$tmp/rewrite.json"
# a correction of a signed-off month's update: a new record, public from the next sign-off
"$DIALTURN" correct "$db" --action A8 --period "$latest" --field percent --value 70 \
    --reason "Recounted $marker" --as pmo >/dev/null
echo "ok: an update of $latest is corrected"
expect_ok_verify() { "$DIALTURN" verify "$db" >/dev/null || fail "verify fails: $("$DIALTURN" verify "$db" 2>&1)"; }
expect_ok_verify

# --- nothing of it changed any signed-off month ------------------------------------------------
# shellcheck disable=SC2086
snap "$tmp/after" $months
for f in "$tmp"/before/*; do
    case $f in *.raw | *.code) continue ;; esac
    cmp -s "$f" "$tmp/after/$(basename "$f")" ||
        fail "$(basename "$f") changed after sign-off: $(diff "$f" "$tmp/after/$(basename "$f")" | head -5)"
done
echo "ok: every page and download of every signed-off month is unchanged, and the latest-only ones too"
for p in /data/actions.csv /data/plan.json /api/v1/actions/A26 /actions/A26 /feed.atom $search_paths; do
    curl -sS -o "$tmp/page" "$base$p"
    if grep -q "$marker" "$tmp/page"; then fail "$p shows what the open month holds"; fi
done
python3 - "$tmp/after/_data_actions.csv-$latest" <<'PY' || fail "the public actions.csv shows unsigned statuses"
import csv, io, sys
rows = {r["ref"]: r for r in csv.DictReader(io.StringIO(open(sys.argv[1]).read().strip()))}
assert rows["A26"]["status"] != "blocked", rows["A26"]
assert rows["A21"]["status"] != "complete" and not rows["A21"]["completed_on"], rows["A21"]
PY
echo "ok: an update accepted and a closure in the open month reach no public download"
expect_eq "the home page's ETag did not move" "$etag_home" \
    "$(curl -sS -D - -o /dev/null "$base/" | sed -n 's/^[Ee][Tt]ag: *//p' | tr -d '\r')"
expect_eq "an as-at page's ETag did not move" "$etag_plan" \
    "$(curl -sS -D - -o /dev/null "$base/plan?as_at=2015-09" | sed -n 's/^[Ee][Tt]ag: *//p' | tr -d '\r')"

# --- the next month is signed off: it shows version 2; earlier months still do not change ----
"$DIALTURN" export "$db" --out "$tmp/next.json"
python3 - "$tmp/next.json" "$tmp/signed.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for p in d["periods"]:
    if p["month"] == "2016-03":
        p.update(status="signed_off", signed_off_on="2016-04-11", signed_off_by="ceo")
for u in d["updates"]:
    if u["period"] == "2016-03":
        u["state"] = "accepted"
json.dump(d, open(sys.argv[2], "w"))
PY
"$DIALTURN" import "$db" "$tmp/signed.json" >/dev/null
older=$(grep -v "^$latest\$" <<<"$months")
# shellcheck disable=SC2086
snap "$tmp/later" $older
for f in "$tmp"/before/*-20*; do
    case $f in *.raw | *.code | *-"$latest") continue ;; esac
    cmp -s "$f" "$tmp/later/$(basename "$f")" ||
        fail "$(basename "$f") changed after the next sign-off: $(diff "$f" "$tmp/later/$(basename "$f")" | head -5)"
done
echo "ok: after the next month is signed off, every earlier month is unchanged"
curl -sS -o "$tmp/page" "$base/actions/A52"
grep -q "$marker" "$tmp/page" || fail "the new month's record lacks version 2's A52"
curl -sS -o "$tmp/mar.csv" "$base/data/actions.csv"
grep -q "^A26,.*blocked" "$tmp/mar.csv" || fail "March's accepted status is not public with March: $(grep "^A26" "$tmp/mar.csv")"
curl -sS -o "$tmp/page" "$base/plan?as_at=2015-09"
if grep -q 'href="/actions/A52' "$tmp/page"; then fail "2015-09 lists A52, added in 2016"; fi
echo "ok: the new month shows version 2 and its statuses; 2015-09 does not"
curl -sS -o "$tmp/page" "$base/actions/A8"
grep -q "Corrected on [0-9-]* by Head of Performance: percent was 85% complete, now 70% complete, because Recounted $marker" "$tmp/page" ||
    fail "the new month's record does not show the correction of $latest beside the update"
echo "ok: the correction is shown beside the update from the next month signed off"

# search in a month's record finds exactly the words that month showed: A4's old
# title ("… outward-looking") as at an earlier month, its new one only now
found() { # PATH: whether the action results of search PATH list A4
    curl -sS -o "$tmp/found.html" "$base$1"
    grep -q 'href="/actions/A4' "$tmp/found.html"
}
found "/search?q=outward&type=actions&as_at=$latest" || fail "A4's old title is not found as at $latest"
found "/search?q=outward&type=actions" && fail "A4's old title is still found now"
found "/search?q=$marker&type=actions" || fail "A4's new title is not found now"
found "/search?q=$marker&type=actions&as_at=$latest" && fail "A4's new title is found as at $latest"
echo "ok: search finds the old wording as at $latest only, and the new one now only"
[ "$(curl -sS -D - -o /dev/null "$base/" | sed -n 's/^[Ee][Tt]ag: *//p' | tr -d '\r')" != "$etag_home" ] ||
    fail "the home page's ETag did not move with a new signed-off month"
echo "ok: a new signed-off month moves the public validators"
expect_ok_verify

# --- each month's seal is published: the home page, the API, publish's heads.txt -------------
seal=$(sqlite3 "$db" "select head_seq || ' ' || head_hash from month_record where month = '2016-03'")
curl -sS -o "$tmp/home.html" "$base/"
expect_grep "the home page shows the month's seal" \
    "sealed at entry ${seal% *} of the ledger, hash <code class=\"dialturn-hash\">${seal#* }</code>" "$tmp/home.html"
expect_eq "the API gives each month's seal" "${seal#* } ${seal% *}" "$(curl -sS "$base/api/v1/periods" |
    python3 -c 'import json, sys
p = [x for x in json.load(sys.stdin)["data"] if x["month"] == "2016-03"][0]["ledger_head"]
print(p["hash"], p["entries"])')"
"$DIALTURN" publish "$db" --out "$tmp/site" >/dev/null
expect_grep "publish writes the seals" "^2016-03 ${seal% *} ${seal#* }\$" "$tmp/site/heads.txt"
"$DIALTURN" verify "$db" --heads "$tmp/site/heads.txt" >/dev/null ||
    fail "the ledger does not extend the heads publish wrote"
echo "ok: the ledger extends every head publish wrote"
echo "test_record: all passed"
