#!/usr/bin/env bash
# test_warm.sh — the latest signed-off month's record is built before anyone
# asks (src/web/warm.h): when the server starts and when a month is signed
# off on the web, the server builds what the public pages compute from it
# with no public request at all (its log line, and /metrics: the record
# memo's builds and the head warmed); the first public requests afterwards
# then build nothing, and answer what they answered before.
#
# Needs $DIALTURN (the binary); run alone or from tests/e2e/run.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${ROOT:=$(cd "$here/../.." && pwd)}"
: "${DIALTURN:?set DIALTURN to the dialturn binary}"
# shellcheck source=tests/e2e/lib.sh
source "$ROOT/tests/e2e/lib.sh"

tmp=$(mktemp -d)
at_exit rm -rf "$tmp"
cd "$tmp"

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
  {"ref": "perf", "name": "Pat Office", "role": "Head of Performance", "kind": "officer"}],
 "themes": [{"ref": "T1", "title": "Governance", "lead": "ceo"}],
 "actions": [
  {"ref": "A1", "theme": "T1", "title": "Adopt the constitution", "owner": "o1",
   "start": "2015-03-01", "finish": "2015-09-30", "status": "in_progress"},
  {"ref": "A2", "theme": "T1", "title": "Repair the town hall", "owner": "o1",
   "start": "2015-03-01", "finish": "2015-12-31", "status": "not_started"}],
 "periods": [{"month": "2015-03", "status": "signed_off", "signed_off_on": "2015-04-10",
              "signed_off_by": "ceo"},
             {"month": "2015-04", "status": "signed_off", "signed_off_on": "2015-05-11",
              "signed_off_by": "ceo"},
             {"month": "2015-05", "status": "open"}],
 "updates": [
  {"action": "A1", "period": "2015-03", "state": "accepted", "status": "in_progress",
   "percent": 10, "confidence": "medium", "narrative": "March went to plan.", "author": "o1"},
  {"action": "A1", "period": "2015-04", "state": "accepted", "status": "in_progress",
   "percent": 30, "confidence": "medium", "narrative": "April too.", "author": "o1"},
  {"action": "A1", "period": "2015-05", "state": "accepted", "status": "in_progress",
   "percent": 40, "confidence": "medium", "narrative": "May as well.", "author": "o1"}]}
EOF
"$DIALTURN" import t.db plan.json >/dev/null
PW='a long enough password'
add() { echo "$PW" | "$DIALTURN" user add t.db "$@" >/dev/null; }
add admin --name 'Ada Admin' --role admin
add pmo --name 'Pat Office' --role pmo --person perf
add ceo --name 'Carol Chief' --role executive --person ceo
export DIALTURN_TODAY=2015-06-08 DIALTURN_NOW=2015-06-02T09:30:00Z

# wait_warmed MONTH SECONDS: until the server's log says it warmed MONTH
wait_warmed() {
    for _ in $(seq 1 $(($2 * 10))); do
        grep -q "^dialturn: warmed the record of $1 (test) in [0-9.]* s: [0-9]* objects built$" \
            serve.err && return 0
        sleep 0.1
    done
    fail "the server did not warm $1 by itself; its log: $(cat serve.err)"
}
# metric NAME: its value in a fresh /metrics (the administrator's token)
metric() {
    curl -sS -H "Authorization: Bearer $admin" "$base/metrics" |
        sed -n -E "s/^$1(\{[^}]*\})? //p"
}
head_of() { "$DIALTURN" heads t.db | awk -v m="$1" '$1 == m {print $2}'; }

start_server t.db
wait_warmed 2015-04 20
echo "ok: started, the server warms the latest signed-off month without any request"

for who in admin pmo ceo; do sign_in "jar.$who" "$who" "$PW"; done
declare -A CSRF
for who in admin pmo ceo; do CSRF[$who]=$(page_csrf "jar.$who" /work); done
post() { # WHO PATH [name=value...] -> the status code
    local who=$1 path=$2
    shift 2
    local args=()
    for a in "$@"; do args+=(--data-urlencode "$a"); done
    curl -sS -b "jar.$who" -o body.html -w '%{http_code}' \
        --data-urlencode "csrf=${CSRF[$who]}" "${args[@]}" "$base$path"
}
csrf=$(page_csrf jar.admin /work/account)
curl -sS -b jar.admin -o tok.html --data-urlencode "csrf=$csrf" --data-urlencode token_name=scrape \
    "$base/work/account/tokens"
admin=$(grep -o 'id="token"[^>]*value="[0-9a-f]*"' tok.html | sed 's/.*value="//; s/"$//')
[ ${#admin} = 64 ] || fail "no API token"

expect_eq "/metrics names the head warmed: April's seal" "$(head_of 2015-04)" \
    "$(metric dialturn_record_warmed_head)"
built=$(metric dialturn_record_memo_builds_total)
[ "$built" -gt 0 ] || fail "the record memo built nothing before the first public request"
echo "ok: the record memo built $built objects before any public request"

public=(/ /plan /themes /themes/T1 /actions/A1 /milestones /recommendations /measures /feed.atom
    /api/v1/actions /api/v1/milestones /api/v1/recommendations /data/plan.json /data/actions.csv
    /data/updates.csv /data/measure_values.csv)
for p in "${public[@]}"; do
    curl -sS -o /dev/null "$base$p?first=1"
    curl -sS -o /dev/null -H 'Accept-Encoding: gzip' "$base$p?first=2"
done
expect_eq "the first public requests of April built nothing" "$built" \
    "$(metric dialturn_record_memo_builds_total)"

# --- a sign-off on the web: the new month is warmed without a reader ----------------------------
curl -sS -o before.json "$base/data/plan.json"
expect_eq "pmo closes May" 303 "$(post pmo /work/periods/2015-05/close confirm=yes)"
expect_eq "ceo signs May off" 303 "$(post ceo /work/periods/2015-05/sign-off confirm=yes)"
# half the warmer's period between looks (WARM_POLL_S, 10 s): the sign-off woke it
wait_warmed 2015-05 5
echo "ok: a sign-off on the web warms the new month at once, not at the warmer's next look"
expect_eq "/metrics names May's seal" "$(head_of 2015-05)" "$(metric dialturn_record_warmed_head)"
built=$(metric dialturn_record_memo_builds_total)
for p in "${public[@]}"; do curl -sS -o /dev/null "$base$p?second=1"; done
expect_eq "the first public requests of May built nothing" "$built" \
    "$(metric dialturn_record_memo_builds_total)"
curl -sS -o after.json "$base/data/plan.json"
grep -q '"narrative": "May as well."' after.json || fail "May's update is not in the warmed download"
grep -q '"narrative": "May as well."' before.json && fail "May's update was public before May was signed off"
echo "ok: the warmed download is May's record, and April's did not show May"
curl -sS -o april.json "$base/data/plan.json?as_at=2015-04"
cmp -s before.json april.json || fail "April's download changed: $(diff before.json april.json | head -3)"
echo "ok: April's download is what it was"
expect_no_grep "no page failed while warming" 'warming|Sanitizer|runtime error' serve.err
echo "test_warm: all passed"
