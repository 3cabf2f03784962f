#!/usr/bin/env bash
# test_public_home.sh — the public home page (now and as at an earlier month),
# search, the Atom feeds and the accessibility statement, served by the real
# binary over HTTP.  A small plan whose figures are worked out by hand below,
# an empty regime, and the bundled demo (whose unsigned March 2016 updates
# carry UNPUBLISHED-DRAFT-MARKER).  Nothing unsigned or unaccepted may reach
# any of these answers.
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

# get PATH FILE: fetches $base PATH into FILE; prints the status code.
get() {
    curl -sS -o "$2" -w '%{http_code}' "$base$1"
}

# check_atom WHAT FILE [ENTRIES]: FILE is Atom (RFC 4287) that python's
# xml.etree parses: the namespace, the feed's id, title, updated, author and
# self link, and id, title, updated and a link on every entry; ENTRIES, if
# given, is the number of entries expected.
check_atom() {
    python3 - "$2" "${3:-}" <<'PY' || { echo "FAIL: $1"; exit 1; }
import re, sys, xml.etree.ElementTree as ET
path, want = sys.argv[1], sys.argv[2]
A = "{http://www.w3.org/2005/Atom}"
root = ET.parse(path).getroot()
assert root.tag == A + "feed", root.tag
stamp = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
def need(el, name):
    x = el.find(A + name)
    assert x is not None, f"missing <{name}>"
    return x
assert need(root, "id").text.startswith("tag:dialturn,2015:"), need(root, "id").text
assert need(root, "title").text
assert stamp.match(need(root, "updated").text), need(root, "updated").text
assert need(need(root, "author"), "name").text
assert any(l.get("rel") == "self" for l in root.findall(A + "link")), "no self link"
entries = root.findall(A + "entry")
ids = set()
for e in entries:
    i = need(e, "id").text
    assert i.startswith("tag:dialturn,2015:"), i
    assert i not in ids, "duplicate id " + i
    ids.add(i)
    assert need(e, "title").text
    assert stamp.match(need(e, "updated").text)
    assert e.find(A + "link") is not None
    assert e.find(A + "content") is not None or e.find(A + "summary") is not None
    assert need(e, "updated").text <= need(root, "updated").text
if want:
    assert len(entries) == int(want), f"{len(entries)} entries, expected {want}"
assert len(entries) <= 50
PY
    echo "ok: $1"
}

