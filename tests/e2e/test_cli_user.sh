#!/usr/bin/env bash
# `dialturn user`: accounts from the command line.  Every subcommand, its help,
# the refusals (one line naming the field, exit 1), usage errors (exit 2), the
# password never taken from the command line, the ledger's actor, and the file
# still verifying afterwards.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

fail() {
    echo "FAIL: $*"
    exit 1
}

# expect_usage WHAT PATTERN CMD...: CMD must exit 2 with PATTERN on stderr.
expect_usage() {
    local what=$1 pattern=$2 out rc
    shift 2
    out=$("$@" 2>&1 >/dev/null </dev/null) && rc=0 || rc=$?
    [ "$rc" -eq 2 ] || fail "$what: expected exit 2, got $rc: $out"
    grep -qE -- "$pattern" <<<"$out" || fail "$what: stderr does not match /$pattern/: $out"
    echo "ok: $what"
}

cat >plan.json <<'EOF'
{"format": "dialturn-plan/1",
 "organisation": {"name": "Test Council", "slug": "test", "timezone": "Europe/London",
                  "rating_scale": "confidence3"},
 "people": [{"ref": "dcs", "name": "Director", "role": "DCS", "kind": "officer"}]}
EOF
"$DIALTURN" import t.db plan.json >/dev/null
me=$(id -un 2>/dev/null || echo cli)

# --- help ----------------------------------------------------------------------
"$DIALTURN" user --help >help.out || fail "user --help exits $?"
expect_grep "help: shows the usage of add" '^usage: dialturn user add FILE USERNAME' help.out
expect_grep "help: lists the roles" '^  secretariat +Panel secretariat' help.out
expect_grep "help: says where passwords come from" 'standard' help.out
"$DIALTURN" --help | grep -qE '^  user ' || fail "dialturn --help does not list user"
echo "ok: dialturn --help lists user"
"$DIALTURN" user roles >roles.out || fail "user roles exits $?"
expect_eq "roles: one line per role" 7 "$(wc -l <roles.out)"
expect_grep "roles: admin manages accounts" '^admin +Administrator:.*manage accounts' roles.out
expect_grep "roles: owner submits updates" '^owner +Action owner:.*submit monthly updates' roles.out

# --- add -------------------------------------------------------------------------
echo 'first long password' | "$DIALTURN" user add t.db root --name 'Root Admin' --role admin >add.out
expect_grep "add: says what it added" '^added root \(Administrator\) to t.db' add.out
printf 'second long password\n' >pw.txt
"$DIALTURN" user add t.db dana --name 'Dana Owner' --role owner --person dcs \
    --password-file pw.txt >/dev/null </dev/null || fail "add with --password-file exits $?"
echo "ok: add: password from --password-file"
echo 'third long password' | "$DIALTURN" user add t.db --role pmo pete --name 'Pete' >/dev/null
echo "ok: add: options after or between the arguments"

expect_fail "add: a taken username is refused" "username: 'root' is already taken" \
    sh -c "echo 'some long password' | '$DIALTURN' user add t.db root --name X --role viewer"
expect_fail "add: a bad username is refused naming the field" '^dialturn user: username: ' \
    sh -c "echo 'some long password' | '$DIALTURN' user add t.db 'Bad Name' --name X --role viewer"
expect_fail "add: a short password is refused naming the field" \
    '^dialturn user: password: must be at least 10' \
    sh -c "echo 'short' | '$DIALTURN' user add t.db eve --name Eve --role viewer"
expect_fail "add: no password on stdin is refused" 'password: none given' \
    sh -c "'$DIALTURN' user add t.db eve --name Eve --role viewer </dev/null"
expect_fail "add: an unknown person is refused naming the field" "person: .*'ghost'" \
    sh -c "echo 'some long password' | '$DIALTURN' user add t.db eve --name Eve --role viewer --person ghost"
expect_fail "add: an unknown role is refused, listing the roles" \
    "role: unknown role 'boss'.*admin, pmo, owner" \
    "$DIALTURN" user add t.db eve --name Eve --role boss
expect_fail "add: an empty name is refused naming the field" '^dialturn user: name: ' \
    sh -c "echo 'some long password' | '$DIALTURN' user add t.db eve --name '' --role viewer"
expect_fail "add: a missing password file is named" 'password-file: cannot open nope.txt' \
    "$DIALTURN" user add t.db eve --name Eve --role viewer --password-file nope.txt
expect_fail "add: a missing database is named" 'missing.db: no such database' \
    sh -c "echo 'some long password' | '$DIALTURN' user add missing.db eve --name Eve --role viewer"
[ ! -e missing.db ] || fail "add created missing.db"
expect_usage "add: --name is required" 'add needs --name' "$DIALTURN" user add t.db eve --role viewer
expect_usage "add: --role is required" 'add needs --role' "$DIALTURN" user add t.db eve --name Eve
expect_usage "add: a password on the command line is refused" "never from the command line" \
    "$DIALTURN" user add t.db eve --name Eve --role viewer --password 'some long password'
