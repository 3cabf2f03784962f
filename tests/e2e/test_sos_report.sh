#!/usr/bin/env bash
# test_sos_report.sh — the panel's reports to the Secretary of State (issue 12,
# point 2).
#
# On the demo (which holds the July 2015 letter and the December 2015 report,
# published): the secretariat starts a report through the forms, the panel
# writes each section's assessment, the chair approves it and the
# secretariat publishes it; each step is refused to the roles that may not
# take it, and in the wrong state.  A marker written into the title and the
# assessments appears on no public surface (pages, search, feeds, API, data
# downloads, the static publish output) until publication, and on the page
# and in the PDF after.  The PDF holds each section, is served byte for
# byte as stored, and its hash is the stored document's.  The response is
# attached and shown; the ledger verifies.
#
# Needs $DIALTURN, sqlite3, curl, pdftotext, sha256sum.
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

MARK=QZXSOSMARKER
PW=dialturn-demo
"$DIALTURN" demo --db d.db --create-only >/dev/null
echo "a long enough password" | "$DIALTURN" user add d.db member --name 'Panel Member' \
    --role panel --person panel-member-1 >/dev/null
export DIALTURN_TODAY=2016-03-20 DIALTURN_NOW=2016-03-20T10:00:00Z
start_server d.db
sign_in jar.sec secretariat "$PW"
sign_in jar.chair chair "$PW"
sign_in jar.member member 'a long enough password'
sign_in jar.ceo ceo "$PW"
sign_in jar.viewer viewer "$PW"
declare -A CSRF
for who in sec chair member ceo viewer; do CSRF[$who]=$(page_csrf "jar.$who" /work); done
post() { # WHO PATH [name=value...] -> "code location", body in body.html
    local who=$1 path=$2
    shift 2
    local args=()
    for a in "$@"; do args+=(--data-urlencode "$a"); done
    curl -sS -b "jar.$who" -o body.html -w '%{http_code} %{redirect_url}' \
        --data-urlencode "csrf=${CSRF[$who]}" "${args[@]}" "$base$path"
}
get() { # WHO PATH -> code, body in body.html
    curl -sS -b "jar.$1" -o body.html -w '%{http_code}' "$base$2"
}

# --- the demo's December 2015 report is public -------------------------------------------------
curl -sS -o list.html "$base/reports"
expect_grep "/reports lists the December 2015 report" 'href="/reports/sos/SOS-2015-12"' list.html
expect_grep "/reports still lists the monthly reports" 'href="/reports/2015-12"' list.html
curl -sS -o dec.html "$base/reports/sos/SOS-2015-12"
expect_grep "the December report has its city partnership assessment" 'The city partnership' dec.html
expect_grep "and the long-term financial strategy" 'The long-term financial strategy' dec.html
expect_grep "and senior management capacity" 'Senior management capacity' dec.html
expect_grep "its figures: progress per recommendation" 'Progress against the recommendations' dec.html
curl -sS -o atom.xml "$base/reports.atom"
expect_grep "the feed has the December report" 'reports/sos/SOS-2015-12</id>' atom.xml
python3 -c "import xml.dom.minidom,sys; xml.dom.minidom.parse(sys.argv[1])" atom.xml ||
    fail "reports.atom is not XML"

# --- who may -------------------------------------------------------------------------------------
expect_eq "a viewer may not open the reports' workspace" 403 "$(get viewer /work/sos)"
expect_eq "the chief executive reads the workspace list" 200 "$(get ceo /work/sos)"
expect_no_grep "but is not offered the form to start one" 'action="/work/sos"' body.html
got=$(post ceo /work/sos ref=SOS-2016-03 kind=requested "title=T $MARK" from=2015-12 to=2016-02)
expect_eq "the chief executive may not start a report" 403 "${got%% *}"
got=$(post chair /work/sos ref=SOS-2016-03 kind=requested "title=T $MARK" from=2015-12 to=2016-02)
expect_eq "a panel member may not start a report" 403 "${got%% *}"
code=$(curl -sS -o /dev/null -w '%{http_code}' "$base/work/sos")
expect_eq "an anonymous reader is sent to sign in" 303 "$code"