# --- a small plan, worked by hand ---------------------------------------------------
# Periods: March, April and May 2015 signed off; June open.  Every update or
# milestone the public must not see says SECRET-DRAFT.
#   A1 medium → high → high (May: unchanged); A2 high → medium → low (May:
#   declined), planned finish 30 Apr: overdue by 31 days at the end of May;
#   A3 low → medium (May: improved), forecast 31 Dec against a 30 Sep
#   baseline: slipped 92 days; A4 rated for the first time in May, complete in
#   the live plan on 20 June (after May: still in progress on the home page);
#   A5 retired.
cat >"$tmp/plan.json" <<'EOF'
{
  "format": "dialturn-plan/1",
  "organisation": { "name": "Home <Test> Council", "slug": "hometest",
                    "timezone": "Europe/London", "rating_scale": "confidence3" },
  "people": [ { "ref": "ceo", "name": "Chief Executive", "role": "Chief Executive", "kind": "officer" } ],
  "themes": [
    { "ref": "T1", "title": "Governance & culture", "lead": "ceo" },
    { "ref": "T2", "title": "Children's services", "lead": "ceo" }
  ],
  "actions": [
    { "ref": "A1", "theme": "T1", "title": "Agree a vision <script>alert(1)</script>",
      "description": "A shared vision for the city.",
      "start": "2015-03-01", "finish": "2015-12-31", "baseline_finish": "2015-12-31",
      "status": "in_progress" },
    { "ref": "A2", "theme": "T1", "title": "Publish progress monthly",
      "start": "2015-03-01", "finish": "2015-04-30", "baseline_finish": "2015-04-30",
      "status": "in_progress" },
    { "ref": "A3", "theme": "T2", "title": "Stabilise children's social care",
      "start": "2015-03-01", "finish": "2015-12-31", "baseline_finish": "2015-09-30",
      "status": "in_progress" },
    { "ref": "A4", "theme": "T2", "title": "Recruit social workers",
      "start": "2015-03-01", "finish": "2015-06-30", "baseline_finish": "2015-06-30",
      "status": "complete", "completed_on": "2015-06-20" },
    { "ref": "A5", "theme": "T2", "title": "Citizens' panel pilot",
      "start": "2015-03-01", "finish": "2015-06-30", "status": "retired" }
  ],
  "milestones": [
    { "ref": "M1", "action": "A1", "title": "Vision agreed", "due": "2015-04-30",
      "baseline_due": "2015-04-30", "achieved_on": "2015-04-28" },
    { "ref": "M2", "action": "A3", "title": "Care plan adopted", "due": "2015-08-31",
      "baseline_due": "2015-08-31" },
    { "ref": "M3", "title": "SECRET-DRAFT internal milestone", "due": "2015-07-01", "public": false },
    { "ref": "M4", "action": "A4", "title": "Recruitment drive complete", "due": "2015-06-15",
      "baseline_due": "2015-06-15", "achieved_on": "2015-06-20" }
  ],
  "periods": [
    { "month": "2015-03", "status": "signed_off", "signed_off_on": "2015-04-10", "signed_off_by": "ceo" },
    { "month": "2015-04", "status": "signed_off", "signed_off_on": "2015-05-11", "signed_off_by": "ceo" },
    { "month": "2015-05", "status": "signed_off", "signed_off_on": "2015-06-10", "signed_off_by": "ceo" },
    { "month": "2015-06", "status": "open" }
  ],
  "updates": [
    { "action": "A1", "period": "2015-03", "state": "accepted", "status": "in_progress",
      "percent": 10, "confidence": "medium", "narrative": "The **partnership** charter is drafted & shared.", "author": "ceo" },
    { "action": "A1", "period": "2015-04", "state": "accepted", "status": "in_progress",
      "percent": 30, "confidence": "high", "narrative": "On track.", "author": "ceo" },
    { "action": "A1", "period": "2015-05", "state": "accepted", "status": "in_progress",
      "percent": 50, "confidence": "high", "narrative": "Still on track.", "author": "ceo" },
    { "action": "A2", "period": "2015-03", "state": "accepted", "status": "in_progress",
      "percent": 50, "confidence": "high", "narrative": "First report out.", "author": "ceo" },
    { "action": "A2", "period": "2015-04", "state": "accepted", "status": "in_progress",
      "percent": 60, "confidence": "medium", "narrative": "Second report late.", "author": "ceo" },
    { "action": "A2", "period": "2015-05", "state": "accepted", "status": "in_progress",
      "percent": 70, "confidence": "low", "narrative": "Third report late.", "author": "ceo" },
    { "action": "A2", "period": "2015-06", "state": "submitted", "status": "complete",
      "percent": 100, "confidence": "high", "narrative": "SECRET-DRAFT submitted", "author": "ceo" },
    { "action": "A3", "period": "2015-03", "state": "returned", "status": "in_progress",
      "percent": 5, "confidence": "low", "narrative": "SECRET-DRAFT returned", "author": "ceo" },
    { "action": "A3", "period": "2015-04", "state": "accepted", "status": "in_progress",
      "percent": 10, "confidence": "low", "narrative": "Caseloads too high.",
      "forecast_finish": "2015-12-31", "author": "ceo" },
    { "action": "A3", "period": "2015-05", "state": "accepted", "status": "in_progress",
      "percent": 20, "confidence": "medium", "narrative": "Caseloads falling.",
      "forecast_finish": "2015-12-31", "author": "ceo" },
    { "action": "A4", "period": "2015-05", "state": "accepted", "status": "in_progress",
      "percent": 80, "confidence": "high", "narrative": "Recruitment campaign launched.", "author": "ceo" },
    { "action": "A4", "period": "2015-06", "state": "draft", "status": "complete",
      "percent": 100, "confidence": "high", "narrative": "SECRET-DRAFT complete", "author": "ceo" }
  ],
  "measures": [
    { "ref": "K1", "title": "Social worker vacancy rate", "unit": "%", "direction": "down",
      "tolerance_pct": 10, "theme": "T2" }
  ]
}
EOF
"$DIALTURN" init "$tmp/t.db" --org "Home <Test> Council" >/dev/null
"$DIALTURN" import "$tmp/t.db" "$tmp/plan.json" >/dev/null
"$DIALTURN" init "$tmp/empty.db" --org "Empty Council" >/dev/null
echo "ok: databases created"

