#!/usr/bin/env bash
# Import is all or nothing: every defect in a plan is refused whole, with one
# line on stderr naming the input and the place (JSON path and field, or
# line:column for input that is not JSON at all), and the database is left
# exactly as it was.  Also: init, usage errors, --help, and the round trip
# export → import → export of plan-format.md.
#
# Each defect is a copy of tests/e2e/data/small.json changed by python3 (no
# jq needed): 2 people, 1 review with R1-R3, themes T1-T2, actions A1-A5
# (A1 → A2 → A3 → A5, A4 → A5), milestones M1 (A2) and M2 (A5), periods
# 2015-03..05, updates (in export order) [0] A1@2015-03, [1] A2@2015-04,
# [2] A4@2015-03, [3] A4@2015-04, measure K1 with two values.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

small=$ROOT/tests/e2e/data/small.json
demo=$ROOT/data/demo/birmingham-2015.json

# fail WHAT DETAIL...: a check that lib.sh has no helper for.
fail() {
    echo "FAIL: $*"
    exit 1
}

# mutate OUT PYTHON: writes small.json as changed by PYTHON (which edits the dict d).
mutate() {
    python3 - "$small" "$1" "$2" <<'EOF'
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    d = json.load(f)
exec(sys.argv[3])
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(d, f, indent=2, ensure_ascii=False)
    f.write("\n")
EOF
}

# bytes_replace OUT OLD NEW: small.json with the first OLD replaced by NEW, both
# given as printf formats so that raw bytes (\xff) can be written.
bytes_replace() {
    local old new
    old=$(printf "$2" | od -An -tx1 | tr -d ' \n')
    new=$(printf "$3" | od -An -tx1 | tr -d ' \n')
    python3 - "$small" "$1" "$old" "$new" <<'EOF'
import sys
data = open(sys.argv[1], "rb").read()
old, new = bytes.fromhex(sys.argv[3]), bytes.fromhex(sys.argv[4])
assert old in data, old
open(sys.argv[2], "wb").write(data.replace(old, new, 1))
EOF
}

ledger_count() {
    sqlite3 "$1" 'select count(*) from ledger'
}

# --- the valid plan itself -------------------------------------------------
out=$("$DIALTURN" import base.db "$small")
expect_eq "small.json imports" "imported $small into base.db: 5 actions, 4 updates, 1 measures" "$out"
"$DIALTURN" export base.db >small.out.json
cmp -s "$small" small.out.json || fail "small.json is not in export form: $(diff "$small" small.out.json | head -20)"
echo "ok: small.json exports byte-identically"
"$DIALTURN" verify base.db >/dev/null || fail "small.json: verify after import"
echo "ok: small.json verifies after import"

cp base.db db.sqlite # a closed database is one file (the WAL is checkpointed on close)
"$DIALTURN" export db.sqlite >before.json
cmp -s before.json "$small" || fail "copy of base.db does not export small.json"
ledger_before=$(ledger_count db.sqlite)

# refused WHAT PATTERN INPUT: importing INPUT into db.sqlite fails with one line
# matching PATTERN, and the database still exports byte-identically, has the
# same ledger and verifies.
refused() {
    expect_fail "$1" "$2" "$DIALTURN" import db.sqlite "$3"
    "$DIALTURN" export db.sqlite >after.json
    cmp -s before.json after.json || fail "$1: the database changed: $(diff before.json after.json | head -20)"
    [ "$(ledger_count db.sqlite)" = "$ledger_before" ] || fail "$1: the ledger grew"
    "$DIALTURN" verify db.sqlite >/dev/null || fail "$1: verify fails afterwards"
    echo "ok: $1: database unchanged and verifies"
}

# --- refs ------------------------------------------------------------------
mutate owner.json "d['actions'][2]['owner'] = 'nobody'"
refused "unknown owner" '^dialturn import: owner\.json: actions\[2\]\.owner: .*"nobody"' owner.json