# --- field errors --------------------------------------------------------------------------------
got=$(post sec /work/sos ref=SOS-2016-03 kind=requested "title=T" from=2015-12 to=2016-03)
expect_eq "a month not signed off is refused" 400 "${got%% *}"
expect_grep "and said at its field" 'id="to-error"' body.html
expect_grep "saying why" '2016-03 is not a signed-off month' body.html
got=$(post sec /work/sos ref=SOS-2015-12 kind=scheduled "title=T" from=2015-12 to=2016-01)
expect_eq "a ref in use is refused" 400 "${got%% *}"
expect_grep "and said at its field" 'id="ref-error"' body.html
got=$(post sec /work/sos ref=SOS-2016-03 kind=scheduled "title=T" from=2016-02 to=2015-12)
expect_eq "a span backwards is refused" 400 "${got%% *}"

# --- the workflow, with the marker ---------------------------------------------------------------
got=$(post sec /work/sos ref=SOS-2016-03 kind=requested "title=Requested report $MARK" \
    from=2015-12 to=2016-02)
expect_eq "the secretariat starts a report" "303 $base/work/sos/SOS-2016-03?done=started" "$got"
expect_eq "its page opens" 200 "$(get sec /work/sos/SOS-2016-03)"
expect_grep "its figures are frozen in the draft" 'Progress against the recommendations' body.html
[ "$(sqlite3 d.db "select count(*) from sos_section s join sos_report r on r.id = s.report_id
    where r.ref = 'SOS-2016-03' and s.figures <> ''")" -ge 5 ] || fail "figures not frozen"
expect_eq "the figures compare with the last month before the span" 1 \
    "$(sqlite3 d.db "select count(*) from sos_section s join sos_report r on r.id = s.report_id
        where r.ref = 'SOS-2016-03' and s.key = 'themes' and s.figures like '%report of 2015-11%'")"
# a draft answers in the API exactly as a ref never used: no oracle
api404() { # REF -> the code and body of GET /api/v1/reports/sos/REF
    curl -sS -w ' %{http_code}' "$base/api/v1/reports/sos/$1" | sed "s/$1/REF/g"
}
unknown=$(api404 SOS-NO-SUCH)
expect_eq "an unknown ref is 404 in the API" 404 "${unknown##* }"
expect_eq "a draft is 404 in the API, as an unknown ref" "$unknown" "$(api404 SOS-2016-03)"
got=$(post sec /work/sos/SOS-2016-03/refresh)
expect_eq "the secretariat refreshes the figures" "303 $base/work/sos/SOS-2016-03?done=refreshed" "$got"

got=$(post sec /work/sos/SOS-2016-03/sections/summary "assessment=no")
expect_eq "the secretariat may not write the assessment" 403 "${got%% *}"
got=$(post member /work/sos/SOS-2016-03/approve)
expect_eq "approval before the assessments are written is refused" 400 "${got%% *}"
for key in summary recommendations themes milestones confidence measures meetings; do
    got=$(post member "/work/sos/SOS-2016-03/sections/$key" \
        "assessment=The panel on $key: $MARK-$key.")
    expect_eq "a panel member writes the $key assessment" \
        "303 $base/work/sos/SOS-2016-03?done=saved" "$got"
done
curl -sS -o search.html "$base/search?q=$MARK-summary"
expect_grep "search does not find a draft's assessment" "No results for" search.html
curl -sS -o search.html "$base/search?q=$MARK&type=reports"
expect_grep "nor among the reports alone" "No results for" search.html
got=$(post member /work/sos/SOS-2016-03/sections/nosuch "assessment=x")
expect_eq "a section that is not there" 404 "${got%% *}"
got=$(post sec /work/sos/SOS-2016-03/publish)
expect_eq "a draft cannot be published" 409 "${got%% *}"
got=$(post member /work/sos/SOS-2016-03/approve)
expect_eq "a panel member who is not the chair may not approve" 400 "${got%% *}"
expect_grep "and is told why" "Only the panel&#39;s chair approves" body.html
got=$(post sec /work/sos/SOS-2016-03/approve)
expect_eq "the secretariat may not approve" 403 "${got%% *}"
got=$(post chair /work/sos/SOS-2016-03/approve)
expect_eq "the chair approves" "303 $base/work/sos/SOS-2016-03?done=approved" "$got"
got=$(post chair /work/sos/SOS-2016-03/sections/summary "assessment=changed")
expect_eq "an approved report's assessment cannot change" 409 "${got%% *}"
got=$(post sec /work/sos/SOS-2016-03/refresh)
expect_eq "nor its figures" 409 "${got%% *}"
got=$(post chair /work/sos/SOS-2016-03/publish)
expect_eq "the chair does not publish" 403 "${got%% *}"