start_server --log "$tmp/small" "$tmp/t.db"

# --- the home page, now -------------------------------------------------------------
code=$(curl -sS -D "$tmp/home.hdr" -o "$tmp/home.html" -w '%{http_code}' "$base/")
expect_eq "/ is 200" 200 "$code"
expect_grep "/ is HTML" "^[Cc]ontent-[Tt]ype: text/html; charset=utf-8" "$tmp/home.hdr"
h="$tmp/home.html"
expect_grep "home h1" '<h1 class="govuk-heading-xl">Progress on the improvement plan</h1>' "$h"
expect_grep "the latest signed-off month and its sign-off" \
    'report for <strong>May 2015</strong>, signed off on <time datetime="2015-06-10">10 Jun 2015</time> by Chief Executive' "$h"
expect_grep "statuses in a summary list" 'govuk-summary-list__key"><strong class="govuk-tag govuk-tag--blue">In progress</strong></dt>' "$h"
python3 - "$h" <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
def count(label):
    m = re.search(r'>' + label + r'</strong></dt>\s*<dd class="govuk-summary-list__value">(\d+)</dd>', t)
    assert m, label
    return int(m.group(1))
got = {s: count(s) for s in ["Not started", "In progress", "Complete", "Blocked", "Retired"]}
want = {"Not started": 0, "In progress": 4, "Complete": 0, "Blocked": 0, "Retired": 1}
assert got == want, got
print("ok: actions by status as the signed-off record has them (A4 not yet complete)")
PY
expect_grep "confidence bar is an accessible SVG" '<svg class="dialturn-bar"[^>]* role="img" aria-labelledby="confidence-bar-title">' "$h"
expect_grep "the bar's text alternative has the numbers" \
    '<title id="confidence-bar-title">Confidence ratings: 2 High, 1 Medium, 1 Low</title>' "$h"
expect_grep "the numbers beside the bar" '<strong class="govuk-tag dialturn-tag--high">High</strong> 2 \(50%\)' "$h"
python3 - "$h" <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'Overdue at the end of May 2015</dt>\s*<dd class="govuk-summary-list__value">(\d+)</dd>', t)
assert m and m.group(1) == "1", m and m.group(1)
m = re.search(r'later than their baseline</dt>\s*<dd class="govuk-summary-list__value">(\d+)</dd>', t)
assert m and m.group(1) == "1", m and m.group(1)
assert re.search(r'href="/actions/A2">A2</a> Publish progress monthly \(31 days\)', t), "A2 overdue 31 days"
assert re.search(r'href="/actions/A3">A3</a> Stabilise children&#39;s social care \(92 days\)', t), "A3 slipped 92 days"
print("ok: one overdue action (A2, 31 days) and one slipped (A3, 92 days)")
PY
expect_grep "milestones due next: M4 first" "Recruitment drive complete" "$h"
expect_grep "milestones due next: M2" "Care plan adopted" "$h"
expect_no_grep "an achieved milestone is not due next" "Vision agreed" "$h"
expect_grep "improved: A3 low to medium" \
    'A3</a> Stabilise children&#39;s social care<br>Confidence: <strong class="govuk-tag dialturn-tag--low">Low</strong> <span aria-hidden="true">→</span><span class="govuk-visually-hidden"> to </span> <strong class="govuk-tag dialturn-tag--medium">Medium</strong>' "$h"