mutate dep-ref.json "d['actions'][0]['depends_on'] = ['Z9']"
refused "unknown dependency" 'dep-ref\.json: actions\[0\]\.depends_on\[0\]: .*"Z9"' dep-ref.json

mutate answers.json "d['actions'][0]['answers'] = ['R9']"
refused "unknown recommendation" 'answers\.json: actions\[0\]\.answers\[0\]: .*"R9"' answers.json

mutate theme.json "d['actions'][4]['theme'] = 'T9'"
refused "unknown theme" 'theme\.json: actions\[4\]\.theme: .*"T9"' theme.json

mutate ms.json "d['milestones'][1]['action'] = 'A9'"
refused "milestone of an unknown action" 'ms\.json: milestones\[1\]\.action: .*"A9"' ms.json

mutate upd-author.json "d['updates'][3]['author'] = 'nobody'"
refused "update by an unknown person" 'upd-author\.json: updates\[3\]\.author: .*"nobody"' upd-author.json

mutate k-actions.json "d['measures'][0]['actions'] = ['A4', 'A9']"
refused "measure of an unknown action" 'k-actions\.json: measures\[0\]\.actions\[1\]: .*"A9"' k-actions.json

mutate mv.json "d['measure_values'][1]['measure'] = 'K9'"
refused "value of an unknown measure" 'mv\.json: measure_values\[1\]\.measure: .*"K9"' mv.json

mutate dup.json "d['actions'][3]['ref'] = 'A1'"
refused "duplicate action ref" 'dup\.json: actions\[3\]\.ref: .*duplicate.*"A1"' dup.json

mutate dup-rec.json "d['reviews'][0]['recommendations'][2]['ref'] = 'R1'"
refused "duplicate recommendation ref" 'dup-rec\.json: reviews\[0\]\.recommendations\[2\]\.ref: .*"R1"' dup-rec.json

# --- values ----------------------------------------------------------------
mutate amber.json "d['updates'][0]['confidence'] = 'amber'"
refused "level not in confidence3" 'amber\.json: updates\[0\]\.confidence: .*"amber"' amber.json

mutate pct.json "d['updates'][1]['percent'] = 101"
refused "percent 101" 'pct\.json: updates\[1\]\.percent: ' pct.json

mutate pct-neg.json "d['updates'][1]['percent'] = -1"
refused "percent -1" 'pct-neg\.json: updates\[1\]\.percent: ' pct-neg.json

mutate month.json "d['updates'][1]['period'] = '2015-07'"
refused "update for a month not in periods" 'month\.json: updates\[1\]\.period: .*2015-07' month.json

# updates[4] is a second A1@2015-03
mutate twice.json "d['updates'].append(dict(d['updates'][0], narrative='Again.'))"
refused "two updates for one action and period" 'twice\.json: updates\[4\]\.[a-z_]+: .*duplicate.*A1' twice.json

mutate status.json "d['actions'][1]['status'] = 'done'"
refused "unknown action status" 'status\.json: actions\[1\]\.status: .*"done"' status.json

mutate date.json "d['actions'][1]['finish'] = '2015-02-30'"
refused "impossible date" 'date\.json: actions\[1\]\.finish: ' date.json

# --- keys and format -------------------------------------------------------
mutate top-key.json "d['extra'] = 1"
refused "unknown key at top level" 'top-key\.json: extra: unknown' top-key.json

mutate titel.json "d['actions'][3]['titel'] = d['actions'][3].pop('title')"
refused "typo 'titel' inside an action" 'titel\.json: actions\[3\]\.titel: unknown' titel.json

mutate rec-key.json "d['reviews'][0]['recommendations'][0]['txt'] = 'x'"
refused "unknown key in a nested object" 'rec-key\.json: reviews\[0\]\.recommendations\[0\]\.txt: unknown' rec-key.json

