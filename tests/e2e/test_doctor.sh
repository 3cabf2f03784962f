#!/usr/bin/env bash
# test_doctor.sh — `dialturn doctor` finds each fault planted: no backup, an
# old backup, a row changed behind the ledger, a file from a newer dialturn,
# migrations pending, a file anyone may read; and says "nothing to fix" (exit
# 0) on a healthy directory.  It changes nothing it looks at.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

fail() {
    echo "FAIL: $*"
    exit 1
}
umask 027
mkdir orgs backups
"$DIALTURN" demo --db orgs/birmingham.db --create-only >/dev/null
chmod 640 orgs/birmingham.db

# doctor_says WHAT WANT-RC PATTERN ARGS...: doctor's exit status and a line
doctor_says() {
    local what=$1 want=$2 pattern=$3 rc=0
    shift 3
    "$DIALTURN" doctor "$@" >doctor.out 2>&1 || rc=$?
    [ "$rc" = "$want" ] || fail "$what: exit $rc, expected $want: $(cat doctor.out)"
    expect_grep "$what" "$pattern" doctor.out
}
doctor_says "no backup is a problem" 1 'backup +PROBLEM: no copy of "birmingham"' orgs --backups backups
"$DIALTURN" backup orgs --dir backups >/dev/null
before=$(sha256sum orgs/birmingham.db)
doctor_says "a healthy directory has nothing to fix" 0 '^nothing to fix$' orgs --backups backups
expect_grep "it ran verify" 'verify +ok: [0-9]+ ledger entries' doctor.out
[ "$before" = "$(sha256sum orgs/birmingham.db)" ] || fail "doctor changed the file"

mkdir old
cp backups/birmingham-*.db old/birmingham-20200101T000000Z.db
doctor_says "an old backup is a problem" 1 'backup +PROBLEM: the newest copy in old is [0-9.]+ hours old' \
    orgs --backups old
doctor_says "--max-backup-age takes hours" 0 'backup +ok' orgs --backups backups --max-backup-age 1

cp orgs/birmingham.db tampered.db
sqlite3 tampered.db "UPDATE action SET title = 'rewritten' WHERE ref = 'A1'"
doctor_says "a row changed behind the ledger" 1 'verify +PROBLEM: action row [0-9]+ \(ref A1\)' tampered.db

cp orgs/birmingham.db newer.db
sqlite3 newer.db "PRAGMA user_version = 999"
doctor_says "a file from a newer dialturn" 1 'schema +PROBLEM: written by a newer dialturn \(schema 999' newer.db

cp orgs/birmingham.db older.db
sqlite3 older.db "PRAGMA user_version = 1"
doctor_says "migrations pending are reported" 0 'schema +migrations pending \(schema 1;' older.db
[ "$(sqlite3 older.db 'PRAGMA user_version')" = 1 ] || fail "doctor migrated the file"

cp orgs/birmingham.db stuck.db
sqlite3 stuck.db "INSERT INTO mail_outbox (kind, recipient, subject, body_text, body_html,
    unsubscribe, message_id, status, attempts, next_at, created_at, last_error)
    VALUES ('due', 'x@example.org', 's', 't', 'h', '', '<stuck@test>', 'queued', 3,
    strftime('%s','now') - 7200, strftime('%s','now') - 7200, 'connection refused')"
doctor_says "mail the relay keeps waiting" 1 'mail +PROBLEM: 1 mail waiting, the oldest for 2\.0 hours' stuck.db

cp orgs/birmingham.db open.db
chmod 644 open.db
doctor_says "a file anyone may read" 1 'access +PROBLEM: anyone on this machine may read it \(mode 644\)' open.db
echo "test_doctor: all passed"