expect_grep "declined: A2 medium to low" \
    'A2</a> Publish progress monthly<br>Confidence: <strong class="govuk-tag dialturn-tag--medium">Medium</strong> .*dialturn-tag--low">Low</strong>' "$h"
expect_grep "improved and declined counts" '<h3 class="govuk-heading-s">Improved \(1\)</h3>' "$h"
expect_grep "the comparison names the previous report" "the previous report was for April 2015" "$h"
expect_grep "1 unchanged, 1 new" "1 unchanged, 1 rated for the first time" "$h"
expect_grep "earlier months are links" 'href="/\?as_at=2015-03">March 2015</a>' "$h"
expect_grep "a search form" '<form method="get" action="/search" role="search">' "$h"
expect_grep "the feed is linked" 'href="/feed.atom"' "$h"
expect_no_grep "no live script tag" "<script" "$h"
expect_no_grep "nothing unsigned or unaccepted" "SECRET-DRAFT" "$h"
expect_no_grep "no as-at section now" 'id="since"' "$h"

# --- the home page as at March 2015 -------------------------------------------------
expect_eq "/?as_at=2015-03 is 200" 200 "$(get '/?as_at=2015-03' "$tmp/asat.html")"
a="$tmp/asat.html"
expect_grep "as-at notice" "as it stood at the end of March 2015" "$a"
expect_grep "as-at figures are March's" 'report for <strong>March 2015</strong>' "$a"
expect_grep "as-at: the vision milestone was still due" "Vision agreed" "$a"
expect_grep "what has changed since" '<h2 class="govuk-heading-l" id="since">What has changed since March 2015</h2>' "$a"
expect_grep "since: reports signed off up to May" "Reports have been signed off up to May 2015" "$a"
python3 - "$a" <<'PY'
import re, sys
t = open(sys.argv[1], encoding="utf-8").read()
since = t[t.index('id="since"'):]
since = since[:since.index("</ul>")]
def line(ref):
    m = re.search(r'href="/actions/' + ref + r'\?as_at=2015-03">' + ref + r'</a>(.*?)</li>', since, re.S)
    assert m, ref + " not in the changed-since list"
    return re.sub(r"<[^>]+>", "", m.group(1))
assert "Confidence: Medium → to  High" in line("A1"), line("A1")
assert "Confidence: High → to  Low" in line("A2"), line("A2")
assert "Not yet rated → to  Medium" in line("A3") and "Status: Not started → to  In progress" in line("A3"), line("A3")
assert "Not yet rated → to  High" in line("A4"), line("A4")
assert "A5" not in since, "A5 did not change"
assert "Actions whose confidence or status has changed (4)" in re.sub(r"<[^>]+>", "", since)
print("ok: the changed-since list has A1-A4 with from → to")
PY
expect_grep "milestones achieved since" 'Milestones achieved since \(1\)' "$a"
expect_grep "M1 achieved on 28 April" '<time datetime="2015-04-28">28 Apr 2015</time>' "$a"
expect_no_grep "as-at: nothing unsigned" "SECRET-DRAFT" "$a"
expect_eq "as_at equal to the latest month is the current page" 200 "$(get '/?as_at=2015-05' "$tmp/asat5.html")"
expect_no_grep "the latest month has no changed-since section" 'id="since"' "$tmp/asat5.html"

expect_eq "as_at not a month is 400" 400 "$(get '/?as_at=March' "$tmp/e.html")"
expect_grep "the 400 names as_at" "as_at" "$tmp/e.html"
expect_eq "as_at of an open month is 404" 404 "$(get '/?as_at=2015-06' "$tmp/e.html")"
expect_eq "as_at of an unknown month is 404" 404 "$(get '/?as_at=2099-01' "$tmp/e.html")"

