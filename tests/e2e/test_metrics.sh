#!/usr/bin/env bash
# test_metrics.sh — /metrics for the operator: Prometheus's text format with
# the requests by route and status, a latency histogram, the database's size
# and the last backup's time; an administrator's API token or session gets
# it, anyone else is refused (401 anonymous, 403 another role).
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"
PW=dialturn-demo

fail() {
    echo "FAIL: $*"
    exit 1
}
"$DIALTURN" demo --db d.db --create-only >/dev/null
mkdir backups
start_server d.db --backup-dir backups

token_for() { # USER -> an API token of theirs
    sign_in "jar.$1" "$1" "$PW"
    local csrf
    csrf=$(page_csrf "jar.$1" /work/account)
    curl -sS -b "jar.$1" -o tok.html --data-urlencode "csrf=$csrf" --data-urlencode token_name=scrape \
        "$base/work/account/tokens"
    grep -o 'id="token"[^>]*value="[0-9a-f]*"' tok.html | sed 's/.*value="//; s/"$//'
}
admin=$(token_for admin)
owner=$(token_for hr)
[ ${#admin} = 64 ] && [ ${#owner} = 64 ] || fail "no API tokens"

expect_eq "anonymous is refused with 401" 401 "$(curl -s -o /dev/null -w '%{http_code}' "$base/metrics")"
expect_eq "an owner's token is refused" 403 \
    "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $owner" "$base/metrics")"
expect_eq "a wrong token is refused" 401 \
    "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(printf 'f%.0s' $(seq 64))" "$base/metrics")"

for i in 1 2 3; do curl -s -o /dev/null "$base/plan?n=$i"; done
curl -s -o /dev/null "$base/no/such/page"
curl -sS -D m.h -o m.txt -H "Authorization: Bearer $admin" "$base/metrics"
expect_grep "the administrator's token gets the metrics" '^HTTP/1.1 200' m.h
expect_grep "in Prometheus's text format" '^Content-Type: text/plain; version=0\.0\.4' m.h
expect_grep "requests are counted by route and status" '^dialturn_requests_total\{method="GET",route="/plan",status="200"\} 3$' m.txt
expect_grep "unmatched requests too" '^dialturn_requests_total\{method="",route="unmatched",status="404"\} 1$' m.txt
expect_grep "a latency histogram" '^dialturn_request_seconds_bucket\{le="\+Inf"\} [0-9]+$' m.txt
expect_grep "with its count" '^dialturn_request_seconds_count [0-9]+$' m.txt
size=$(stat -c %s d.db)
expect_grep "the database's size" "^dialturn_database_bytes\{org=\"birmingham\",file=\"db\"\} $size$" m.txt
expect_grep "the outbox by status" '^dialturn_mail_outbox\{org="birmingham",status="queued"\} [0-9]+$' m.txt
expect_grep "and how long mail has waited" '^dialturn_mail_oldest_queued_seconds\{org="birmingham"\} [0-9]+$' m.txt
expect_grep "no backup yet" '^dialturn_backup_last_seconds\{org="birmingham"\} 0$' m.txt
"$DIALTURN" backup d.db --dir backups >/dev/null
curl -sS -o m2.txt -H "Authorization: Bearer $admin" "$base/metrics"
last=$(sed -n 's/^dialturn_backup_last_seconds{org="birmingham"} //p' m2.txt)
[ "$last" -gt $(($(date +%s) - 120)) ] || fail "the last backup's time is not recent: $last"
echo "ok: the last backup's time is reported"
expect_eq "a signed-in administrator gets them too" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' -b jar.admin "$base/metrics")"
expect_eq "a signed-in owner does not" 403 "$(curl -s -o /dev/null -w '%{http_code}' -b jar.hr "$base/metrics")"
python3 - m2.txt <<'PY' || fail "the metrics are not valid exposition format"
import re, sys
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    if not line or line.startswith("# HELP ") or line.startswith("# TYPE "):
        continue
    assert re.fullmatch(r'[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="[^"\\\n]*",?)*\})? [0-9.e+-]+|[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? \+Inf', line), line
print("ok: every line is a valid sample")
PY
expect_no_grep "no sanitizer reports" "Sanitizer|runtime error" serve.err
echo "test_metrics: all passed"
