#!/usr/bin/env bash
# The accounts pages over HTTP, as a browser without JavaScript uses them: an
# administrator adds an account and the new account signs in; changes role,
# password, disabled; every refusal (validation 400 naming the field, 403 for
# other roles and for forms without the CSRF token, the anonymous sent to sign
# in); my account: my password and my API tokens, the token shown once and
# stored only hashed.  The ledger records the web changes under the username
# and still verifies.
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
 "people": [{"ref": "dcs", "name": "Director of Children's Services", "role": "DCS",
             "kind": "officer"},
            {"ref": "hr", "name": "Harriet Hale", "role": "Head of HR", "kind": "officer"}],
 "themes": [{"ref": "T1", "title": "Governance", "lead": "dcs"}],
 "actions": [{"ref": "A1", "theme": "T1", "title": "First", "owner": "dcs",
              "start": "2015-03-01", "finish": "2015-06-30", "status": "in_progress"}]}
EOF
"$DIALTURN" import t.db plan.json >/dev/null
ROOT_PW='root password 1'
PAT_PW='pat password 22'
echo "$ROOT_PW" | "$DIALTURN" user add t.db root --name 'Root Admin' --role admin >/dev/null
echo "$PAT_PW" | "$DIALTURN" user add t.db pat --name 'Pat Office' --role pmo >/dev/null
start_server t.db

# http JAR METHOD PATH OUT [FIELD=VALUE...]: one request with the cookie jar
# JAR ("-" for none); the body goes to OUT; prints "CODE LOCATION".
http() {
    local jar=$1 method=$2 path=$3 out=$4
    shift 4
    local args=(-sS -o "$out" -w '%{http_code} %header{location}')
    [ "$jar" = - ] || args+=(-c "$jar" -b "$jar")
    if [ "$method" = POST ]; then
        args+=(-X POST)
        local f
        for f in "$@"; do args+=(--data-urlencode "$f"); done
        [ $# -gt 0 ] || args+=(-d '')
    fi
    curl "${args[@]}" "$base$path"
}

# csrf_of FILE: the hidden csrf field of the first form in FILE.
csrf_of() {
    grep -o 'name="csrf" value="[0-9a-f]*"' "$1" | head -n 1 | sed 's/.*value="//; s/"$//'
}

# login JAR USER PASSWORD: signs in with a fresh jar; prints the status.
login() {
    rm -f "$1"
    http "$1" GET /login login.html >/dev/null
    http "$1" POST /login /dev/null "username=$2" "password=$3" "csrf=$(csrf_of login.html)" |
        cut -d' ' -f1
}

# expect_status WHAT WANT "CODE LOCATION"
expect_status() {
    [ "${3%% *}" = "$2" ] || fail "$1: expected $2, got $3"
    echo "ok: $1"
}

# expect_no WHAT PATTERN FILE
expect_no() {
    if grep -qE -- "$2" "$3"; then fail "$1: /$2/ found in $3"; fi
    echo "ok: $1"
}

# --- the anonymous --------------------------------------------------------------------------
got=$(http - GET /work/users anon.html)
expect_status "anonymous GET /work/users is sent to sign in" 303 "$got"
case $got in *'/login?next=%2Fwork%2Fusers') ;; *) fail "the redirect does not come back: $got" ;; esac
echo "ok: the sign-in link brings them back to /work/users"
expect_status "anonymous GET /work/account is sent to sign in" 303 "$(http - GET /work/account anon.html)"
expect_status "anonymous POST /work/users is refused" 403 \
    "$(http - POST /work/users anon.html username=mallory name=M role=admin password=xxxxxxxxxxxx)"
"$DIALTURN" user list t.db | grep -q '^mallory' && fail "the anonymous POST added an account"
echo "ok: nothing was added"

