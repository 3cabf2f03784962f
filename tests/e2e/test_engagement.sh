#!/usr/bin/env bash
# test_engagement.sh — "you said, we did" (DESIGN.md, "Engagement") on the web,
# the API and the interchange.
#
# The demo holds the partner event of 4 February 2015 and its feedback; the
# public sees only public events' responded feedback: a received item, and
# everything of an event that is not public, reaches no page, filter or API
# answer.  The secretariat records an event with participants, feedback and
# the response through the forms (CSRF, refusals at their fields, nothing
# written when refused); the programme office may too; a panel member, an
# owner, a viewer and the anonymous reader may not.  The public page filters
# by theme; an action's page shows the feedback that led to it as its month's
# record holds it (a response recorded after the latest sign-off waits for
# the next).  The plan JSON round-trips byte for byte; verify passes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${ROOT:=$(cd "$here/../.." && pwd)}"
: "${DIALTURN:?set DIALTURN to the dialturn binary}"
# shellcheck source=tests/e2e/lib.sh
source "$ROOT/tests/e2e/lib.sh"

tmp=$(mktemp -d)
at_exit rm -rf "$tmp"
cd "$tmp"
PW=dialturn-demo

"$DIALTURN" demo --db d.db --create-only >/dev/null
start_demo d.db
verify() { "$DIALTURN" verify d.db >/dev/null || { echo "FAIL: verify after $1"; exit 1; }; }
count() { sqlite3 d.db "select count(*) from $1"; }

# 1. The demo's partner event, public, with its responded feedback only.
curl -sS -o list.html "$base/engagement"
expect_grep "the partner event of 4 February 2015 is listed" \
    "Partner event: a city leadership group and a vision for the city" list.html
expect_grep "its date is shown" "4 Feb 2015" list.html
expect_grep "a response is shown with the action it led to" 'href="/actions/A45"' list.html
expect_no_grep "received feedback is not public" "all-out elections will change ward" list.html
curl -sS -o e3.html "$base/engagement/E3"
expect_grep "the scrutiny chairs' session has its responded item" "dedicated scrutiny officer" e3.html
expect_no_grep "the event page leaves out the received item" "all-out elections" e3.html
expect_no_grep "nor names it" "F7" e3.html
curl -sS -o api.json "$base/api/v1/engagement"
expect_eq "the API lists the demo's four events" 4 "$(jq '.data | length' api.json)"
expect_eq "the API leaves out received feedback" "" \
    "$(jq -r '.data[].feedback[] | select(.ref == "F7") | .ref' api.json)"
expect_eq "the API gives the action a response led to" A45 \
    "$(jq -r '.data[] | select(.ref == "E1") | .feedback[] | select(.ref == "F1") | .action' api.json)"
curl -sS -o a45.html "$base/actions/A45"
expect_grep "the action page shows the feedback that led to it" "asked partners to nominate" a45.html
expect_grep "and links its event" 'href="/engagement/E1#F1"' a45.html
curl -sS -o a45-03.html "$base/actions/A45?as_at=2015-03"
expect_no_grep "as at March 2015, before the response of 20 April, it is not there" \
    "asked partners to nominate" a45-03.html
curl -sS -o a45-04.html "$base/actions/A45?as_at=2015-04"
expect_grep "as at April 2015 it is" "asked partners to nominate" a45-04.html
curl -sS -o t2.html "$base/engagement?theme=T2"
expect_grep "the theme filter keeps a T2 item" "short and say what it will stop" t2.html
expect_no_grep "and drops the T5 items" "independent of the council" t2.html
expect_eq "an event that is not there: 404" 404 "$(curl -sS -o /dev/null -w '%{http_code}' "$base/engagement/E99")"
expect_eq "a page past the end: 404" 404 "$(curl -sS -o /dev/null -w '%{http_code}' "$base/engagement?page=9")"
echo "ok: the demo's engagement, public parts only"

# 2. Who may use the workspace.
expect_eq "anonymous: the workspace sends to sign-in" 303 \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$base/work/engagement")"
expect_eq "anonymous: a POST is refused" 403 \
    "$(curl -sS -o /dev/null -w '%{http_code}' --data 'title=x' "$base/work/engagement/new")"
