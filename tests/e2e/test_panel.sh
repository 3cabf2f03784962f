#!/usr/bin/env bash
# The panel and its meetings: membership now and before on /panel and in
# Popolo; the secretariat schedules meetings in the workspace (forms that
# refuse with the field named); closed means closed — after a closed meeting,
# an exempt item and a draft agenda are made with unique markers, a crawl as
# the anonymous reader, an owner who was invited, an owner who was not, a
# panel member and the secretariat finds each marker exactly where the role
# allows and nowhere else (pages, search, feeds, API, downloads, calendars,
# `publish`); the iCalendar text holds to RFC 5545 (CRLF, folding, a stable
# UID, SEQUENCE raised by a change, a cancelled meeting kept, VTIMEZONE);
# the plan JSON round-trips byte for byte; `verify` passes after each change.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"
PW=dialturn-demo

"$DIALTURN" demo --db d.db --create-only >/dev/null
start_demo d.db

verify() { "$DIALTURN" verify d.db >/dev/null || { echo "FAIL: verify after $1"; exit 1; }; }

# 1. Membership: who sits now, who sat before, in the page and in Popolo.
curl -sS -o panel.html "$base/panel"
expect_grep "the panel page shows its remit" "What the panel is for" panel.html
sed -n '/Who sits on the panel now/,/Who sat on the panel before/p' panel.html > now.html
sed -n '/Who sat on the panel before/,$p' panel.html > before.html
expect_grep "the chair sits now" "Panel Chair</th><td class=\"govuk-table__cell\">Chair" now.html
expect_grep "the ex officio commissioner sits now" "Ex officio member" now.html
expect_grep "a member who left sat before" "Panel Member</th><td class=\"govuk-table__cell\">Member" before.html
curl -sS -o popolo.json "$base/api/v1/panel/popolo.json"
expect_eq "Popolo: five persons" 5 "$(jq '.persons | length' popolo.json)"
expect_eq "Popolo: the panel is an organization" panel "$(jq -r '.organizations[0].id' popolo.json)"
expect_eq "Popolo: a past membership has its end date" 2016-03-21 \
    "$(jq -r '.memberships[] | select(.id == "member-2") | .end_date' popolo.json)"
expect_eq "Popolo: the chair's post" chair \
    "$(jq -r '.memberships[] | select(.id == "chair") | .post_id' popolo.json)"
echo "ok: membership now and before, on /panel and in Popolo"

# 2. The secretariat schedules meetings; others may not.
sign_in jar.sec secretariat "$PW"
sign_in jar.chair chair "$PW"
sign_in jar.hr hr "$PW"
sign_in jar.sol solicitor "$PW"
csrf=$(page_csrf jar.sec /work/meetings)
post() { # PATH FIELDS... -> http code; body in post.html
    local path=$1
    shift
    local args=()
    for f in "$@"; do args+=(--data-urlencode "$f"); done
    curl -sS -b jar.sec -o post.html -D post.hdr -w '%{http_code}' --data-urlencode "csrf=$csrf" \
        "${args[@]}" "$base$path"
}
code=$(curl -sS -b jar.chair -o /dev/null -w '%{http_code}' "$base/work/meetings")
expect_eq "a panel member does not run the meetings" 403 "$code"
code=$(curl -sS -o /dev/null -w '%{http_code}' "$base/work/meetings")
expect_eq "the anonymous reader is sent to sign in" 303 "$code"

code=$(post /work/meetings ref=BAD-1 title=T kind=monthly starts=2027-01-15T10:00 \
    webcast_url=javascript:alert1 open=yes)
expect_eq "a webcast that is not http(s) is refused" 400 "$code"
expect_grep "naming the field" 'href="#webcast_url"' post.html
code=$(post /work/meetings ref=BAD-2 title=T kind=monthly starts=tomorrow open=yes)
expect_eq "a start that is not a time is refused" 400 "$code"
expect_grep "naming the field" 'href="#starts"' post.html
echo "ok: the forms refuse with the field named"

# Membership on the web: the secretariat adds a member, changes the role,
# sets the matters led and ends the membership; /panel and Popolo follow.
expect_eq "a panel member does not keep the membership" 403 \
    "$(curl -sS -b jar.chair -o /dev/null -w '%{http_code}' "$base/work/panel")"
