#!/usr/bin/env bash
# The monthly cycle over HTTP, as the people who run it: the programme office
# opens April; two owners submit; the programme office returns one with a
# comment, the owner resubmits, both are accepted; the month is closed and the
# executive signs it off.  Only then is the update on the public action page
# and in the API; a marker written in the narratives was on no public page,
# feed, download or API answer before.  The refusals along the way: signed out,
# someone else's action, a missing narrative, a return without a comment, a
# sign-off not confirmed, a form without its CSRF token.  Then the write API:
# with a token it works (201), without one it is refused (401), and its
# refusals name the field.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

fail() {
    echo "FAIL: $*"
    exit 1
}

cat >plan.json <<'EOF'
{"format": "dialturn-plan/1",
 "organisation": {"name": "Test Council", "slug": "test", "timezone": "Europe/London",
                  "rating_scale": "confidence3"},
 "people": [
  {"ref": "ceo", "name": "Carol Chief", "role": "Chief Executive", "kind": "officer"},
  {"ref": "o1", "name": "Olive Owner", "role": "Director of Policy", "kind": "officer"},
  {"ref": "o2", "name": "Bob Builder", "role": "Head of Works", "kind": "officer"},
  {"ref": "perf", "name": "Pat Office", "role": "Head of Performance", "kind": "officer"},
  {"ref": "chair", "name": "Penny Panel", "role": "Chair", "kind": "panel"}],
 "themes": [{"ref": "T1", "title": "Governance", "lead": "ceo"}],
 "actions": [
  {"ref": "A1", "theme": "T1", "title": "Adopt the constitution", "owner": "o1",
   "start": "2015-03-01", "finish": "2015-09-30", "status": "in_progress",
   "closure_criteria": "Adopted by full council"},
  {"ref": "A2", "theme": "T1", "title": "Repair the town hall", "owner": "o2",
   "start": "2015-03-01", "finish": "2015-12-31", "status": "not_started"},
  {"ref": "A3", "theme": "T1", "title": "Publish the register", "owner": "o1",
   "panel_lead": "chair", "start": "2015-03-01", "finish": "2015-06-30",
   "status": "in_progress", "closure_criteria": "Register on the website"}],
 "periods": [{"month": "2015-03", "status": "signed_off", "signed_off_on": "2015-04-10",
              "signed_off_by": "ceo"}],
 "updates": [
  {"action": "A1", "period": "2015-03", "state": "accepted", "status": "in_progress",
   "percent": 10, "confidence": "medium", "narrative": "March went to plan.", "author": "o1"}]}
EOF
"$DIALTURN" import t.db plan.json >/dev/null
PW='a long enough password'
add() { echo "$PW" | "$DIALTURN" user add t.db "$@" >/dev/null; }
add pmo --name 'Pat Office' --role pmo --person perf
add olive --name 'Olive Owner' --role owner --person o1
add bob --name 'Bob Builder' --role owner --person o2
add ceo --name 'Carol Chief' --role executive --person ceo
add vic --name 'Vic Viewer' --role viewer
add chair --name 'Penny Panel' --role panel --person chair
export DIALTURN_TODAY=2015-05-08
start_server t.db

for who in pmo olive bob ceo vic chair; do sign_in "jar.$who" "$who" "$PW"; done
declare -A CSRF
for who in pmo olive bob ceo vic chair; do CSRF[$who]=$(page_csrf "jar.$who" /work); done

