#!/usr/bin/env bash
# test_public_site.sh — the public site as a resident meets it, on the bundled
# demo: an as-at view keeps its month on every link; the plan says what
# lateness is measured from; names are not repeated; tables have their own
# names; evidence of signed-off updates is on the action page (and nothing
# unsigned or restricted is).
#
# Needs $DIALTURN (the binary); run alone or from tests/e2e/run.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${ROOT:=$(cd "$here/../.." && pwd)}"
: "${DIALTURN:?set DIALTURN to the dialturn binary}"
# shellcheck source=tests/e2e/lib.sh
source "$ROOT/tests/e2e/lib.sh"

fail() {
    echo "FAIL: $*"
    exit 1
}

# get PATH FILE: fetches $base PATH into FILE, failing unless it answers 200.
get() {
    local code
    code=$(curl -sS -o "$2" -w '%{http_code}' "$base$1")
    [ "$code" = 200 ] || fail "GET $1 answered $code"
}

"$DIALTURN" demo --db demo.db --create-only >/dev/null

# Evidence: a link and a public document on A8's signed-off September update,
# a restricted document beside them, and a link on its unsigned March 2016
# draft.  Written into the file directly, as the monthly round would have.
sqlite3 demo.db <<'SQL'
INSERT INTO document (sha256, name, content_type, size, public, uploaded_at)
VALUES ('00', 'Communications plan.pdf', 'application/pdf', 1, 1, '2015-09-20T10:00:00Z'),
       ('01', 'Staff survey raw data.xlsx', 'application/pdf', 1, 0, '2015-09-20T10:00:00Z');
INSERT INTO evidence (update_id, label, url, document_id)
SELECT u.id, x.label, x.url, x.doc
  FROM progress_update u JOIN period p ON p.id = u.period_id JOIN action a ON a.id = u.action_id,
       (SELECT 'Cabinet report on the communications plan' AS label,
               'https://example.org/cabinet/2015-09' AS url, NULL AS doc
        UNION ALL SELECT 'Communications plan', NULL, (SELECT id FROM document WHERE sha256 = '00')
        UNION ALL SELECT 'RESTRICTED-EVIDENCE', NULL, (SELECT id FROM document WHERE sha256 = '01')) x
 WHERE a.ref = 'A8' AND p.month = '2015-09';
INSERT INTO evidence (update_id, label, url)
SELECT u.id, 'UNSIGNED-EVIDENCE', 'https://example.org/draft'
  FROM progress_update u JOIN period p ON p.id = u.period_id JOIN action a ON a.id = u.action_id
 WHERE a.ref = 'A8' AND p.month = '2016-03';
SQL
start_server --log serve demo.db

# --- 1. an as-at view keeps its month ---------------------------------------------------------
# Every link from a page of September 2015 to a dated page (home, plan, themes,
# actions, recommendations, milestones, measures, data) carries as_at=2015-09,
# except the links that say they lead to today or to another month.
for p in / /plan /themes /themes/T1 /actions/A8 /recommendations /recommendations/R3 \
    /milestones /measures /measures/K1 /data; do
    sep='?'
    case $p in *\?*) sep='&' ;; esac
    get "$p${sep}as_at=2015-09" page.html
    python3 - "$p" page.html <<'PY' || exit 1
import html, re, sys
from html.parser import HTMLParser
path, file = sys.argv[1], sys.argv[2]
dated = re.compile(r"^/(plan|themes|actions|recommendations|milestones|measures|data)?(/[^?#.]*)?([?#]|$)")
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.links = []; self.cur = None
    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.cur = [dict(attrs).get("href", ""), ""]
    def handle_data(self, d):
        if self.cur is not None: self.cur[1] += d
    def handle_endtag(self, tag):
        if tag == "a" and self.cur is not None:
            self.links.append(self.cur); self.cur = None
p = P(); p.feed(open(file, encoding="utf-8").read())
bad = []
for href, text in p.links:
    text = " ".join(text.split())
    if not dated.match(href) or "as_at=2015-09" in href:
        continue
    if re.search(r"as it stands now|how things stand now|\(the latest\)", text) or \
       re.search(r"as_at=\d{4}-\d\d", href) or re.fullmatch(r"[A-Z][a-z]+ \d{4}", text):
        continue  # says it leads to today, or to another month
    bad.append(f"{href} ({text})")
if bad:
    print(f"FAIL: {path} as at September 2015 links out of that month: " + "; ".join(bad[:8]))
    sys.exit(1)
print(f"ok: every dated link of {path} as at September 2015 stays in that month ({len(p.links)} links)")
PY
done

# --- 2. lateness says what it is measured from -----------------------------------------------------
get /plan page.html
expect_grep "the plan's forecast column says it is against the baseline" \
    '>Forecast against baseline</th>' page.html
