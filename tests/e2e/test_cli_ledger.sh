#!/usr/bin/env bash
# Tamper evidence (DESIGN.md, "Ledger"): every change is in an append-only,
# hash-chained ledger; `verify` replays it and names any edit made behind the
# application's back.  Each tamper is made with the sqlite3 shell (or python3's
# sqlite3 module) on a fresh copy of the imported demo.  Also `backup`.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

demo=$ROOT/data/demo/birmingham-2015.json

fail() {
    echo "FAIL: $*"
    exit 1
}

"$DIALTURN" import demo.db "$demo" >/dev/null
entries=$(sqlite3 demo.db 'select count(*) from ledger')
demo_sum=$(sqlite3 demo.db 'select seq, tbl, row_id, entry, prev_hash, hash from ledger order by seq' | sha256sum)

# --- the untouched file ----------------------------------------------------
"$DIALTURN" verify demo.db >verify.out 2>verify.err || fail "verify of the imported demo: exit $?: $(cat verify.err)"
expect_eq "verify: one line on stdout" 1 "$(wc -l <verify.out)"
expect_grep "verify: the line says ok" '\bok\b' verify.out
expect_grep "verify: counts every ledger entry" "\\b$entries ledger entries" verify.out
[ ! -s verify.err ] || fail "verify wrote to stderr: $(cat verify.err)"
echo "ok: verify: nothing on stderr"
head=$(sed -n 's/.*head \([0-9a-f]*\).*/\1/p' verify.out)
[ -n "$head" ] || fail "verify prints no head hash: $(cat verify.out)"

# fresh NAME: a copy of demo.db made by SQLite itself (WAL-safe).
fresh() {
    rm -f "$1" "$1-wal" "$1-shm"
    sqlite3 demo.db ".backup '$1'"
}

# tampered WHAT PATTERN SQL: SQL on a fresh copy, then verify must exit 1 with
# one line on stderr matching PATTERN.
n=0
tampered() {
    n=$((n + 1))
    local db="t$n.db"
    fresh "$db"
    sqlite3 "$db" "$3" || fail "$1: the tampering SQL failed"
    expect_fail "$1" "$2" "$DIALTURN" verify "$db"
}

# --- rows changed behind dialturn's back ----------------------------------
tampered "UPDATE of an action's title is named (table, ref, column)" \
    'action.*\bA3\b.*\btitle\b' \
    "update action set title = 'Quietly rewritten' where ref = 'A3'"
tampered "UPDATE of an action's status is named" \
    'action.*\bA5\b.*\bstatus\b' \
    "update action set status = 'blocked' where ref = 'A5'"
fresh frozen.db
if sqlite3 frozen.db "update progress_update set confidence = 'low' where id = 5" 2>frozen.err; then
    fail "an update of a signed-off month was changed in place"
fi
grep -q "signed-off month never change" frozen.err || fail "the refusal does not say why: $(cat frozen.err)"
echo "ok: the database itself refuses to change an update of a signed-off month"
tampered "UPDATE of an update's confidence is named (table, row, column)" \
    'progress_update.*\b5\b.*\bconfidence\b' \
    "drop trigger progress_update_frozen_u; update progress_update set confidence = case confidence when 'high' then 'low' else 'high' end where id = 5"
tampered "UPDATE of a measure value is named" \
    'measure_value.*\b7\b.*\bvalue\b' \
    "update measure_value set value = value + 1 where id = 7"
tampered "UPDATE of the organisation is named" \
    'organisation.*\bname\b' \
    "update organisation set name = 'Somewhere Else'"
tampered "DELETE of a milestone is named" \
    'milestone.*\bM3\b' \
    "delete from milestone where ref = 'M3'"
tampered "DELETE of a link row is named" \
    'action_answer.*\b3\b' \
    "delete from action_answer where id = 3"
tampered "INSERT of a person is named" \
    'person.*\bghost\b' \
    "insert into person (ref, name, role, kind) values ('ghost', 'Ghost', 'Nobody', 'officer')"
tampered "INSERT of a measure value is named" \
    'measure_value' \
    "insert into measure_value (measure_id, date, value) values (1, '2016-04-30', 1.0)"

# --- the ledger itself, once its triggers are dropped ----------------------
tampered "altered ledger entry is named as altered" \
    'ledger entry 240\b.*altered' \
    "drop trigger ledger_no_update;
     update ledger set entry = replace(entry, '\"actor\":\"cli:import\"', '\"actor\":\"someone\"') where seq = 240"
tampered "altered index columns of a ledger entry are caught" \
    'ledger entry 5\b' \
    "drop trigger ledger_no_update; update ledger set row_id = row_id + 1000 where seq = 5"
last=$(sqlite3 demo.db 'select tbl || " row " || row_id from ledger order by seq desc limit 1')
tampered "deleting the last ledger entry is caught ($last)" \
    "$last\\b" \
    "drop trigger ledger_no_delete; delete from ledger where seq = (select max(seq) from ledger)"
tampered "deleting a middle ledger entry is caught" \
    'ledger entry 30[01]\b' \
    "drop trigger ledger_no_delete; delete from ledger where seq = 300"