# post WHO PATH [curl --data-urlencode args...] -> "code location", body in body.html
post() {
    local who=$1 path=$2
    shift 2
    local args=()
    for a in "$@"; do args+=(--data-urlencode "$a"); done
    curl -sS -b "jar.$who" -o body.html -w '%{http_code} %{redirect_url}' \
        --data-urlencode "csrf=${CSRF[$who]}" "${args[@]}" "$base$path"
}
# get WHO PATH -> code, body in page.html ("anon" for nobody)
get() {
    local jar=/dev/null
    [ "$1" = anon ] || jar=jar.$1
    curl -sS -b "$jar" -o page.html -w '%{http_code}' "$base$2"
}
expect_post() { # WHAT EXPECTED-CODE [EXPECTED-LOCATION-SUFFIX] -- WHO PATH ARGS...
    local what=$1 want=$2 loc=$3
    shift 3
    local got
    got=$(post "$@")
    [ "${got%% *}" = "$want" ] || { head -c 1500 body.html; fail "$what: expected $want, got $got"; }
    if [ -n "$loc" ] && [ "${got#* }" != "$base$loc" ]; then
        fail "$what: expected a redirect to $loc, got $got"
    fi
    echo "ok: $what"
}

# --- nothing to see without signing in -------------------------------------------------
code=$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' "$base/work")
expect_eq "signed out: /work sends to the sign-in page" "303 $base/login?next=%2Fwork" "$code"
code=$(curl -sS -o /dev/null -w '%{http_code}' --data 'month=2015-04' "$base/work/periods")
expect_eq "signed out: opening a month is refused" 403 "$code"

# --- the programme office opens April --------------------------------------------------
expect_eq "pmo: the periods page" 200 "$(get pmo /work/periods)"
expect_grep "pmo: the next month is offered" 'Open April 2015' page.html
expect_post "an owner cannot open a month" 403 "" olive /work/periods month=2015-04
expect_grep "the refusal says which roles may" 'does not allow you to open and close' body.html
code=$(curl -sS -b jar.pmo -o /dev/null -w '%{http_code}' --data 'month=2015-04' \
    "$base/work/periods")
expect_eq "a form without its CSRF token is refused" 403 "$code"
expect_post "pmo opens April" 303 "/work/periods?done=opened" pmo /work/periods month=2015-04
expect_eq "pmo: periods after opening" 200 "$(get pmo '/work/periods?done=opened')"
expect_grep "the banner says it was opened" 'govuk-notification-banner--success' page.html
expect_grep "April is open" 'April 2015</th><td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--blue">Open' page.html
expect_post "opening again is refused while April is open" 409 "" pmo /work/periods month=
expect_grep "the refusal names the open month" 'April 2015 is still open' body.html

# --- owners write their updates ----------------------------------------------------------
expect_eq "olive: the workspace" 200 "$(get olive /work)"
expect_grep "olive's update of A1 is due" 'href="/work/updates/A1">Write the update' page.html
if grep -q 'A2' page.html; then fail "olive sees Bob's action A2 as hers"; fi
echo "ok: olive does not see Bob's action"
expect_eq "olive: Bob's update form is refused" 403 "$(get olive /work/updates/A2)"
expect_grep "the refusal says why" 'not the owner of action A2' page.html
expect_eq "olive: her update form" 200 "$(get olive /work/updates/A1)"
expect_grep "the form explains that complete comes through closure" \
    'becomes complete only when the programme office' page.html
expect_grep "the form starts from March's accepted update" 'value="medium" checked' page.html
expect_grep "the form has the Save draft button" 'value="draft"[^>]*>Save draft' page.html

M1=ZQXMARKERONE M2=ZQXMARKERTWO
expect_post "submitting without a narrative is refused" 400 "" olive /work/updates/A1 \
    status=in_progress percent=30 confidence=high narrative= intent=submit
expect_grep "the error summary links to the narrative" '<a href="#narrative">Enter the narrative' body.html
expect_grep "the values typed are kept" 'name="percent" type="text" value="30"' body.html
expect_post "a bad evidence address is refused" 400 "" olive /work/updates/A1 \
    status=in_progress percent=30 confidence=high "narrative=$M1" intent=submit \
    evidence_label=Minutes 'evidence_url=javascript:alert(1)'
expect_grep "the error names the link's address" 'href="#evidence_url_1"' body.html
expect_post "olive saves a draft" 303 "/work/updates/A1?done=saved" olive /work/updates/A1 \
    status=in_progress percent=30 confidence=high "narrative=Draft $M1" intent=draft
