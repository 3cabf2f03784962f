#!/usr/bin/env bash
# Assurance over HTTP (and, at the end, an action's history from the
# ledger): panel members record their own ratings beside the
# council's self-assessment (a theme's is shown as how many of its actions'
# accepted updates hold each level; a rating is compared with the worst); a
# differing rating needs a comment; the page lists the differences first;
# only panel members may record, only readers of restricted material may
# look, and nothing of it reaches the public site before a later month is
# signed off.  Uses the demo's accounts and one more panel member.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"
PW=dialturn-demo
MONTH=2016-02

"$DIALTURN" demo --db d.db --create-only >/dev/null
echo "another-password" | "$DIALTURN" user add d.db vice --name "Panel Vice Chair" --role panel
start_demo d.db

for who in chair pmo viewer hr secretariat; do sign_in "jar.$who" "$who" "$PW"; done
sign_in jar.vice vice another-password
csrf_chair=$(page_csrf jar.chair /work/assurance)
csrf_vice=$(page_csrf jar.vice /work/assurance)
csrf_pmo=$(page_csrf jar.pmo /work/assurance)
csrf_sec=$(page_csrf jar.secretariat /work/assurance)

# The council's self-assessment of theme T1 this month: the worst accepted confidence.
worst=$(sqlite3 d.db "SELECT u.confidence FROM progress_update u
    JOIN action a ON a.id = u.action_id JOIN theme t ON t.id = a.theme_id
    JOIN period p ON p.id = u.period_id
    WHERE t.ref = 'T1' AND p.month = '$MONTH' AND u.state = 'accepted'
    ORDER BY CASE u.confidence WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END DESC LIMIT 1")
[ -n "$worst" ] || { echo "FAIL: the demo has no accepted update in T1 for $MONTH"; exit 1; }
differ=$([ "$worst" = high ] && echo low || echo high)
label() { case $1 in high) echo High ;; medium) echo Medium ;; *) echo Low ;; esac; }
echo "ok: T1's self-assessment for $MONTH is $worst; the chair will rate it $differ"

rate() { # JAR CSRF THEME ACTION LEVEL COMMENT -> code and location; body in rate.html
    curl -sS -b "$1" -o rate.html -w '%{http_code} %{redirect_url}' \
        --data-urlencode "csrf=$2" --data-urlencode "period=$MONTH" \
        --data-urlencode "theme=$3" --data-urlencode "action=$4" \
        --data-urlencode "level=$5" --data-urlencode "comment=$6" "$base/work/assurance"
}

# 1. The page: every theme with the council's level, and how it is worked out.
curl -sS -b jar.chair -o page.html "$base/work/assurance?period=$MONTH"
expect_grep "the page names the month" 'February 2016' page.html
expect_grep "it says how a theme's self-assessment is found" \
    "of a theme, how many of its actions. accepted updates hold each level" page.html
# T1's self-assessment is shown as the distribution of its actions' levels, not the worst alone
dist=$(sqlite3 d.db "SELECT group_concat(n, ' ') FROM (SELECT count(*) AS n FROM progress_update u
    JOIN action a ON a.id = u.action_id JOIN theme t ON t.id = a.theme_id JOIN period p ON p.id = u.period_id
    WHERE t.ref = 'T1' AND p.month = '$MONTH' AND u.state = 'accepted' AND u.confidence IS NOT NULL
    GROUP BY u.confidence ORDER BY CASE u.confidence WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END)")
got=$(python3 - page.html <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
t = t[t.index('id="themes"'):]
row = re.search(r"Theme T1: .*?</th><td[^>]*>(.*?)<br>", t, re.S).group(1)
print(" ".join(re.findall(r"</strong> (\d+)", row)))
PY
)
expect_eq "T1's self-assessment is how many of its actions hold each level" "$dist" "$got"
expect_grep "it lists theme T1" 'Theme T1: ' page.html
expect_grep "a panel member gets the form" 'method="post" action="/work/assurance"' page.html
expect_grep "with no difference yet" "No panel member's rating differs" page.html

# 2. A differing rating without a comment is refused, the form kept.
got=$(rate jar.chair "$csrf_chair" T1 "" "$differ" "")
expect_eq "a differing rating without a comment: 400" "400 " "$got"
expect_grep "the error links to the comment" '<a href="#comment">Say why your rating' rate.html
expect_grep "naming both levels" "differs from the council&#39;s self-assessment \($(label "$worst")\)" rate.html
expect_grep "the rating chosen is kept" "value=\"$differ\" checked" rate.html