code=$(post /work/panel/members person=panel-adviser role=vice_chair "appointed_by=MARK-APPOINTER" appointed_on=2016-04-01)
expect_eq "the secretariat adds a member" 303 "$code"
curl -sS -o panel2.html "$base/panel"
sed -n '/Who sits on the panel now/,/Who sat on the panel before/p' panel2.html > now2.html
expect_grep "who sits now on /panel" "Adviser to the Panel</th><td class=\"govuk-table__cell\">Vice chair" now2.html
expect_grep "appointed by whom" MARK-APPOINTER now2.html
new_ref=$(curl -sS "$base/api/v1/panel/popolo.json" | jq -r '.memberships[] | select(.person_id == "panel-adviser") | .id')
[ -n "$new_ref" ] || { echo "FAIL: the new member has no reference"; exit 1; }
expect_eq "the role changes" 303 "$(post /work/panel/members/$new_ref op=role role=member)"
code=$(post /work/panel/members/$new_ref op=leads themes=T1 actions="A13 A2" recommendations=R99)
expect_eq "a lead that is no recommendation is refused" 400 "$code"
expect_grep "naming the field" "href=\"#$new_ref-themes\"" post.html
expect_grep "and the ref" 'no recommendation has ref' post.html
expect_eq "the matters led are set" 303 "$(post /work/panel/members/$new_ref op=leads themes=T1 actions="A13, A2" recommendations=R1)"
curl -sS -o popolo2.json "$base/api/v1/panel/popolo.json"
expect_eq "Popolo: six persons" 6 "$(jq '.persons | length' popolo2.json)"
expect_eq "Popolo: the new membership's role" member \
    "$(jq -r --arg r "$new_ref" '.memberships[] | select(.id == $r) | .post_id' popolo2.json)"
expect_eq "Popolo: its start" 2016-04-01 \
    "$(jq -r --arg r "$new_ref" '.memberships[] | select(.id == $r) | .start_date' popolo2.json)"
curl -sS -o panel3.html "$base/panel"
expect_grep "the matters led show" 'href="/recommendations/R1">recommendation R1' panel3.html
code=$(post /work/panel/members/$new_ref op=end ended_on=2016-03-01)
expect_eq "an end before the appointment is refused" 400 "$code"
expect_grep "naming the field" "href=\"#$new_ref-ended_on\"" post.html
expect_eq "a role that is none is refused" 400 "$(post /work/panel/members/$new_ref op=role role=king)"
expect_eq "an unknown person is refused" 400 "$(post /work/panel/members person=nobody-here role=member)"
expect_eq "no such member" 404 "$(post /work/panel/members/no-such op=role role=member)"
expect_eq "the membership ends" 303 "$(post /work/panel/members/$new_ref op=end ended_on=2016-05-01)"
curl -sS -o panel4.html "$base/panel"
sed -n '/Who sat on the panel before/,$p' panel4.html > before4.html
expect_grep "and the member sat before" "Adviser to the Panel" before4.html
expect_eq "Popolo: the membership's end" 2016-05-01 \
    "$(curl -sS "$base/api/v1/panel/popolo.json" | jq -r --arg r "$new_ref" '.memberships[] | select(.id == $r) | .end_date')"
verify "membership changes"
echo "ok: the secretariat keeps the membership on the web; /panel and Popolo follow"