expect_post "olive submits with evidence" 303 "/work?done=submitted" olive /work/updates/A1 \
    status=blocked percent=35 confidence=low "narrative=**Blocked** by $M1" intent=submit \
    evidence_label=Minutes evidence_url=https://example.org/minutes evidence_label= evidence_url=
expect_post "a submitted update cannot be changed" 409 "" olive /work/updates/A1 \
    status=in_progress percent=40 confidence=high "narrative=Changed" intent=submit
expect_grep "the refusal says it awaits review" 'awaits review' body.html
expect_post "bob submits" 303 "/work?done=submitted" bob /work/updates/A2 \
    status=in_progress percent=5 confidence=medium "narrative=Scaffolding $M2" intent=submit
expect_post "an owner cannot review" 403 "" olive /work/review/1 decision=accept

# The public record: neither marker anywhere a reader can reach.
public_clean() { # WHEN
    local p
    for p in / /plan /themes /themes/T1 /actions/A1 /actions/A2 /milestones /data \
        /data/plan.json /data/actions.csv /data/updates.csv /feed.atom /actions/A1/feed.atom \
        /actions/A2/feed.atom /themes/T1/feed.atom \
        /api/v1/actions /api/v1/actions/A1 /api/v1/actions/A2 /api/v1/themes/T1 \
        /api/v1/periods; do
        curl -sS -o pub.out "$base$p"
        if grep -qE "$M1|$M2" pub.out; then fail "$1: a marker is on the public $p"; fi
    done
    for p in "$M1" "$M2"; do # the search page repeats the query: it must find nothing
        curl -sS -o pub.out "$base/search?q=$p"
        grep -qF "No results for \"$p\"" pub.out || fail "$1: searching finds $p"
    done
    echo "ok: $1: no marker on any public page, feed, download or API answer"
}
public_clean "drafts and submitted updates"

# --- the programme office reviews ----------------------------------------------------------
expect_eq "pmo: the chase list" 200 "$(get pmo /work/chase)"
expect_grep "the chase list counts what is missing" '1 action still has no submitted' page.html
expect_grep "olive is chased for A3 only" 'Olive Owner, Director of Policy <span class="govuk-body">\(1\)' page.html
expect_eq "pmo: the review queue" 200 "$(get pmo /work/review)"
expect_grep "the queue is a table" '<caption class="govuk-table__caption govuk-table__caption--m">Updates awaiting review' page.html
expect_no_grep "the queue does not show whole narratives" "$M1" page.html
expect_grep "A1's rating is compared with March's" 'Low</strong>.*<span class="govuk-body-s">Down from Medium in March 2015' page.html
expect_grep "A2 had no earlier rating" 'No earlier rating' page.html
ids=$(grep -o 'href="/work/review/[0-9]*"' page.html | grep -o '[0-9]*')
U1=$(sed -n 1p <<<"$ids") U2=$(sed -n 2p <<<"$ids")
[ -n "$U1" ] && [ -n "$U2" ] || fail "the queue does not link to two updates"
expect_eq "pmo: olive's update on its own page" 200 "$(get pmo "/work/review/$U1")"
expect_grep "the narrative is rendered" '<strong>Blocked</strong> by '"$M1" page.html
expect_grep "the evidence is linked" 'href="https://example.org/minutes"' page.html
expect_grep "last month's status is beside this month's" '\(was In progress\)' page.html
expect_grep "and its percentage" '35%.*\(was 10%\)' page.html
expect_eq "an owner cannot open it" 403 "$(get olive "/work/review/$U1")"
expect_post "returning without a comment is refused" 400 "" pmo "/work/review/$U2" \
    decision=return comment=
expect_grep "the error links to the comment" 'href="#comment"' body.html
expect_eq "the refused decision's address answers GET: it is the update's page" 200 \
    "$(get pmo "/work/review/$U2")"
expect_grep "with the form still there" 'name="decision" value="return"' page.html
expect_post "a decision that is neither is refused at the form" 400 "" pmo "/work/review/$U2" \
    decision=maybe comment=
