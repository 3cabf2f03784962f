#!/usr/bin/env bash
# The rules of DESIGN.md ("Rules": overdue, slip, forward pass, impact) and the
# JSON answers of plan-format.md, checked against results worked out by hand
# on tests/e2e/data/rules.json.  The working is below; every expected value in
# this file comes from it, not from running the binary.
#
# ---------------------------------------------------------------- the plan
# Scale confidence3.  Periods 2015-03 (signed off), 2015-04 (signed off),
# 2015-05 (open).  Review "rev": R1 R2 R3 R4 (R4 answered by no action).
#
#  ref theme start      finish     baseline   status       deps    D=F−S  answers
#  A1  T1    2015-03-01 2015-03-31 2015-03-31 in_progress  -       30     R1
#  A2  T1    2015-04-01 2015-04-30 2015-04-30 not_started  A1      29     R1
#  A3  T1    2015-05-01 2015-05-31 2015-05-31 not_started  A2      30     R1
#  D1  T2    2015-03-01 2015-03-20 2015-03-20 in_progress  -       19     R2
#  D2  T2    2015-03-21 2015-04-05 2015-04-01 not_started  D1      15     R2  (re-dated: finish ≠ baseline)
#  D3  T2    2015-03-21 2015-04-20 2015-04-20 in_progress  D1      30     R2
#  D4  T2    2015-04-21 2015-05-10 2015-05-10 not_started  D2,D3   19     R2  (diamond D1 → D2,D3 → D4)
#  C1  T3    2015-03-01 2015-03-15 2015-03-15 complete (completed_on 2015-03-10)   R3
#  C2  T3    2015-03-16 2015-04-15 2015-04-15 blocked      C1      30     R3
#  O1  T3    2015-03-01 2015-03-15 2015-03-15 in_progress  -       14     R3
#  X1  T3    2015-03-01 2015-03-10 2015-03-10 retired      -       9      -
#
#  Milestones: M1 of A2 due 2015-04-15; M2 of A3 due 2015-05-31.
#
#  Updates (action@period state confidence forecast_finish):
#   A1@2015-03 accepted  high   2015-03-31
#   A1@2015-04 accepted  low    2015-04-10   (forecasts a later finish)
#   A2@2015-05 accepted  medium 2015-05-15
#   C1@2015-03 accepted  high   2015-03-10
#   D1@2015-03 accepted  medium 2015-03-20
#   D3@2015-03 accepted  high   2015-04-20
#   D3@2015-04 submitted low    2015-06-30   (not accepted: never counts)
#   O1@2015-03 accepted  low    2015-03-25
#   O1@2015-04 accepted  low    2015-04-30
#
# ------------------------------------------- status --as-of 2015-03-20 (March)
# Updates counted: accepted, month ≤ 2015-03.  R = latest such forecast, else F.
#  A1: R 03-31; ES 03-01; FF = max(03-31, 03-01+30=03-31) = 03-31; baseline 03-31 → no slip
#  A2: R = F 04-30; ES = max(04-01, 03-31+1) = 04-01; FF = max(04-30, 04-01+29) = 04-30 → no slip
#  A3: ES = max(05-01, 05-01) = 05-01; FF = 05-31 → no slip
#  D1: R 03-20; FF 03-20.  D2: ES = max(03-21, 03-21); FF = 03-21+15 = 04-05; baseline 04-01 → slip 4
#  D3: R 04-20; ES 03-21; FF = max(04-20, 03-21+30=04-20) = 04-20 → no slip
#  D4: ES = max(04-21, 04-05+1, 04-20+1) = 04-21; FF = 05-10 → no slip
#  C1: complete → FF = completed_on 03-10 (earlier than baseline: no slip)
#  C2: ES = max(03-16, 03-11) = 03-16; FF = 04-15 → no slip
#  O1: R 03-25; FF = max(03-25, 03-01+14=03-15) = 03-25; baseline 03-15 → slip 10
#  X1: FF = 03-10 → no slip
# Status at D (DESIGN.md): complete if completed_on <= D; else the status of
#  the latest accepted update in a month not after D's; else the status the
#  import gave it, but only from the day of the import (today) on: in 2015 an
#  action with no update is not started.  No signed-off version retired X1,
#  so it reads not started in 2015 too, and C2 (blocked, no update) likewise.
# Overdue (status at D not complete/retired, finish < 03-20): O1 (03-15), X1
#  (03-10).  D1's finish 03-20 is not < 03-20; C1 complete on 03-10.
# Confidence (latest accepted, month ≤ March): T1 A1 high; T2 D1 medium, D3
#  high; T3 C1 high, O1 low.
# By status: T1 not_started 2 (A2 A3), in_progress 1 (A1); T2 not_started 2
#  (D2 D4), in_progress 2 (D1 D3); T3 not_started 2 (C2 X1), in_progress 1
#  (O1), complete 1 (C1).  Uncovered: R4.
#
# ------------------------------------------- status --as-of 2015-04-20 (April)
# Updates counted: month ≤ 2015-04 (A2's May update is not).
#  A1: R 04-10 (April); FF = max(04-10, 03-31) = 04-10 → slip 10 (vs 03-31)
#  A2: ES = max(04-01, 04-11) = 04-11; FF = max(04-30, 04-11+29=05-10) = 05-10 → slip 10
#  A3: ES = max(05-01, 05-11) = 05-11; FF = max(05-31, 05-11+30=06-10) = 06-10 → slip 10
#  D1..D4 as in March (D3's April update is only submitted): D2 slip 4
#  O1: R 04-30; FF 04-30 → slip 04-30 − 03-15 = 16 + 30 = 46
# Overdue (finish < 04-20): A1 (03-31); D1 (03-20), D2 (04-05, not_started
#  counts); C2 (04-15), O1, X1.  Not: D3 (04-20, not <), C1.
# Confidence: T1 A1 low (April); T2 D1 medium, D3 high (March: the April one is
#  submitted only); T3 C1 high, O1 low.
#
# ------------------------------------------- boundaries
#  --as-of 2015-03-31: month March; overdue T1 none (A1 03-31 is not < 03-31),
#    T2 D1, T3 O1 X1; T1 confidence high 1.
#  --as-of 2015-04-01: month April; overdue T1 A1, T2 D1, T3 O1 X1 (D2 04-05
#    not yet, C2 04-15 not yet); T1 confidence low 1 (A1's April update).
#  --as-of 2015-05-20: month May, A2's May update counts: T1 confidence
#    medium 1 (A2), low 1 (A1); A2 FF = max(05-15, 05-10) = 05-15 → slip 15;
#    A3 ES = 05-16, FF = 06-15 → slip 15; A1 slip 10; overdue A1, A2 (04-30).
#
# ------------------------------------------- impact (all accepted updates)
# Pass before any slip (R from the latest accepted update of any month):
#  A1 04-10; A2 max(05-15, 04-11+29=05-10) = 05-15; A3 ES 05-16, max(05-31,
#  05-16+30=06-15) = 06-15; M1 = 04-15 + max(0, 05-15 − 04-30 = 15) = 04-30;
#  M2 = 05-31 + (06-15 − 05-31 = 15) = 06-15.
#  D1 03-20, D2 04-05, D3 04-20, D4 05-10; C1 03-10, C2 04-15; O1 04-30; X1 03-10.
# "Set A's forecast to FF(A) + N, run the pass again": A's reported forecast R
# becomes FF(A) + N and the pass (FF = completed_on if complete, else
# max(R, ES + D)) runs over every action, A included.
#  A1 +10: A1 04-20 (+10); A2 ES 04-21, max(05-15, 05-20) = 05-20 (+5);
#    A3 ES 05-21, 06-20 (+5); M1 04-15+20 = 05-05 (+5); M2 05-31+20 = 06-20 (+5).
#    By `to`, then ref: A1 04-20, M1 05-05, A2 05-20, A3 06-20, M2 06-20.
#  A1 −10: R 03-31; FF = max(03-31, 03-01+30) = 03-31 (−10); A2 ES = max(04-01,
#    04-01) = 04-01, FF = max(05-15, 04-30) = 05-15: unmoved.  Only A1.
#  A2 −10: R 05-05; FF = max(05-05, 04-11+29=05-10) = 05-10 (−5); A3 ES 05-11,
#    FF 06-10 (−5); M1 04-15+10 = 04-25 (−5); M2 05-31+10 = 06-10 (−5).
#  A1 0: nothing moves.
#  D4 +10 (leaf, no milestones): only D4 05-10 → 05-20.
#  D2 +10: D2 04-15; D4 ES = max(04-21, 04-16, 04-21) = 04-21: unmoved (slack).
#  D2 +20: D2 04-25; D4 ES = max(04-21, 04-26, 04-21) = 04-26, FF 05-15 (+5).
#  D1 +10: D1 03-30; D2 ES 03-31 → 04-15; D3 ES 03-31, max(04-20, 04-30) =
#    04-30; D4 ES max(04-21, 04-16, 05-01) = 05-01 → 05-20: all +10.
#  C1 (complete) any N: FF(C1) = completed_on whatever R is, so C1 and C2
#    stay where they are: nothing moves (in particular N = 0 never moves anything).
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

