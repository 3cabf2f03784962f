#!/usr/bin/env bash
# Mail to those who follow the panel's meetings, the follow form's rate
# limit, and the mail log in the workspace's menu.  Debian's aiosmtpd is the
# relay (smtp_sink.py).  A resident follows "the meetings" and confirms;
# another never confirms.  The secretariat publishes an open meeting's
# agenda and minutes, postpones it and cancels it: the follower receives
# exactly one mail per event, with Message-ID, Date, List-Unsubscribe (and
# -Post), plain text and HTML, and links to the public meeting page and the
# iCalendar feed; the same steps on a closed meeting, and a cancelled meeting
# whose agenda was never published, send nothing; no mail, and no row of the
# outbox, holds anything of the exempt item or of the closed meeting.  The
# follow form answers 429 with Retry-After past its limits — per e-mail
# address whether or not the address already follows (so the answer says
# nothing of who follows what), per client address as `--trust-proxy`
# forwards it — while another address, or another client, is still served.
# /work/mail is in the menu of the administrator and the programme office,
# not of an action owner.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

fail() {
    echo "FAIL: $*"
    exit 1
}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$PY" -c 'import aiosmtpd' 2>/dev/null || fail "python3-aiosmtpd is not installed (make deps-test)"
PW=dialturn-demo

"$DIALTURN" demo --db d.db --create-only >/dev/null
SMTP=$(free_port)
"$DIALTURN" mail config d.db --relay "smtp://127.0.0.1:$SMTP" --base-url https://plan.example.org \
    --from plan@example.org >/dev/null

SINK_DELAY=0 "$PY" "$ROOT/tests/e2e/smtp_sink.py" "$SMTP" inbox >sink.log 2>&1 &
sink_pid=$!
stop_sink() {
    kill -TERM "$sink_pid" 2>/dev/null || true
    wait "$sink_pid" 2>/dev/null || true
}
at_exit stop_sink
for _ in $(seq 1 50); do
    grep -q listening sink.log 2>/dev/null && break
    sleep 0.1
done
grep -q listening sink.log || fail "the SMTP sink did not start"

queued() { sqlite3 d.db "SELECT count(*) FROM mail_outbox WHERE status IN ('queued', 'sending')"; }
wait_sent() {
    for _ in $(seq 1 100); do
        [ "$(queued)" = 0 ] && return 0
        sleep 0.2
    done
    fail "mail still waiting after 20 s"
}
index() { "$PY" "$ROOT/tests/e2e/mail_index.py" inbox >mails.tsv; }
mails_to() { awk -F'\t' -v r="$1" -v s="${2:-}" '$2 == r && $5 ~ s' mails.tsv | wc -l; }
file_of() { awk -F'\t' -v r="$1" -v s="$2" '$2 == r && $5 ~ s {print "inbox/" $1; exit}' mails.tsv; }

start_server d.db --mail-retry 1 --trust-proxy 127.0.0.1

# follow ADDRESS [TOPIC] [FORWARDED-FOR]: the public form, signed out -> http code;
# the page in follow.html, the headers in follow.hdr
follow() {
    local jar=jar.f.${3:-direct}
    curl -sS -c "$jar" -b "$jar" -o form.html ${3:+-H "X-Forwarded-For: $3"} "$base/follow"
    curl -sS -b "$jar" -o follow.html -D follow.hdr -w '%{http_code}' ${3:+-H "X-Forwarded-For: $3"} \
        --data "topic=${2:-meetings}" --data-urlencode "address=$1" \
        --data "csrf=$(form_csrf form.html)" "$base/follow"
}