# --- search -------------------------------------------------------------------------
expect_eq "/search is 200" 200 "$(get /search "$tmp/s0.html")"
expect_grep "empty search: a form" '<input class="govuk-input[^"]*" id="q" name="q" type="search"' "$tmp/s0.html"
expect_grep "empty search: help text" "How search works" "$tmp/s0.html"
expect_eq "search for partnership" 200 "$(get '/search?q=partnership' "$tmp/s1.html")"
expect_grep "finds A1's March update with the word marked" '<mark>partnership</mark> charter is drafted &amp; shared' "$tmp/s1.html"
expect_grep "the update links to its action" 'href="/actions/A1">A1 Agree a vision &lt;script&gt;' "$tmp/s1.html"
expect_grep "the update says its month" "Progress update for March 2015" "$tmp/s1.html"
expect_eq "search for an action by title" 200 "$(get '/search?q=recruit' "$tmp/s2.html")"
expect_grep "action result with its title marked" 'href="/actions/A4">A4 <mark>Recruit</mark> social workers</a>' "$tmp/s2.html"
expect_eq "search for a measure" 200 "$(get '/search?q=vacancy' "$tmp/s3.html")"
expect_grep "measure result links to the measure" 'href="/measures/K1">K1 Social worker <mark>vacancy</mark> rate</a>' "$tmp/s3.html"
expect_eq "search for words only drafts hold" 200 "$(get '/search?q=SECRET' "$tmp/s4.html")"
expect_grep "drafts: no results" 'No results for &quot;SECRET&quot;|No results for "SECRET"' "$tmp/s4.html"
expect_no_grep "drafts never reach a result" "SECRET-DRAFT" "$tmp/s4.html"
expect_eq "search with no match" 200 "$(get '/search?q=zebra' "$tmp/s5.html")"
expect_grep "no results: a helpful empty state" "Improve your results by" "$tmp/s5.html"
for q in '%22' '*' 'NEAR(' 'a%20OR' 'a%20OR%20' '(' ')' '%22%22%22' 'NEAR(a%20b,%203)' 'title:vision' \
    '-x' '^a' '%FF%FE' '%ED%A0%80' '%01%02' "'%3BDROP%20TABLE%20action%3B--" '%3Cscript%3E'; do
    code=$(get "/search?q=$q" "$tmp/h.html")
    if [ "$code" != 200 ]; then
        echo "FAIL: hostile query q=$q answered $code"
        cat "$tmp/h.html" | head -20
        exit 1
    fi
    if grep -q "<script" "$tmp/h.html"; then
        echo "FAIL: q=$q reflected a live script tag"
        exit 1
    fi
done
echo "ok: hostile queries answer 200 and reflect nothing live"
q200=$(head -c 200 /dev/zero | tr '\0' 'a')
expect_eq "a 200-character query is served" 200 "$(get "/search?q=$q200" "$tmp/e.html")"
expect_eq "a 201-character query is 400" 400 "$(get "/search?q=${q200}b" "$tmp/e.html")"
expect_grep "the 400 names q" "\(q\)" "$tmp/e.html"
expect_eq "200 characters, not bytes" 200 "$(get "/search?q=$(for _ in $(seq 1 200); do printf '%%C3%%A9'; done)" "$tmp/e.html")"
expect_eq "type must be a known group" 400 "$(get '/search?q=a&type=bogus' "$tmp/e.html")"
expect_grep "the 400 names type" 'href="#type"' "$tmp/e.html"
expect_eq "page 0 is 400" 400 "$(get '/search?q=partnership&page=0' "$tmp/e.html")"
expect_grep "the 400 names page" 'href="#page"' "$tmp/e.html"
expect_eq "page not a number is 400" 400 "$(get '/search?q=partnership&page=x' "$tmp/e.html")"
expect_eq "a page past the last is 404" 404 "$(get '/search?q=partnership&page=9' "$tmp/e.html")"
expect_eq "one group alone" 200 "$(get '/search?q=on&type=updates' "$tmp/s6.html")"
expect_grep "the group filter shows" '<strong aria-current="page">Progress updates' "$tmp/s6.html"

