#!/usr/bin/env bash
# test_backup.sh — backups taken while the server writes, kept in rotation, and
# restored only when they verify.  Eight clients write updates through the API
# while `dialturn backup --dir` copies the file; every write acknowledged
# before the backup began is in the copy, which verifies; `restore` puts it in
# the place of a live file (keeping the one it replaces) and refuses a copy
# that does not verify or belongs to another organisation, changing nothing.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

fail() {
    echo "FAIL: $*"
    exit 1
}

python3 - >plan.json <<'EOF'
import json
acts = [{"ref": f"A{i}", "theme": "T1", "title": f"Action {i}", "owner": "o1",
         "start": "2015-03-01", "finish": "2015-12-31", "status": "in_progress"}
        for i in range(1, 21)]
print(json.dumps({
    "format": "dialturn-plan/1",
    "organisation": {"name": "Backup Council", "slug": "backup", "timezone": "Europe/London",
                     "rating_scale": "confidence3"},
    "people": [{"ref": "o1", "name": "Olive Owner", "role": "Director", "kind": "officer"}],
    "themes": [{"ref": "T1", "title": "Everything", "lead": "o1"}],
    "actions": acts,
    "periods": [{"month": "2015-03", "status": "open", "signed_off_on": None,
                 "signed_off_by": None}]}))
EOF
mkdir orgs copies
"$DIALTURN" import orgs/t.db plan.json >/dev/null
PW='a long enough password'
echo "$PW" | "$DIALTURN" user add orgs/t.db olive --name 'Olive Owner' --role owner --person o1 >/dev/null
start_server orgs/t.db
sign_in jar olive "$PW"
csrf=$(page_csrf jar /work)
curl -sS -b jar -o tok.html --data-urlencode "csrf=$csrf" --data-urlencode token_name=backup \
    "$base/work/account/tokens"