expect_usage "add: needs FILE and USERNAME" 'add expects FILE and USERNAME' \
    "$DIALTURN" user add t.db --name Eve --role viewer
expect_usage "no subcommand" 'expects a subcommand' "$DIALTURN" user
expect_usage "unknown subcommand" "unknown subcommand 'frob'" "$DIALTURN" user frob t.db
expect_usage "an option of another subcommand" 'list does not take --role' \
    "$DIALTURN" user list t.db --role admin
expect_usage "an option without its value" 'option --name needs a value' \
    "$DIALTURN" user add t.db eve --role viewer --name

# --- list --------------------------------------------------------------------------
"$DIALTURN" user list t.db >list.out
expect_eq "list: a header and one line per account" 4 "$(wc -l <list.out)"
expect_grep "list: by username, with role, person and status" \
    '^dana +Dana Owner +owner +dcs +active ' list.out
[ "$(sed -n 2p list.out | cut -d' ' -f1)" = dana ] || fail "list is not by username: $(cat list.out)"
"$DIALTURN" user list t.db --json >list.json
python3 - list.json <<'EOF' || fail "list --json is not what it should be"
import json, sys
rows = json.load(open(sys.argv[1]))
assert [r["username"] for r in rows] == ["dana", "pete", "root"], rows
d = rows[0]
assert d == {"username": "dana", "name": "Dana Owner", "role": "owner", "person": "dcs",
             "disabled": False, "created_on": d["created_on"]}, d
assert rows[2]["person"] is None and rows[2]["role"] == "admin"
EOF
echo "ok: list --json: the accounts as JSON"

# --- passwd --------------------------------------------------------------------------
before=$(sqlite3 t.db "select pw_hash from account where username = 'dana'")
echo 'a brand new password' | "$DIALTURN" user passwd t.db dana >passwd.out
expect_grep "passwd: says the sessions are ended" 'new password for dana' passwd.out
after=$(sqlite3 t.db "select pw_hash from account where username = 'dana'")
[ "$before" != "$after" ] || fail "passwd did not change the stored hash"
case $after in '$argon2id$'*) ;; *) fail "the new hash is not argon2id: $after" ;; esac
echo "ok: passwd: a new argon2id hash is stored"
sqlite3 t.db "select pw_hash from account" | grep -q 'a brand new password' &&
    fail "a password is stored in clear"
expect_fail "passwd: an unknown account is named" "username: there is no account 'zed'" \
    "$DIALTURN" user passwd t.db zed
expect_fail "passwd: a short password is refused" 'password: must be at least' \
    sh -c "echo short | '$DIALTURN' user passwd t.db dana"
expect_usage "passwd: does not take --name" 'passwd does not take --name' \
    "$DIALTURN" user passwd t.db dana --name X

# --- disable, enable, role ----------------------------------------------------------------
"$DIALTURN" user disable t.db dana >dis.out
expect_grep "disable: says so" '^disabled dana' dis.out
"$DIALTURN" user list t.db | grep -qE '^dana .* disabled ' || fail "list does not show dana disabled"
echo "ok: list shows a disabled account"
"$DIALTURN" user enable t.db dana >en.out
expect_grep "enable: says so" '^enabled dana' en.out
"$DIALTURN" user list t.db | grep -qE '^dana .* active ' || fail "list does not show dana active"
echo "ok: list shows the account active again"
"$DIALTURN" user role t.db pete executive >role.out
expect_grep "role: says the new role" '^pete is now Chief executive \(executive\)' role.out
"$DIALTURN" user list t.db | grep -qE '^pete .* executive ' || fail "list does not show the new role"
echo "ok: list shows the new role"
expect_fail "role: an unknown role is refused" "role: unknown role 'king'" \
    "$DIALTURN" user role t.db pete king
expect_fail "role: an unknown account is named" "username: there is no account 'zed'" \
    "$DIALTURN" user role t.db zed viewer
expect_fail "disable: the last administrator stays" "'root' is the last enabled administrator" \
    "$DIALTURN" user disable t.db root
expect_fail "role: the last administrator keeps the role" "'root' is the last enabled administrator" \
    "$DIALTURN" user role t.db root viewer
expect_fail "disable: an unknown account is named" "username: there is no account 'zed'" \
    "$DIALTURN" user disable t.db zed
expect_usage "role: needs FILE, USERNAME and ROLE" 'role expects FILE, USERNAME and ROLE' \
    "$DIALTURN" user role t.db pete

# --- the record ------------------------------------------------------------------------------
actors=$(sqlite3 t.db "select distinct json_extract(entry, '\$.actor') from ledger where tbl = 'account'")
expect_eq "ledger: account changes are recorded as cli:LOGIN" "cli:$me" "$actors"
expect_eq "ledger: every account change is an entry (3 adds, passwd, disable, enable, role)" 7 \
    "$(sqlite3 t.db "select count(*) from ledger where tbl = 'account'")"
"$DIALTURN" verify t.db >verify.out || fail "verify after the user commands: $(cat verify.out)"
expect_grep "verify still passes" ': ok: ' verify.out