plan=$ROOT/tests/e2e/data/rules.json

fail() {
    echo "FAIL: $*"
    exit 1
}

# json_eq WHAT EXPECTED_FILE ACTUAL_FILE: same JSON value (object key order
# aside); on failure lists every differing path.
json_eq() {
    python3 - "$@" <<'EOF' || exit 1
import json, sys
what, exp_path, act_path = sys.argv[1:4]
with open(exp_path, encoding="utf-8") as f:
    exp = json.load(f)
try:
    with open(act_path, encoding="utf-8") as f:
        act = json.load(f)
except ValueError as e:
    print(f"FAIL: {what}: output is not JSON: {e}")
    sys.exit(1)
diffs = []
def walk(p, e, a):
    if type(e) is not type(a):
        diffs.append(f"{p}: expected {json.dumps(e)}, got {json.dumps(a)}")
    elif isinstance(e, dict):
        for k in list(e) + [k for k in a if k not in e]:
            if k not in a:
                diffs.append(f"{p}.{k}: missing (expected {json.dumps(e[k])})")
            elif k not in e:
                diffs.append(f"{p}.{k}: unexpected {json.dumps(a[k])}")
            else:
                walk(f"{p}.{k}", e[k], a[k])
    elif isinstance(e, list) and len(e) == len(a):
        for i, (x, y) in enumerate(zip(e, a)):
            walk(f"{p}[{i}]", x, y)
    elif e != a:
        diffs.append(f"{p}: expected {json.dumps(e)}, got {json.dumps(a)}")
walk("$", exp, act)
if diffs:
    print(f"FAIL: {what}")
    for d in diffs:
        print("  " + d)
    sys.exit(1)
print(f"ok: {what}")
EOF
}