token=$(grep -o 'id="token" type="text" readonly value="[0-9a-f]*"' tok.html | grep -o '[0-9a-f]\{64\}')
[ ${#token} = 64 ] || fail "no API token was shown"

# --- a write that waits on another's lock ---------------------------------------------
# Another process holds the write lock past the server's busy timeout (5 s): the
# update is answered 503 with Retry-After, saving nothing; once the lock is gone
# the same request is saved.
python3 - orgs/t.db <<'EOF' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open("locked", "w").close()
time.sleep(8)
c.execute("ROLLBACK")
EOF
holder=$!
for _ in $(seq 1 100); do [ -f locked ] && break; sleep 0.1; done
busy_post() {
    curl -sS -o busy.json -D busy.hdr -w '%{http_code}' -X POST \
        -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        --data '{"status": "in_progress", "percent": 10, "confidence": "medium", "narrative": "busy-once"}' \
        "$base/api/v1/actions/A1/update"
}
code=$(busy_post)
[ "$code" = 503 ] || fail "a write behind another's lock answered $code, not 503: $(cat busy.json)"
grep -qi '^Retry-After: [0-9]' busy.hdr || fail "the 503 has no Retry-After"
grep -q 'try again' busy.json || fail "the 503 does not say to try again: $(cat busy.json)"
echo "ok: a write behind another's lock is answered 503 with Retry-After"
wait "$holder"
"$DIALTURN" export orgs/t.db --out busy-export.json >/dev/null
if grep -q busy-once busy-export.json; then fail "the refused write was saved"; fi
code=$(busy_post)
[ "$code" = 201 ] || fail "the same write after the lock answered $code: $(cat busy.json)"
echo "ok: nothing of it was saved, and the same write is saved once the lock is gone"

# --- a backup during writes ----------------------------------------------------------
: >acked.txt
python3 - "$base" "$token" >writers.log 2>&1 <<'EOF' &
import http.client, json, sys, threading, time
base, token = sys.argv[1:3]
host, port = base.split("//")[1].split(":")
out = open("acked.txt", "a", buffering=1)
lock = threading.Lock()
# until the test says stop (the file "stop"), at most 10 minutes: a fixed
# span could end before a backup on a loaded machine does
import os
deadline = time.time() + 600
def writer(k):
    n = 0
    while time.time() < deadline and not os.path.exists("stop"):
        n += 1
        ref = f"A{(k * 7 + n) % 20 + 1}"
        text = f"backup-w{k}-n{n}"
        c = http.client.HTTPConnection(host, int(port), timeout=10)
        c.request("POST", f"/api/v1/actions/{ref}/update",
                  json.dumps({"status": "in_progress", "percent": n % 100,
                              "confidence": "medium", "narrative": text}),
                  {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        if r.status == 201:
            with lock:
                out.write(f"{ref} {text}\n")
        elif r.status not in (409, 503):
            print("unexpected", r.status, ref, file=sys.stderr)
        c.close()
threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
EOF
writers=$!
for _ in $(seq 1 300); do
    [ "$(wc -l <acked.txt)" -ge 200 ] && break
    sleep 0.1
done
cp acked.txt before.txt # acknowledged before the backup began
"$DIALTURN" backup orgs --dir copies --keep 2 >backup.out || fail "backup exit $?: $(cat backup.out)"
cp acked.txt after-backup.txt
# the writes go on after the backup: wait (up to a minute) for 20 more, then stop them
for _ in $(seq 1 600); do
    [ "$(wc -l <acked.txt)" -ge $(( $(wc -l <after-backup.txt) + 20 )) ] && break
    sleep 0.1
done
touch stop
wait "$writers"
if grep -q unexpected writers.log; then fail "unexpected answers: $(head -3 writers.log)"; fi
[ "$(wc -l <before.txt)" -ge 200 ] || fail "only $(wc -l <before.txt) writes before the backup"
[ "$(wc -l <acked.txt)" -gt "$(wc -l <after-backup.txt)" ] || fail "the writes did not go on after the backup"
copy=$(ls copies/backup-*.db)
[ "$(wc -l <<<"$copy")" = 1 ] || fail "expected one copy, got: $copy"
expect_grep "backup names its copy" "backed up orgs/t\.db to copies/backup-[0-9]{8}T[0-9]{6}Z\.db" backup.out
[ -z "$(ls copies | grep -v '^backup-[0-9]\{8\}T[0-9]\{6\}Z\.db$')" ] || fail "left behind: $(ls copies)"
echo "ok: $(wc -l <before.txt) writes before the backup, $(wc -l <acked.txt) in all, while it ran"

python3 - "$copy" before.txt <<'EOF' || fail "writes acknowledged before the backup are missing from it"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
on_ledger = {json.loads(e)["state"]["narrative"]
             for (e,) in db.execute("select entry from ledger where tbl = 'progress_update'")}
acked = [l.split(" ", 1)[1] for l in open(sys.argv[2]).read().splitlines()]
lost = [t for t in acked if t not in on_ledger]
assert not lost, f"{len(lost)} of {len(acked)} missing, e.g. {lost[:3]}"
print(f"ok: every one of {len(acked)} writes acknowledged before the backup is in the copy")
EOF
"$DIALTURN" verify "$copy" >/dev/null || fail "the copy does not verify: $("$DIALTURN" verify "$copy" 2>&1)"
echo "ok: the copy verifies"

# --- rotation ---------------------------------------------------------------------------
for i in 1 2; do
    sleep 1.1 # names are to the second
    "$DIALTURN" backup orgs --dir copies --keep 2 >/dev/null
done
expect_eq "--keep 2 keeps the two newest copies" 2 "$(ls copies/backup-*.db | wc -l)"
[ ! -e "$copy" ] || fail "the oldest copy was kept"
echo "ok: the oldest copy was removed"

# --- restore ---------------------------------------------------------------------------
newest=$(ls copies/backup-*.db | tail -n 1)
live_before=$(sqlite3 orgs/t.db 'select count(*) from ledger')
echo "this is not a database" >bad.db
if "$DIALTURN" restore bad.db orgs/t.db 2>restore.err; then fail "a file that is no database was restored"; fi
expect_grep "the refusal says nothing was restored" 'does not verify: nothing was restored' restore.err
"$DIALTURN" demo --db other.db --create-only >/dev/null
if "$DIALTURN" restore other.db orgs/t.db 2>restore.err; then fail "another organisation's copy was restored"; fi
expect_grep "another organisation's copy is refused" 'is a copy of "birmingham" but orgs/t\.db holds "backup"' restore.err
cp "$newest" tampered.db
sqlite3 tampered.db "UPDATE action SET title = 'rewritten behind the ledger' WHERE ref = 'A1'"
if "$DIALTURN" restore tampered.db orgs/t.db 2>restore.err; then fail "a tampered copy was restored"; fi
expect_eq "refused restores change nothing" "$live_before" "$(sqlite3 orgs/t.db 'select count(*) from ledger')"
[ -z "$(ls orgs | grep before-restore)" ] || fail "a refused restore kept a file: $(ls orgs)"

"$DIALTURN" restore "$newest" orgs/t.db >restore.out || fail "restore exit $?: $(cat restore.out)"
expect_grep "restore says where the old file went" 'the file it replaced is orgs/t\.db\.before-restore-[0-9]{8}T[0-9]{6}Z' restore.out
kept=$(ls orgs/t.db.before-restore-*)
expect_eq "the kept file is the live one as it was" "$live_before" "$(sqlite3 "$kept" 'select count(*) from ledger')"
expect_eq "the live file is now the copy" "$(sqlite3 "$newest" 'select count(*) from ledger')" \
    "$(sqlite3 orgs/t.db 'select count(*) from ledger')"
expect_eq "the server still answers after the restore" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' "$base/plan")"
"$DIALTURN" verify orgs/t.db >/dev/null || fail "the restored file does not verify"
echo "ok: the restored file verifies and is served"
expect_no_grep "no sanitizer reports" "Sanitizer|runtime error" serve.err
echo "test_backup: all passed"