expect_grep "naming the decision" 'href="#decision"' body.html
expect_post "pmo returns bob's update" 303 "/work/review?done=returned" pmo \
    "/work/review/$U2" decision=return "comment=Which scaffolding firm?"
expect_eq "pmo: the chase list" 200 "$(get pmo /work/chase)"
expect_grep "bob is chased, by name and role" 'Bob Builder, Head of Works' page.html
expect_eq "bob: his returned update" 200 "$(get bob /work/updates/A2)"
expect_grep "bob sees the comment" 'returned this update: Which scaffolding firm\?' page.html
# Bob resubmits as the browser does (multipart/form-data), with a paper attached.
printf 'Acme Scaffolding Ltd: contract signed 2 May\n' >contract.txt
code=$(curl -sS -b jar.bob -o body.html -w '%{http_code} %{redirect_url}' \
    -F "csrf=${CSRF[bob]}" -F status=in_progress -F percent=5 -F confidence=medium \
    -F "narrative=Scaffolding by Acme $M2" -F intent=submit -F evidence_label= -F evidence_url= \
    -F 'evidence_file=@contract.txt;type=text/plain' "$base/work/updates/A2")
expect_eq "bob resubmits with a document" "303 $base/work?done=submitted" "$code"
expect_eq "pmo: bob's resubmitted update" 200 "$(get pmo "/work/review/$U2")"
expect_grep "the document is listed with bob's update" 'href="/documents/[0-9]+">contract.txt</a>' page.html
DOC=$(grep -o 'href="/documents/[0-9]*">contract.txt' page.html | grep -o '[0-9]\+' | head -n 1)
code=$(curl -sS -b jar.pmo -o doc.out -w '%{http_code}' "$base/documents/$DOC")
expect_eq "the programme office can read it" 200 "$code"
cmp -s doc.out contract.txt || fail "the document read back differs"
code=$(curl -sS -o /dev/null -w '%{http_code}' "$base/documents/$DOC")
expect_eq "the public cannot: evidence is restricted" 404 "$code"
expect_post "pmo accepts olive's update" 303 "/work/review?done=accepted" pmo \
    "/work/review/$U1" decision=accept comment=
expect_post "pmo accepts bob's update" 303 "/work/review?done=accepted" pmo \
    "/work/review/$U2" decision=accept comment=Thanks
public_clean "accepted updates in an open month"

# --- close and sign off ------------------------------------------------------------------
expect_post "the executive cannot sign an open month off" 409 "" ceo \
    /work/periods/2015-04/sign-off confirm=yes
expect_post "pmo closes April" 303 "/work/periods?done=closed" pmo /work/periods/2015-04/close \
    confirm=yes
expect_post "an owner cannot sign off" 403 "" olive /work/periods/2015-04/sign-off confirm=yes
expect_post "pmo cannot sign off" 403 "" pmo /work/periods/2015-04/sign-off confirm=yes
public_clean "accepted updates in a closed month"
expect_eq "ceo: the workspace says what awaits sign-off" 200 "$(get ceo /work)"
expect_grep "April awaits sign-off" 'April 2015 is closed: 2 accepted' page.html
expect_post "signing off needs the box ticked" 400 "" ceo /work/periods/2015-04/sign-off
expect_grep "the error links to the box" 'href="#confirm-2015-04"' body.html
expect_post "the executive signs April off" 303 "/work/periods?done=signed-off" ceo \
    /work/periods/2015-04/sign-off confirm=yes
expect_eq "ceo: periods" 200 "$(get ceo /work/periods)"
expect_grep "April is signed off today by Carol" '8 May 2015</time> by Carol Chief' page.html