# field FILE PYTHON-EXPR: prints a value from a JSON file (d is the document).
field() {
    python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(json.dumps(eval(sys.argv[2]), sort_keys=True))' "$1" "$2"
}

# status_eq WHAT DATE EXPECTED_FILE
status_eq() {
    "$DIALTURN" status rules.db --as-of "$2" --json >"status-$2.json" || fail "$1: status exit $?"
    json_eq "$1" "$3" "status-$2.json"
}

# impact_eq WHAT ACTION SLIP MOVED-JSON: the whole answer of impact --json.
impact_eq() {
    printf '{"action": "%s", "slip_days": %d, "moved": %s}\n' "$2" "$3" "$4" >expected-impact.json
    "$DIALTURN" impact rules.db --action "$2" --slip "$3" --json >impact.json || fail "$1: impact exit $?"
    json_eq "$1" expected-impact.json impact.json
}

# --- load -----------------------------------------------------------------
"$DIALTURN" import rules.db "$plan" >/dev/null
"$DIALTURN" export rules.db | cmp - "$plan" || fail "rules.json does not export to itself"
echo "ok: rules.json imports and exports unchanged"

# --- what people read: words, and a reason when nothing moves -------------------
"$DIALTURN" status rules.db --as-of 2015-03-20 >status.txt || fail "status exit $?"
grep -q 'in progress 1' status.txt || fail "status text does not say 'in progress': $(cat status.txt)"
if grep -q 'in_progress\|not_started' status.txt; then fail "status text prints raw words"; fi
echo "ok: status prints words, not codes"
impact_line() { # ACTION SLIP PATTERN: the text answer explains why nothing moves
    "$DIALTURN" impact rules.db --action "$1" --slip "$2" >impact.txt || fail "impact $1 exit $?"
    grep -q 'moves 0 items\.' impact.txt && grep -q "$3" impact.txt ||
        fail "impact $1 $2 gives no reason: $(cat impact.txt)"
}
impact_line C1 20 'complete'
impact_line A1 0 'one day or more'
echo "ok: impact says why nothing moves"

