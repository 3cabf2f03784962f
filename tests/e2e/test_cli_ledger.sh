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

# The heads published before any tampering below (`dialturn heads`), and a key
# that signs them.
"$DIALTURN" heads demo.db >heads.txt || fail "heads exit $?"
expect_eq "heads: one line per signed-off month" "$(sqlite3 demo.db 'select count(*) from month_record')" "$(wc -l <heads.txt)"
expect_eq "heads: the first line is the first month's seal" \
    "$(sqlite3 demo.db "select month || ' ' || head_seq || ' ' || head_hash from month_record order by month limit 1")" \
    "$(head -n 1 heads.txt)"
# the entry numbers of the first three seals, as the demo makes them
s1=$(awk 'NR == 1 {print $2}' heads.txt) s2=$(awk 'NR == 2 {print $2}' heads.txt)
s3=$(awk 'NR == 3 {print $2}' heads.txt)
"$DIALTURN" verify demo.db --heads heads.txt --head "$head" >v.out || fail "verify --heads of the untouched file: $(cat v.out)"
expect_grep "verify --heads says how many heads it checked" 'extends 13 published heads' v.out

# Rewriting a row's ledger entry and every later hash (the append-only
# triggers dropped) leaves a chain consistent in itself; the seals of the months
# signed off after the entry no longer match it.
fresh rewrite.db
python3 - rewrite.db <<'EOF2'
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
EOF2
sqlite3 rewrite.db "$(sqlite3 demo.db "select sql || ';' from sqlite_master where name = 'ledger_no_update'")"
expect_fail "a re-chained rewrite is caught by the seal of the first month after it" \
    "month 2015-03: its record says ledger entry $s1 has hash" "$DIALTURN" verify rewrite.db

# The same rewrite made consistent everywhere: the seals, the history, the
# search indexes (the live text and every wording) and the triggers put back.  Only a head published before can
# tell: the ledger no longer extends it.
fresh forged.db
python3 - forged.db <<'EOF2'
import hashlib, json, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
triggers = c.execute("select name, sql from sqlite_master where type = 'trigger'").fetchall()
for name, _ in triggers:
    c.execute("drop trigger " + name)
