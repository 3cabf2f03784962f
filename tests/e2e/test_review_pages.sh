#!/usr/bin/env bash
# The review queue a page at a time: the demo's March 2016 has 18 updates
# awaiting review; two owners submit three drafts through the update form,
# and the queue then shows 20 on its first page and the 21st on the second.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"
PW=dialturn-demo

"$DIALTURN" demo --db d.db --create-only >/dev/null
start_demo d.db
sign_in hr.jar hr $PW
sign_in sol.jar solicitor $PW
sign_in pmo.jar pmo $PW

submit() { # JAR REF
    local csrf code
    csrf=$(page_csrf "$1" "/work/updates/$2")
    code=$(curl -sS -b "$1" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$csrf" \
        --data-urlencode "status=in_progress" --data-urlencode "percent=50" \
        --data-urlencode "confidence=medium" --data-urlencode "narrative=On track in March." \
        --data-urlencode "intent=submit" "$base/work/updates/$2")
    expect_eq "submit $2" 303 "$code"
}
submit hr.jar A26
submit hr.jar A32
submit sol.jar A38

curl -sS -b pmo.jar -o p1.html "$base/work/review"
expect_grep "the queue counts all 21" '21 updates await review' p1.html
expect_eq "the first page holds 20" 20 "$(grep -c 'name="decision" value="accept"' p1.html)"
expect_grep "it says which they are" 'Showing 1 to 20\.' p1.html
expect_grep "and links to the next page" 'href="/work/review\?page=2" rel="next"' p1.html
curl -sS -b pmo.jar -o p2.html "$base/work/review?page=2"
expect_eq "the second page holds the 21st" 1 "$(grep -c 'name="decision" value="accept"' p2.html)"
code=$(curl -sS -b pmo.jar -o /dev/null -w '%{http_code}' "$base/work/review?page=3")
expect_eq "a page past the end is 404" 404 "$code"
code=$(curl -sS -b pmo.jar -o zero.html -w '%{http_code}' "$base/work/review?page=zero")
expect_eq "a page that is not a number is 400, as on every list" 400 "$code"
expect_grep "naming the page" 'href="#page">Enter a whole number from 1' zero.html