for who in secretariat pmo chair solicitor viewer; do sign_in "jar.$who" "$who" "$PW"; done
declare -A CSRF
for who in secretariat pmo chair solicitor viewer; do CSRF[$who]=$(page_csrf "jar.$who" /work); done
post() { # WHO PATH [name=value...] -> "code location", body in body.html
    local who=$1 path=$2
    shift 2
    local args=()
    for a in "$@"; do args+=(--data-urlencode "$a"); done
    curl -sS -b "jar.$who" -o body.html -w '%{http_code} %{redirect_url}' \
        --data-urlencode "csrf=${CSRF[$who]}" "${args[@]}" "$base$path"
}
get() { curl -sS -b "jar.$1" -o body.html -w '%{http_code}' "$base$2"; }
for who in chair solicitor viewer; do
    expect_eq "$who may not see the workspace" 403 "$(get "$who" /work/engagement)"
    expect_eq "$who may not record an event" "403 " \
        "$(post "$who" /work/engagement/new kind=partners held_on=2015-05-01 title=x summary=y public=yes)"
done
expect_eq "pmo sees the workspace" 200 "$(get pmo /work/engagement)"
expect_eq "secretariat sees the workspace" 200 "$(get secretariat /work/engagement)"
expect_grep "the workspace counts the item awaiting a response" '>1</td></tr>' body.html
echo "ok: the secretariat and the programme office only"

# 3. Recording an event: refusals at their fields, then a good one.
events=$(count engagement_event)
expect_eq "without CSRF: 403" 403 "$(curl -sS -b jar.secretariat -o /dev/null -w '%{http_code}' \
    --data 'kind=partners&held_on=2015-05-01&title=x&summary=y&public=yes' "$base/work/engagement/new")"
expect_eq "a bad event is refused" "400 " \
    "$(post secretariat /work/engagement/new kind=partners held_on=2099-01-01 title= summary=s \
        public=yes part_name_1= part_count_1=12)"
expect_grep "the future date is refused at its field" 'id="held_on-error"' body.html
expect_grep "the missing title is refused at its field" 'id="title-error"' body.html
expect_grep "a count without a name is refused at its field" 'id="part_name_1-error"' body.html
expect_grep "the summary is kept as typed" '>s</textarea>' body.html
expect_eq "nothing was written" "$events" "$(count engagement_event)"
out=$(post secretariat /work/engagement/new kind=residents held_on=2015-05-02 \
    "title=Ward forum in Ladywood ZQ-EVENT" "place=Ladywood Community Centre" \
    "summary=Residents discussed **local priorities**." public=yes \
    "part_name_1=Residents of Ladywood ward" part_kind_1=group part_count_1=45 \
    "part_name_2=Ladywood Tenants' Association" part_kind_2=organisation)
expect_eq "the event is recorded" "303 $base/work/engagement/E5?done=event" "$out"
expect_eq "its two participants are stored" 2 \
    "$(sqlite3 d.db "select count(*) from engagement_participant p join engagement_event e on e.id = p.event_id where e.ref = 'E5'")"
expect_eq "its event page answers" 200 "$(get secretariat "/work/engagement/E5?done=event")"
expect_grep "with the banner" "The event was recorded." body.html
# the event edited: one participant left
out=$(post secretariat /work/engagement/E5 kind=residents held_on=2015-05-02 \
    "title=Ward forum in Ladywood ZQ-EVENT" "place=Ladywood Community Centre" \
    "summary=Residents discussed **local priorities**." public=yes \
    "part_name_1=Residents of Ladywood ward" part_kind_1=group part_count_1=50)
expect_eq "the event is saved" "303 $base/work/engagement/E5?done=saved" "$out"
expect_eq "one participant is left" "Residents of Ladywood ward|group|50" \
    "$(sqlite3 d.db "select p.name, p.kind, p.count from engagement_participant p join engagement_event e on e.id = p.event_id where e.ref = 'E5'")"
echo "ok: an event recorded and changed through the forms"

# 4. Feedback: received is not public; responded is, filtered by theme.
expect_eq "feedback without words is refused" "400 " \
    "$(post secretariat /work/engagement/E5/feedback theme=T5 said=)"
expect_grep "at its field" 'id="said-error"' body.html
out=$(post secretariat /work/engagement/E5/feedback theme=T5 "said=Hold ward forums in the evening ZQ-SAID")
expect_eq "feedback is recorded" "303 $base/work/engagement/E5?done=feedback#F9" "$out"
for p in /engagement /engagement/E5 "/engagement?theme=T5" /api/v1/engagement /api/v1/engagement/E5; do
    curl -sS -o pub.out "$base$p"
    expect_no_grep "received feedback is not on $p" "ZQ-SAID" pub.out
