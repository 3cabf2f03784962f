#!/usr/bin/env bash
# E-mail through a real SMTP relay: Debian's aiosmtpd as a local sink
# (smtp_sink.py), dialturn's sender inside `serve`.  The monthly cycle is
# driven over HTTP as its people drive it, while the relay is down: every
# mail waits in the outbox; once the relay is up each arrives once, with
# its recipient, Date, Message-ID, plain text and HTML, and absolute links.
# The reminder and the chase list fall due by date (`mail send` at a later
# DIALTURN_TODAY).  Anyone may follow an action: nothing but the
# confirmation is sent before they confirm, and one POST with the mail's
# token unsubscribes, signed out.  An address the relay refuses (550) is
# reported failed on /work/mail.  SIGKILL of the server while it sends:
# after a restart every mail has arrived, none under two Message-IDs.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

fail() {
    echo "FAIL: $*"
    exit 1
}
# Debian's python3, which has python3-aiosmtpd, before any other on the PATH
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
"$PY" -c 'import aiosmtpd' 2>/dev/null || fail "python3-aiosmtpd is not installed (make deps-test)"

cat >plan.json <<'JSON'
{"format": "dialturn-plan/1",
 "organisation": {"name": "Tëst Council", "slug": "test", "timezone": "Europe/London",
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
JSON
"$DIALTURN" import t.db plan.json >/dev/null
PW='a long enough password'
add() { echo "$PW" | "$DIALTURN" user add t.db "$@" >/dev/null; }
add pmo --name 'Pat Office' --role pmo --person perf
add olive --name 'Olive Owner' --role owner --person o1
add bob --name 'Bob Builder' --role owner --person o2
add ceo --name 'Carol Chief' --role executive --person ceo
add chair --name 'Penny Panel' --role panel --person chair
add vic --name 'Vic Viewer' --role viewer
for who in pmo olive bob ceo chair; do "$DIALTURN" mail address t.db "$who" "$who@example.org"; done
# the relay refuses this one with 550
"$DIALTURN" mail address t.db vic nobody@example.org
expect_fail "an invalid address is refused" 'address' "$DIALTURN" mail address t.db vic 'not an address'
SMTP=$(free_port)
"$DIALTURN" mail config t.db --relay "smtp://127.0.0.1:$SMTP" --base-url https://plan.example.org \
    --from plan@example.org >/dev/null
expect_fail "a relay that is not smtp:// is refused" 'relay' "$DIALTURN" mail config t.db --relay http://x

# --- the sink ---------------------------------------------------------------------------
sink_pid=
start_sink() { # [SINK_DELAY]
    SINK_DELAY=${1:-0} "$PY" "$ROOT/tests/e2e/smtp_sink.py" "$SMTP" inbox nobody@example.org \
        >sink.log 2>&1 &
    sink_pid=$!
    for _ in $(seq 1 50); do
        grep -q listening sink.log 2>/dev/null && return 0
        sleep 0.1
    done
    cat sink.log
    fail "the SMTP sink did not start"
}
stop_sink() {
    [ -n "$sink_pid" ] || return 0
    kill -TERM "$sink_pid" 2>/dev/null || true
    wait "$sink_pid" 2>/dev/null || true
    sink_pid=
}
at_exit stop_sink
queued() { sqlite3 t.db "SELECT count(*) FROM mail_outbox WHERE status IN ('queued', 'sending')"; }
# wait_sent SECONDS: until nothing is left to send
wait_sent() {
    for _ in $(seq 1 $(($1 * 5))); do
        [ "$(queued)" = 0 ] && return 0
        sleep 0.2
    done
    sqlite3 t.db "SELECT id, recipient, status, attempts, next_at - strftime('%s', 'now'), last_error FROM mail_outbox WHERE status <> 'sent'"
    fail "mail still waiting after $1 s"
}
index() { "$PY" "$ROOT/tests/e2e/mail_index.py" inbox >mails.tsv; }
# mails_to ADDR [SUBJECT-PATTERN]: how many messages arrived for ADDR (matching)
mails_to() { awk -F'\t' -v r="$1" -v s="${2:-}" '$2 == r && $5 ~ s' mails.tsv | wc -l; }
# file_of ADDR SUBJECT-PATTERN: the file of the first such message
file_of() { awk -F'\t' -v r="$1" -v s="$2" '$2 == r && $5 ~ s {print "inbox/" $1; exit}' mails.tsv; }

# --- the relay is down: the cycle goes on, its mail waits -----------------------------
export DIALTURN_TODAY=2015-05-01
start_server t.db --mail-retry 1
for who in pmo olive bob ceo; do sign_in "jar.$who" "$who" "$PW"; done
declare -A CSRF
for who in pmo olive bob ceo; do CSRF[$who]=$(page_csrf "jar.$who" /work); done
post() { # WHO PATH ARGS... -> "code location"
    local who=$1 path=$2
    shift 2
    local args=()
    for a in "$@"; do args+=(--data-urlencode "$a"); done
    curl -sS -b "jar.$who" -o body.html -w '%{http_code} %{redirect_url}' \
        --data-urlencode "csrf=${CSRF[$who]}" "${args[@]}" "$base$path"
}
expect_post() { # WHAT CODE WHO PATH ARGS...
    local what=$1 want=$2 got
    shift 2
    got=$(post "$@")
    [ "${got%% *}" = "$want" ] || { head -c 1500 body.html; fail "$what: expected $want, got $got"; }
    echo "ok: $what"
}

# A resident follows A1 and another the reports, from the public forms.
code=$(curl -sS -c jar.res -b jar.res -o follow.html -w '%{http_code}' "$base/follow?topic=action:A1")
expect_eq "the follow form of A1" 200 "$code"
expect_grep "it names the action" 'Adopt the constitution' follow.html
curl -sS -o act.html "$base/actions/A1"
expect_grep "the action page links to it" 'href="/follow\?topic=action:A1"' act.html
code=$(curl -sS -o /dev/null -w '%{http_code}' "$base/follow?topic=action:NOPE")
expect_eq "no form for an action that does not exist" 404 "$code"
rcsrf=$(form_csrf follow.html)
code=$(curl -sS -b jar.res -o /dev/null -w '%{http_code}' --data topic=action:A1 \
    --data address=res@example.org "$base/follow")
expect_eq "following without the form's token is refused" 403 "$code"
code=$(curl -sS -b jar.res -o body.html -w '%{http_code}' --data topic=action:A1 \
    --data "csrf=$rcsrf" --data-urlencode 'address=not an address' "$base/follow")
expect_eq "an invalid address is refused" 400 "$code"
code=$(curl -sS -b jar.res -o body.html -w '%{http_code}' --data topic=action:A1 \
    --data "csrf=$rcsrf" --data address=res@example.org "$base/follow")
expect_eq "res follows A1" 200 "$code"
expect_grep "res is told to confirm" 'Check your e-mail' body.html
curl -sS -c jar.res2 -b jar.res2 -o follow.html "$base/follow"
code=$(curl -sS -b jar.res2 -o body.html -w '%{http_code}' --data topic=reports \
    --data "csrf=$(form_csrf follow.html)" --data address=res2@example.org "$base/follow")
expect_eq "res2 follows the reports" 200 "$code"

expect_post "pmo opens April" 303 pmo /work/periods month=2015-04
# four days before the deadline (10 May by default): the reminder
DIALTURN_TODAY=2015-05-08 "$DIALTURN" mail send t.db --mail-retry 1 >/dev/null
expect_post "olive submits A1" 303 olive /work/updates/A1 status=in_progress percent=30 \
    confidence=high "narrative=April's work" intent=submit
expect_post "bob submits A2" 303 bob /work/updates/A2 status=in_progress percent=5 \
    confidence=medium "narrative=Scaffolding" intent=submit
# past the deadline: the chase list (A3 is not in)
DIALTURN_TODAY=2015-05-11 "$DIALTURN" mail send t.db --mail-retry 1 >/dev/null
DIALTURN_TODAY=2015-05-12 "$DIALTURN" mail send t.db --mail-retry 1 >/dev/null # once only
expect_eq "pmo: the review queue" 200 "$(curl -sS -b jar.pmo -o page.html -w '%{http_code}' "$base/work/review")"
ids=$(grep -o 'href="/work/review/[0-9]*"' page.html | grep -o '[0-9]*')
U1=$(sed -n 1p <<<"$ids") U2=$(sed -n 2p <<<"$ids")
expect_post "pmo returns bob's update" 303 pmo "/work/review/$U2" decision=return \
    "comment=Which scaffolding firm? Ünïcode too"
expect_post "bob resubmits" 303 bob /work/updates/A2 status=in_progress percent=5 \
    confidence=medium "narrative=Scaffolding by Acme" intent=submit
expect_post "pmo accepts olive's" 303 pmo "/work/review/$U1" decision=accept comment=
expect_post "pmo accepts bob's" 303 pmo "/work/review/$U2" decision=accept comment=Thanks
expect_post "olive proposes closing A3" 303 olive /work/actions/A3/closure \
    "evidence=Published" completed_on=2015-04-20
"$DIALTURN" version t.db new "Year two" >/dev/null
V=$("$DIALTURN" version t.db list | awk '$2 == "draft" {print $1}')
"$DIALTURN" version t.db submit "$V" >/dev/null
"$DIALTURN" version t.db approve "$V" --on 2015-05-01 --ref CAB-1 >/dev/null

[ "$(ls inbox 2>/dev/null | wc -l)" = 0 ] || fail "mail arrived with the relay down"
n=$(queued)
[ "$n" -ge 10 ] || fail "expected the cycle's mail queued, found $n"
echo "ok: the relay is down: $n mails wait in the outbox"
expect_eq "pmo: the mail page" 200 "$(curl -sS -b jar.pmo -o page.html -w '%{http_code}' "$base/work/mail")"
expect_grep "it counts what waits" "0 sent, $n waiting" page.html
expect_grep "it shows why" "Failed to connect" page.html
expect_eq "an owner cannot read it" 403 "$(curl -sS -b jar.olive -o /dev/null -w '%{http_code}' "$base/work/mail")"
expect_eq "nor can anyone signed out" 303 "$(curl -sS -o /dev/null -w '%{http_code}' "$base/work/mail")"

# --- the relay comes up: everything arrives, once ----------------------------------------
start_sink
wait_sent 40
index
total=$(wc -l <mails.tsv)
expect_eq "every mail queued arrived once (no Message-ID twice)" "$total" \
    "$(cut -f3 mails.tsv | sort -u | wc -l)"
expect_eq "as many as were queued" "$n" "$total"
expect_eq "olive: updates due" 1 "$(mails_to olive@example.org '^Updates due: April 2015')"
expect_eq "bob: updates due" 1 "$(mails_to bob@example.org '^Updates due: April 2015')"
expect_eq "nobody else: updates due" 2 "$(awk -F'\t' '$5 ~ /^Updates due/' mails.tsv | wc -l)"
f=$(file_of olive@example.org '^Updates due')
expect_grep "the mail lists olive's actions" 'A3: Publish the register' "$f.txt"
expect_grep "with the deadline" '2015-05-10' "$f.txt"
expect_grep "and an absolute link" 'https://plan.example.org/work' "$f.txt"
expect_grep "the HTML part links too" 'href="https://plan.example.org/work"' "$f.html"
expect_eq "olive: the reminder" 1 "$(mails_to olive@example.org '^Reminder')"
expect_eq "bob: the reminder" 1 "$(mails_to bob@example.org '^Reminder')"
expect_eq "pmo: the chase list, once" 1 "$(mails_to pmo@example.org '^Chase list')"
f=$(file_of pmo@example.org '^Chase list')
expect_grep "the chase list names A3" 'Olive Owner — A3: Publish the register' "$f.txt"
expect_no_grep "but not A1, submitted" 'A1:' "$f.txt"
expect_eq "bob: returned" 1 "$(mails_to bob@example.org 'A2 returned$')"
f=$(file_of bob@example.org 'A2 returned$')
expect_grep "with the comment" 'Which scaffolding firm\? Ünïcode too' "$f.txt"
expect_grep "and the link to resubmit" 'https://plan.example.org/work/updates/A2' "$f.txt"
expect_eq "olive: accepted" 1 "$(mails_to olive@example.org 'A1 accepted$')"
expect_eq "bob: accepted" 1 "$(mails_to bob@example.org 'A2 accepted$')"
expect_eq "pmo: the closure to decide" 1 "$(mails_to pmo@example.org '^Closure of A3')"
expect_eq "chair, A3's panel lead: the closure" 1 "$(mails_to chair@example.org '^Closure of A3')"
expect_eq "ceo: the version to approve" 1 "$(mails_to ceo@example.org 'awaits your approval$')"
expect_eq "chair: the version to sign off" 1 "$(mails_to chair@example.org 'awaits your sign-off$')"
expect_eq "res: only the confirmation" 1 "$(mails_to res@example.org)"
expect_eq "res2: only the confirmation" 1 "$(mails_to res2@example.org)"
awk -F'\t' '$4 == "-" || $3 !~ /^<.*@plan\.example\.org>$/ {print; bad=1} END {exit bad}' mails.tsv ||
    fail "a mail without Date or a Message-ID on the site's host"
echo "ok: every mail has a Date and a Message-ID"
awk -F'\t' '$8 != "text/plain+text/html" {print; bad=1} END {exit bad}' mails.tsv ||
    fail "a mail that is not plain text and HTML"
echo "ok: every mail is plain text and HTML"

# --- double opt-in, then the month is signed off ------------------------------------------
f=$(file_of res@example.org '^Confirm')
link=$(grep -o 'https://plan.example.org/follow/confirm?t=[0-9a-f]*' "$f.txt" | head -n 1)
[ -n "$link" ] || fail "no confirmation link"
local_link=$base${link#https://plan.example.org}
expect_eq "the confirmation link shows a button" 200 "$(curl -sS -o page.html -w '%{http_code}' "$local_link")"
expect_grep "a button, not an action on GET" 'method="post" action="/follow/confirm\?t=' page.html
expect_eq "res confirms, signed out" 200 "$(curl -sS -X POST -o page.html -w '%{http_code}' "$local_link")"
expect_grep "confirmed" 'Subscription confirmed' page.html
expect_eq "a made-up token is refused" 404 \
    "$(curl -sS -X POST -o /dev/null -w '%{http_code}' "$base/follow/confirm?t=$(printf '%064d' 0)")"

expect_post "pmo closes April" 303 pmo /work/periods/2015-04/close confirm=yes
expect_post "ceo signs April off" 303 ceo /work/periods/2015-04/sign-off confirm=yes
wait_sent 20
index
for who in pmo olive bob ceo chair; do
    expect_eq "$who: April signed off" 1 "$(mails_to "$who@example.org" '^April 2015 signed off')"
done
expect_eq "res: what was published about A1" 1 "$(mails_to res@example.org 'progress on action:A1')"
f=$(file_of res@example.org 'progress on action:A1')
expect_grep "A1's accepted update" 'A1: Adopt the constitution \(in progress, 30% complete, confidence high\)' "$f.txt"
expect_no_grep "nothing of other actions" 'A2|A3' "$f.txt"
unsub=$(awk -F'\t' -v f="$(basename "$f")" '$1 == f {print $6}' mails.tsv)
post_hdr=$(awk -F'\t' -v f="$(basename "$f")" '$1 == f {print $7}' mails.tsv)
[[ $unsub =~ ^\<https://plan\.example\.org/unsubscribe\?t=[0-9a-f]{64}\>$ ]] ||
    fail "List-Unsubscribe: $unsub"
echo "ok: List-Unsubscribe carries the one-click link"
expect_eq "List-Unsubscribe-Post" "List-Unsubscribe=One-Click" "$post_hdr"
grep -l '^Subject: =?UTF-8?B?' inbox/*.eml >/dev/null || fail "no encoded subject"
awk -F'\t' '$5 ~ /Tëst Council/ {f=1} END {exit !f}' mails.tsv ||
    fail "the encoded subject does not decode to the organisation's name"
echo "ok: a subject that is not ASCII is encoded (RFC 2047) and decodes"
expect_eq "res2, who never confirmed: still only the confirmation" 1 "$(mails_to res2@example.org)"
failed=$(sqlite3 t.db "SELECT count(*) FROM mail_outbox WHERE recipient = 'nobody@example.org' AND status = 'failed'")
expect_eq "the refused address failed at once" 1 "$failed"
expect_eq "pmo: the mail page" 200 "$(curl -sS -b jar.pmo -o page.html -w '%{http_code}' "$base/work/mail")"
expect_grep "it reports the refused address" 'nobody@example.org</td><td class="govuk-table__cell">April 2015 signed off</td><td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--red">failed' page.html
expect_grep "with the relay's answer" 'relay answered 550' page.html

# one-click unsubscribe (RFC 8058): a POST of the mail's link, no cookie, no CSRF
u=${unsub#<}
u=$base${u%>}
u=${u/https:\/\/plan.example.org/}
expect_eq "the unsubscribe link shows a button" 200 "$(curl -sS -o page.html -w '%{http_code}' "$u")"
expect_grep "a button" 'method="post" action="/unsubscribe\?t=' page.html
expect_eq "one-click unsubscribe, signed out" 200 \
    "$(curl -sS -o page.html -w '%{http_code}' --data 'List-Unsubscribe=One-Click' "$u")"
expect_grep "unsubscribed" 'You are unsubscribed' page.html
expect_eq "the subscription has ended" 1 \
    "$(sqlite3 t.db "SELECT count(*) FROM mail_subscription WHERE address = 'res@example.org' AND unsubscribed_at IS NOT NULL")"

# --- my mail: an owner turns the accepted mail off --------------------------------------
expect_eq "olive: my e-mail" 200 "$(curl -sS -b jar.olive -o page.html -w '%{http_code}' "$base/work/account/mail")"
expect_grep "her address" 'value="olive@example.org"' page.html
expect_post "a bad address is refused" 400 olive /work/account/mail address=olive kind=due
expect_post "olive keeps only the mails of updates due" 303 olive /work/account/mail \
    address=olive@example.org kind=due
expect_eq "the choice holds" 1 "$(sqlite3 t.db "SELECT muted = 254 FROM mail_address a JOIN account c ON c.id = a.account_id WHERE c.username = 'olive'")"
code=$(curl -sS -b jar.olive -o /dev/null -w '%{http_code}' --data address=x@example.org "$base/work/account/mail")
expect_eq "the form without its token is refused" 403 "$code"

# --- SIGKILL while sending: nothing lost, nothing under two Message-IDs -----------------------
stop_sink
expect_post "pmo opens May" 303 pmo /work/periods month=2015-05
expect_post "olive proposes closing A1" 303 olive /work/actions/A1/closure \
    "evidence=Adopted" completed_on=2015-05-01
sleep 1
start_sink 0.7
before=$(ls inbox/*.eml | wc -l)
for _ in $(seq 1 100); do
    [ "$(ls inbox/*.eml | wc -l)" -gt "$before" ] && break
    sleep 0.1
done
kill -KILL "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pids=()
echo "ok: the server was killed while sending"
start_server --append --log serve2 t.db --mail-retry 1
wait_sent 30
sleep 1.5 # a message in flight at the kill has had time to land
index
expect_eq "after the restart: no Message-ID lost" "$(sqlite3 t.db "SELECT count(*) FROM mail_outbox WHERE status = 'sent'")" \
    "$(cut -f3 mails.tsv | sort -u | wc -l)"
expect_eq "and each mail of May under one Message-ID" 2 \
    "$(awk -F'\t' '$5 ~ /^Updates due: May 2015/' mails.tsv | cut -f3 | sort -u | wc -l)"
dups=$(cut -f3 mails.tsv | sort | uniq -d | wc -l)
[ "$dups" -le 1 ] || fail "$dups messages arrived twice"
echo "ok: at most the one message in flight at the kill arrived again, as the same message ($dups)"
"$DIALTURN" verify t.db >/dev/null || fail "verify fails after all this"
echo "ok: verify passes"