# A7: planned finish 31 Dec 2015, baseline 30 Sep 2015: its days late name the baseline date
python3 - page.html <<'PY' || exit 1
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
row = re.search(r'<tr class="govuk-table__row">\s*<th[^>]*><a[^>]*href="/actions/A7">A7</a>.*?</tr>', t, re.S)
assert row, "no row for A7"
r = row.group(0)
assert re.search(r'days? late</strong><br><span class="dialturn-slip-base">against baseline '
                 r'<time datetime="2015-09-30">', r), r
print("ok: A7's days late name its baseline, 30 Sep 2015, not its planned finish")
PY
expect_grep "the plan explains the baseline" "compare the forecast with the action's baseline finish" page.html

# --- 5. evidence of a signed-off update is on the action page, with its update ---------------------
get /actions/A8 page.html
python3 - page.html <<'PY' || exit 1
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
sec = re.search(r'<section class="dialturn-update" aria-labelledby="update-2015-09">.*?</section>', t, re.S)
assert sec, "no September 2015 update on A8's page"
s = sec.group(0)
assert '<a class="govuk-link" href="https://example.org/cabinet/2015-09" rel="noopener noreferrer">Cabinet report on the communications plan</a>' in s, s
assert re.search(r'<a class="govuk-link" href="/documents/\d+">Communications plan</a>', s), s
assert "RESTRICTED-EVIDENCE" not in t, "a restricted document is listed"
assert "UNSIGNED-EVIDENCE" not in t, "evidence of an unsigned update is listed"
print("ok: A8's September update lists its link and public document, nothing restricted or unsigned")
PY
get "/actions/A8?as_at=2015-08" page.html
if grep -q 'Cabinet report on the communications plan' page.html; then
    fail "as at August 2015, September's evidence is shown"
fi
echo "ok: as at August 2015, September's evidence is not there yet"

# --- 10. names and table names -------------------------------------------------------------------
get / page.html
expect_grep "the home page's milestones table is named for what it holds" \
    'role="region" aria-label="Milestones due next"' page.html
if grep -q 'aria-label="Actions by status and confidence"' page.html; then
    fail "the milestones table is still named 'Actions by status and confidence'"
fi
echo "ok: no table is misnamed on the home page"
for p in /actions/A8 /plan /themes "/plan?owner=head-comms"; do
    get "$p" page.html
    if grep -qE 'Head of Communications <span class="dialturn-role">\(Head of Communications\)' page.html ||
        grep -q 'Head of Communications (Head of Communications)' page.html; then
        fail "$p repeats a name as its role"
    fi
done
get /actions/A8 page.html
expect_grep "A8's owner is named once" '<dd class="govuk-summary-list__value">Head of Communications</dd>' page.html
echo "ok: a post named by its title is named once"

# --- 4. search covers every public kind of thing ---------------------------------------------------
get "/search?q=R3" page.html
expect_grep "a recommendation is found by its ref" 'href="/recommendations/R3">Recommendation R3</a>' page.html
get "/search?q=kerslake" page.html
expect_grep "recommendations are found by their review" 'href="/recommendations/R11">Recommendation R11</a>' page.html
get "/search?q=Secretary+of+State" page.html
expect_grep "milestones are found by their title" 'href="/milestones#M7">M7 Panel letter to the Secretary of State</a>' page.html
get "/search?q=Size+and+structure" page.html
expect_grep "themes are found by their title" 'href="/themes/T4">Theme T4 Size and structure</a>' page.html
get "/search?q=Secretary&type=milestones" page.html
expect_grep "one kind alone: milestones" 'Milestones \(4\)' page.html
if grep -q 'href="/actions/' page.html; then fail "type=milestones shows actions"; fi
echo "ok: type=milestones shows milestones only"
code=$(curl -sS -o page.html -w '%{http_code}' "$base/search?q=x&type=people")
expect_eq "an unknown kind is refused" 400 "$code"
expect_grep "the refusal names the kinds" 'recommendations, milestones, themes, meetings or reports' page.html
# a private milestone (public = 0) is never found
sqlite3 demo.db "SELECT ref FROM milestone WHERE public = 0" >private.txt
while read -r m; do
    t=$(sqlite3 demo.db "SELECT title FROM milestone WHERE ref = '$m'")
    get "/search?q=$(python3 -c 'import sys,urllib.parse;print(urllib.parse.quote_plus(sys.argv[1]))' "$t")&type=milestones" page.html
    if grep -q "href=\"/milestones#$m\"" page.html; then fail "private milestone $m is found"; fi
done <private.txt
echo "ok: no private milestone is found ($(wc -l <private.txt) tried)"