# --- now public -----------------------------------------------------------------------------
curl -sS -o pub.html "$base/actions/A1"
expect_grep "the action page shows April's update" "$M1" pub.html
curl -sS -o pub.json "$base/api/v1/actions/A1"
expect_grep "the API shows April's update" "$M1" pub.json
curl -sS -o pub.json "$base/api/v1/actions/A2"
expect_grep "the resubmitted text is what became public" "Scaffolding by Acme $M2" pub.json
expect_post "a signed-off month is frozen" 409 "" olive /work/updates/A1 \
    status=in_progress percent=40 confidence=high narrative=Later intent=submit

# --- the write API -----------------------------------------------------------------------------
expect_post "pmo opens May" 303 "/work/periods?done=opened" pmo /work/periods month=
token_of() { # WHO -> a new API token of theirs
    post "$1" /work/account/tokens token_name=e2e >/dev/null
    grep -o 'id="token" type="text" readonly value="[0-9a-f]*"' body.html | grep -o '[0-9a-f]\{64\}'
}
T_OLIVE=$(token_of olive)
T_BOB=$(token_of bob)
[ ${#T_OLIVE} = 64 ] && [ ${#T_BOB} = 64 ] || fail "no API tokens were shown"
api() { # TOKEN PATH BODY -> code, answer in api.json
    local auth=()
    [ -z "$1" ] || auth=(-H "Authorization: Bearer $1")
    curl -sS -o api.json -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
        --data "$3" "$base$2"
}
BODY='{"status": "in_progress", "percent": 45, "confidence": "medium",
       "narrative": "API update ZQXMARKERAPI", "forecast_finish": "2015-10-31",
       "evidence": [{"label": "Report", "url": "https://example.org/r"}], "submit": true}'
expect_eq "the API refuses a write without a token" 401 "$(api '' /api/v1/actions/A1/update "$BODY")"
code=$(curl -sS -b jar.olive -o api.json -w '%{http_code}' -H 'Content-Type: application/json' \
    --data "$BODY" "$base/api/v1/actions/A1/update")
expect_eq "the API ignores the session cookie" 401 "$code"
expect_eq "the API refuses someone else's action" 403 "$(api "$T_BOB" /api/v1/actions/A1/update "$BODY")"
expect_grep "the refusal says why" 'not the owner of action A1' api.json
expect_eq "the API refuses a bad percent" 400 \
    "$(api "$T_OLIVE" /api/v1/actions/A1/update '{"status": "in_progress", "percent": 140}')"
expect_grep "naming the field" '"field":"percent"' api.json
expect_eq "the API refuses a submission without a narrative" 400 \
    "$(api "$T_OLIVE" /api/v1/actions/A1/update '{"status": "in_progress", "percent": 40, "confidence": "high", "submit": true}')"
expect_grep "naming the narrative" '"field":"narrative"' api.json
expect_eq "the API refuses an unknown field" 400 \
    "$(api "$T_OLIVE" /api/v1/actions/A1/update '{"status": "in_progress", "percent": 40, "colour": "red"}')"
expect_grep "naming it" '"field":"colour"' api.json
expect_eq "the API answers 404 for no such action" 404 \
    "$(api "$T_OLIVE" /api/v1/actions/A9/update "$BODY")"
expect_eq "the API accepts the update" 201 "$(api "$T_OLIVE" /api/v1/actions/A1/update "$BODY")"
python3 - api.json "$base" <<'EOF'
import json, sys, urllib.request
u = json.load(open(sys.argv[1]))
assert u["action"] == "A1" and u["period"] == "2015-05" and u["state"] == "submitted", u
assert u["percent"] == 45 and u["confidence"] == "medium" and u["status"] == "in_progress", u
assert u["evidence"] == [{"label": "Report", "url": "https://example.org/r"}], u
# the answer is what the OpenAPI document says it is
doc = json.load(urllib.request.urlopen(sys.argv[2] + "/api/v1/openapi.json"))
op = doc["paths"]["/api/v1/actions/{ref}/update"]["post"]
assert op["security"] == [{"bearer": []}], op["security"]
ref = op["responses"]["201"]["content"]["application/json"]["schema"]["$ref"]
schema = doc["components"]["schemas"][ref.split("/")[-1]]
assert set(schema["required"]) <= set(u) <= set(schema["properties"]), (sorted(u), schema)
for k in ("state", "status"):
    assert u[k] in schema["properties"][k]["enum"], k
EOF
echo "ok: the answer is the update as stored, as the OpenAPI document describes it"
expect_eq "a submitted update cannot be written again" 409 \
    "$(api "$T_OLIVE" /api/v1/actions/A1/update "$BODY")"
curl -sS -o pub.json "$base/api/v1/actions/A1"
if grep -q ZQXMARKERAPI pub.json; then fail "the API's submitted update is public"; fi
echo "ok: the API's update is not public before sign-off"
expect_eq "pmo: the review queue" 200 "$(get pmo /work/review)"
UA=$(grep -o 'href="/work/review/[0-9]*"><strong>A1<' page.html | grep -o '[0-9]\+' | head -n 1)
expect_eq "pmo: the API's update" 200 "$(get pmo "/work/review/$UA")"
expect_grep "the API's update awaits review" 'API update ZQXMARKERAPI' page.html

# --- closure ----------------------------------------------------------------------------------
expect_eq "olive: A3's closure page" 200 "$(get olive /work/actions/A3/closure)"
expect_grep "it shows the criteria" 'Register on the website' page.html
expect_eq "bob cannot propose closing olive's action" 403 "$(get bob /work/actions/A3/closure)"
expect_post "a proposal needs evidence" 400 "" olive /work/actions/A3/closure evidence=
expect_grep "the error links to the evidence" 'href="#evidence"' body.html
# the completion date is the owner's: offered as the last day of the open
# period (May, opened by the API above), refused in the future or before the start
expect_eq "olive: A3's closure page again" 200 "$(get olive /work/actions/A3/closure)"
expect_grep "the form offers a completion date" \
    'id="completed_on"[^>]*value="2015-05-31"' page.html
expect_post "a completion date after the open month is refused" 400 "" olive \
    /work/actions/A3/closure "evidence=Published" completed_on=2015-06-01
expect_grep "the error links to the completion date" 'href="#completed_on"' body.html
expect_post "a completion date before the action's start is refused" 400 "" olive \
    /work/actions/A3/closure "evidence=Published" completed_on=2015-02-01
expect_post "olive proposes closing A3" 303 "/work/actions/A3/closure?done=proposed" olive \
    /work/actions/A3/closure "evidence=Published on *1 May*" evidence_label=Register \
    evidence_url=https://example.org/register completed_on=2015-05-01
expect_eq "chair: the closures" 200 "$(get chair /work/closures)"
expect_grep "the panel waits for the programme office" 'decides on it first' page.html
C=$(grep -o 'id="closure-[0-9]*"' page.html | grep -o '[0-9]*' | head -n 1)
[ -n "$C" ] || fail "no proposal on the closures page"
expect_post "the panel cannot decide first" 409 "" chair "/work/closures/$C" decision=accept
expect_post "returning a closure needs a comment" 400 "" pmo "/work/closures/$C" decision=return
expect_post "pmo accepts: A3 is panel-led, so it waits" 303 "/work/closures?done=closure-panel" \
    pmo "/work/closures/$C" decision=accept
expect_post "the panel accepts: A3 is complete" 303 "/work/closures?done=closure-accepted" \
    chair "/work/closures/$C" decision=accept comment=Agreed
expect_eq "A3 is complete on the date olive gave, not the day it was accepted" \
    "complete|2015-05-01" "$(sqlite3 t.db "SELECT status, completed_on FROM action WHERE ref = 'A3'")"
expect_eq "olive: the workspace" 200 "$(get olive /work)"
if grep -q 'updates/A3' page.html; then fail "a complete action is still due an update"; fi
echo "ok: a complete action is no longer due"

# --- the record ----------------------------------------------------------------------------
stop_servers
"$DIALTURN" verify t.db >/dev/null
echo "ok: the ledger verifies after the month"