# --- status, March --------------------------------------------------------
cat >expected-0320.json <<'EOF'
{
  "as_of": "2015-03-20",
  "themes": [
    {"ref": "T1", "title": "Chain", "actions": 3,
     "by_status": {"not_started": 2, "in_progress": 1, "complete": 0, "blocked": 0, "retired": 0},
     "by_confidence": {"high": 1, "medium": 0, "low": 0},
     "overdue": [], "slipped": []},
    {"ref": "T2", "title": "Diamond", "actions": 4,
     "by_status": {"not_started": 2, "in_progress": 2, "complete": 0, "blocked": 0, "retired": 0},
     "by_confidence": {"high": 1, "medium": 1, "low": 0},
     "overdue": [], "slipped": [{"ref": "D2", "days": 4}]},
    {"ref": "T3", "title": "Other", "actions": 4,
     "by_status": {"not_started": 2, "in_progress": 1, "complete": 1, "blocked": 0, "retired": 0},
     "by_confidence": {"high": 1, "medium": 0, "low": 1},
     "overdue": ["O1", "X1"], "slipped": [{"ref": "O1", "days": 10}]}
  ],
  "uncovered_recommendations": ["R4"]
}
EOF
status_eq "status --as-of 2015-03-20 --json" 2015-03-20 expected-0320.json

# --- status, April --------------------------------------------------------
cat >expected-0420.json <<'EOF'
{
  "as_of": "2015-04-20",
  "themes": [
    {"ref": "T1", "title": "Chain", "actions": 3,
     "by_status": {"not_started": 2, "in_progress": 1, "complete": 0, "blocked": 0, "retired": 0},
     "by_confidence": {"high": 0, "medium": 0, "low": 1},
     "overdue": ["A1"],
     "slipped": [{"ref": "A1", "days": 10}, {"ref": "A2", "days": 10}, {"ref": "A3", "days": 10}]},
    {"ref": "T2", "title": "Diamond", "actions": 4,
     "by_status": {"not_started": 2, "in_progress": 2, "complete": 0, "blocked": 0, "retired": 0},
     "by_confidence": {"high": 1, "medium": 1, "low": 0},
     "overdue": ["D1", "D2"], "slipped": [{"ref": "D2", "days": 4}]},
    {"ref": "T3", "title": "Other", "actions": 4,
     "by_status": {"not_started": 2, "in_progress": 1, "complete": 1, "blocked": 0, "retired": 0},
     "by_confidence": {"high": 1, "medium": 0, "low": 1},
     "overdue": ["C2", "O1", "X1"], "slipped": [{"ref": "O1", "days": 46}]}
  ],
  "uncovered_recommendations": ["R4"]
}
EOF
status_eq "status --as-of 2015-04-20 --json" 2015-04-20 expected-0420.json