# --- nothing of it is public yet -----------------------------------------------------------------
public="/ /reports /reports.atom /reports/sos/SOS-2016-03 /reports/sos/SOS-2016-03.pdf
/search?q=Requested+report /feed.atom /plan /themes /themes/T1 /actions/A1 /recommendations /milestones
/measures /data /data/plan.json /data/actions.csv /data/updates.csv /api/v1/themes /api/v1/actions
/api/v1/periods /api/v1/organisation /api/v1/reports/sos /api/v1/reports/sos/SOS-2016-03 /panel /meetings /meetings.atom /money"
crawl() { # DIR
    mkdir -p "$1"
    local i=0 p
    for p in $public; do
        i=$((i + 1))
        curl -sS -o "$1/$i" "$base$p"
    done
    # every stored document, by id (public ones are served to anyone)
    for i in $(sqlite3 d.db "select id from document"); do
        curl -sS -o "$1/doc$i" "$base/documents/$i"
    done
}
crawl before
expect_eq "an approved report is 404 in the API, as an unknown ref" "$unknown" "$(api404 SOS-2016-03)"
curl -sS -o api.json "$base/api/v1/reports/sos?limit=200"
expect_no_grep "the API's list has no approved report" 'SOS-2016-03' api.json
if grep -l "$MARK" before/* 2>/dev/null; then fail "the marker is public before publication"; fi
curl -sS -o search.html "$base/search?q=$MARK"
expect_grep "a search for the marker finds nothing" "No results for" search.html
expect_eq "the unpublished report is not found" 404 \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$base/reports/sos/SOS-2016-03")"
expect_eq "nor its PDF" 404 \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$base/reports/sos/SOS-2016-03.pdf")"
expect_fail "the command line has no unpublished report" "no published report" \
    "$DIALTURN" report d.db sos --ref SOS-2016-03 --format md --out cli.md
"$DIALTURN" publish d.db --out site >/dev/null
if grep -rl "$MARK" site; then fail "the marker is in the static site before publication"; fi

# --- published -----------------------------------------------------------------------------------
got=$(post sec /work/sos/SOS-2016-03/publish)
expect_eq "the secretariat publishes" "303 $base/work/sos/SOS-2016-03?done=published" "$got"
curl -sS -o pub.html "$base/reports/sos/SOS-2016-03"
expect_grep "the page has the title" "Requested report $MARK" pub.html
expect_grep "and each assessment" "$MARK-meetings" pub.html
# the span holds the panel's closed February meeting: listed as the public pages list it
expect_grep "a closed meeting is listed by its kind and date" \
    '2016-02-11: Closed meeting of the panel \(monthly meeting, closed\)' pub.html
expect_no_grep "never by its title" 'Monthly meeting of the panel, February 2016' pub.html
curl -sS -o pub-api.json "$base/api/v1/reports/sos/SOS-2016-03"
expect_no_grep "nor in the API" 'Monthly meeting of the panel, February 2016' pub-api.json
curl -sS -o pub.pdf "$base/reports/sos/SOS-2016-03.pdf"
pdftotext pub.pdf pub-pdf.txt
expect_no_grep "nor in the PDF" 'February 2016$' pub-pdf.txt
expect_grep "and says when it was published" 'Published on 2016-03-20' pub.html
curl -sS -o search.html "$base/search?q=$MARK-confidence"
expect_grep "search finds the published report by an assessment" \
    'href="/reports/sos/SOS-2016-03"' search.html
expect_grep "under its own heading" 'Reports to the Secretary of State <span' search.html
expect_grep "with the words found marked" "<mark>$MARK-confidence</mark>" search.html
curl -sS -o search.html "$base/search?q=requested+report+$MARK&type=reports"
expect_grep "and by its title, among the reports alone" 'href="/reports/sos/SOS-2016-03"' search.html
curl -sS -o list.html "$base/reports"
expect_grep "/reports lists it" 'href="/reports/sos/SOS-2016-03"' list.html
curl -sS -o atom.xml "$base/reports.atom"
expect_grep "the feed has it" 'reports/sos/SOS-2016-03</id>' atom.xml
# the API: the list, a page at a time, and the report with its sections
python3 - "$base" "$MARK" <<'PY'
import json, sys, urllib.request
base, mark = sys.argv[1], sys.argv[2]
get = lambda p: json.load(urllib.request.urlopen(base + p))
refs, cursor = [], None
while True:
    page = get("/api/v1/reports/sos?limit=1" + (f"&cursor={cursor}" if cursor else ""))
    assert len(page["data"]) <= 1, page
    refs += [x["ref"] for x in page["data"]]
    cursor = page["next_cursor"]
    if not cursor:
        break
assert refs == ["SOS-2016-03", "SOS-2015-12", "SOS-2015-07"], refs
first = get("/api/v1/reports/sos")["data"][0]
assert first == {"ref": "SOS-2016-03", "kind": "requested", "title": f"Requested report {mark}",
                 "covers_from": "2015-12", "covers_to": "2016-02", "published_on": "2016-03-20",
                 "url": "/reports/sos/SOS-2016-03", "pdf_url": "/reports/sos/SOS-2016-03.pdf",
                 "response_on": None, "response_document_url": None}, first
one = get("/api/v1/reports/sos/SOS-2016-03")["data"]
assert [s["key"] for s in one["sections"]] == ["summary", "recommendations", "themes",
        "milestones", "confidence", "measures", "meetings"], one["sections"]
for s in one["sections"]:
    assert s["assessment"] == f"The panel on {s['key']}: {mark}-{s['key']}.", s
assert "Progress against the recommendations" in one["sections"][1]["figures"]
assert one["approved_on"] == "2016-03-20" and one["response"] is None, one
PY
echo "ok: the API lists the published report, pages through the list, and gives its sections"
curl -sS -D pdf.head -o one.pdf "$base/reports/sos/SOS-2016-03.pdf"
expect_grep "the PDF is a PDF" 'Content-Type: application/pdf' pdf.head
pdftotext one.pdf one.txt
for t in "Summary" "Progress against the recommendations" "Progress by theme" \
    "Milestones met and missed" "Confidence and assurance" "Measures" "The panel's meetings"; do
    expect_grep "the PDF holds the section $t" "$t" one.txt
done
for key in summary recommendations themes milestones confidence measures meetings; do
    expect_grep "the PDF holds the $key assessment" "$MARK-$key" one.txt
done
curl -sS -o two.pdf "$base/reports/sos/SOS-2016-03.pdf"
cmp -s one.pdf two.pdf || fail "the PDF changed between two fetches"
stored=$(sqlite3 d.db "select d.sha256 from document d join sos_report r on r.pdf_document_id = d.id
    where r.ref = 'SOS-2016-03'")
expect_eq "the PDF served is the stored document" "$stored" "$(sha256sum one.pdf | cut -d' ' -f1)"
expect_eq "the stored document's hash is on the ledger" 1 \
    "$(sqlite3 d.db "select count(*) from ledger where tbl = 'document'
        and json_extract(entry, '\$.state.sha256') = '$stored'")"
"$DIALTURN" report d.db sos --ref SOS-2016-03 --format pdf --out cli.pdf
cmp -s one.pdf cli.pdf || fail "the command line's PDF is not the stored one"
"$DIALTURN" report d.db sos --ref SOS-2016-03 --format md --out cli.md
expect_grep "its Markdown has the assessments" "$MARK-themes" cli.md
expect_grep "and the frozen figures" '### Progress against the recommendations' cli.md

# --- the response --------------------------------------------------------------------------------
got=$(post sec /work/sos/SOS-2016-03/response response_on=2016-03-01 "response=Thanks")
expect_eq "a response dated before publication is refused" 400 "${got%% *}"
expect_grep "at its field" 'id="response_on-error"' body.html
got=$(post chair /work/sos/SOS-2016-03/response response_on=2016-03-20 "response=Thanks")
expect_eq "the panel does not attach the response" 403 "${got%% *}"
# the letter itself as a document: public accepted, restricted refused at its field
upload() { # PUBLIC(yes|no) FILE -> the new document's id
    local got
    got=$(curl -sS -b jar.sec -o up.html -w '%{redirect_url}' -F "csrf=${CSRF[sec]}" \
        -F "file=@$2;type=application/pdf" -F "public=$1" "$base/work/documents")
    [[ $got == *"uploaded="* ]] || fail "upload of $2: $got"
    echo "${got##*uploaded=}"
}
printf '%%PDF-1.4\n%% The Secretary of State to the panel, %s\n1 0 obj << >> endobj\ntrailer << >>\n%%%%EOF\n' \
    "$MARK-letter" >letter.pdf
printf '%%PDF-1.4\n%% restricted draft\n1 0 obj << >> endobj\ntrailer << >>\n%%%%EOF\n' >secret.pdf
pub_doc=$(upload yes letter.pdf)
restricted_doc=$(upload no secret.pdf)
[[ $pub_doc =~ ^[0-9]+$ && $restricted_doc =~ ^[0-9]+$ ]] || fail "uploads: $pub_doc $restricted_doc"
got=$(post sec /work/sos/SOS-2016-03/response response_on=2016-03-20 \
    "response_document=$restricted_doc")
expect_eq "a restricted document is refused as the letter" 400 "${got%% *}"
expect_grep "at its field" 'id="response_document-error"' body.html
expect_grep "saying why" "Document $restricted_doc is restricted" body.html
expect_grep "the number typed is kept" "name=\"response_document\" [^>]*value=\"$restricted_doc\"" body.html
got=$(post sec /work/sos/SOS-2016-03/response response_on=2016-03-20 response_document=999999)
expect_eq "a document that does not exist is refused" 400 "${got%% *}"
expect_grep "at its field" 'id="response_document-error"' body.html
got=$(post sec /work/sos/SOS-2016-03/response response_on=2016-03-20)
expect_eq "a response of neither text nor letter is refused" 400 "${got%% *}"
expect_grep "at the text's field" 'id="response-error"' body.html
curl -sS -o pub.html "$base/reports/sos/SOS-2016-03"
expect_grep "nothing refused reached the page" 'No response has been received yet' pub.html
got=$(post sec /work/sos/SOS-2016-03/response response_on=2016-03-20 "response_document=$pub_doc")
expect_eq "the letter alone is the response" "303 $base/work/sos/SOS-2016-03?done=response" "$got"
curl -sS -o pub.html "$base/reports/sos/SOS-2016-03"
expect_grep "the page links the letter" "href=\"/documents/$pub_doc\">The Secretary of State.s letter</a>" pub.html
expect_grep "and says when it came" 'Received on 2016-03-20' pub.html
curl -sS -o list.html "$base/reports"
expect_grep "/reports links the letter" "href=\"/documents/$pub_doc\">the letter" list.html
curl -sS -o atom.xml "$base/reports.atom"
expect_grep "the feed links the letter" "rel=\"related\"[^>]*href=\"/documents/$pub_doc\"" atom.xml
curl -sS -o api.json "$base/api/v1/reports/sos/SOS-2016-03"
expect_grep "the API gives the letter as the response" \
    "\"response\":\\{\"received_on\":\"2016-03-20\",\"text\":null,\"document_url\":\"/documents/$pub_doc\"\\}" api.json
curl -sS -o api.json "$base/api/v1/reports/sos"
expect_grep "the API's list links it" "\"ref\":\"SOS-2016-03\",[^}]*\"response_document_url\":\"/documents/$pub_doc\"" api.json
curl -sS -o letter.got "$base/documents/$pub_doc"
cmp -s letter.pdf letter.got || fail "the letter is not served to anyone as uploaded"
expect_eq "the letter's id is on the ledger with the report" "$pub_doc" \
    "$(sqlite3 d.db "select json_extract(entry, '\$.state.response_document_id') from ledger
        where tbl = 'sos_report' and json_extract(entry, '\$.state.ref') = 'SOS-2016-03'
        order by seq desc limit 1")"
"$DIALTURN" verify d.db >/dev/null || fail "verify after the letter"
got=$(post sec /work/sos/SOS-2016-03/response response_on=2016-03-20 \
    "response=The Secretary of State thanks the panel." "response_document=$pub_doc")
expect_eq "the secretariat attaches the response" "303 $base/work/sos/SOS-2016-03?done=response" "$got"
curl -sS -o pub.html "$base/reports/sos/SOS-2016-03"
expect_grep "the page shows the response" 'The Secretary of State thanks the panel.' pub.html
expect_grep "beside the letter" "href=\"/documents/$pub_doc\">The Secretary of State.s letter</a>" pub.html
"$DIALTURN" report d.db sos --ref SOS-2016-03 --format md --out cli.md
expect_grep "the command line's Markdown links the letter" "(/documents/$pub_doc)" cli.md
curl -sS -o search.html "$base/search?q=Secretary+thanks+panel&type=reports"
expect_grep "search finds the report by its response" 'href="/reports/sos/SOS-2016-03"' search.html
curl -sS -o api.json "$base/api/v1/reports/sos/SOS-2016-03"
expect_grep "the API gives the response" \
    "\"response\":\\{\"received_on\":\"2016-03-20\",\"text\":\"The Secretary of State thanks the panel.\",\"document_url\":\"/documents/$pub_doc\"" api.json
curl -sS -o api.json "$base/api/v1/reports/sos"
expect_grep "the list gives its date" '"ref":"SOS-2016-03",[^}]*"response_on":"2016-03-20"' api.json
curl -sS -o three.pdf "$base/reports/sos/SOS-2016-03.pdf"
cmp -s one.pdf three.pdf || fail "the PDF changed when the response arrived"

"$DIALTURN" verify d.db >/dev/null || fail "verify"
echo "ok: test_sos_report"