done
expect_eq "a response before the event is refused" "400 " \
    "$(post secretariat /work/engagement/E5/feedback/F9 "response=Done" responded_on=2015-05-01 action=A50)"
expect_grep "at its field, in the item's own form" 'id="responded_on-F9-error"' body.html
expect_eq "an action that does not exist is refused" "400 " \
    "$(post secretariat /work/engagement/E5/feedback/F9 "response=Done" responded_on=2015-06-01 action=A999)"
expect_grep "at its field" 'id="action-F9-error"' body.html
expect_eq "still received" received "$(sqlite3 d.db "select status from engagement_feedback where ref = 'F9'")"
out=$(post secretariat /work/engagement/E5/feedback/F9 \
    "response=Ward forums now meet at 6 pm ZQ-DID" responded_on=2015-06-01 action=A50)
expect_eq "the response is recorded" "303 $base/work/engagement/E5?done=response#F9" "$out"
curl -sS -o t5.html "$base/engagement?theme=T5"
expect_grep "the responded item is public under its theme" "ZQ-SAID" t5.html
expect_grep "with its response" "ZQ-DID" t5.html
curl -sS -o t1.html "$base/engagement?theme=T1"
expect_no_grep "and not under another theme" "ZQ-SAID" t1.html
curl -sS -o e5.json "$base/api/v1/engagement/E5"
expect_eq "the API gives it with its action" A50 "$(jq -r '.data.feedback[0].action' e5.json)"
curl -sS -o a50.html "$base/actions/A50"
expect_no_grep "the action page waits for the next sign-off" "ZQ-DID" a50.html
echo "ok: feedback public once responded, by theme; the action's page keeps to its record"