mutate format.json "d['format'] = 'dialturn-plan/2'"
refused "wrong format string" 'format\.json: format: .*dialturn-plan/1' format.json

mutate engagement.json "d['engagement'] = [{'ref': 'E1', 'kind': 'partners', 'held_on': '2015-02-04', 'title': 'T', 'summary': 'S', 'public': True, 'feedback': [{'ref': 'F1', 'said': 'x', 'status': 'responded', 'response': 'y', 'responded_on': '2015-03-01', 'action': 'NOPE'}]}]"
refused "engagement feedback naming no action" 'engagement\.json: engagement\[0\]\.feedback\[0\]\.action: no action has ref "NOPE"' engagement.json

mutate no-period.json "del d['updates'][0]['period']"
refused "an update without its period" 'no-period\.json: updates\[0\]\.period: is required' no-period.json
mutate panel.json "d['panel'] = {'members': [{'ref': 'chair'}]}"
refused "a panel member without a person" 'panel\.json: panel\.members\[0\]\.person: is required' panel.json
mutate meeting.json "d['meetings'] = [{'ref': 'M1', 'title': 'T', 'starts_at': '2015-06-11T11:00:00Z', 'items': [{'title': 'x', 'exempt_paragraph': 8}]}]"
refused "an exempt paragraph outside Schedule 12A" 'meeting\.json: meetings\[0\]\.items\[0\]\.exempt_paragraph: .*1 to 7' meeting.json

# An empty engagement section is allowed and changes nothing.
mutate engagement-empty.json "d['engagement'] = []"
"$DIALTURN" import db.sqlite engagement-empty.json >/dev/null || fail "empty engagement refused"
"$DIALTURN" export db.sqlite >after.json
cmp -s before.json after.json || fail "empty engagement changed the database"
expect_eq "empty engagement accepted; no ledger entries" "$ledger_before" "$(ledger_count db.sqlite)"

# --- bytes that are not JSON -----------------------------------------------
# A string whose bytes are not UTF-8: named by line:column ("narrative" of
# updates[2] is on the line grep finds).
line=$(grep -n 'Options drafted\.' "$small" | cut -d: -f1)
bytes_replace utf8.json 'Options drafted.' 'Options \xff drafted.'
refused "byte 0xff in a string" "^dialturn import: utf8\\.json:$line:[0-9]+: .*0xff" utf8.json
bytes_replace utf8-cont.json 'Options drafted.' 'Options \x80 drafted.'
refused "lone continuation byte" "utf8-cont\\.json:$line:[0-9]+: " utf8-cont.json
bytes_replace utf8-short.json 'Options drafted.' 'Options \xe2\x82 drafted.'
refused "cut-short UTF-8 sequence" "utf8-short\\.json:$line:[0-9]+: " utf8-short.json
bytes_replace utf8-surr.json 'Options drafted.' 'Options \xed\xa0\x80 drafted.'
refused "UTF-8-encoded surrogate" "utf8-surr\\.json:$line:[0-9]+: " utf8-surr.json
bytes_replace utf8-ref.json '"ref": "pmo"' '"ref": "p\xffmo"'
refused "byte 0xff in a ref" 'utf8-ref\.json:[0-9]+:[0-9]+: .*0xff' utf8-ref.json
bytes_replace esc-surr.json 'Options drafted.' 'Options \\udc00 drafted.'
refused "escaped lone surrogate" "esc-surr\\.json:$line:[0-9]+: " esc-surr.json
bytes_replace nul.json 'Options drafted.' 'Options \\u0000 drafted.'
refused "escaped NUL in a string" "nul\\.json(:$line:[0-9]+)?: " nul.json

# A truncated file: the message gives the line and column where input ended.
head -c 1500 "$small" >trunc.json
tline=$(($(tr -cd '\n' <trunc.json | wc -c) + 1))
tcol=$(tail -n 1 trunc.json | wc -c)
refused "truncated file" "^dialturn import: trunc\\.json:$tline:$tcol: " trunc.json