# 3. With a comment it is recorded, and listed first as a difference.
got=$(rate jar.chair "$csrf_chair" T1 "" "$differ" "SECRET-PANEL: the evidence does not bear this out")
expect_eq "recorded: 303 back to the month" "303 $base/work/assurance?period=$MONTH&recorded=1" "$got"
curl -sS -b jar.chair -o page.html "$base/work/assurance?period=$MONTH&recorded=1"
expect_grep "the banner says so" 'Your rating was recorded' page.html
sed -n '/id="differences"/,/id="themes"/p' page.html > diff.html
expect_grep "the differences list T1" 'Theme T1: ' diff.html
expect_grep "with the chair's comment" 'Panel Chair: .*SECRET-PANEL' diff.html

# 4. Agreeing needs no comment; each member's rating stands beside the other.
got=$(rate jar.vice "$csrf_vice" T1 "" "$worst" "")
expect_eq "an agreeing rating needs no comment" "303 $base/work/assurance?period=$MONTH&recorded=1" "$got"
got=$(rate jar.vice "$csrf_vice" "" A1 "$differ" "One action, rated on its own")
[[ $got == 303* ]] && echo "ok: an action can be rated by its reference" || { echo "FAIL: action: $got"; grep -A2 error-summary__list rate.html; exit 1; }
curl -sS -b jar.pmo -o page.html "$base/work/assurance?period=$MONTH"
expect_grep "both members appear" 'Panel Vice Chair: ' page.html
expect_grep "the rated action follows its theme" 'Action <a class="govuk-link" href="/actions/A1">A1</a>' page.html
if grep -q 'method="post" action="/work/assurance"' page.html; then echo "FAIL: the programme office is offered the form"; exit 1; fi
echo "ok: the programme office reads it without the form"
got=$(rate jar.chair "$csrf_chair" T1 "" "$worst" "")
expect_eq "rating again replaces the earlier rating" "303 $base/work/assurance?period=$MONTH&recorded=1" "$got"
expect_eq "one rating per member and theme" 1 \
    "$(sqlite3 d.db "SELECT count(*) FROM assurance s JOIN account a ON a.id = s.account_id WHERE a.username = 'chair' AND s.theme_id IS NOT NULL")"
expect_eq "the ledger keeps both" 2 \
    "$(sqlite3 d.db "SELECT count(*) FROM ledger WHERE tbl = 'assurance' AND json_extract(entry, '$.actor') = 'chair'")"

# 5. Bad input, each naming its field.
got=$(rate jar.chair "$csrf_chair" T1 "" amber "")
expect_eq "a level not of the scale: 400" "400 " "$got"
expect_grep "linked to the rating" '<a href="#level">Choose a rating: one of high, medium, low' rate.html
got=$(rate jar.chair "$csrf_chair" T1 A1 low "x")
expect_eq "a theme and an action: 400" "400 " "$got"
expect_grep "linked to the action" '<a href="#action">Rate a theme or an action, not both' rate.html
got=$(rate jar.chair "$csrf_chair" "" "" low "x")
expect_eq "neither: 400" "400 " "$got"
expect_grep "linked to the theme" '<a href="#theme">' rate.html
got=$(rate jar.chair "$csrf_chair" "" A999 low "x")
expect_eq "an unknown action: 400" "400 " "$got"
expect_grep "saying so" 'There is no action with that reference' rate.html
code=$(curl -sS -b jar.chair -o /dev/null -w '%{http_code}' "$base/work/assurance?period=2016-2")
expect_eq "a malformed month: 400" 400 "$code"
code=$(curl -sS -b jar.chair -o /dev/null -w '%{http_code}' "$base/work/assurance?period=2030-01")
expect_eq "a month without a period: 404" 404 "$code"

# 6. Who may: reading needs restricted access, recording the panel.
for who in viewer hr; do
    code=$(curl -sS -b "jar.$who" -o denied.html -w '%{http_code}' "$base/work/assurance")
    expect_eq "$who may not read assurance" 403 "$code"
done
code=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "$base/work/assurance")
expect_eq "the anonymous reader is sent to sign in" "303 $base/login?next=%2Fwork%2Fassurance" "$code"
got=$(rate jar.pmo "$csrf_pmo" T1 "" low "x")
expect_eq "the programme office may not record" "403 " "$got"
got=$(rate jar.secretariat "$csrf_sec" T1 "" low "x")
expect_eq "the secretariat may not record" "403 " "$got"
got=$(rate jar.chair "not-the-token" T1 "" low "x")
expect_eq "a rating without the right CSRF token is refused" "403 " "$got"