# --- 8. are the dials turning, and confidence month by month ------------------------------------
for month in "" 2015-09; do
    q=${month:+?as_at=$month}
    get "/$q" page.html
    curl -sS -o measures.json "$base/api/v1/measures$q"
    python3 - page.html measures.json "$month" <<'PY' || exit 1
import json, re, sys
t = open(sys.argv[1], encoding="utf-8").read()
ms = json.load(open(sys.argv[2]))["data"]
n = {s: sum(1 for m in ms if m["status"] == s) for s in ("on_target", "near", "off")}
line = re.search(r'<p class="govuk-body-l" id="dials">(.*?)</p>', t, re.S)
assert line, "no answer to 'are the dials turning?'"
text = re.sub(r"<[^>]+>", "", line.group(1))
want = f"{n['on_target']} of the {len(ms)} measures were on target, {n['near']} near it and {n['off']} off it"
assert want in text, (want, text)
print(f"ok: {sys.argv[3] or 'now'}: the dials line agrees with the API: {want}")
PY
done
# the trend: one row per signed-off month up to the month shown, counts from the file itself
get "/?as_at=2015-09" page.html
sqlite3 demo.db "SELECT p.month, sum(u.confidence = 'high'), sum(u.confidence = 'medium'),
    sum(u.confidence = 'low') FROM progress_update u JOIN period p ON p.id = u.period_id
    WHERE u.state = 'accepted' AND p.status = 'signed_off' AND p.month <= '2015-09'
    GROUP BY p.month ORDER BY p.month DESC" >trend.txt
python3 - page.html trend.txt <<'PY' || exit 1
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
sec = t[t.index('id="trend"'):]
sec = sec[:sec.index("</table>")]
from datetime import datetime
rows = re.findall(r'<th scope="row" class="govuk-table__header">([A-Z][a-z]+ \d{4})</th>(.*?)</tr>', sec, re.S)
got = [(datetime.strptime(m, "%B %Y").strftime("%Y-%m"),
        [int(x) for x in re.findall(r">(\d+) \(\d+%\)<", cells)]) for m, cells in rows]
want = []
for line in open(sys.argv[2]):
    m, *c = line.strip().split("|")
    want.append((m, [int(x) for x in c]))
assert got == want, (got, want)
assert "2015-10" not in sec, "a later month is in September's trend"
print(f"ok: September's trend has its {len(want)} months, each with the report's own counts")
PY
expect_grep "the trend is drawn as a chart with a text alternative" '<title id="trend-title">Share of actions' page.html

# --- 6 and 7. the panel's assessment beside the council's, once a month is signed off ------------
PW=dialturn-demo
for who in chair pmo ceo; do sign_in "jar.$who" "$who" "$PW"; done
csrf=$(page_csrf jar.chair /work/assurance)
code=$(curl -sS -b jar.chair -o rate.html -w '%{http_code}' --data-urlencode "csrf=$csrf" \
    --data-urlencode period=2016-02 --data-urlencode theme=T1 --data-urlencode level=low \
    --data-urlencode "comment=PANEL-REASON: culture change has not reached the front line" \
    "$base/work/assurance")
expect_eq "the chair rates T1 for February 2016 (signed off)" 303 "$code"
code=$(curl -sS -b jar.chair -o rate.html -w '%{http_code}' --data-urlencode "csrf=$csrf" \
    --data-urlencode period=2016-03 --data-urlencode theme=T1 --data-urlencode level=high \
    --data-urlencode "comment=OPEN-MONTH-RATING" "$base/work/assurance")
