#!/usr/bin/env bash
# The plan version's steps as the executive, the panel's chair and the
# programme office meet them on the demo (issue 11, points 16, 17 and 18):
# the live plan's version counts the live plan's items; a draft names people
# with their roles, not refs; the add-action form shows every refusal at
# once; the executive returns a submitted version with a reason its author
# sees, and corrects a mis-entered approval date as a new dated record beside
# the original (never an overwrite; not in the future, not after the panel's
# sign-off), which the panel's sign-off then respects; the executive's and the
# chair's workspace homes say which version awaits them.  Denials: only the
# executive returns a version or corrects its approval date.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

fail() {
    echo "FAIL: $*"
    exit 1
}

export DIALTURN_TODAY=2016-04-20
"$DIALTURN" demo --db demo.db --create-only >/dev/null
start_server demo.db
PW=dialturn-demo
declare -A CSRF
for who in pmo ceo chair hr; do
    sign_in "jar.$who" "$who" "$PW"
    CSRF[$who]=$(page_csrf "jar.$who" /work/versions)
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
    [ "${got%% *}" = "$want" ] || {
        sed -n '/<main/,/<\/main>/p' body.html | sed 's/<[^>]*>//g' | grep -v '^\s*$' | head -30
        fail "$what: expected $want, got $got"
    }
    echo "ok: $what"
}