# 7. Nothing of it is public: ratings of a month reach the public with the
#    next month signed off after them (test_public_site.sh), and March is open.
for path in / /plan /themes /themes/T1 /actions/A1 /feed.atom /themes/T1/feed.atom \
    /data/plan.json /data/updates.csv /api/v1/themes/T1 /api/v1/actions/A1 "/search?q=evidence+bear"; do
    curl -sS -o pub.out "$base$path"
    if grep -q 'SECRET-PANEL\|One action, rated on its own' pub.out; then
        echo "FAIL: $path shows the panel's assurance"
        exit 1
    fi
done
echo "ok: no public page, feed, download or API answer shows the panel's assurance"

# 8. An action's history: the owner saves a draft; the public page's History
#    never shows it, the full history does, to those who may read it.
csrf_hr=$(page_csrf jar.hr /work)
ACT=$(sqlite3 d.db "SELECT a.ref FROM action a JOIN person p ON p.id = a.owner_id
    LEFT JOIN progress_update u ON u.action_id = a.id
        AND u.period_id = (SELECT id FROM period WHERE status = 'open')
    WHERE p.ref = 'head-hr' AND a.status NOT IN ('complete', 'retired')
        AND (u.id IS NULL OR u.state IN ('draft', 'returned'))
    ORDER BY a.id LIMIT 1")
OPEN=$(sqlite3 d.db "SELECT month FROM period WHERE status = 'open'")
[ -n "$ACT" ] && [ -n "$OPEN" ] || { echo "FAIL: the demo has no action of hr to update"; exit 1; }
code=$(curl -sS -b jar.hr -o upd.html -w '%{http_code}' --data-urlencode "csrf=$csrf_hr" \
    --data-urlencode status=in_progress --data-urlencode percent=40 \
    --data-urlencode confidence=low --data-urlencode "narrative=SECRET-DRAFT of the month" \
    --data-urlencode intent=save "$base/work/updates/$ACT")
expect_eq "the owner saves a draft update of $ACT" 303 "$code"
curl -sS -o pub.html "$base/actions/$ACT"
expect_grep "the public action page has a History section" '<h2 class="govuk-heading-l" id="history">History</h2>' pub.html
expect_grep "with the action's own record" "Action $ACT added" pub.html
if grep -q 'SECRET-DRAFT' pub.html; then echo "FAIL: the public history shows a draft"; exit 1; fi
expect_grep "the public history points to the updates rather than repeat them" \
    'Update for [0-9-]+ accepted and signed off</td><td class="govuk-table__cell"><a class="govuk-link" href="#updates">Shown with the progress updates</a>' pub.html
expect_grep "and the section sits inside the page's main content" '</details>' \
    <(sed -n '/id="history"/,/<\/main>/p' pub.html)
echo "ok: the public history never shows the draft"
curl -sS -b jar.pmo -o full.html "$base/work/actions/$ACT/history"
expect_grep "the full history shows the draft" 'SECRET-DRAFT of the month' full.html
expect_grep "who saved it" 'Head of HR' full.html
expect_grep "as an update of the open month" "Update for $OPEN added" full.html
code=$(curl -sS -b jar.hr -o /dev/null -w '%{http_code}' "$base/work/actions/$ACT/history")
expect_eq "the action's owner may read its full history" 200 "$code"
code=$(curl -sS -b jar.viewer -o denied.html -w '%{http_code}' "$base/work/actions/$ACT/history")
expect_eq "a viewer may not" 403 "$code"
expect_grep "and is told why" 'does not allow you to read the full history of actions' denied.html
code=$(curl -sS -b jar.hr -o /dev/null -w '%{http_code}' "$base/work/actions/A1/history")
expect_eq "an owner may not read another action's full history" 403 "$code"
code=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "$base/work/actions/$ACT/history")
expect_eq "the anonymous reader is sent to sign in" \
    "303 $base/login?next=%2Fwork%2Factions%2F$ACT%2Fhistory" "$code"
code=$(curl -sS -b jar.pmo -o /dev/null -w '%{http_code}' "$base/work/actions/A999/history")
expect_eq "an unknown action: 404" 404 "$code"

"$DIALTURN" verify d.db >/dev/null
echo "ok: the ledger verifies"