expect_eq "and T1 for March 2016 (open)" 303 "$code"
# an action with an update in March, rated by the panel for March: its feed
# carries the rating once March is signed off, never before
RA=$(sqlite3 demo.db "SELECT a.ref FROM progress_update u JOIN action a ON a.id = u.action_id
    JOIN period p ON p.id = u.period_id WHERE p.month = '2016-03'
    AND u.state IN ('submitted', 'accepted') ORDER BY a.id LIMIT 1")
[ -n "$RA" ] || fail "the demo has no update in March 2016"
code=$(curl -sS -b jar.chair -o rate.html -w '%{http_code}' --data-urlencode "csrf=$csrf" \
    --data-urlencode period=2016-03 --data-urlencode "action=$RA" --data-urlencode level=low \
    --data-urlencode "comment=ACTION-PANEL-REASON" "$base/work/assurance")
expect_eq "and $RA for March 2016" 303 "$code"
for f in "/actions/$RA/feed.atom" /feed.atom; do
    get "$f" feed.xml
    if grep -q 'ACTION-PANEL-REASON' feed.xml; then
        fail "$f shows a panel rating before its month is signed off"
    fi
done
get /themes/T1 page.html
if grep -q 'PANEL-REASON\|OPEN-MONTH-RATING' page.html; then
    fail "a rating made after the latest sign-off is public before the next one"
fi
expect_grep "until then the page says none is published" 'has published no rating of this theme yet' page.html
# The programme office closes March and the executive signs it off: the
# February rating, recorded before that seal, is now public; March's own
# rating (March is now signed off too) likewise.
csrf=$(page_csrf jar.pmo /work/periods)
for id in $(sqlite3 demo.db "SELECT u.id FROM progress_update u JOIN period p ON p.id = u.period_id
    WHERE p.month = '2016-03' AND u.state = 'submitted'"); do
    code=$(curl -sS -b jar.pmo -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$csrf" \
        --data-urlencode decision=accept --data-urlencode comment= "$base/work/review/$id")
    [ "$code" = 303 ] || fail "accepting update $id answered $code"
done
code=$(curl -sS -b jar.pmo -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$csrf" \
    --data-urlencode confirm=yes "$base/work/periods/2016-03/close")
expect_eq "March 2016 is closed" 303 "$code"
csrf=$(page_csrf jar.ceo /work/periods)
code=$(curl -sS -b jar.ceo -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$csrf" \
    --data-urlencode confirm=yes "$base/work/periods/2016-03/sign-off")
expect_eq "March 2016 is signed off" 303 "$code"
get "/actions/$RA/feed.atom" feed.xml
expect_grep "the action's feed carries the panel's rating of March, with its reason" \
    "assurance, Panel Chair: Low, because ACTION-PANEL-REASON" feed.xml
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' feed.xml ||
    fail "the action's feed is not well-formed XML"
get /themes/T1 page.html
expect_grep "the panel's rating is public, with its reason" 'OPEN-MONTH-RATING' page.html
expect_grep "of the newest month rated" "own rating of this theme for March 2016" page.html
expect_grep "by the member who made it" 'Panel Chair \(panel\)' page.html
# the council's side is the distribution of T1's actions' ratings that month, not the worst
want=$(sqlite3 demo.db "SELECT group_concat(n, ' ') FROM (SELECT count(*) AS n FROM progress_update u
    JOIN action a ON a.id = u.action_id JOIN theme t ON t.id = a.theme_id JOIN period p ON p.id = u.period_id
    WHERE t.ref = 'T1' AND p.month = '2016-03' AND u.state = 'accepted' AND u.confidence IS NOT NULL
    GROUP BY u.confidence ORDER BY CASE u.confidence WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END)")
got=$(python3 - page.html <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
row = re.search(r"The council's rating</dt><dd[^>]*>(.*?)</dd>", t, re.S).group(1)
print(" ".join(re.findall(r"</strong> (\d+)", row)))
PY
)
expect_eq "the council's side is how many of T1's actions held each level in March" "$want" "$got"
get "/themes/T1?as_at=2016-02" page.html
if grep -q 'PANEL-REASON\|OPEN-MONTH-RATING' page.html; then
    fail "February's record changed: it shows a rating made after it was signed off"
fi
echo "ok: February's record still shows no panel rating"
curl -sS -o theme.json "$base/api/v1/themes/T1"
python3 - theme.json <<'PY' || exit 1
import json, sys
a = json.load(open(sys.argv[1]))["assurance"]
assert a and a["period"] == "2016-03", a
assert [r["comment"] for r in a["ratings"]] == ["OPEN-MONTH-RATING"], a
assert a["ratings"][0]["level"] == "high" and a["ratings"][0]["member"] == "Panel Chair", a
print("ok: the API gives the panel's rating of T1, its reason and the council's counts")
PY
curl -sS -o theme.json "$base/api/v1/themes/T1?as_at=2016-02"
expect_grep "as at February the API has no panel rating yet" '"assurance": ?null' theme.json
curl -sS -o action.json "$base/api/v1/actions/A8"
python3 - action.json <<'PY' || exit 1
import json, sys
h = {u["period"]: u for u in json.load(open(sys.argv[1]))["history"]}
ev = h["2015-09"]["evidence"]
assert ev[0] == {"label": "Cabinet report on the communications plan", "url": "https://example.org/cabinet/2015-09"}, ev
assert ev[1]["label"] == "Communications plan" and ev[1]["document"].startswith("/documents/"), ev
assert len(ev) == 2, ev
print("ok: the API gives A8's September evidence, nothing restricted")
PY
python3 "$ROOT/tests/e2e/openapi_check.py" "$base" >openapi.out || { cat openapi.out; fail "the API disagrees with its OpenAPI document"; }
echo "ok: the API (with assurance and evidence) agrees with its OpenAPI document"