c3=$(field status-2015-03-20.json 'd["themes"][0]["by_confidence"]')
c4=$(field status-2015-04-20.json 'd["themes"][0]["by_confidence"]')
[ "$c3" != "$c4" ] || fail "T1 by_confidence is the same in March and April: $c3"
echo "ok: T1 by_confidence differs between March ($c3) and April ($c4)"

# --- boundaries -----------------------------------------------------------
# themed WHAT DATE PYTHON-EXPR EXPECTED: one value of status --json at DATE.
themed() {
    "$DIALTURN" status rules.db --as-of "$2" --json >s.json || fail "$1: status exit $?"
    expect_eq "$1" "$4" "$(field s.json "$3")"
}
overdue='[t["overdue"] for t in d["themes"]]'
themed "overdue on 2015-03-31 (finish = D is not overdue)" 2015-03-31 "$overdue" '[[], ["D1"], ["O1", "X1"]]'
themed "T1 confidence on 2015-03-31 (March)" 2015-03-31 'd["themes"][0]["by_confidence"]' '{"high": 1, "low": 0, "medium": 0}'
themed "overdue on 2015-04-01" 2015-04-01 "$overdue" '[["A1"], ["D1"], ["O1", "X1"]]'
themed "T1 confidence on 2015-04-01 (April)" 2015-04-01 'd["themes"][0]["by_confidence"]' '{"high": 0, "low": 1, "medium": 0}'
themed "T1 confidence on 2015-05-20 (May update counts)" 2015-05-20 'd["themes"][0]["by_confidence"]' '{"high": 0, "low": 1, "medium": 1}'
themed "T1 slipped on 2015-05-20" 2015-05-20 'd["themes"][0]["slipped"]' \
    '[{"days": 10, "ref": "A1"}, {"days": 15, "ref": "A2"}, {"days": 15, "ref": "A3"}]'
themed "T1 overdue on 2015-05-20" 2015-05-20 'd["themes"][0]["overdue"]' '["A1", "A2"]'
themed "as_of echoes the date" 2015-05-20 'd["as_of"]' '"2015-05-20"'

# --- impact ---------------------------------------------------------------
impact_eq "impact A1 +10 (chain and milestones, ordered by to then ref)" A1 10 '[
  {"kind": "action", "ref": "A1", "from": "2015-04-10", "to": "2015-04-20", "days": 10},
  {"kind": "milestone", "ref": "M1", "from": "2015-04-30", "to": "2015-05-05", "days": 5},
  {"kind": "action", "ref": "A2", "from": "2015-05-15", "to": "2015-05-20", "days": 5},
  {"kind": "action", "ref": "A3", "from": "2015-06-15", "to": "2015-06-20", "days": 5},
  {"kind": "milestone", "ref": "M2", "from": "2015-06-15", "to": "2015-06-20", "days": 5}]'
impact_eq "impact A1 0 moves nothing" A1 0 '[]'
impact_eq "impact A1 -10 (successor held by its own forecast)" A1 -10 '[
  {"kind": "action", "ref": "A1", "from": "2015-04-10", "to": "2015-03-31", "days": -10}]'
impact_eq "impact A2 -10 (bounded by ES + D)" A2 -10 '[
  {"kind": "milestone", "ref": "M1", "from": "2015-04-30", "to": "2015-04-25", "days": -5},
  {"kind": "action", "ref": "A2", "from": "2015-05-15", "to": "2015-05-10", "days": -5},
  {"kind": "action", "ref": "A3", "from": "2015-06-15", "to": "2015-06-10", "days": -5},
  {"kind": "milestone", "ref": "M2", "from": "2015-06-15", "to": "2015-06-10", "days": -5}]'
impact_eq "impact D4 +10 (a leaf moves only itself)" D4 10 '[
  {"kind": "action", "ref": "D4", "from": "2015-05-10", "to": "2015-05-20", "days": 10}]'
impact_eq "impact D2 +10 (absorbed by slack)" D2 10 '[
  {"kind": "action", "ref": "D2", "from": "2015-04-05", "to": "2015-04-15", "days": 10}]'