: >empty.json
refused "empty file" '^dialturn import: empty\.json(:[0-9]+:[0-9]+)?: ' empty.json
refused "non-existent input" '^dialturn import: nope\.json: .*(No such file|not found|does not exist)' nope.json

# --- a failed import into a new file leaves nothing behind ----------------
expect_fail "bad plan into a new file" 'owner\.json: actions\[2\]\.owner' "$DIALTURN" import new.db owner.json
for f in new.db new.db-wal new.db-shm new.db-journal; do
    [ ! -e "$f" ] || fail "failed import left $f behind"
done
[ -z "$(ls new.db* 2>/dev/null)" ] || fail "failed import left $(ls new.db*) (a partial file?)"
echo "ok: failed import into a new file leaves no file"

# A new file is written under another name and renamed only once committed,
# so an import killed midway never leaves a file that looks like a database.
python3 - "$ROOT/tests/e2e/data/small.json" big.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
base = d["actions"][0]
d["actions"] += [dict(base, ref="K%05d" % i, depends_on=[], answers=[]) for i in range(20000)]
json.dump(d, open(sys.argv[2], "w"))
PY
"$DIALTURN" import killed.db big.json >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 100); do
    [ -n "$(ls killed.db.partial-* 2>/dev/null)" ] && break
    sleep 0.02
done
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
[ ! -e killed.db ] || fail "a killed import left killed.db, which looks like a database"
echo "ok: a killed import leaves no file under the database's name"
expect_fail "the half-written file is not taken for a database" 'killed\.db' \
    "$DIALTURN" status killed.db
expect_fail "truncated plan into a new file" 'trunc\.json:' "$DIALTURN" import new2.db trunc.json
[ -z "$(ls new2.db* 2>/dev/null)" ] || fail "failed import left $(ls new2.db*)"
echo "ok: failed parse into a new file leaves no file"
expect_fail "missing input into a new file" 'nope\.json' "$DIALTURN" import new3.db nope.json
[ -z "$(ls new3.db* 2>/dev/null)" ] || fail "failed import left $(ls new3.db*)"
echo "ok: missing input into a new file leaves no file"

# --- init, usage, help -----------------------------------------------------
out=$("$DIALTURN" init fresh.db --org "Fresh Council")
expect_grep "init creates a file" 'fresh\.db' <(echo "$out")
"$DIALTURN" verify fresh.db >/dev/null || fail "a fresh database does not verify"
echo "ok: a fresh database verifies"
cp fresh.db fresh.copy
expect_fail "init refuses an existing file" 'fresh\.db.*exists' "$DIALTURN" init fresh.db --org Other
cmp -s fresh.db fresh.copy || fail "init on an existing file changed it"
echo "ok: init left the existing file alone"
expect_fail "init refuses an existing plan database" 'db\.sqlite.*exists' "$DIALTURN" init db.sqlite --org Other
"$DIALTURN" export db.sqlite >after.json
cmp -s before.json after.json || fail "init on an existing database changed it"
echo "ok: init left the existing database alone"

# usage_error WHAT CMD...: exit 2, one line on stderr.
usage_error() {
    local what=$1 err rc
    shift
    err=$("$@" 2>&1 >/dev/null) && rc=0 || rc=$?
    [ "$rc" -eq 2 ] || fail "$what: expected exit 2, got $rc: $err"
    if [ -z "$err" ] || [ "$(wc -l <<<"$err")" -ne 1 ]; then
        fail "$what: expected one line on stderr, got: $err"
    fi
    echo "ok: $what (exit 2)"
}
usage_error "init without --org" "$DIALTURN" init noorg.db
[ ! -e noorg.db ] || fail "init without --org created noorg.db"
usage_error "init with an unknown scale" "$DIALTURN" init noscale.db --org X --scale rainbow
usage_error "unknown command" "$DIALTURN" frobnicate
usage_error "import without INPUT" "$DIALTURN" import db.sqlite
usage_error "export --format xml" "$DIALTURN" export db.sqlite --format xml
usage_error "export --kind with --format json" "$DIALTURN" export db.sqlite --kind updates --format json
"$DIALTURN" export db.sqlite --kind updates >kind.csv || fail "export --kind updates exit $?"
head -n 1 kind.csv | grep -q '^action,period,state,status' ||
    fail "export --kind updates without --format is not the updates CSV: $(head -c 80 kind.csv)"
