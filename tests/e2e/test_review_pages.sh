#!/usr/bin/env bash
# The review queue a page at a time: the demo's March 2016 has 18 updates
# awaiting review; two owners submit three drafts through the update form,
# and the queue then shows 20 on its first page and the 21st on the second.
# Each is a row (owner, theme, status, confidence against the last accepted
# update), not a whole card; the queue narrows by theme, owner and rating,
# pages keep the filters, and each row opens the update's own page, where
# a refused decision is shown again at an address that answers GET.
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

row='href="/work/review/[0-9]*"><strong>'
curl -sS -b pmo.jar -o p1.html "$base/work/review"
expect_grep "the queue counts all 21" '21 updates await review: showing 1 to 20\.' p1.html
expect_eq "the first page holds 20 rows" 20 "$(grep -c "$row" p1.html)"
expect_no_grep "no row carries a whole update's form" 'name="decision"' p1.html
expect_grep "and links to the next page" 'href="/work/review\?page=2" rel="next"' p1.html
expect_grep "each row names its owner and theme" 'Head of HR<br><span class="govuk-body-s">Theme T3' p1.html
expect_grep "and compares its rating with the last accepted one" '(Up from|Down from|Same as) [A-Z][a-z]+ in [A-Z][a-z]+ 20[0-9][0-9]' p1.html
size=$(wc -c <p1.html)
[ "$size" -lt 60000 ] || { echo "FAIL: the first page is $size bytes: not compact"; exit 1; }
echo "ok: a page of 20 is $size bytes"
curl -sS -b pmo.jar -o p2.html "$base/work/review?page=2"
expect_eq "the second page holds the 21st" 1 "$(grep -c "$row" p2.html)"
code=$(curl -sS -b pmo.jar -o /dev/null -w '%{http_code}' "$base/work/review?page=3")
expect_eq "a page past the end is 404" 404 "$code"
code=$(curl -sS -b pmo.jar -o zero.html -w '%{http_code}' "$base/work/review?page=zero")
expect_eq "a page that is not a number is 400, as on every list" 400 "$code"
expect_grep "naming the page" 'href="#page">Enter a whole number from 1' zero.html

# the filters, as GET query fields declared on the route
curl -sS -b pmo.jar -o t3.html "$base/work/review?theme=T3"
expect_grep "theme T3 has its 7 (5 of the demo's, A26 and A32)" '7 updates match\.' t3.html
expect_eq "7 rows" 7 "$(grep -c "$row" t3.html)"
expect_no_grep "none of another theme" 'Theme T[1245]<' t3.html
expect_grep "the theme stays chosen" '<option value="T3" selected>' t3.html
curl -sS -b pmo.jar -o hr.html "$base/work/review?owner=head-hr&confidence=medium"
expect_grep "owner and rating together: head-hr's three rated medium" '3 updates match\.' hr.html
expect_no_grep "no other rating" '>(High|Low)</strong>' hr.html
curl -sS -b pmo.jar -o none.html "$base/work/review?theme=T1&confidence=high"
expect_grep "a filter that matches nothing says so" 'No update awaiting review matches these filters' none.html
expect_grep "with a way back" 'href="/work/review">Clear filters' none.html
code=$(curl -sS -b pmo.jar -o bad.html -w '%{http_code}' "$base/work/review?theme=T%203")
expect_eq "a malformed filter is refused" 400 "$code"
curl -sS -b pmo.jar -o med.html "$base/work/review?confidence=medium"
n=$(grep -o '[0-9]* updates match' med.html | grep -o '[0-9]*')
[ "$n" -gt 0 ] || { echo "FAIL: no medium updates"; exit 1; }
echo "ok: $n updates rated medium"

# one update: its page, a refused decision, and its address reloaded
U=$(grep -o 'href="/work/review/[0-9]*"' p1.html | grep -o '[0-9]\+' | head -n 1)
curl -sS -b pmo.jar -o one.html "$base/work/review/$U"
expect_grep "the update's page has the decision form" 'name="decision" value="return"' one.html
expect_grep "and the comment's limit in its hint" 'Up to 20,000 characters' one.html
csrf=$(page_csrf pmo.jar "/work/review/$U")
code=$(curl -sS -b pmo.jar -o refused.html -w '%{http_code}' --data-urlencode "csrf=$csrf" \
    --data-urlencode decision=return --data-urlencode comment= "$base/work/review/$U")
expect_eq "a return without a comment is refused" 400 "$code"
expect_grep "at the comment" 'id="comment-error"' refused.html
code=$(curl -sS -b pmo.jar -o reload.html -w '%{http_code}' "$base/work/review/$U")
expect_eq "reloading the refused form's address is the update's page, not 405" 200 "$code"
code=$(curl -sS -b pmo.jar -o /dev/null -w '%{http_code}' "$base/work/review/999999")
expect_eq "an update that does not exist is 404" 404 "$code"
code=$(curl -sS -b pmo.jar -o /dev/null -w '%{http_code} %{redirect_url}' "$base/work/periods/2016-03/sign-off")
expect_eq "a form path with no page of its own sends to its form's page" "303 $base/work/periods" "$code"
code=$(curl -sS -b pmo.jar -o /dev/null -w '%{http_code} %{redirect_url}' "$base/work/versions/2/approve")
expect_eq "with its captures" "303 $base/work/versions/2" "$code"