# --- the administrator -----------------------------------------------------------------------
expect_eq "root signs in" 303 "$(login root.jar root "$ROOT_PW")"
expect_status "admin: GET /work/users" 200 "$(http root.jar GET /work/users users.html)"
expect_grep "the table lists the accounts with links" 'href="/work/users/pat">pat</a>' users.html
expect_grep "the table shows role names" 'Programme office' users.html
expect_grep "the add form offers the plan's people" '<option value="dcs">Director of Children&#39;s Services \(dcs\)</option>' users.html
expect_grep "every input has a label" '<label class="govuk-label" for="password">' users.html
csrf=$(csrf_of users.html)
[ ${#csrf} = 64 ] || fail "no CSRF field on the users page"

expect_status "POST without the CSRF token is refused" 403 \
    "$(http root.jar POST /work/users out.html username=eve name=Eve role=viewer password=eve-password-1)"
expect_status "POST with a wrong CSRF token is refused" 403 \
    "$(http root.jar POST /work/users out.html username=eve name=Eve role=viewer \
        password=eve-password-1 csrf=$(printf 'a%.0s' {1..64}))"
"$DIALTURN" user list t.db | grep -q '^eve' && fail "a POST without a good CSRF token added eve"
echo "ok: nothing was added without the token"

expect_status "add with nothing filled in: 400" 400 "$(http root.jar POST /work/users err.html csrf=$csrf)"
expect_grep "the error summary links to the username" '<a href="#username">Enter a username</a>' err.html
expect_grep "the error summary links to the role" '<a href="#role">Choose a role</a>' err.html
expect_grep "the password is asked for" '<a href="#password">Enter an initial password</a>' err.html
expect_grep "the title says there is an error" '<title>Error: Users' err.html
expect_grep "the field is marked" 'id="username-error" class="govuk-error-message"' err.html

expect_status "a taken username: 400" 400 "$(http root.jar POST /work/users err.html csrf=$csrf \
    username=pat 'name=Another Pat' role=viewer password=pat-password-9)"
expect_grep "the taken username is named" "Username &#39;pat&#39; is already taken" err.html
expect_grep "the form keeps what was typed" 'value="Another Pat"' err.html
expect_status "a short password: 400" 400 "$(http root.jar POST /work/users err.html csrf=$csrf \
    username=olive 'name=Olive' role=owner password=short)"
expect_grep "the short password is named" '<a href="#password">Password must be at least 10' err.html
expect_status "a malformed username: 400" 400 "$(http root.jar POST /work/users err.html csrf=$csrf \
    'username=Olive Owner' 'name=Olive' role=owner password=olive-password-1)"
expect_grep "the malformed username is named" '<a href="#username">Username must be 1 to 64' err.html
expect_status "an unknown person: 400" 400 "$(http root.jar POST /work/users err.html csrf=$csrf \
    username=olive name=Olive role=owner person=ghost password=olive-password-1)"
expect_grep "the unknown person is named" '<a href="#person">The plan has no person &#39;ghost&#39;' err.html
expect_status "an unknown role: 400" 400 "$(http root.jar POST /work/users err.html csrf=$csrf \
    username=olive name=Olive role=king password=olive-password-1)"
expect_status "an action owner without a person: 400" 400 "$(http root.jar POST /work/users err.html \
    csrf=$csrf username=olive name=Olive role=owner password=olive-password-1)"
expect_grep "the missing person is named at its field" '<a href="#person">An action owner must be linked to their person in the plan' err.html
expect_fail "the command line refuses an owner without a person too" 'person: an action owner must be linked' \
    sh -c "echo olive-password-1 | \"\$1\" user add t.db olive --name Olive --role owner" sh "$DIALTURN"
"$DIALTURN" user list t.db | grep -q '^olive' && fail "a refused form added olive"
echo "ok: nothing was added by the refused forms"

got=$(http root.jar POST /work/users out.html csrf=$csrf username=olive 'name=Olive <b>Owner</b>' \
    role=owner person=dcs password=olive-password-1)
expect_status "add: 303 after adding" 303 "$got"
case $got in *'/work/users?added=olive') ;; *) fail "add redirects to $got" ;; esac
expect_status "the users page after adding" 200 "$(http root.jar GET '/work/users?added=olive' users.html)"
expect_grep "a banner says the account was added" 'govuk-notification-banner--success' users.html
expect_grep "the banner names it" 'Account olive added' users.html
expect_grep "the name is escaped" 'Olive &lt;b&gt;Owner&lt;/b&gt;' users.html
expect_no "no markup from a name reaches the page" '<b>Owner' users.html
"$DIALTURN" user list t.db | grep -qE '^olive .* owner +dcs +active' || fail "olive is not listed as an active owner of dcs"
echo "ok: the account is stored with its role and person"
http root.jar GET '/work/users?added=mallory' users.html >/dev/null
expect_no "a banner is not made up for an account that does not exist" 'Account mallory added' users.html