# 5. An event that is not public: nothing of it anywhere public, and work on
# it moves no public validator (the action page's ETag stays).
etag() { curl -sS -D - -o /dev/null "$base$1" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p'; }
a11_tag=$(etag /actions/A11)
out=$(post pmo /work/engagement/new kind=mps held_on=2015-06-05 "title=Briefing ZQ-PRIVATE" \
    "summary=A private briefing." public=no)
expect_eq "the programme office records a private event" "303 $base/work/engagement/E6?done=event" "$out"
post pmo /work/engagement/E6/feedback theme=T2 "said=ZQ-PRIVSAID" >/dev/null
post pmo /work/engagement/E6/feedback/F10 "response=ZQ-PRIVDID" responded_on=2015-06-10 action=A11 >/dev/null
expect_eq "responded" responded "$(sqlite3 d.db "select status from engagement_feedback where ref = 'F10'")"
expect_eq "its public page: 404" 404 "$(curl -sS -o /dev/null -w '%{http_code}' "$base/engagement/E6")"
expect_eq "its API answer: 404" 404 "$(curl -sS -o /dev/null -w '%{http_code}' "$base/api/v1/engagement/E6")"
for p in /engagement "/engagement?theme=T2" /api/v1/engagement /actions/A11; do
    curl -sS -o pub.out "$base$p"
    expect_no_grep "the private event is not on $p" "ZQ-PRIV" pub.out
done
expect_eq "the private event moved no public validator" "$a11_tag" "$(etag /actions/A11)"
verify "the web's changes"
echo "ok: a private event stays private"

# 5b. An event withdrawn from the public leaves the action page at once,
# though the page was in the page cache and a reader holds its ETag; put back,
# it returns.
ev() { sqlite3 d.db "select $1 from engagement_event where ref = 'E1'"; }
e1_form() { # PUBLIC -> the edit form's fields for E1, as stored, with public=PUBLIC
    fields=("kind=$(ev kind)" "held_on=$(ev held_on)" "title=$(ev title)" "place=$(ev place)"
        "summary=$(ev summary)" "public=$1")
    local i=0 name kind n
    while IFS=$'\t' read -r name kind n; do
        i=$((i + 1))
        fields+=("part_name_$i=$name" "part_kind_$i=$kind" "part_count_$i=$n")
    done < <(sqlite3 -separator $'\t' d.db "select p.name, p.kind, coalesce(p.count, '')
        from engagement_participant p join engagement_event e on e.id = p.event_id
        where e.ref = 'E1' order by p.position")
}
parts=$(sqlite3 d.db "select group_concat(name || count, ';') from engagement_participant where event_id = (select id from engagement_event where ref = 'E1')")
curl -sS -o a45.html "$base/actions/A45"
curl -sS -o a45.html "$base/actions/A45"
expect_grep "the action page shows E1's feedback" "asked partners to nominate" a45.html
a45_tag=$(etag /actions/A45)
e1_form no
expect_eq "the secretariat withdraws E1" "303 $base/work/engagement/E1?done=saved" \
    "$(post secretariat /work/engagement/E1 "${fields[@]}")"
expect_eq "its participants are kept" "$parts" "$(sqlite3 d.db "select group_concat(name || count, ';') from engagement_participant where event_id = (select id from engagement_event where ref = 'E1')")"
curl -sS -o a45.html "$base/actions/A45"
expect_no_grep "the withdrawn event's feedback leaves the action page at once" \
    "asked partners to nominate" a45.html
expect_no_grep "nor is its event linked" 'href="/engagement/E1' a45.html
expect_eq "a reader's old copy is not confirmed as current" 200 \
    "$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $a45_tag" "$base/actions/A45")"
expect_eq "the event's public page: 404" 404 "$(curl -sS -o /dev/null -w '%{http_code}' "$base/engagement/E1")"
e1_form yes
expect_eq "the secretariat makes E1 public again" "303 $base/work/engagement/E1?done=saved" \
    "$(post secretariat /work/engagement/E1 "${fields[@]}")"
curl -sS -o a45.html "$base/actions/A45"
expect_grep "and the feedback is back on the action page" "asked partners to nominate" a45.html
verify "the withdrawal"
echo "ok: withdrawing an event takes it off a cached action page at once"

# 6. The interchange: export, import elsewhere, export again: the same bytes.
"$DIALTURN" export d.db >one.json
expect_eq "the export holds six events" 6 "$(jq '.engagement | length' one.json)"
expect_eq "and the received item of the demo" received \
    "$(jq -r '.engagement[] | .feedback[] | select(.ref == "F7") | .status' one.json)"
"$DIALTURN" init two.db >/dev/null 2>&1 || true
"$DIALTURN" import two.db one.json >/dev/null
"$DIALTURN" export two.db >two.json
cmp -s one.json two.json || { diff one.json two.json | head; echo "FAIL: the round trip changed the file"; exit 1; }
before=$(sqlite3 two.db "select count(*) from ledger")
"$DIALTURN" import two.db one.json >/dev/null
expect_eq "importing the same file again writes nothing" "$before" "$(sqlite3 two.db "select count(*) from ledger")"
jq '.engagement[0].feedback[0].theme = "T99"' one.json >bad.json
expect_fail "a theme that does not exist is refused" 'engagement\[0\]\.feedback\[0\]\.theme: no theme has ref "T99"' "$DIALTURN" import two.db bad.json
"$DIALTURN" verify two.db >/dev/null || { echo "FAIL: verify after the import"; exit 1; }
verify "the export"
echo "ok: the engagement key round-trips byte for byte"
# A version signed off after the latest signed-off month is not public until a month is signed
# off under it: the public engagement pages name actions and themes as that month's record does.
marker=ENGAGEMENT-NEXT-VERSION
"$DIALTURN" version d.db new "Year Two" >/dev/null
"$DIALTURN" export d.db --out now.json
jq --arg m "$marker" '{"format": "dialturn-plan/1",
    "actions": [.actions[] | select(.ref == "A45") | .title = "Leadership group " + $m],
    "themes": [.themes[] | select(.ref == "T2") | .title = "Strategic planning " + $m]}' \
    now.json >v2.json
"$DIALTURN" import d.db v2.json --draft --as pmo >/dev/null
"$DIALTURN" version d.db submit 2 --as pmo >/dev/null
"$DIALTURN" version d.db approve 2 --on 2016-03-14 --ref "Cabinet 14 March 2016" --as ceo >/dev/null
"$DIALTURN" version d.db sign-off 2 --on 2016-03-21 --as chair >/dev/null
expect_grep "the live plan has version 2's title" "$marker" <(sqlite3 d.db "select title from action where ref = 'A45'")
for p in /engagement /engagement/E1 '/engagement?theme=T2'; do
    curl -sS -o next.html "$base$p"
    expect_no_grep "$p names nothing of a version no signed-off month is under" "$marker" next.html
done
curl -sS -o next.html "$base/engagement"
expect_grep "it names A45 as February's record does" 'A45: Help set up an independent city leadership group' next.html
echo "PASS: test_engagement"