# --- following the meetings ------------------------------------------------------------
expect_eq "fol follows the meetings" 200 "$(follow fol@example.org meetings 198.51.100.1)"
expect_eq "unc follows the meetings" 200 "$(follow unc@example.org meetings 198.51.100.2)"
wait_sent
index
f=$(file_of fol@example.org '^Confirm')
[ -n "$f" ] || fail "no confirmation for fol"
link=$(grep -o 'https://plan.example.org/follow/confirm?t=[0-9a-f]*' "$f.txt" | head -n 1)
expect_eq "fol confirms" 200 \
    "$(curl -sS -X POST -o /dev/null -w '%{http_code}' "$base${link#https://plan.example.org}")"

# --- the secretariat runs three meetings ---------------------------------------------------
sign_in jar.sec secretariat "$PW"
csrf=$(page_csrf jar.sec /work/meetings)
post() { # PATH FIELDS... -> http code
    local path=$1
    shift
    local args=()
    for a in "$@"; do args+=(--data-urlencode "$a"); done
    curl -sS -b jar.sec -o post.html -w '%{http_code}' --data-urlencode "csrf=$csrf" "${args[@]}" \
        "$base$path"
}
details() { # REF OPEN STATUS
    post "/work/meetings/$1/details" "title=$1 meeting of the panel" kind=monthly \
        starts=2027-01-15T10:00 ends=2027-01-15T12:00 "place=Committee Room 2" webcast_url= \
        "open=$2" "status=$3"
}
for m in OPEN-M:yes CLOSED-M:no DRAFT-M:yes; do
    ref=${m%:*}
    expect_eq "the secretariat schedules $ref" 303 "$(post /work/meetings "ref=$ref" \
        "title=$ref meeting of the panel" kind=monthly starts=2027-01-15T10:00 \
        ends=2027-01-15T12:00 "place=Committee Room 2" "open=${m#*:}")"
done
expect_eq "a public item" 303 "$(post /work/meetings/OPEN-M/items title=MARK-PUBLIC-ITEM presenter=Chief)"
expect_eq "an exempt item" 303 "$(post /work/meetings/OPEN-M/items title=MARK-EXEMPT-TITLE \
    exempt_paragraph=3 exempt_reason=MARK-EXEMPT-REASON presenter=Finance)"
expect_eq "a closed meeting's item" 303 "$(post /work/meetings/CLOSED-M/items title=MARK-CLOSED-ITEM presenter=Someone)"
expect_eq "a draft meeting's item" 303 "$(post /work/meetings/DRAFT-M/items title=MARK-DRAFT-ITEM presenter=Someone)"
wait_sent
index
before=$(wc -l <mails.tsv)
expect_eq "scheduling and agenda items mail no one" 2 "$before" # the confirmations of fol and unc

expect_eq "OPEN-M: the agenda published" 303 "$(post /work/meetings/OPEN-M/publish-agenda)"
expect_eq "CLOSED-M: the agenda published" 303 "$(post /work/meetings/CLOSED-M/publish-agenda)"
expect_eq "OPEN-M: minutes of the exempt item" 303 "$(post /work/meetings/OPEN-M/items/2 \
    title=MARK-EXEMPT-TITLE exempt_paragraph=3 exempt_reason=MARK-EXEMPT-REASON presenter=Finance \
    minutes=MARK-EXEMPT-MINUTES decision=MARK-EXEMPT-DECISION)"
expect_eq "OPEN-M: minutes of the public item" 303 "$(post /work/meetings/OPEN-M/items/1 \
    title=MARK-PUBLIC-ITEM presenter=Chief minutes=The-public-minutes decision=MARK-PUBLIC-DECISION \
    exempt_paragraph= exempt_reason=)"
expect_eq "CLOSED-M: its minutes" 303 "$(post /work/meetings/CLOSED-M/items/1 title=MARK-CLOSED-ITEM \
    presenter=Someone minutes=MARK-CLOSED-MINUTES decision=MARK-CLOSED-DECISION exempt_paragraph= \
    exempt_reason=)"
expect_eq "OPEN-M: the minutes published" 303 "$(post /work/meetings/OPEN-M/publish-minutes)"
expect_eq "CLOSED-M: the minutes published" 303 "$(post /work/meetings/CLOSED-M/publish-minutes)"
expect_eq "OPEN-M: postponed" 303 "$(details OPEN-M yes postponed)"
expect_eq "OPEN-M: postponed again changes nothing to mail" 303 "$(details OPEN-M yes postponed)"
expect_eq "OPEN-M: cancelled" 303 "$(details OPEN-M yes cancelled)"
expect_eq "CLOSED-M: cancelled" 303 "$(details CLOSED-M no cancelled)"
expect_eq "DRAFT-M (agenda never published): cancelled" 303 "$(details DRAFT-M yes cancelled)"
wait_sent
index

expect_eq "fol: one mail for the agenda" 1 "$(mails_to fol@example.org 'agenda published')"
expect_eq "fol: one for the minutes" 1 "$(mails_to fol@example.org 'minutes published')"
expect_eq "fol: one for the postponement" 1 "$(mails_to fol@example.org 'postponed')"
expect_eq "fol: one for the cancellation" 1 "$(mails_to fol@example.org 'cancelled')"
expect_eq "fol: those four and the confirmation, nothing else" 5 "$(mails_to fol@example.org)"
expect_eq "every meeting mail is about OPEN-M" 4 "$(awk -F'\t' '$5 ~ /OPEN-M meeting of the panel/' mails.tsv | wc -l)"
expect_eq "unc, who never confirmed: only the confirmation" 1 "$(mails_to unc@example.org)"

for ev in 'agenda published' 'minutes published' postponed cancelled; do
    f=$(file_of fol@example.org "$ev")
    row=$(awk -F'\t' -v f="$(basename "$f")" '$1 == f' mails.tsv)
    IFS=$'\t' read -r _ _ mid date _ unsub unsub_post parts <<<"$row"
    [[ $mid =~ ^\<follow\.[0-9a-f]{32}@plan\.example\.org\>$ ]] || fail "$ev: Message-ID $mid"
    [ "$date" != - ] || fail "$ev: no Date"
    [[ $unsub =~ ^\<https://plan\.example\.org/unsubscribe\?t=[0-9a-f]{64}\>$ ]] ||
        fail "$ev: List-Unsubscribe $unsub"
    expect_eq "$ev: List-Unsubscribe-Post" List-Unsubscribe=One-Click "$unsub_post"
    expect_eq "$ev: plain text and HTML" text/plain+text/html "$parts"
    expect_grep "$ev: the text links the meeting's page" '^https://plan.example.org/meetings/OPEN-M$' "$f.txt"
    expect_grep "$ev: and the calendar" '^https://plan.example.org/meetings.ics$' "$f.txt"
    expect_grep "$ev: the HTML links the page" 'href="https://plan.example.org/meetings/OPEN-M"' "$f.html"
    expect_grep "$ev: and the calendar" 'href="https://plan.example.org/meetings.ics"' "$f.html"
    grep -qF "Unsubscribe: ${unsub:1:-1}" "$f.txt" || fail "$ev: no unsubscribe link in the footer"
done
f=$(file_of fol@example.org 'agenda published')
expect_grep "the agenda lists the public item" '1\. MARK-PUBLIC-ITEM' "$f.txt"
expect_grep "and the exempt item as exempt, by its paragraph" '2\. An item taken in private \(exempt information, paragraph 3 of Schedule 12A\)' "$f.txt"
f=$(file_of fol@example.org 'minutes published')
expect_grep "the minutes give the public decision" 'MARK-PUBLIC-ITEM: MARK-PUBLIC-DECISION' "$f.txt"
# nothing of the exempt item or the closed meeting, anywhere: the decoded
# parts, the raw messages, and what the outbox holds
if grep -l 'MARK-EXEMPT\|MARK-CLOSED\|MARK-DRAFT' inbox/* >/dev/null 2>&1; then
    grep -l 'MARK-EXEMPT\|MARK-CLOSED\|MARK-DRAFT' inbox/*
    fail "a mail holds something of the exempt item, the closed meeting or a draft agenda"
fi
expect_eq "nor does the outbox" 0 "$(sqlite3 d.db "SELECT count(*) FROM mail_outbox WHERE subject || body_text || body_html GLOB '*MARK-[ECD][XLR]*'")"
expect_eq "the closed and the draft meeting mailed no one" 0 \
    "$(awk -F'\t' '$5 ~ /CLOSED-M|DRAFT-M|Closed meeting/' mails.tsv | wc -l)"
echo "ok: nothing of an exempt item, a closed meeting or a draft agenda was mailed"

# unsubscribed: nothing more
unsub=$(awk -F'\t' '$2 == "fol@example.org" && $5 ~ /cancelled/ {print $6}' mails.tsv)
u=${unsub:1:-1}
expect_eq "fol unsubscribes in one click" 200 \
    "$(curl -sS -o /dev/null -w '%{http_code}' --data List-Unsubscribe=One-Click "$base${u#https://plan.example.org}")"
expect_eq "OPEN-M: rescheduled" 303 "$(details OPEN-M yes scheduled)"
expect_eq "OPEN-M: postponed once more" 303 "$(details OPEN-M yes postponed)"
wait_sent
index
expect_eq "after unsubscribing, fol receives nothing more" 5 "$(mails_to fol@example.org)"

# --- the follow form's limits -----------------------------------------------------------
# fol@ already followed (and has since unsubscribed: following again would mail
# again); res@ follows and confirms, so that asking again mails nothing: the
# limit counts both alike
expect_eq "res follows the reports" 200 "$(follow res@example.org reports 198.51.100.3)"
wait_sent
index
link=$(grep -o 'https://plan.example.org/follow/confirm?t=[0-9a-f]*' "$(file_of res@example.org '^Confirm').txt" | head -n 1)
curl -sS -X POST -o /dev/null "$base${link#https://plan.example.org}"
for i in 2 3 4 5; do
    expect_eq "res follows the reports again ($i)" 200 "$(follow res@example.org reports "198.51.100.1$i")"
    expect_grep "the same answer as for anyone" 'Check your e-mail' follow.html
done
expect_eq "the sixth time in the hour, for that address, from another client: 429" 429 \
    "$(follow RES@example.org reports 198.51.100.20)"
expect_grep "Retry-After, in seconds" '^Retry-After: [0-9]+' follow.hdr
ra=$(grep -i '^Retry-After:' follow.hdr | tr -dc 0-9)
[ "$ra" -gt 3000 ] && [ "$ra" -le 3600 ] || fail "Retry-After: $ra"
expect_grep "the form says why and when" 'Too many requests to follow by e-mail.*try again in [0-9]+ minutes' follow.html
expect_grep "on the address field" 'id="address-error"' follow.html
expect_grep "the form keeps the address typed" 'value="RES@example.org"' follow.html
expect_grep "the limits are on the form" 'at most 5 times an hour and 10 times a day' follow.html
wait_sent
index
expect_eq "res: the one confirmation, nothing for the repeats" 1 "$(mails_to res@example.org)"
expect_eq "another address from that client is still served" 200 \
    "$(follow other@example.org reports 198.51.100.20)"

# per client: 20 an hour from one address, whatever addresses are typed
for i in $(seq 1 20); do
    code=$(follow "c$i@example.org" reports 203.0.113.7)
    [ "$code" = 200 ] || fail "client 203.0.113.7, request $i: $code"
done
echo "ok: 20 requests from one client in the hour are served"
expect_eq "the 21st from that client: 429" 429 "$(follow c21@example.org reports 203.0.113.7)"
expect_grep "with Retry-After" '^Retry-After: [0-9]+' follow.hdr
expect_eq "another client (as the trusted proxy forwards it) is still served" 200 \
    "$(follow c21@example.org reports 203.0.113.8)"
expect_eq "an invalid address is still refused as such" 400 "$(follow 'not an address' reports 203.0.113.9)"

# --- the mail log in the menu -------------------------------------------------------------
for who in admin pmo; do
    sign_in "jar.$who" "$who" "$PW"
    curl -sS -b "jar.$who" -o work.html "$base/work"
    expect_grep "$who: the menu has the mail sent" 'govuk-service-navigation__link" href="/work/mail"' work.html
done
curl -sS -b jar.admin -o mail.html "$base/work/mail"
expect_grep "the mail page marks its menu item" 'href="/work/mail" aria-current="page"' mail.html
sign_in jar.hr hr "$PW"
curl -sS -b jar.hr -o work.html "$base/work"
expect_no_grep "an action owner has no such link" 'href="/work/mail"' work.html
"$DIALTURN" verify d.db >/dev/null || fail "verify fails"
echo "ok: verify passes"