# --- the new account signs in; other roles are refused --------------------------------------------
expect_eq "the new account signs in" 303 "$(login olive.jar olive olive-password-1)"
expect_status "an owner may not see the users page" 403 "$(http olive.jar GET /work/users denied.html)"
expect_grep "the 403 says why" 'manage accounts' denied.html
expect_grep "the 403 names the role that may" 'Administrator' denied.html
ocsrf=$(csrf_of denied.html)
[ ${#ocsrf} = 64 ] || ocsrf=$(http olive.jar GET /work/account mine.html >/dev/null; csrf_of mine.html)
expect_status "an owner may not add an account, even with a good token" 403 \
    "$(http olive.jar POST /work/users out.html csrf=$ocsrf username=eve name=Eve role=admin \
        password=eve-password-1)"
expect_status "an owner may not change an account" 403 \
    "$(http olive.jar POST /work/users/olive out.html csrf=$ocsrf op=role role=admin)"
expect_eq "the programme office signs in" 303 "$(login pat.jar pat "$PAT_PW")"
expect_status "the programme office may not see the users page" 403 "$(http pat.jar GET /work/users denied.html)"
expect_status "the programme office may not see one account" 403 "$(http pat.jar GET /work/users/olive denied.html)"

# --- one account ------------------------------------------------------------------------------
expect_status "admin: GET /work/users/olive" 200 "$(http root.jar GET /work/users/olive user.html)"
expect_grep "the account page shows the person" '>dcs<' user.html
expect_status "an unknown account: 404" 404 "$(http root.jar GET /work/users/nobody out.html)"
expect_grep "the account page offers to edit the name and person" 'name="op" value="details"' user.html
expect_grep "the person select shows the current person" '<option value="dcs" selected>' user.html
expect_status "details: a new name and person" 303 "$(http root.jar POST /work/users/olive out.html \
    csrf=$csrf op=details 'name=Olivia Owner' person=hr)"
http root.jar GET '/work/users/olive?done=details' user.html >/dev/null
expect_grep "details: the banner says so" 'Name and person of olive saved' user.html
expect_grep "details: the new name is shown" 'Olivia Owner' user.html
"$DIALTURN" user list t.db | grep -qE '^olive +Olivia Owner +owner +hr' || fail "olive's details did not change: $("$DIALTURN" user list t.db)"
echo "ok: details: stored"
expect_status "details: an owner cannot lose their person" 400 "$(http root.jar POST /work/users/olive \
    err.html csrf=$csrf op=details 'name=Olivia Owner' person=)"
expect_grep "details: the error links to the person" '<a href="#person">An action owner must be linked' err.html
expect_grep "details: the form keeps what was typed" 'value="Olivia Owner"' err.html
expect_status "details: an empty name is 400" 400 "$(http root.jar POST /work/users/olive err.html \
    csrf=$csrf op=details name= person=dcs)"
expect_grep "details: the name is asked for" '<a href="#name">Enter the person' err.html
expect_status "details: an unknown person is 400" 400 "$(http root.jar POST /work/users/olive err.html \
    csrf=$csrf op=details name=Olive person=ghost)"
expect_grep "details: the unknown person is named" 'The plan has no person &#39;ghost&#39;' err.html
expect_status "details: back to dcs" 303 "$(http root.jar POST /work/users/olive out.html \
    csrf=$csrf op=details 'name=Olive <b>Owner</b>' person=dcs)"
expect_status "the administrator's workspace home" 200 "$(http root.jar GET /work home.html)"
expect_grep "it links to Users" '<a class="govuk-link" href="/work/users">Manage users' home.html
expect_status "role: 303" 303 "$(http root.jar POST /work/users/olive out.html csrf=$csrf op=role role=viewer)"
http root.jar GET '/work/users/olive?done=role' user.html >/dev/null
expect_grep "role: the banner says the new role" 'olive is now Viewer' user.html
"$DIALTURN" user list t.db | grep -qE '^olive .* viewer ' || fail "olive's role did not change"
echo "ok: role: stored"
expect_status "role: an unknown role is 400" 400 \
    "$(http root.jar POST /work/users/olive err.html csrf=$csrf op=role role=king)"
expect_grep "role: the error links to the select" '<a href="#role">Choose a role</a>' err.html
expect_status "an unknown op is 400" 400 "$(http root.jar POST /work/users/olive err.html csrf=$csrf op=delete)"
expect_status "an op on an unknown account is 404" 404 \
    "$(http root.jar POST /work/users/nobody err.html csrf=$csrf op=disable)"

expect_status "password: different twice is 400" 400 "$(http root.jar POST /work/users/olive err.html \
    csrf=$csrf op=password password=olive-password-2 password_confirm=olive-password-3)"
expect_grep "password: the error links to the confirmation" '<a href="#password_confirm">' err.html
expect_status "password: too short is 400" 400 "$(http root.jar POST /work/users/olive err.html \
    csrf=$csrf op=password password=short password_confirm=short)"
expect_grep "password: the short one is named" '<a href="#password">Password must be at least' err.html
expect_status "password: set" 303 "$(http root.jar POST /work/users/olive out.html \
    csrf=$csrf op=password password=olive-password-2 password_confirm=olive-password-2)"
expect_status "password: olive's session has ended" 303 "$(http olive.jar GET /work/account out.html)"
expect_eq "password: the old one no longer signs in" 401 "$(login olive.jar olive olive-password-1)"
expect_eq "password: the new one does" 303 "$(login olive.jar olive olive-password-2)"

expect_status "admin: olive's page" 200 "$(http root.jar GET /work/users/olive user.html)"
expect_grep "disable asks for a confirmation" 'I disable Olive &lt;b&gt;Owner&lt;/b&gt; \(olive\)' user.html
expect_status "disable: without the confirmation it is refused" 400 \
    "$(http root.jar POST /work/users/olive err.html csrf=$csrf op=disable)"
expect_grep "disable: the error links to the box" '<a href="#confirm">Tick the box to confirm that you disable this account</a>' err.html
"$DIALTURN" user list t.db | grep -qE '^olive .* active' || fail "an unconfirmed disable disabled olive"
echo "ok: disable: nothing changed without the confirmation"
expect_status "disable: 303" 303 "$(http root.jar POST /work/users/olive out.html csrf=$csrf op=disable confirm=yes)"
http root.jar GET '/work/users/olive?done=disable' user.html >/dev/null
expect_grep "disable: the banner says so" 'Account olive disabled' user.html
expect_grep "disable: the page offers to enable it" 'Enable account' user.html
expect_status "disable: olive's session has ended" 303 "$(http olive.jar GET /work/account out.html)"
expect_eq "disable: olive cannot sign in" 401 "$(login olive.jar olive olive-password-2)"
expect_status "enable: 303" 303 "$(http root.jar POST /work/users/olive out.html csrf=$csrf op=enable)"
expect_eq "enable: olive signs in again" 303 "$(login olive.jar olive olive-password-2)"
expect_status "the last administrator cannot be disabled" 400 \
    "$(http root.jar POST /work/users/root err.html csrf=$csrf op=disable confirm=yes)"
expect_grep "the refusal says why" 'last enabled administrator' err.html

# --- my account: password ------------------------------------------------------------------------
expect_status "my account" 200 "$(http olive.jar GET /work/account mine.html)"
expect_grep "my account shows who I am" '>olive<' mine.html
mcsrf=$(csrf_of mine.html)
expect_status "my password: a wrong current one is 400" 400 "$(http olive.jar POST /work/account/password \
    err.html csrf=$mcsrf current_password=not-my-password new_password=olive-password-3 \
    confirm_password=olive-password-3)"
expect_grep "my password: the current one is named" '<a href="#current_password">Your current password is not right' err.html
expect_status "my password: a mismatch is 400" 400 "$(http olive.jar POST /work/account/password \
    err.html csrf=$mcsrf current_password=olive-password-2 new_password=olive-password-3 \
    confirm_password=olive-password-4)"
expect_grep "my password: the confirmation is named" '<a href="#confirm_password">' err.html
expect_status "my password: without the token it is refused" 403 "$(http olive.jar POST \
    /work/account/password err.html current_password=olive-password-2 \
    new_password=olive-password-3 confirm_password=olive-password-3)"
expect_eq "olive signs in on a second browser" 303 "$(login olive2.jar olive olive-password-2)"
expect_status "my password: changed" 303 "$(http olive.jar POST /work/account/password out.html \
    csrf=$mcsrf current_password=olive-password-2 new_password=olive-password-3 \
    confirm_password=olive-password-3)"
expect_status "my password: this browser stays signed in" 200 "$(http olive.jar GET '/work/account?done=password' mine.html)"
expect_grep "my password: the banner says so" 'Your password is changed' mine.html
expect_status "my password: the other browser is signed out" 303 "$(http olive2.jar GET /work/account out.html)"
expect_eq "my password: the new one signs in" 303 "$(login olive2.jar olive olive-password-3)"

# --- my account: API tokens ------------------------------------------------------------------------
mcsrf=$(csrf_of mine.html)
expect_status "token: a name is needed" 400 "$(http olive.jar POST /work/account/tokens err.html csrf=$mcsrf token_name=)"
expect_grep "token: the name is asked for" '<a href="#token_name">Enter a name for the token' err.html
expect_status "token: without the CSRF token it is refused" 403 \
    "$(http olive.jar POST /work/account/tokens err.html token_name=sneaky)"
expect_status "token: created" 200 "$(http olive.jar POST /work/account/tokens token.html csrf=$mcsrf \
    'token_name=monthly import')"
token=$(grep -o 'value="[0-9a-f]\{64\}"' token.html | grep -v "$mcsrf" | head -n 1 | sed 's/value="//; s/"$//')
[ ${#token} = 64 ] || fail "the new token is not shown: $(sed -n '/<main/,/<\/main>/p' token.html)"
echo "ok: token: shown on the result page"
expect_grep "token: the page says it is shown once" 'shown only once' token.html
http olive.jar GET /work/account mine.html >/dev/null
expect_grep "token: listed by name" 'monthly import' mine.html
expect_no "token: not shown again" "$token" mine.html
sqlite3 t.db .dump | grep -q "$token" && fail "the raw token is in the database"
want=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
expect_eq "token: the database holds its SHA-256" "$want" \
    "$(sqlite3 t.db "select token_hash from api_token where name = 'monthly import'")"
id=$(grep -o 'action="/work/account/tokens/[0-9]*/revoke"' mine.html | head -n 1 | grep -o '[0-9]\+')
[ -n "$id" ] || fail "no revoke button"
expect_status "token: someone else cannot revoke it" 404 \
    "$(http root.jar POST /work/account/tokens/$id/revoke out.html csrf=$csrf)"
expect_status "token: revoking without the CSRF token is refused" 403 \
    "$(http olive.jar POST /work/account/tokens/$id/revoke out.html)"
expect_status "token: revoked" 303 "$(http olive.jar POST /work/account/tokens/$id/revoke out.html csrf=$mcsrf)"
http olive.jar GET '/work/account?done=revoked' mine.html >/dev/null
expect_grep "token: the banner says so" 'The API token is revoked' mine.html
expect_grep "token: listed as revoked" 'Revoked <time' mine.html
expect_status "token: revoking again is 404" 404 \
    "$(http olive.jar POST /work/account/tokens/$id/revoke out.html csrf=$mcsrf)"
expect_status "token: a malformed id is 404" 404 \
    "$(http olive.jar POST /work/account/tokens/1x/revoke out.html csrf=$mcsrf)"
[ -n "$(sqlite3 t.db "select revoked_on from api_token where id = $id")" ] || fail "not revoked in the database"
echo "ok: token: revoked in the database"

# --- the record --------------------------------------------------------------------------------------
expect_eq "the web's changes are recorded under the username" root \
    "$(sqlite3 t.db "select json_extract(entry, '\$.actor') from ledger where tbl = 'account' and row_id = (select id from account where username = 'olive') order by seq limit 1")"
expect_eq "olive's own changes are recorded as olive" olive \
    "$(sqlite3 t.db "select json_extract(entry, '\$.actor') from ledger where tbl = 'api_token' order by seq desc limit 1")"
"$DIALTURN" verify t.db >verify.out || fail "verify: $(cat verify.out)"
expect_grep "verify still passes" ': ok: ' verify.out