landing() { # TEXT: the page the last post led to says TEXT in its success banner
    local loc
    loc=$(tr -d '\r' <post.hdr | sed -n 's/^[Ll]ocation: //p')
    curl -sS -b jar.sec -o landing.html "$base${loc#"$base"}"
    expect_grep "and its page says: $1" "govuk-notification-banner__heading\">$1<" landing.html
}
mk() { # REF TITLE OPEN
    code=$(post /work/meetings "ref=$1" "title=$2" kind=monthly starts=2027-01-15T10:00 \
        ends=2027-01-15T12:00 "place=Committee Room 2" webcast_url=https://example.org/live "open=$3")
    expect_eq "the secretariat schedules $1" 303 "$code"
}
mk CLOSED-1 "MARK-CLOSED-TITLE meeting" no
landing "The meeting is scheduled"
mk OPEN-1 "MARK-OPEN-TITLE meeting" yes
mk DRAFT-1 "MARK-DRAFT-TITLE meeting" yes
verify "scheduling"

expect_eq "an item" 303 "$(post /work/meetings/CLOSED-1/items title=MARK-CLOSED-ITEM presenter=Someone)"
landing "The agenda item is added"
expect_eq "an invitee" 303 "$(post /work/meetings/CLOSED-1/attendance person=head-hr kind=invited presence=expected)"
landing "The attendance is recorded"
expect_eq "minutes" 303 "$(post /work/meetings/CLOSED-1/items/1 title=MARK-CLOSED-ITEM minutes=MARK-CLOSED-MINUTES decision=Noted presenter=Someone exempt_paragraph= exempt_reason=)"
landing "The agenda item is saved"
expect_eq "the closed agenda published" 303 "$(post /work/meetings/CLOSED-1/publish-agenda)"
landing "The agenda is published"
expect_eq "the closed minutes published" 303 "$(post /work/meetings/CLOSED-1/publish-minutes)"
landing "The minutes are published"

expect_eq "a public item" 303 "$(post /work/meetings/OPEN-1/items title=MARK-PUBLIC-ITEM presenter=Chief)"
code=$(post /work/meetings/OPEN-1/items title=MARK-EXEMPT-TITLE exempt_paragraph=3 exempt_reason=)
expect_eq "an exempt item without a reason is refused" 400 "$code"
expect_grep "saying why" "must say why it is exempt" post.html
expect_eq "an exempt item" 303 "$(post /work/meetings/OPEN-1/items title=MARK-EXEMPT-TITLE exempt_paragraph=3 exempt_reason=MARK-EXEMPT-REASON presenter=Finance)"
expect_eq "exempt minutes" 303 "$(post /work/meetings/OPEN-1/items/2 title=MARK-EXEMPT-TITLE exempt_paragraph=3 exempt_reason=MARK-EXEMPT-REASON presenter=Finance minutes=MARK-EXEMPT-MINUTES decision=MARK-EXEMPT-DECISION)"
expect_eq "public minutes" 303 "$(post /work/meetings/OPEN-1/items/1 title=MARK-PUBLIC-ITEM presenter=Chief minutes=MARK-PUBLIC-MINUTES decision=Noted exempt_paragraph= exempt_reason=)"
expect_eq "a declaration on the exempt item" 303 "$(post /work/meetings/OPEN-1/declarations item=2 person=panel-member-1 kind=pecuniary nature=MARK-EXEMPT-DECL)"
landing "The declaration of interest is recorded"
expect_eq "an action arising from the exempt item" 303 "$(post /work/meetings/OPEN-1/actions ref=AR-X1 item=2 text=MARK-EXEMPT-ACTION owner=dir-finance due=2027-02-01 action=)"
landing "The action arising is added"
expect_eq "an action arising from the public item, tied to a plan action" 303 "$(post /work/meetings/OPEN-1/actions ref=AR-P1 item=1 text=MARK-PUBLIC-ACTION owner=dir-finance due=2027-02-01 action=A13)"
# Papers: a public one on the public item, a restricted one on the exempt item;
# a public document is refused as a paper of an exempt item.
printf '%%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%%%EOF\n' > paper.pdf
upload() { # NAME PUBLIC -> document id
    local got
    got=$(curl -sS -b jar.sec -o up.html -w '%{redirect_url}' -F "csrf=$csrf" \
        -F "file=@paper.pdf;type=application/pdf;filename=$1" -F "public=$2" "$base/work/documents")
    echo "${got##*uploaded=}"
}
doc_pub=$(upload MARK-PUBLIC-PAPER.pdf yes)
doc_ex=$(upload MARK-EXEMPT-PAPER.pdf no)
expect_eq "a public paper on the public item" 303 "$(post /work/meetings/OPEN-1/papers item=1 document=$doc_pub)"
landing "The paper is attached to its item"
expect_eq "the paper is stored with its item" 1 \
    "$(sqlite3 d.db "select count(*) from meeting_paper where document_id = $doc_pub")"
expect_eq "a public document on the exempt item is refused" 400 "$(post /work/meetings/OPEN-1/papers item=2 document=$doc_pub)"
expect_grep "saying it must be restricted" "must be a restricted document" post.html
expect_eq "a restricted paper on the exempt item" 303 "$(post /work/meetings/OPEN-1/papers item=2 document=$doc_ex)"
sign_in jar.pmo pmo "$PW"
expect_eq "the programme office may not read the exempt paper" 403 \
    "$(curl -sS -b jar.pmo -o /dev/null -w '%{http_code}' "$base/documents/$doc_ex")"
expect_eq "the anonymous reader is told it does not exist" 404 \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$base/documents/$doc_ex")"
curl -sS -b jar.pmo -o docs.html "$base/work/documents"
expect_no_grep "nor sees it listed" MARK-EXEMPT-PAPER docs.html
expect_grep "though it sees the public one" MARK-PUBLIC-PAPER docs.html
expect_eq "the chair reads it" 200 \
    "$(curl -sS -b jar.chair -o /dev/null -w '%{http_code}' "$base/documents/$doc_ex")"
expect_eq "the open agenda published" 303 "$(post /work/meetings/OPEN-1/publish-agenda)"
expect_eq "the open minutes published" 303 "$(post /work/meetings/OPEN-1/publish-minutes)"
expect_eq "a draft item" 303 "$(post /work/meetings/DRAFT-1/items title=MARK-DRAFT-ITEM)"
verify "the agendas and minutes"
echo "ok: the secretariat drafts and publishes agendas and minutes"

# A correction to published minutes must say what it is, and shows.
code=$(post /work/meetings/OPEN-1/items/1 title=MARK-PUBLIC-ITEM presenter=Chief minutes=MARK-PUBLIC-MINUTES-2 decision=Noted exempt_paragraph= exempt_reason=)
expect_eq "a silent change to published minutes is refused" 400 "$code"
code=$(post /work/meetings/OPEN-1/items/1 title=MARK-PUBLIC-ITEM presenter=Chief minutes=MARK-PUBLIC-MINUTES-2 decision=Noted exempt_paragraph= exempt_reason= correction=MARK-PUBLIC-CORRECTION)
expect_eq "a correction with its note is made" 303 "$code"
verify "a correction"

# Private calendars for the chair and the secretariat.
private_cal() { # JAR -> URL path of a fresh calendar
    local c
    c=$(page_csrf "$1" /work/calendar)
    curl -sS -b "$1" -o cal.html --data-urlencode "csrf=$c" "$base/work/calendar"
    grep -o '/calendars/[0-9a-f]*\.ics' cal.html | head -n 1
}
cal_chair=$(private_cal jar.chair)
cal_sec=$(private_cal jar.sec)
[ -n "$cal_chair" ] && [ -n "$cal_sec" ] || { echo "FAIL: no private calendar address"; exit 1; }

# Residents' questions: a form on an open meeting before its deadline, none on
# a closed one or one past its deadline; the secretariat accepts, rejects and
# answers; only accepted questions are public, never an address.
curl -sS -c jar.res -b jar.res -o open_form.html "$base/meetings/OPEN-1"
expect_grep "an open meeting asks for questions" 'action="/meetings/OPEN-1/questions"' open_form.html
expect_grep "until its deadline, three working days before" "until the end of <time datetime=\"2027-01-12\"" open_form.html
rcsrf=$(form_csrf open_form.html)
ask() { # NAME EMAIL QUESTION [MEETING] -> http code; body in ask.html
    curl -sS -b jar.res -o ask.html -w '%{http_code}' --data-urlencode "csrf=$rcsrf" \
        --data-urlencode "name=$1" --data-urlencode "email=$2" --data-urlencode "question=$3" \
        "$base/meetings/${4:-OPEN-1}/questions"
}
expect_eq "a question is received" 200 "$(ask 'MARK-Q-NAME-A' q-asker-a@example.org 'MARK-Q-ACCEPTED: when will the
plan be done?')"
expect_grep "and the resident is told so" "Your question was received" ask.html
expect_no_grep "a pending question is not shown" "MARK-Q-ACCEPTED" ask.html
expect_eq "a second" 200 "$(ask 'MARK-Q-NAME-R' Q-Asker-R@Example.org MARK-Q-REJECTED)"
expect_eq "a third, left pending" 200 "$(ask 'MARK-Q-NAME-P' q-asker-p@example.org MARK-Q-PENDING)"
expect_eq "a question without an address is refused" 400 "$(ask Someone '' 'A question')"
expect_grep "naming the field" 'href="#email"' ask.html
expect_grep "and keeping what was typed" "A question</textarea>" ask.html
expect_eq "an empty question is refused" 400 "$(ask Someone someone@example.org '')"
expect_grep "naming the field" 'href="#question"' ask.html
long=$(head -c 2001 /dev/zero | tr '\0' x)
expect_eq "a question over 2,000 characters is refused" 400 "$(ask Someone someone@example.org "$long")"
for i in 1 2 3; do ask Flood flood@example.org "Flood $i" >/dev/null; done
expect_eq "a fourth question from one address in a day is refused" 400 "$(ask Flood FLOOD@example.org 'Flood 4')"
expect_grep "saying why" "3 questions in the last 24 hours" ask.html
code=$(curl -sS -b jar.res -o /dev/null -w '%{http_code}' --data-urlencode "csrf=wrong" \
    --data-urlencode name=X --data-urlencode email=x@example.org --data-urlencode question=Q \
    "$base/meetings/OPEN-1/questions")
expect_eq "a question without the form's token is refused" 403 "$code"
curl -sS -o closed_form.html "$base/meetings/CLOSED-1"
expect_no_grep "a closed meeting has no form" '/questions"' closed_form.html
expect_eq "nor takes a question" 404 "$(ask X x@example.org MARK-Q-CLOSED CLOSED-1)"
expect_eq "a draft agenda takes none" 404 "$(ask X x@example.org MARK-Q-CLOSED DRAFT-1)"
soon=$(date -d '+1 day' +%Y-%m-%dT10:00)
code=$(post /work/meetings ref=SOON-1 title=Soon kind=monthly "starts=$soon" place=Here open=yes)
expect_eq "a meeting tomorrow" 303 "$code"
expect_eq "its agenda published" 303 "$(post /work/meetings/SOON-1/publish-agenda)"
curl -sS -o soon.html "$base/meetings/SOON-1"
expect_no_grep "past its deadline it has no form" '/questions"' soon.html
expect_eq "nor takes a question" 400 "$(ask X x@example.org MARK-Q-LATE SOON-1)"
curl -sS -b jar.sec -o work_q.html "$base/work/meetings/OPEN-1"
expect_grep "the secretariat sees every question" MARK-Q-PENDING work_q.html
expect_grep "with the address, lower-cased" q-asker-r@example.org work_q.html
qa=$(grep -o 'action="/work/meetings/OPEN-1/questions/[0-9]*"' work_q.html | head -n 1 | sed 's|.*/||; s|"||')
qr=$((qa + 1))
expect_eq "an answer before acceptance is refused" 400 "$(post /work/meetings/OPEN-1/questions/$qa decision=answer text=MARK-Q-ANSWER)"
expect_eq "a rejection needs its reason" 400 "$(post /work/meetings/OPEN-1/questions/$qr decision=reject text=)"
expect_grep "naming the field" "href=\"#q$qr-reason\"" post.html
expect_eq "the secretariat rejects one" 303 "$(post /work/meetings/OPEN-1/questions/$qr decision=reject text=MARK-Q-REASON)"
expect_eq "accepts another" 303 "$(post /work/meetings/OPEN-1/questions/$qa decision=accept)"
expect_eq "and answers it" 303 "$(post /work/meetings/OPEN-1/questions/$qa decision=answer text=MARK-Q-ANSWER)"
expect_eq "a question of another meeting is not found" 404 "$(post /work/meetings/CLOSED-1/questions/$qa decision=accept)"
expect_eq "a panel member does not moderate" 403 "$(curl -sS -b jar.chair -o /dev/null -w '%{http_code}' \
    --data-urlencode "csrf=$(page_csrf jar.chair /work)" --data-urlencode decision=accept \
    "$base/work/meetings/OPEN-1/questions/$qr")"
curl -sS -o open_q.html "$base/meetings/OPEN-1"
expect_grep "the accepted question is public" "MARK-Q-ACCEPTED" open_q.html
expect_grep "with its answer" "MARK-Q-ANSWER" open_q.html
expect_grep "and the asker's name" "MARK-Q-NAME-A" open_q.html
verify "the questions"
echo "ok: residents' questions: asked, refused with the field named, moderated, published with the answer"
# The read API lists the published questions with their answers, for every
# reader alike, never an address; a closed meeting lists none.
curl -sS -o apiq.json "$base/api/v1/meetings/OPEN-1"
expect_eq "the API lists the one published question" 1 "$(jq '.questions | length' apiq.json)"
expect_eq "with its answer" MARK-Q-ANSWER "$(jq -r '.questions[0].answer' apiq.json)"
expect_eq "and its asker's name" MARK-Q-NAME-A "$(jq -r '.questions[0].name' apiq.json)"
expect_eq "and no address" null "$(jq -r '.questions[0].email' apiq.json)"
curl -sS -b jar.sec -o apiq_sec.json "$base/api/v1/meetings/OPEN-1"
expect_eq "the secretariat's API answer lists the published ones alone" 1 "$(jq '.questions | length' apiq_sec.json)"
expect_eq "a closed meeting lists none" 0 "$(curl -sS -b jar.sec "$base/api/v1/meetings/CLOSED-1" | jq '.questions | length')"
echo "ok: the API lists the published questions with their answers"

# 3. The crawl.  Every surface, as each reader.
"$DIALTURN" publish d.db --out pub >/dev/null
urls=(/panel /meetings /meetings/OPEN-1 /meetings/CLOSED-1 /meetings/DRAFT-1 /meetings.ics
    /api/v1/meetings /api/v1/meetings/OPEN-1 /api/v1/meetings/CLOSED-1 /api/v1/meetings/DRAFT-1
    /api/v1/panel "/search?q=MARK" /feed.atom /data/plan.json /api/v1/actions/A13 /
    /meetings.atom "/search?q=MARK&type=meetings" "/search?q=mark+meeting" "/search?q=committee+room"
    "/search?q=noted&type=meetings")
crawl() { # NAME JAR EXTRA-URLS... -> all text in seen.NAME
    local name=$1 jar=$2
    shift 2
    : > "seen.$name"
    for u in "${urls[@]}" "$@"; do
        if [ "$jar" = - ]; then curl -sS "$base$u" >> "seen.$name"; else curl -sS -b "$jar" "$base$u" >> "seen.$name"; fi
        echo >> "seen.$name"
    done
}
crawl anon -
crawl hr jar.hr
crawl sol jar.sol
crawl chair jar.chair "$cal_chair"
crawl sec jar.sec "$cal_sec" /work/meetings/OPEN-1
cat $(find pub -type f) > seen.publish
check() { # READER MARKER yes|no
    if grep -q -- "$2" "seen.$1"; then
        [ "$3" = yes ] || { echo "FAIL: $1 sees $2"; grep -o -- ".\{60\}$2.\{20\}" "seen.$1" | head -3; exit 1; }
    else
        [ "$3" = no ] || { echo "FAIL: $1 does not see $2"; exit 1; }
    fi
}
for m in MARK-PUBLIC-PAPER MARK-PUBLIC-ITEM MARK-PUBLIC-MINUTES-2 MARK-PUBLIC-ACTION MARK-PUBLIC-CORRECTION MARK-OPEN-TITLE; do
    for who in anon hr sol chair sec publish; do check $who $m yes; done
done
for m in MARK-EXEMPT-PAPER MARK-EXEMPT-TITLE MARK-EXEMPT-REASON MARK-EXEMPT-MINUTES MARK-EXEMPT-DECISION MARK-EXEMPT-DECL MARK-EXEMPT-ACTION; do
    for who in anon hr sol publish; do check $who $m no; done
    for who in chair sec; do check $who $m yes; done
done
for m in MARK-CLOSED-TITLE MARK-CLOSED-ITEM MARK-CLOSED-MINUTES; do
    for who in anon sol publish; do check $who $m no; done
    for who in hr chair sec; do check $who $m yes; done
done
for m in MARK-DRAFT-TITLE MARK-DRAFT-ITEM; do
    for who in anon hr sol publish; do check $who $m no; done
    for who in chair sec; do check $who $m yes; done
done
# Residents' questions: accepted ones with their answers everywhere the
# meeting is; pending and rejected ones, the reason and every address only in
# the secretariat's workspace.
for m in MARK-Q-ACCEPTED MARK-Q-ANSWER MARK-Q-NAME-A; do
    for who in anon hr sol chair sec publish; do check $who $m yes; done
done
for m in MARK-Q-PENDING MARK-Q-REJECTED MARK-Q-REASON MARK-Q-NAME-R q-asker-a@example.org q-asker-r@example.org; do
    for who in anon hr sol chair publish; do check $who $m no; done
    check sec $m yes
done
for who in anon hr sol chair publish; do check $who "@example.org" no; done
# Search and the meetings feed: the public parts of meetings found; nothing
# closed, exempt or pending matches, counts, or shows.
curl -sS -o s1.html "$base/search?q=MARK-PUBLIC-MINUTES-2"
expect_grep "search finds published minutes" 'href="/meetings/OPEN-1"' s1.html
curl -sS -o s2.html "$base/search?q=MARK-PUBLIC-PAPER&type=meetings"
expect_grep "and a public paper's title" 'href="/meetings/OPEN-1"' s2.html
for q in MARK-EXEMPT-TITLE MARK-EXEMPT-MINUTES MARK-EXEMPT-PAPER MARK-CLOSED-ITEM MARK-CLOSED-MINUTES MARK-DRAFT-ITEM MARK-Q-PENDING; do
    curl -sS -b jar.sec -o s3.html "$base/search?q=$q"
    expect_grep "search finds nothing for $q, even signed in" "No results" s3.html
done
curl -sS -o m.atom "$base/meetings.atom"
xmllint --noout m.atom 2>/dev/null || python3 -c "import sys,xml.dom.minidom; xml.dom.minidom.parse('m.atom')"
expect_grep "the meetings feed has the open meeting's minutes" "meetings/OPEN-1/minutes" m.atom
expect_no_grep "and not the closed meeting" "CLOSED-1" m.atom
expect_no_grep "nor the draft" "DRAFT-1" m.atom
expect_grep "an exempt item is there by its paragraph" "under paragraph 3 of Schedule 12A" m.atom
curl -sS -o open.html "$base/meetings/OPEN-1"
expect_grep "the public sees the exempt item was taken, and under which paragraph" \
    "Taken in private under paragraph 3 of" open.html
expect_grep "and that a closed meeting took place" "Closed meeting of the panel" seen.anon
echo "ok: each marker is exactly where the reader may see it, on every surface"

# The agenda pack and the minutes as PDFs: the public's, from the public
# redaction whoever asks; an exempt item only by its paragraph; none for a
# closed meeting, a draft agenda or minutes not published.
expect_grep "the meeting page links its agenda pack" 'href="/meetings/OPEN-1/agenda.pdf"' open.html
expect_grep "and its minutes" 'href="/meetings/OPEN-1/minutes.pdf"' open.html
for what in agenda minutes; do
    for who in anon sec; do
        if [ $who = anon ]; then j=(); else j=(-b jar.sec); fi
        code=$(curl -sS "${j[@]}" -o "$what.$who.pdf" -w '%{http_code} %{content_type}' "$base/meetings/OPEN-1/$what.pdf")
        expect_eq "the $what PDF answers $who" "200 application/pdf" "$code"
        pdftotext -layout "$what.$who.pdf" "$what.$who.txt"
    done
    cmp -s "$what.anon.pdf" "$what.sec.pdf" || { echo "FAIL: the secretariat's $what PDF is not the public's"; exit 1; }
    for m in MARK-EXEMPT-TITLE MARK-EXEMPT-REASON MARK-EXEMPT-MINUTES MARK-EXEMPT-DECISION MARK-EXEMPT-DECL MARK-EXEMPT-ACTION MARK-EXEMPT-PAPER "Presented by Finance" MARK-Q-PENDING; do
        expect_no_grep "the $what PDF holds nothing of the exempt item ($m)" "$m" "$what.sec.txt"
    done
    expect_grep "the $what PDF says the exempt item was taken in private" "Taken in private \\(paragraph 3 of Schedule 12A" "$what.anon.txt"
    expect_grep "the $what PDF has the public item" "1. MARK-PUBLIC-ITEM" "$what.anon.txt"
    pdfinfo "$what.anon.pdf" > "$what.info"
    expect_grep "the $what PDF is A4" "Page size: *595.276 x 841.89 pts \\(A4\\)" "$what.info"
    expect_grep "its title is in the metadata" "^Title: *${what^}: MARK-OPEN-TITLE meeting" "$what.info"
    expect_grep "each page has the running header" "Page 1" "$what.anon.txt"
done
expect_grep "the agenda pack names the presenter" "Presented by Chief." agenda.anon.txt
expect_grep "and lists the public paper with its address" "MARK-PUBLIC-PAPER.pdf — /documents/$doc_pub" agenda.anon.txt
expect_grep "the minutes have the attendance" "Attendance" minutes.anon.txt
expect_grep "the minutes of the public item" "MARK-PUBLIC-MINUTES-2" minutes.anon.txt
expect_grep "its action arising" "MARK-PUBLIC-ACTION" minutes.anon.txt
expect_grep "and the correction" "MARK-PUBLIC-CORRECTION" minutes.anon.txt
expect_grep "the minutes have the published question" "MARK-Q-ACCEPTED" minutes.anon.txt
expect_grep "with its answer" "MARK-Q-ANSWER" minutes.anon.txt
expect_grep "the agenda pack has it too" "MARK-Q-ACCEPTED" agenda.anon.txt
for u in CLOSED-1/agenda CLOSED-1/minutes DRAFT-1/agenda SOON-1/minutes NO-SUCH/agenda; do
    expect_eq "no public PDF at /meetings/$u.pdf" 404 \
        "$(curl -sS -b jar.sec -o /dev/null -w '%{http_code}' "$base/meetings/$u.pdf")"
done
expect_eq "a published agenda without minutes has its pack" 200 \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$base/meetings/SOON-1/agenda.pdf")"
curl -sS -o soon2.html "$base/meetings/SOON-1"
expect_no_grep "and no minutes link" 'SOON-1/minutes.pdf' soon2.html
curl -sS -b jar.sec -o closed_sec.html "$base/meetings/CLOSED-1"
expect_no_grep "a closed meeting's page links no PDF" '.pdf"' closed_sec.html
echo "ok: the agenda pack and the minutes as PDFs, the public parts alone"

# 4. iCalendar: the text, and what a change does.
curl -sS -o pub1.ics "$base/meetings.ics"
curl -sS -o priv1.ics "$base$cal_chair"
cat > ics_check.py <<'PY'
import re, sys
def unfold(raw):
    return raw.replace(b"\r\n ", b"").replace(b"\r\n\t", b"").decode().split("\r\n")
def check(path):
    raw = open(path, "rb").read()
    assert raw.startswith(b"BEGIN:VCALENDAR\r\n"), path + ": not a calendar"
    assert b"\n" not in raw.replace(b"\r\n", b""), path + ": a bare LF"
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75, path + ": a line of %d octets" % len(line)
    lines = unfold(raw)
    for need in ("VERSION:2.0", "BEGIN:VTIMEZONE"):
        assert need in lines, path + ": no " + need
    tzids = [l[5:] for l in lines if l.startswith("TZID:")]
    assert len(tzids) == 1 and tzids[0].endswith("Europe/London"), path + ": VTIMEZONE " + str(tzids)
    starts = [l for l in lines if l.startswith("DTSTART;TZID=")]
    assert starts and all(l.startswith("DTSTART;TZID=" + tzids[0] + ":") for l in starts), "DTSTART not in the zone"
    assert any(l.startswith("REFRESH-INTERVAL;VALUE=DURATION:") for l in lines), path + ": no REFRESH-INTERVAL"
    events, cur = {}, None
    for l in lines:
        if l == "BEGIN:VEVENT": cur = {}
        elif l == "END:VEVENT": events[cur["UID"]] = cur; cur = None
        elif cur is not None and ":" in l:
            k, v = l.split(":", 1); cur[k.split(";")[0]] = v
    for uid, e in events.items():
        for k in ("DTSTAMP", "DTSTART", "SUMMARY", "SEQUENCE", "STATUS"):
            assert k in e, path + ": " + uid + " lacks " + k
        assert e["DTSTAMP"].endswith("Z"), "DTSTAMP not UTC"
    return events
a = check(sys.argv[1])
if len(sys.argv) > 2:
    b = check(sys.argv[2])
    uid = "meeting-OPEN-1@birmingham"
    assert uid in a and uid in b, "the UID is not stable"
    assert int(b[uid]["SEQUENCE"]) > int(a[uid]["SEQUENCE"]), "SEQUENCE not raised"
    assert b[uid]["STATUS"] == "CANCELLED", "a cancelled meeting does not say so"
    assert a[uid]["DTSTART"] == "20270115T100000", "DTSTART not in local time: " + a[uid]["DTSTART"]
print("ok")
PY
python3 ics_check.py pub1.ics >/dev/null
python3 ics_check.py priv1.ics >/dev/null
expect_grep "a long line is folded" $'^ ' pub1.ics
code=$(post /work/meetings/OPEN-1/details "title=MARK-OPEN-TITLE meeting, with a title long enough that the SUMMARY line must be folded by the writer" kind=monthly starts=2027-01-15T10:00 ends=2027-01-15T12:00 "place=Committee Room 2" webcast_url=https://example.org/live open=yes status=cancelled)
expect_eq "the secretariat cancels a meeting" 303 "$code"
verify "a cancellation"
curl -sS -o cancelled.html "$base/meetings/OPEN-1"
expect_no_grep "a cancelled meeting takes no questions" '/questions"' cancelled.html
expect_grep "though its accepted ones stay" MARK-Q-ACCEPTED cancelled.html
curl -sS -o pub2.ics "$base/meetings.ics"
python3 ics_check.py pub1.ics pub2.ics >/dev/null
echo "ok: iCalendar: CRLF, folding, VTIMEZONE, a stable UID, SEQUENCE raised, cancelled kept"
c=$(page_csrf jar.chair /work/calendar)
id=$(grep -o 'action="/work/calendar/[0-9]*/revoke"' cal.html | head -n 1 | grep -o '[0-9]*')
cal_id=$(curl -sS -b jar.chair "$base/work/calendar" | grep -o '/work/calendar/[0-9]*/revoke' | head -n 1 | grep -o '[0-9][0-9]*')
code=$(curl -sS -b jar.chair -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$c" "$base/work/calendar/$cal_id/revoke")
expect_eq "the chair revokes a calendar" 303 "$code"
code=$(curl -sS -o /dev/null -w '%{http_code}' "$base$cal_chair")
expect_eq "a revoked calendar answers no more" 404 "$code"
echo "ok: a private calendar is revocable"

# 5. The interchange: export, import into a new file, export: the same bytes.
"$DIALTURN" export d.db > e1.json
jq -e '.meetings | map(.ref) | index("OPEN-1") != null' e1.json >/dev/null
"$DIALTURN" import fresh.db e1.json >/dev/null
"$DIALTURN" export fresh.db > e2.json
cmp e1.json e2.json || { echo "FAIL: the round trip changed the JSON"; exit 1; }
"$DIALTURN" import d.db e1.json >/dev/null
verify "re-importing"
"$DIALTURN" verify fresh.db >/dev/null
# The interchange is the backup: every question of a meeting, in every state,
# with its address; imported into a new file, the same questions.
expect_eq "the export holds every question of the meeting" 6 \
    "$(jq '.meetings[] | select(.ref == "OPEN-1") | .questions | length' e1.json)"
expect_eq "a rejected one with its reason and address" "MARK-Q-REASON q-asker-r@example.org" \
    "$(jq -r '.meetings[] | select(.ref == "OPEN-1") | .questions[] | select(.state == "rejected") | "\(.reason) \(.email)"' e1.json)"
expect_eq "the new file has them all" "$(sqlite3 d.db 'SELECT group_concat(state || name, ",") FROM meeting_question ORDER BY id')" \
    "$(sqlite3 fresh.db 'SELECT group_concat(state || name, ",") FROM meeting_question ORDER BY id')"
jq '(.meetings[] | select(.ref == "OPEN-1") | .questions[0]) |= (.state = "rejected" | .reason = "")' e1.json > bad_q.json
if "$DIALTURN" import bad.db bad_q.json 2> bad_q.err; then echo "FAIL: a rejected question without a reason was imported"; exit 1; fi
expect_grep "a rejected question without its reason is refused at its path" 'questions\[0\]\.reason' bad_q.err
echo "ok: panel and meetings round-trip byte for byte; verify passes"