echo "ok: export --kind alone writes CSV"

# --- import into a file made for another organisation ------------------------
"$DIALTURN" init named.db --org "Named Council" >/dev/null
"$DIALTURN" export db.sqlite >named-in.json
out=$("$DIALTURN" import named.db named-in.json)
want=$(jq -r .organisation.name named-in.json)
expect_grep "import says it renamed the organisation" 'name changed from "Named Council"' <(echo "$out")
[ "$(sqlite3 named.db 'SELECT name FROM organisation')" = "$want" ] || fail "import did not take the plan's name"
out=$("$DIALTURN" import named.db named-in.json --org "Named Council")
expect_grep "import --org sets the name" 'changed from .* to "Named Council"' <(echo "$out")
[ "$(sqlite3 named.db 'SELECT name FROM organisation')" = "Named Council" ] || fail "import --org did not keep the name"
out=$("$DIALTURN" import named.db named-in.json --org "Named Council")
if grep -q 'name changed' <<<"$out"; then fail "import with the same name says it renamed: $out"; fi
echo "ok: import names the organisation as --org says and says when it renames"
usage_error "import --org with --draft" "$DIALTURN" import named.db named-in.json --draft --org X

"$DIALTURN" --help >help.txt || fail "dialturn --help exit $?"
echo "ok: dialturn --help exits 0"
cmds=$(sed -n '/^commands:/,/^$/p' help.txt | awk 'NR > 1 && NF { print $1 }')
[ "$(wc -w <<<"$cmds")" -ge 5 ] || fail "dialturn --help lists too few commands: $cmds"
for c in $cmds; do
    "$DIALTURN" "$c" --help >cmd-help.txt 2>cmd-help.err || fail "dialturn $c --help exit $?"
    grep -q "usage: dialturn $c" cmd-help.txt || fail "dialturn $c --help has no usage line"
    [ ! -s cmd-help.err ] || fail "dialturn $c --help wrote to stderr: $(cat cmd-help.err)"
    echo "ok: dialturn $c --help exits 0 with its usage"
done

# --- round trip ------------------------------------------------------------
"$DIALTURN" import one.db "$demo" >/dev/null
"$DIALTURN" export one.db >one.json
cmp one.json "$demo" || fail "exporting the imported demo differs from the bundled file"
echo "ok: exporting the demo gives exactly the bundled file"
"$DIALTURN" import two.db one.json >/dev/null
"$DIALTURN" export two.db >two.json
cmp one.json two.json || fail "export → import → export is not byte-identical"
echo "ok: export → import → export is byte-identical"
"$DIALTURN" export two.db --out two-out.json
cmp one.json two-out.json || fail "export --out differs from standard output"
echo "ok: export --out writes the same bytes"
"$DIALTURN" import three.db - <"$demo" >/dev/null
"$DIALTURN" export three.db | cmp - "$demo" || fail "import from standard input differs"
echo "ok: import - reads standard input"

n1=$(ledger_count one.db)
"$DIALTURN" import one.db "$demo" >/dev/null
expect_eq "importing the same file twice adds no ledger entries" "$n1" "$(ledger_count one.db)"
"$DIALTURN" import one.db one.json >/dev/null
expect_eq "importing its own export adds no ledger entries" "$n1" "$(ledger_count one.db)"
"$DIALTURN" export one.db | cmp - "$demo" || fail "re-import changed the export"
echo "ok: re-import leaves the export unchanged"
"$DIALTURN" verify one.db >/dev/null || fail "verify after re-import"
echo "ok: verify after re-import"