tampered "a forged entry with a bad hash is caught" \
    "ledger entry $((entries + 1))\\b" \
    "insert into ledger (seq, tbl, row_id, entry, prev_hash, hash)
     select seq + 1, 'person', 999, '{}', hash, '00' from ledger where seq = $entries"

# An entry altered with its own hash recomputed breaks the next link.
fresh rehash.db
python3 - rehash.db <<'EOF'
import hashlib, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("drop trigger ledger_no_update")
entry, prev = c.execute("select entry, prev_hash from ledger where seq = 240").fetchone()
entry = entry.replace('"actor":"cli:import"', '"actor":"someone"')
c.execute("update ledger set entry = ?, hash = ? where seq = 240",
          (entry, hashlib.sha256((prev + entry).encode()).hexdigest()))
c.commit()
EOF
expect_fail "a re-hashed entry breaks the next link" 'ledger entry 24[01]\b' "$DIALTURN" verify rehash.db

# Rewriting a row, its ledger entry and every later hash leaves a chain that is
# consistent in itself; the head that verify printed before no longer matches.
fresh rewrite.db
python3 - rewrite.db <<'EOF'
import hashlib, json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("drop trigger ledger_no_update")
(row,) = c.execute("select id from action where ref = 'A3'").fetchone()
c.execute("update action set title = 'Quietly rewritten' where id = ?", (row,))
(seq,) = c.execute("select max(seq) from ledger where tbl = 'action' and row_id = ?", (row,)).fetchone()
prev = c.execute("select prev_hash from ledger where seq = ?", (seq,)).fetchone()[0]
for s, entry in c.execute("select seq, entry from ledger where seq >= ? order by seq", (seq,)).fetchall():
    if s == seq:
        e = json.loads(entry)
        e["state"]["title"] = "Quietly rewritten"
        entry = json.dumps(e, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    h = hashlib.sha256((prev + entry).encode()).hexdigest()
    c.execute("update ledger set entry = ?, prev_hash = ?, hash = ? where seq = ?", (entry, prev, h, s))
    prev = h
c.commit()
EOF
if "$DIALTURN" verify rewrite.db >rewrite.out 2>&1; then
    grep -q "head $head" rewrite.out && fail "a rewritten history keeps the old head: $(cat rewrite.out)"
    echo "ok: a wholly re-chained rewrite changes the head verify prints"
else
    echo "ok: a wholly re-chained rewrite is caught: $(cat rewrite.out)"
fi

# --- the triggers ----------------------------------------------------------
fresh trig.db
if err=$(sqlite3 trig.db "update ledger set entry = 'x' where seq = 3" 2>&1); then
    fail "UPDATE on the ledger was allowed"
fi
grep -q 'append-only' <<<"$err" || fail "UPDATE on the ledger refused without saying why: $err"
echo "ok: UPDATE on the ledger is refused by the trigger"
if err=$(sqlite3 trig.db "delete from ledger where seq = 3" 2>&1); then
    fail "DELETE on the ledger was allowed"
fi
grep -q 'append-only' <<<"$err" || fail "DELETE on the ledger refused without saying why: $err"
echo "ok: DELETE on the ledger is refused by the trigger"
if sqlite3 trig.db "delete from ledger" 2>/dev/null; then
    fail "DELETE of the whole ledger was allowed"
fi
echo "ok: DELETE of the whole ledger is refused by the trigger"
expect_eq "the refused statements changed nothing" "$demo_sum" \
    "$(sqlite3 trig.db 'select seq, tbl, row_id, entry, prev_hash, hash from ledger order by seq' | sha256sum)"
"$DIALTURN" verify trig.db >/dev/null || fail "verify after refused ledger edits"
echo "ok: verify passes after the refused ledger edits"

# --- backup ----------------------------------------------------------------
"$DIALTURN" backup demo.db copy.db >/dev/null || fail "backup exit $?"
echo "ok: backup exits 0"
"$DIALTURN" verify copy.db >copy.out || fail "the backup does not verify: $(cat copy.out)"
expect_grep "the backup verifies with the same head" "head $head" copy.out
"$DIALTURN" export copy.db | cmp - "$demo" || fail "the backup exports differently"
echo "ok: the backup exports the bundled demo"
expect_eq "the backup has every ledger entry" "$demo_sum" \
    "$(sqlite3 copy.db 'select seq, tbl, row_id, entry, prev_hash, hash from ledger order by seq' | sha256sum)"
sum=$(sha256sum <copy.db)
expect_fail "backup onto an existing file is refused" 'copy\.db.*exists' "$DIALTURN" backup demo.db copy.db
expect_eq "the existing file is left alone" "$sum" "$(sha256sum <copy.db)"
expect_fail "backup of a missing file" 'missing\.db' "$DIALTURN" backup missing.db never.db
if [ -e never.db ] || [ -e missing.db ]; then
    fail "backup of a missing file created a file"
fi
echo "ok: backup of a missing file creates nothing"
"$DIALTURN" verify demo.db >/dev/null || fail "the original no longer verifies after backup"
echo "ok: the original still verifies"

echo "all ledger checks passed"