impact_eq "impact D2 +20 (beyond the slack)" D2 20 '[
  {"kind": "action", "ref": "D2", "from": "2015-04-05", "to": "2015-04-25", "days": 20},
  {"kind": "action", "ref": "D4", "from": "2015-05-10", "to": "2015-05-15", "days": 5}]'
impact_eq "impact D1 +10 (the whole diamond)" D1 10 '[
  {"kind": "action", "ref": "D1", "from": "2015-03-20", "to": "2015-03-30", "days": 10},
  {"kind": "action", "ref": "D2", "from": "2015-04-05", "to": "2015-04-15", "days": 10},
  {"kind": "action", "ref": "D3", "from": "2015-04-20", "to": "2015-04-30", "days": 10},
  {"kind": "action", "ref": "D4", "from": "2015-05-10", "to": "2015-05-20", "days": 10}]'

expect_fail "impact on an unknown action names it" '"?NOPE"?' "$DIALTURN" impact rules.db --action NOPE --slip 10 --json
expect_fail "impact on a milestone ref is not an action" '"?M1"?' "$DIALTURN" impact rules.db --action M1 --slip 10
expect_fail "status of a missing database" 'missing\.db' "$DIALTURN" status missing.db --as-of 2015-04-20
[ ! -e missing.db ] || fail "status created missing.db"
echo "ok: status did not create the missing database"
expect_fail "impact on a missing database" 'missing\.db' "$DIALTURN" impact missing.db --action A1 --slip 1
[ ! -e missing.db ] || fail "impact created missing.db"
echo "ok: impact did not create the missing database"

# usage_error WHAT CMD...: exit 2 and nothing on standard output.
usage_error() {
    local what=$1 out rc
    shift
    out=$("$@" 2>/dev/null) && rc=0 || rc=$?
    [ "$rc" -eq 2 ] || fail "$what: expected exit 2, got $rc"
    [ -z "$out" ] || fail "$what: printed on standard output: $out"
    echo "ok: $what (exit 2)"
}
usage_error "--slip ten" "$DIALTURN" impact rules.db --action A1 --slip ten --json
usage_error "--slip 10x" "$DIALTURN" impact rules.db --action A1 --slip 10x --json
usage_error "--slip ''" "$DIALTURN" impact rules.db --action A1 --slip '' --json
usage_error "--slip 1.5" "$DIALTURN" impact rules.db --action A1 --slip 1.5 --json
usage_error "impact without --slip" "$DIALTURN" impact rules.db --action A1 --json
usage_error "impact without --action" "$DIALTURN" impact rules.db --slip 3 --json
usage_error "status --as-of 2015-13-01" "$DIALTURN" status rules.db --as-of 2015-13-01 --json
usage_error "status --as-of 2015-02-29" "$DIALTURN" status rules.db --as-of 2015-02-29 --json

# --- the text forms -------------------------------------------------------
"$DIALTURN" status rules.db --as-of 2015-04-20 >status.txt || fail "status text exit $?"
expect_grep "status text names the overdue O1" 'overdue.*O1' status.txt
expect_grep "status text names the overdue A1" 'overdue.*A1' status.txt
expect_grep "status text names the uncovered R4" 'R4' status.txt
"$DIALTURN" status rules.db --as-of 2015-03-20 >status-march.txt || fail "status text exit $?"
expect_grep "March status text names the overdue O1" 'overdue.*O1' status-march.txt
if grep -E 'overdue.*A1' status-march.txt >/dev/null; then
    fail "March status text lists A1 as overdue: $(cat status-march.txt)"
fi
echo "ok: March status text does not list A1 as overdue"
"$DIALTURN" impact rules.db --action A1 --slip 10 >impact.txt || fail "impact text exit $?"
for r in A1 A2 A3 M1 M2 2015-05-05 2015-06-20; do
    expect_grep "impact text mentions $r" "$r" impact.txt
