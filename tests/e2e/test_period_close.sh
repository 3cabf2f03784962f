#!/usr/bin/env bash
# Closing a month, reopening it, and signing it off, as the programme office
# and the executive meet them (issue 11, points 14 and 17): closing asks
# first, on a page listing what is still outstanding by kind (awaiting
# review, drafts, returned, no update) with links; a closed, unsigned month
# reopens for the programme office with a reason that is ledgered and shown;
# a signed-off month never reopens.  The sign-off form is not offered while
# sign-off would be refused (it says why), lists the actions that did not
# report with their owners, and counts "1 accepted update becomes public".
# Denials: an owner and the executive cannot see the close page or reopen;
# a close without the confirmation is refused.
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
  {"ref": "perf", "name": "Pat Office", "role": "Head of Performance", "kind": "officer"}],
 "themes": [{"ref": "T1", "title": "Governance", "lead": "ceo"}],
 "actions": [
  {"ref": "A1", "theme": "T1", "title": "Adopt the constitution", "owner": "o1",
   "start": "2015-03-01", "finish": "2015-09-30", "status": "in_progress"},
  {"ref": "A2", "theme": "T1", "title": "Repair the town hall", "owner": "o2",
   "start": "2015-03-01", "finish": "2015-12-31", "status": "not_started"},
  {"ref": "A3", "theme": "T1", "title": "Publish the register", "owner": "o1",
   "start": "2015-03-01", "finish": "2015-06-30", "status": "in_progress"},
  {"ref": "A4", "theme": "T1", "title": "Sell the depot", "owner": "o2",
   "start": "2015-03-01", "finish": "2015-12-31", "status": "not_started"}],
 "periods": [{"month": "2015-03", "status": "signed_off", "signed_off_on": "2015-04-10",
              "signed_off_by": "ceo"}]}
EOF
"$DIALTURN" import t.db plan.json >/dev/null
PW='a long enough password'
add() { echo "$PW" | "$DIALTURN" user add t.db "$@" >/dev/null; }
add pmo --name 'Pat Office' --role pmo --person perf
add olive --name 'Olive Owner' --role owner --person o1
add bob --name 'Bob Builder' --role owner --person o2
add ceo --name 'Carol Chief' --role executive --person ceo
export DIALTURN_TODAY=2015-05-08
start_server t.db

declare -A CSRF
for who in pmo olive bob ceo; do
    sign_in "jar.$who" "$who" "$PW"
    CSRF[$who]=$(page_csrf "jar.$who" /work)
done

post() { # WHO PATH [name=value...] -> "code location", body in body.html
    local who=$1 path=$2
    shift 2
    local args=()
    for a in "$@"; do args+=(--data-urlencode "$a"); done
    curl -sS -b "jar.$who" -o body.html -w '%{http_code} %{redirect_url}' \
        --data-urlencode "csrf=${CSRF[$who]}" "${args[@]}" "$base$path"
}
get() { curl -sS -b "jar.$1" -o page.html -w '%{http_code}' "$base$2"; }
expect_post() { # WHAT CODE WHO PATH ARGS...
    local what=$1 want=$2 got
    shift 2
    got=$(post "$@")
    [ "${got%% *}" = "$want" ] || { head -c 1500 body.html; fail "$what: expected $want, got $got"; }
    echo "ok: $what"
}
update() { # WHO REF INTENT
    expect_post "$1 ${3}s $2" 303 "$1" "/work/updates/$2" status=in_progress percent=20 \
        confidence=medium "narrative=Progress on $2" "intent=$3"
}

# --- April: one of each kind outstanding ----------------------------------------------
expect_post "pmo opens April" 303 pmo /work/periods month=2015-04
update olive A1 save   # a draft
update bob A2 submit   # awaiting review
update olive A3 submit # to be returned
expect_eq "pmo: the queue" 200 "$(get pmo /work/review)"
U3=$(grep -o 'href="/work/review/[0-9]*"><strong>A3<' page.html | grep -o '[0-9]\+' | head -n 1)
expect_post "pmo returns A3" 303 pmo "/work/review/$U3" decision=return "comment=Add the link"

# --- closing asks first ------------------------------------------------------------------
expect_eq "pmo: the periods page" 200 "$(get pmo /work/periods)"
expect_grep "closing is a link to the confirmation" 'href="/work/periods/2015-04/close">Close April 2015' page.html
expect_no_grep "no one-click close form on the periods page" 'form method="post" action="/work/periods/2015-04/close"' page.html
expect_eq "pmo: the close confirmation" 200 "$(get pmo /work/periods/2015-04/close)"
expect_grep "it asks" 'Close April 2015 for updates\?</h1>' page.html
expect_grep "it counts what is outstanding" '4 things are still outstanding' page.html
expect_grep "awaiting review, with a link to the queue" '1 submitted update awaits review</h3>' page.html
expect_grep "the queue is linked" 'href="/work/review">Review it</a>' page.html
expect_grep "drafts, by count" '1 update is a draft its owner never submitted</h3>' page.html
expect_grep "the draft's action with its owner" 'href="/actions/A1">A1 Adopt the constitution</a> &mdash; Olive Owner, Director of Policy' page.html
expect_grep "returned, by count" '1 update was returned and not resubmitted</h3>' page.html
expect_grep "the returned action" 'href="/actions/A3">A3 Publish the register</a>' page.html
expect_grep "no update at all" '1 action has no update at all</h3>' page.html
expect_grep "the missing action with its owner" 'href="/actions/A4">A4 Sell the depot</a> &mdash; Bob Builder, Head of Works' page.html
expect_grep "the chase list is linked" 'href="/work/chase">Chase their owners' page.html
expect_eq "an owner cannot see the close page" 403 "$(get olive /work/periods/2015-04/close)"
expect_eq "the executive cannot see the close page" 403 "$(get ceo /work/periods/2015-04/close)"
expect_eq "no such month: 404" 404 "$(get pmo /work/periods/2015-07/close)"
expect_post "a close without the confirmation is refused" 400 pmo /work/periods/2015-04/close
expect_grep "the refusal shows the outstanding list again" '1 action has no update at all' body.html
expect_post "an owner cannot close" 403 olive /work/periods/2015-04/close confirm=yes
expect_post "pmo closes April" 303 pmo /work/periods/2015-04/close confirm=yes