new = "Quietly rewritten"
(row,) = c.execute("select id from action where ref = 'A3'").fetchone()
(seq,) = c.execute("select max(seq) from ledger where tbl = 'action' and row_id = ?", (row,)).fetchone()
(old,) = c.execute("select title from action where id = ?", (row,)).fetchone()
c.execute("update action set title = ? where id = ?", (new, row))
c.execute("update action_h set title = ? where id = ? and from_seq = ?", (new, row, seq))
c.execute("update search_action set title = ? where rowid = ?", (new, row))
c.execute("update search_action_text set title = ? where action_id = ? and title = ?", (new, row, old))
c.execute("insert into search_action_v (search_action_v) values ('rebuild')")
hashes = dict(c.execute("select seq, hash from ledger where seq < ?", (seq,)).fetchall())
prev = hashes[seq - 1]
for s, tbl, rid, entry in c.execute("select seq, tbl, row_id, entry from ledger where seq >= ? order by seq", (seq,)).fetchall():
    e = json.loads(entry)
    if s == seq:
        e["state"]["title"] = new
        entry = json.dumps(e, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    elif tbl == "month_record" and e["state"] and e["state"]["head_seq"] >= seq:
        e["state"]["head_hash"] = hashes[e["state"]["head_seq"]]
        c.execute("update month_record set head_hash = ? where id = ?", (e["state"]["head_hash"], rid))
        entry = json.dumps(e, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    h = hashlib.sha256((prev + entry).encode()).hexdigest()
    c.execute("update ledger set entry = ?, prev_hash = ?, hash = ? where seq = ?", (entry, prev, h, s))
    hashes[s] = h
    prev = h
for _, sql in triggers:
    c.execute(sql)
c.commit()
EOF2
"$DIALTURN" verify forged.db >forged.out 2>&1 || fail "the wholly consistent forgery was expected to pass plain verify: $(cat forged.out)"
grep -q "head $head" forged.out && fail "a rewritten ledger keeps the old head: $(cat forged.out)"
echo "ok: a wholly consistent rewrite passes plain verify, with another head"
expect_fail "the consistent rewrite is caught by --head of the head printed before" \
    "head ${head:0:16}.*no ledger entry has this hash" "$DIALTURN" verify forged.db --head "$head"
expect_fail "the consistent rewrite is caught by --head SEQ:HASH" \
    "head $entries:${head:0:16}.*entry $entries has hash.*rewritten" "$DIALTURN" verify forged.db --head "$entries:$head"
expect_fail "the consistent rewrite is caught by the published heads, naming the first month" \
    "head 2015-03 $s1 .*\\(line 1\\).*entry $s1 has hash.*rewritten" "$DIALTURN" verify forged.db --heads heads.txt

# Cutting the ledger back: the last entry deleted, its row put back as it was,
# the triggers restored.  The last entry of the demo is the last month's seal:
# the month is then signed off without one.
restore_triggers() { # FILE NAME...: creates the named triggers again as demo.db has them
    local db=$1
    shift
    for t in "$@"; do
        sqlite3 "$db" "$(sqlite3 demo.db "select sql || ';' from sqlite_master where name = '$t'")"
    done
}
fresh cut.db
sqlite3 cut.db "drop trigger ledger_no_delete; drop trigger month_record_no_delete;
    delete from month_record where id = (select row_id from ledger where seq = $entries);
    delete from ledger where seq = $entries"
restore_triggers cut.db ledger_no_delete month_record_no_delete
expect_fail "cutting off the last seal is caught: the month has no record" \
    'month 2016-02 is signed off but has no record' "$DIALTURN" verify cut.db
# A last entry that is an ordinary change: only the published head can tell.
fresh cut2.db
printf 'a long enough password\n' >pw.txt
"$DIALTURN" user add cut2.db clerk --name Clerk --role viewer --password-file pw.txt >/dev/null
"$DIALTURN" verify cut2.db >cut2.out || fail "verify after user add: $(cat cut2.out)"
head2=$(sed -n 's/.*head \([0-9a-f]*\).*/\1/p' cut2.out)
last2=$(sqlite3 cut2.db 'select max(seq) from ledger')
expect_eq "user add wrote one ledger entry" "$((entries + 1))" "$last2"
sqlite3 cut2.db "drop trigger ledger_no_delete;
    delete from account where username = 'clerk'; delete from ledger where seq = $last2"
restore_triggers cut2.db ledger_no_delete
"$DIALTURN" verify cut2.db >/dev/null || fail "a ledger cut back to a consistent point no longer verifies"
expect_fail "a ledger cut back is caught by the head published after the cut-off entry" \
    "head $last2:${head2:0:16}.*no entry $last2\\b.*cut back" \
    "$DIALTURN" verify cut2.db --head "$last2:$head2"

# --- signatures on the published heads ------------------------------------
pk=$("$DIALTURN" key new --out org.key) || fail "key new exit $?"
[[ "$pk" =~ ^[0-9a-f]{64}$ ]] || fail "key new does not print a public key in hex: $pk"
echo "ok: key new prints the public key"
expect_eq "the secret key file is readable by its owner only" 600 "$(stat -c %a org.key)"
expect_fail "key new does not replace a key" 'org\.key' "$DIALTURN" key new --out org.key
if sqlite3 demo.db .dump | grep -q "$(sed -n 2p org.key | cut -c1-32)"; then
    fail "the secret key reached the database"
fi
echo "ok: the secret key is not in the database"
"$DIALTURN" heads demo.db --sign org.key >signed.txt || fail "heads --sign exit $?"
expect_eq "signed heads: the same heads, each with a signature" "$(cat heads.txt)" "$(sed 's/ [0-9a-f]\{128\}$//' signed.txt)"
"$DIALTURN" verify demo.db --heads signed.txt --key "$pk" >sig.out || fail "good signatures refused: $(cat sig.out)"
expect_grep "verify --key says the signatures are good" 'signatures good' sig.out
other=$("$DIALTURN" key new --out other.key)
expect_fail "a signature by another key is named" \
    "head 2015-03 $s1 .*\\(line 1\\).*signature is not the key" "$DIALTURN" verify demo.db --heads signed.txt --key "$other"
awk 'NR == 3 { $4 = substr($4, 1, 10) (substr($4, 11, 1) == "0" ? "1" : "0") substr($4, 12) } { print }' signed.txt >badsig.txt
expect_fail "a damaged signature is named (the third month)" \
    "head 2015-05 $s3 .*\\(line 3\\).*signature" "$DIALTURN" verify demo.db --heads badsig.txt --key "$pk"
awk 'NR == 2 { $1 = "2015-09" } { print }' signed.txt >moved.txt
expect_fail "a signed head moved to another month is refused" \
    "head 2015-09 $s2 .*\\(line 2\\).*signature" "$DIALTURN" verify demo.db --heads moved.txt --key "$pk"
expect_fail "unsigned heads are refused with --key" 'line 1\) is not signed' \
    "$DIALTURN" verify demo.db --heads heads.txt --key "$pk"
expect_fail "signed heads still catch the rewrite" "head 2015-03 $s1 .*rewritten" \
    "$DIALTURN" verify forged.db --heads signed.txt --key "$pk"
printf '2015-03 719 nothex\n' >junk.txt
expect_fail "a malformed heads file names the line" 'junk\.txt: line 1: HASH' "$DIALTURN" verify demo.db --heads junk.txt
out=$("$DIALTURN" verify demo.db --key "$pk" 2>&1) && rc=0 || rc=$?
expect_eq "--key without --heads is a usage error" 2 "$rc"

# --- what the replay does not cover -----------------------------------------
tampered "a dropped append-only trigger is named" \
    'schema: trigger ledger_no_delete is missing' \
    "drop trigger ledger_no_delete"
tampered "a frozen-month trigger made toothless is named" \
    'schema: trigger period_frozen_u is not the one the migrations create' \
    "drop trigger period_frozen_u;
     create trigger period_frozen_u before update on period when 0 begin select 1; end"
tampered "a dropped month_record trigger is named" \
    'schema: trigger month_record_no_update is missing' \
    "drop trigger month_record_no_update"
tampered "a dropped history trigger is named" \
    'schema: trigger action_h_au is missing' \
    "drop trigger action_h_au"
tampered "a dropped search trigger is named" \
    'schema: trigger search_action_au is missing' \
    "drop trigger search_action_au"
tampered "an added table is named" \
    'schema: table notes is not one the migrations create' \
    "create table notes (x)"
tampered "a dropped index is named" \
    'schema: index ledger_row is missing' \
    "drop index ledger_row"
tampered "a forged search row is named" \
    'search index search_action has row 9999, which no action row has' \
    "insert into search_action (rowid, ref, title, description) values (9999, 'A99', 'Forged', 'shown by /search')"
tampered "an altered search row is named" \
    'search index search_update row 5: its narrative is not that of progress_update row 5' \
    "update search_update set narrative = 'all is well' where rowid = 5"
tampered "a search row removed is named" \
    'search index search_measure lacks measure row 2' \
    "delete from search_measure where rowid = 2"
tampered "a damaged search index fails FTS5's integrity-check" \
    'search index search_action: FTS5.s integrity-check fails' \
    "update search_action_data set block = x'00' where id = (select max(id) from search_action_data)"
a3=$(sqlite3 demo.db "select id from action where ref = 'A3'")
a3seq=$(sqlite3 demo.db "select max(seq) from ledger where tbl = 'action' and row_id = $a3")
tampered "an edited history row is named (table, row, from_seq, column)" \
    "action_h: row $a3, from_seq $a3seq: column title is \"Forged\" in the history" \
    "update action_h set title = 'Forged' where id = $a3 and from_seq = $a3seq"
tampered "a forged history row is named" \
    "action_h: row $a3, from_seq 5, is a state the ledger never recorded" \
    "insert into action_h select 5, $a3seq, id, ref, theme_id, 'Forged', description, owner_id,
       member_id, panel_lead_id, start, finish, baseline_finish, status, completed_on,
       closure_criteria from action where id = $a3"
tampered "a history span moved is named" \
    "milestone_h: row 3, from_seq [0-9]+: column to_seq is 5 " \
    "update milestone_h set to_seq = 5 where id = 3"
tampered "a history state removed is named" \
    "measure_h: measure row 2 has no state from ledger entry [0-9]+" \
    "delete from measure_h where id = 2"

# A page of the ledger overwritten in the file: verify stops with SQLite's
# error, never reading it as the end of the ledger.
fresh corrupt.db
python3 - corrupt.db <<'EOF2'
import sys
path = sys.argv[1]
data = bytearray(open(path, "rb").read())
page = int.from_bytes(data[16:18], "big") or 65536
at = data.find(b'"seq":300,')
assert at > 0, "entry 300 not found in the file"
start = at // page * page
data[start:start + 8] = b"\xff" * 8
open(path, "wb").write(data)
EOF2
expect_fail "a corrupt page of the ledger is an error, not a pass" \
    'ledger: database disk image is malformed' "$DIALTURN" verify corrupt.db

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