# --- feeds --------------------------------------------------------------------------
code=$(curl -sS -D "$tmp/f.hdr" -o "$tmp/site.atom" -w '%{http_code}' "$base/feed.atom")
expect_eq "/feed.atom is 200" 200 "$code"
expect_grep "feeds are application/atom+xml" "^[Cc]ontent-[Tt]ype: application/atom\+xml" "$tmp/f.hdr"
# 3 monthly reports + 9 published updates (A1 ×3, A2 ×3, A3 ×2, A4 ×1)
check_atom "the site feed is Atom with 12 entries" "$tmp/site.atom" 12
expect_grep "one entry per signed-off month" \
    "<title>Progress report for May 2015: 4 actions reported, 1 improved, 1 declined</title>" "$tmp/site.atom"
expect_grep "the feed's id is a tag URI" "<id>tag:dialturn,2015:hometest/feed</id>" "$tmp/site.atom"
expect_grep "updated is the latest sign-off" "<updated>2015-06-10T00:00:00Z</updated>" "$tmp/site.atom"
expect_grep "the organisation is escaped" "<name>Home &lt;Test&gt; Council</name>" "$tmp/site.atom"
expect_no_grep "no live markup from data" "<script" "$tmp/site.atom"
expect_no_grep "the site feed has nothing unsigned" "SECRET-DRAFT" "$tmp/site.atom"

expect_eq "/actions/A1/feed.atom is 200" 200 "$(get /actions/A1/feed.atom "$tmp/a1.atom")"
check_atom "the action feed is Atom with A1's 3 updates" "$tmp/a1.atom" 3
expect_grep "action feed id" "<id>tag:dialturn,2015:hometest/actions/A1</id>" "$tmp/a1.atom"
expect_grep "update entry title" "<title>A1 — May 2015: In progress, High confidence</title>" "$tmp/a1.atom"
python3 - "$tmp/a1.atom" <<'PY'
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
root = ET.parse(sys.argv[1]).getroot()
march = [e for e in root.findall(A + "entry") if e.find(A + "id").text.endswith("/updates/2015-03")][0]
c = march.find(A + "content")
assert c.get("type") == "html"
assert "<strong>partnership</strong> charter is drafted &amp; shared" in c.text, c.text
assert "&lt;script&gt;" in c.text and "<script" not in c.text, c.text
print("ok: the narrative is Markdown rendered to HTML, escaped as XML text")
PY
expect_eq "/themes/T2/feed.atom is 200" 200 "$(get /themes/T2/feed.atom "$tmp/t2.atom")"
check_atom "the theme feed has A3's and A4's updates" "$tmp/t2.atom" 3
expect_no_grep "the theme feed has nothing unsigned" "SECRET-DRAFT" "$tmp/t2.atom"
expect_eq "an unknown action's feed is 404" 404 "$(get /actions/A99/feed.atom "$tmp/e.html")"
expect_eq "an unknown theme's feed is 404" 404 "$(get /themes/T9/feed.atom "$tmp/e.html")"

# --- the accessibility statement ----------------------------------------------------
expect_eq "/accessibility is 200" 200 "$(get /accessibility "$tmp/acc.html")"
for want in "Accessibility statement for Home &lt;Test&gt; Council" "WCAG|Web Content Accessibility Guidelines version 2.2" \
    "AA standard" "Reporting accessibility problems" "Enforcement procedure" \
    "Equality Advisory and Support Service" "JavaScript" "last reviewed on <time datetime=\"[0-9-]+\">"; do
    expect_grep "accessibility statement: $want" "$want" "$tmp/acc.html"
done

# --- 404 and 405 --------------------------------------------------------------------
expect_eq "POST /search is 405" 405 "$(curl -sS -o /dev/null -w '%{http_code}' -X POST -d q=x "$base/search")"
expect_eq "an unknown page is 404" 404 "$(get /feed.rss "$tmp/e.html")"
expect_no_grep "no sanitizer reports" "Sanitizer|runtime error" "$tmp/small.err"