# --- the sign-off form says why it cannot succeed ------------------------------------------
expect_eq "ceo: periods" 200 "$(get ceo /work/periods)"
expect_grep "sign-off says why not" 'cannot be signed off yet: 1 update still awaits review' page.html
expect_no_grep "and offers no sign-off button" 'action="/work/periods/2015-04/sign-off"' page.html
expect_post "sign-off is refused all the same" 409 ceo /work/periods/2015-04/sign-off confirm=yes
expect_eq "pmo: the queue" 200 "$(get pmo /work/review)"
U2=$(grep -o 'href="/work/review/[0-9]*"><strong>A2<' page.html | grep -o '[0-9]\+' | head -n 1)
expect_post "pmo accepts A2" 303 pmo "/work/review/$U2" decision=accept comment=
expect_eq "ceo: periods" 200 "$(get ceo /work/periods)"
expect_grep "now the sign-off is offered" 'action="/work/periods/2015-04/sign-off"' page.html
expect_grep "one accepted update, in good grammar" 'its 1 accepted update becomes public,' page.html
expect_grep "the actions that did not report are counted" '3 actions did not report for this month' page.html
expect_grep "each with its owner" 'A4 Sell the depot</a> &mdash; Bob Builder, Head of Works' page.html
expect_grep "drafts among them" '1 update is a draft its owner never submitted' page.html
expect_no_grep "the executive is not offered a reopen" 'action="/work/periods/2015-04/reopen"' page.html

# --- reopening a closed, unsigned month ------------------------------------------------------
expect_post "an owner cannot reopen" 403 olive /work/periods/2015-04/reopen "reason=Let me in"
expect_post "the executive cannot reopen" 403 ceo /work/periods/2015-04/reopen "reason=Why not"
expect_eq "pmo: periods" 200 "$(get pmo /work/periods)"
expect_grep "pmo is offered a reopen with a reason" 'action="/work/periods/2015-04/reopen"' page.html
expect_post "a reopen needs a reason" 400 pmo /work/periods/2015-04/reopen "reason=  "
expect_grep "the error links to the reason" 'href="#reason-2015-04"' body.html
expect_grep "and says why" 'Say why April 2015 reopens' body.html
expect_post "pmo reopens April" 303 pmo /work/periods/2015-04/reopen \
    "reason=Olive was on leave when it closed"
expect_eq "pmo: periods" 200 "$(get pmo '/work/periods?done=reopened')"
expect_grep "the banner says so" 'The month was reopened for updates' page.html
expect_grep "April is open again" 'April 2015</th><td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--blue">Open' page.html
expect_grep "the reason is shown, with who" 'by Pat Office: &ldquo;Olive was on leave when it closed&rdquo;' page.html
expect_eq "olive: A1 is editable again" 200 "$(get olive /work/updates/A1)"
expect_no_grep "no 'no month is open'" 'No month is open for updates' page.html
update olive A1 submit
expect_post "reopening an open month is refused" 409 pmo /work/periods/2015-04/reopen "reason=Again"
reason=$(sqlite3 t.db "SELECT reason FROM period_reopening")
expect_eq "the reopening is a stored record" "Olive was on leave when it closed" "$reason"
"$DIALTURN" verify t.db >verify.out || fail "verify after the reopening: $(cat verify.out)"
echo "ok: the ledger verifies with the reopening in it"

# --- a signed-off month never reopens ---------------------------------------------------------
expect_post "pmo closes April again" 303 pmo /work/periods/2015-04/close confirm=yes
expect_eq "pmo: the queue" 200 "$(get pmo /work/review)"
for id in $(grep -o 'href="/work/review/[0-9]*"' page.html | grep -o '[0-9]\+' | sort -u); do
    expect_post "pmo accepts update $id" 303 pmo "/work/review/$id" decision=accept comment=
done
expect_eq "ceo: periods" 200 "$(get ceo /work/periods)"
expect_grep "two accepted updates, plural" 'its 2 accepted updates become public,' page.html
expect_post "ceo signs April off" 303 ceo /work/periods/2015-04/sign-off confirm=yes
expect_post "a signed-off month never reopens" 409 pmo /work/periods/2015-04/reopen \
    "reason=Too late"
expect_grep "the refusal says why" 'a signed-off month is the public record and never reopens' body.html
expect_eq "pmo: periods" 200 "$(get pmo /work/periods)"
expect_no_grep "no reopen form for a signed-off month" 'action="/work/periods/2015-04/reopen"' page.html
expect_eq "the close page of a signed-off month offers nothing" 200 "$(get pmo /work/periods/2015-04/close)"
expect_no_grep "no close button there" 'action="/work/periods/2015-04/close"' page.html
expect_post "closing a signed-off month is refused" 409 pmo /work/periods/2015-04/close confirm=yes
n=$(sqlite3 t.db "SELECT count(*) FROM period_reopening")
expect_eq "the refused reopenings left no record" 1 "$n"
echo "PASS"