done
"$DIALTURN" status rules.db --json >today.json || fail "status without --as-of exit $?"
today=$(field today.json 'd["as_of"]')
case "$today" in
"\"$(date -u +%F)\"" | "\"$(TZ=Europe/London date +%F)\"") echo "ok: status defaults to today ($today)" ;;
*) fail "status without --as-of: as_of is $today, not today" ;;
esac

# --- a completed action (see the working: FF = completed_on, whatever R) ----
impact_eq "impact C1 0 (completed) moves nothing" C1 0 '[]'
impact_eq "impact C1 -10 (completed) moves nothing" C1 -10 '[]'
impact_eq "impact C1 +10 (completed) moves nothing" C1 10 '[]'

# --- the demo at a date: One clock ------------------------------------------
# status --as-of D counts each action's status at D, not today's: on
# 2015-09-30 an action is complete only if its completed_on is no later, and
# the rest read their latest accepted update up to September 2015.
"$DIALTURN" demo --db demo.db --create-only >/dev/null || fail "demo --create-only"
"$DIALTURN" status demo.db --as-of 2015-09-30 --json >demo-0930.json || fail "demo status exit $?"
done_0930=$(sqlite3 demo.db "SELECT count(*) FROM action WHERE completed_on <= '2015-09-30'")
done_now=$(sqlite3 demo.db "SELECT count(*) FROM action WHERE status = 'complete'")
expect_eq "demo on 2015-09-30: complete = actions completed by then ($done_0930 of $done_now today)" \
    "$done_0930" "$(field demo-0930.json 'sum(t["by_status"]["complete"] for t in d["themes"])')"
upd_0930=$(sqlite3 demo.db "SELECT count(*) FROM action a WHERE coalesce(a.completed_on, '9999') > '2015-09-30' AND (SELECT u.status FROM progress_update u JOIN period p ON p.id = u.period_id WHERE u.action_id = a.id AND u.state = 'accepted' AND p.month <= '2015-09' ORDER BY p.month DESC LIMIT 1) IN ('in_progress', 'complete')")
expect_eq "demo on 2015-09-30: in progress = latest update up to September says so" \
    "$upd_0930" "$(field demo-0930.json 'sum(t["by_status"]["in_progress"] for t in d["themes"])')"
# overdue and slipped in natural order (A2 before A10), never byte order
for k in overdue slipped; do
    expect_eq "demo $k lists are in natural order" True "$(python3 -c '
import json, re, sys
d = json.load(open(sys.argv[1]))
key = lambda r: [int(x) if x.isdigit() else x for x in re.split(r"(\d+)", r)]
ok = True
for t in d["themes"]:
    refs = [x if isinstance(x, str) else x["ref"] for x in t[sys.argv[2]]]
    ok = ok and refs == sorted(refs, key=key)
print(ok)' demo-0930.json $k)"
done
expect_eq "demo T1 slipped on 2015-09-30 puts A10 after A7" '["A3", "A5", "A7", "A10"]' \
    "$(field demo-0930.json '[x["ref"] for x in d["themes"][0]["slipped"]]')"
# nothing completed after D counts as done at D in the forward pass: no
# slip of thousands of days from a completion dated by today's clock
expect_eq "demo on 2015-09-30: no slip beyond a year" true \
    "$(field demo-0930.json 'all(x["days"] < 366 for t in d["themes"] for x in t["slipped"])')"
# impact --as-of runs the pass at D too: a slip of an action complete only
# after D moves it
"$DIALTURN" impact demo.db --action A9 --slip 5 --as-of 2015-03-31 --json >imp-early.json ||
    fail "impact --as-of exit $?"
"$DIALTURN" impact demo.db --action A9 --slip 5 --json >imp-now.json || fail "impact exit $?"
expect_eq "impact now: A9 is complete and cannot slip" '[]' "$(field imp-now.json 'd["moved"]')"
expect_eq "impact --as-of 2015-03-31: A9 was not complete yet and slips 5 days" 5 \
    "$(field imp-early.json '[m["days"] for m in d["moved"] if m["ref"] == "A9"][0]')"

echo "all rules checks passed"
