#!/usr/bin/env bash
# `dialturn demo`: creates the bundled Birmingham regime once, verifies, and
# serves it with the notice that its updates are illustrative.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

out=$("$DIALTURN" demo --db demo.db --create-only)
expect_grep "demo says it created the database" "created the demo database demo.db" <(echo "$out")
"$DIALTURN" verify demo.db > verify.out
expect_grep "the demo database verifies" "demo.db: ok: [0-9]+ ledger entries" verify.out
"$DIALTURN" export demo.db --out export.json
cmp export.json "$ROOT/data/demo/birmingham-2015.json"
echo "ok: the demo exports exactly the bundled plan"

# a second run keeps the database (and the changes made to it) as it is
sqlite3 demo.db "select count(*) from ledger" > before.txt
"$DIALTURN" demo --db demo.db --create-only > second.out
expect_eq "a second demo run prints nothing" "" "$(cat second.out)"
expect_eq "a second demo run adds nothing to the ledger" "$(cat before.txt)" \
    "$(sqlite3 demo.db 'select count(*) from ledger')"

"$DIALTURN" status demo.db --as-of 2016-03-31 --json > status.json
python3 - <<'PY'
import json
s = json.load(open("status.json"))
assert len(s["themes"]) == 5, s["themes"]
assert sum(t["actions"] for t in s["themes"]) >= 40
assert s["uncovered_recommendations"] == [], s["uncovered_recommendations"]
print("ok: the demo has 5 themes, at least 40 actions and answers every recommendation")
PY

start_demo demo.db
expect_grep "demo prints where it serves" "serving Birmingham City Council \(demo\) on http://127.0.0.1:$port/" serve.out
curl -fs "$base/" > home.html
expect_grep "the home page says the demo is illustrative" 'class="govuk-phase-banner__text">Demonstration:.*illustrative' home.html
expect_grep "the home page shows the latest signed-off report" "report for <strong>February 2016</strong>" home.html
curl -fs "$base/plan" > plan.html
expect_grep "the plan page shows the plan" "Leadership and strategy" plan.html
if grep -q "UNPUBLISHED-DRAFT-MARKER" plan.html; then
    echo "FAIL: an unsigned month's draft reached the plan page"
    exit 1
fi
if grep -q "UNPUBLISHED-DRAFT-MARKER" home.html; then
    echo "FAIL: an unsigned month's draft reached the home page"
    exit 1
fi
echo "ok: no draft or unsigned update on the home page"