# --- rules that span objects (plan-format.md: "each refusal names the JSON
# path and the field", start ≤ finish and completed_on included) -------------
mutate cycle.json "d['actions'][0]['depends_on'] = ['A2']"
refused "two-action dependency cycle" 'cycle\.json: .*depends_on.*(A1 → A2 → A1|A2 → A1 → A2)' cycle.json

mutate self.json "d['actions'][3]['depends_on'] = ['A4']"
refused "action depending on itself" 'self\.json: .*depends_on.*A4 → A4' self.json

# A1 depends on A5: A1 → A2 → A3 → A5 → A1; any rotation, either direction.
mutate cycle4.json "d['actions'][0]['depends_on'] = ['A5']"
ring=(A1 A2 A3 A5) alts=()
for i in 0 1 2 3; do
    fwd="" back=""
    for j in 0 1 2 3 4; do
        fwd+="${fwd:+ → }${ring[(i + j) % 4]}"
        back+="${back:+ → }${ring[(i - j + 8) % 4]}"
    done
    alts+=("$fwd" "$back")
done
refused "four-action dependency cycle, named" "cycle4\\.json: .*depends_on.*($(IFS='|'; echo "${alts[*]}"))" cycle4.json

mutate finish.json "d['actions'][1]['finish'] = '2015-03-15'"
refused "finish before start" 'finish\.json: actions\[1\]\.finish: ' finish.json

mutate done-early.json "d['actions'][1]['completed_on'] = '2015-04-20'"
refused "completed_on while in_progress" 'done-early\.json: actions\[1\]\.completed_on: ' done-early.json

mutate done-undated.json "d['actions'][1]['status'] = 'complete'"
refused "complete without completed_on" 'done-undated\.json: actions\[1\]\.(completed_on|status): ' done-undated.json

# DESIGN.md: "non-zero with one clear line on stderr" -- getopt's own message
# must not be printed as well.
usage_error "import with an unknown option" "$DIALTURN" import db.sqlite "$small" --bogus
usage_error "export with an unknown option" "$DIALTURN" export db.sqlite --bogus

# A syntax error's message quotes the input near it, which may be any bytes:
# here half a character after "\u0" (found by fuzz_plan_json).  The message
# is valid UTF-8, the bytes it cannot show replaced.
printf '{"format": "dialturn-plan/1", "people": ["\\u0\xc3\xa9"]}' >half.json
if "$DIALTURN" import half.db half.json 2>half.err; then
    echo "FAIL: a file with a bad escape was imported"
    exit 1
fi
expect_grep "the syntax error is named with its place" 'half\.json:1:[0-9]+: invalid escape' half.err
python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' half.err ||
    { echo "FAIL: the message is not valid UTF-8"; exit 1; }
echo "ok: a syntax error's message quoting bad bytes is valid UTF-8"

# --- a file that would change a signed-off month's update is refused, naming it ----------------
"$DIALTURN" demo --db sealed.db --create-only >/dev/null
"$DIALTURN" export sealed.db --out sealed.json
jq '(.updates[] | select(.action == "A1" and .period == "2015-03") | .narrative) = "Rewritten"' \
    sealed.json >rewrite.json
before=$(sqlite3 sealed.db "select count(*) from ledger")
expect_fail "rewriting a signed-off month's update is refused, naming the file, action and month" \
    'rewrite.json: the update of A1 for 2015-03: .*signed-off month never change' \
    "$DIALTURN" import sealed.db rewrite.json
expect_eq "and nothing is written" "$before" "$(sqlite3 sealed.db "select count(*) from ledger")"

echo "all import checks passed"