# --- nothing signed off yet ---------------------------------------------------------
start_server --log "$tmp/empty" "$tmp/empty.db"
expect_eq "empty: / is 200" 200 "$(get / "$tmp/empty.html")"
expect_grep "empty state" "No monthly report has been signed off yet" "$tmp/empty.html"
expect_eq "empty: the feed is 200" 200 "$(get /feed.atom "$tmp/empty.atom")"
check_atom "empty: the feed is valid Atom with no entries" "$tmp/empty.atom" 0
expect_eq "empty: search answers" 200 "$(get '/search?q=plan' "$tmp/e.html")"
expect_eq "empty: as_at is 404" 404 "$(get '/?as_at=2015-03' "$tmp/e.html")"

# --- the demo: March 2016 is open, its updates marked UNPUBLISHED-DRAFT-MARKER ------
(cd "$tmp" && "$DIALTURN" demo --db demo.db --create-only >/dev/null)
start_server --log "$tmp/demo" "$tmp/demo.db"
expect_eq "demo: / is 200" 200 "$(get / "$tmp/d.html")"
expect_grep "demo: February 2016 is the latest report" "report for <strong>February 2016</strong>" "$tmp/d.html"
expect_no_grep "demo: the home page has no draft" "UNPUBLISHED|DRAFT-MARKER" "$tmp/d.html"
expect_eq "demo: /?as_at=2015-09 is 200" 200 "$(get '/?as_at=2015-09' "$tmp/d9.html")"
expect_grep "demo: what has changed since September 2015" "What has changed since September 2015" "$tmp/d9.html"
expect_grep "demo: milestones achieved since" "Milestones achieved since \([1-9][0-9]*\)" "$tmp/d9.html"
expect_no_grep "demo: the as-at page has no draft" "UNPUBLISHED|DRAFT-MARKER" "$tmp/d9.html"
expect_eq "demo: the open month is not public" 404 "$(get '/?as_at=2016-03' "$tmp/e.html")"
expect_eq "demo: search UNPUBLISHED" 200 "$(get '/search?q=UNPUBLISHED' "$tmp/ds.html")"
expect_grep "demo: no update holds it" "No results for" "$tmp/ds.html"
expect_no_grep "demo: the marker never reaches search" "DRAFT-MARKER" "$tmp/ds.html"
expect_eq "demo: search a draft's own words" 200 "$(get '/search?q=recovery%20plan%20programme%20board' "$tmp/ds2.html")"
expect_no_grep "demo: a draft's words find no draft" "DRAFT-MARKER|not yet signed off" "$tmp/ds2.html"
expect_eq "demo: the site feed" 200 "$(get /feed.atom "$tmp/d.atom")"
check_atom "demo: the site feed is Atom, capped at 50" "$tmp/d.atom" 50
expect_no_grep "demo: the site feed has no draft" "UNPUBLISHED|DRAFT-MARKER" "$tmp/d.atom"
for t in T1 T2 T3 T4 T5; do
    get "/themes/$t/feed.atom" "$tmp/dt.atom" >/dev/null
    check_atom "demo: theme $t's feed is Atom" "$tmp/dt.atom"
    expect_no_grep "demo: theme $t's feed has no draft" "UNPUBLISHED|DRAFT-MARKER" "$tmp/dt.atom"
done
for i in $(seq 1 51); do
    code=$(get "/actions/A$i/feed.atom" "$tmp/da$i.atom")
    [ "$code" = 200 ] || { echo "FAIL: /actions/A$i/feed.atom answered $code"; exit 1; }
done
if grep -lE "UNPUBLISHED|DRAFT-MARKER" "$tmp"/da*.atom; then
    echo "FAIL: an action's feed holds an unsigned update"
    exit 1
fi
python3 - "$tmp"/da*.atom <<'PY' || { echo "FAIL: an action feed does not parse"; exit 1; }
import sys, xml.etree.ElementTree as ET
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    assert root.tag == "{http://www.w3.org/2005/Atom}feed", path
PY
echo "ok: all 51 action feeds parse and hold nothing unsigned"
expect_no_grep "demo: no sanitizer reports" "Sanitizer|runtime error" "$tmp/demo.err"

echo "test_public_home: all passed"