# --- the list counts the live plan ------------------------------------------------------------
expect_eq "pmo: the versions" 200 "$(get pmo /work/versions)"
live=$(sqlite3 demo.db "SELECT (SELECT count(*) FROM theme) + (SELECT count(*) FROM action) +
    (SELECT count(*) FROM milestone) + (SELECT count(*) FROM measure)")
[ "$live" -gt 0 ] || fail "the demo has no live items"
expect_grep "the live version counts the live plan's $live items" "govuk-table__cell--numeric\">$live<" page.html
expect_eq "the live version's page" 200 "$(get pmo /work/versions/1)"
expect_grep "its page says the items are the live plan's" "$live in the live plan" page.html

# --- a draft names people ----------------------------------------------------------------------
expect_post "pmo starts a draft" 303 pmo /work/versions "title=Year Two"
expect_eq "the draft's page" 200 "$(get pmo /work/versions/2)"
expect_no_grep "no raw refs for leads" 'Lead: [a-z-]+<' page.html
expect_grep "a theme's lead by name and role" 'Lead: Chief Executive .*\(Chief Executive; senior' page.html
expect_grep "an action's owner by name and role" 'Owner: Director of Children&#39;s Services<br>' page.html

# --- every refusal of the add-action form at once ------------------------------------------------
expect_post "an action with five faults is refused" 400 pmo /work/plan/actions/new ref=A1 title= \
    theme=T99 owner=nobody member= panel_lead= start=2016-06-01 finish=2016-05-01 depends_on=A999 \
    description= closure_criteria=
for want in 'href="#ref">Reference: draft version 2 already has action A1' \
    'href="#title">Enter a title' \
    'href="#theme">Theme: no theme with ref' \
    'href="#owner">Owner: no person with ref' \
    'href="#finish">Planned finish: 2016-05-01 is before start 2016-06-01' \
    'href="#depends_on">Depends on: no action with ref'; do
    expect_grep "the summary has: ${want#*>}" "$want" body.html
done

# --- return to draft ---------------------------------------------------------------------------
expect_post "pmo submits version 2" 303 pmo /work/versions/2/submit
expect_eq "ceo: the workspace" 200 "$(get ceo /work)"
expect_grep "the executive's home names the version awaiting approval" 'A plan version awaits cabinet&#39;s approval|A plan version awaits cabinet.s approval' page.html
expect_grep "with a link to it" 'href="/work/versions/2">Approve or return version 2' page.html
expect_eq "ceo: version 2" 200 "$(get ceo /work/versions/2)"
expect_grep "the executive is offered the return" 'action="/work/versions/2/return"' page.html
expect_eq "pmo: version 2" 200 "$(get pmo /work/versions/2)"
expect_no_grep "the programme office is not" 'action="/work/versions/2/return"' page.html
expect_post "the programme office cannot return a version" 403 pmo /work/versions/2/return "reason=No"
expect_post "the chair cannot return a version" 403 chair /work/versions/2/return "reason=No"
expect_post "an owner cannot return a version" 403 hr /work/versions/2/return "reason=No"
expect_post "a return needs a reason" 400 ceo /work/versions/2/return "reason= "
expect_grep "the error links to the reason" 'href="#reason">Reason: say why|href="#reason">Say why' body.html
expect_post "the executive returns version 2" 303 ceo /work/versions/2/return \
    "reason=Cabinet asks for a finance milestone"
expect_eq "pmo: version 2 again" 200 "$(get pmo /work/versions/2)"
expect_grep "it is a draft again" 'govuk-tag--grey">Draft' page.html
expect_grep "its author sees who returned it" 'Returned to draft by Chief Executive on' page.html
expect_grep "and why" 'Cabinet asks for a finance milestone' page.html
expect_grep "and can submit it again" 'action="/work/versions/2/submit"' page.html
expect_post "returning a draft is refused" 400 ceo /work/versions/2/return "reason=Again"

# --- approval, and the chair's home ---------------------------------------------------------------
expect_post "pmo submits version 2 again" 303 pmo /work/versions/2/submit
expect_post "ceo records approval on 10 April" 303 ceo /work/versions/2/approve \
    approved_on=2016-04-10 "approval_ref=Cabinet minute 7/2016"
expect_eq "chair: the workspace" 200 "$(get chair /work)"
expect_grep "the chair's home names the version awaiting the panel" 'A plan version awaits the panel&#39;s sign-off|A plan version awaits the panel.s sign-off' page.html
expect_grep "with its approval date and a link" 'href="/work/versions/2">Sign off version 2' page.html
expect_eq "pmo: the workspace" 200 "$(get pmo /work)"
expect_no_grep "the programme office's home does not" 'awaits the panel' page.html

# --- correcting the approval date -------------------------------------------------------------------
expect_eq "ceo: version 2" 200 "$(get ceo /work/versions/2)"
expect_grep "the correction form is offered" 'action="/work/versions/2/approval-date"' page.html
expect_post "the programme office cannot correct it" 403 pmo /work/versions/2/approval-date \
    corrected_on=2016-04-08 "reason=x"
expect_post "the chair cannot correct it" 403 chair /work/versions/2/approval-date \
    corrected_on=2016-04-08 "reason=x"
expect_post "a date in the future is refused" 400 ceo /work/versions/2/approval-date \
    corrected_on=2016-05-01 "reason=Typo"
expect_grep "named at the date" 'href="#corrected_on">.*cannot be in the future' body.html
expect_post "a malformed date is refused" 400 ceo /work/versions/2/approval-date \
    corrected_on=8/4/2016 "reason=Typo"
expect_post "a correction needs a reason" 400 ceo /work/versions/2/approval-date \
    corrected_on=2016-04-08 reason=
expect_grep "named at the reason" 'href="#reason">' body.html
expect_post "the same date is refused" 400 ceo /work/versions/2/approval-date \
    corrected_on=2016-04-10 "reason=Same"
expect_post "the executive corrects it to 8 April" 303 ceo /work/versions/2/approval-date \
    corrected_on=2016-04-08 "reason=The minute is dated 8 April"
expect_eq "ceo: version 2" 200 "$(get ceo '/work/versions/2?done=approval_corrected')"
expect_grep "the banner says so" 'The approval date of version 2 corrected' page.html
expect_grep "the date first entered stays" '10 Apr 2016</time> \(Cabinet minute 7/2016\)' page.html
expect_grep "the correction is beside it" 'by Chief Executive: the date was <time datetime="2016-04-10">10 Apr 2016</time>, now <strong><time datetime="2016-04-08">' page.html
expect_grep "with its reason" 'The minute is dated 8 April' page.html
expect_eq "never an overwrite" 2016-04-10 \
    "$(sqlite3 demo.db "SELECT approved_on FROM plan_version WHERE number = 2")"

# the panel signs off on 9 April: after the corrected date, before the one first entered
expect_post "the chair signs off on 9 April" 303 chair /work/versions/2/sign-off signed_off_on=2016-04-09
expect_post "a correction after the sign-off is refused" 400 ceo /work/versions/2/approval-date \
    corrected_on=2016-04-15 "reason=Later"
expect_grep "the refusal says why" 'after the panel&#39;s sign-off on 2016-04-09' body.html
n=$(sqlite3 demo.db "SELECT count(*) FROM version_event")
expect_eq "two records: the return and the correction" 2 "$n"
"$DIALTURN" verify demo.db >verify.out || fail "verify: $(cat verify.out)"
echo "ok: the ledger verifies with both in it"
echo PASS
