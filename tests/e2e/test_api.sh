#!/usr/bin/env bash
# The read API answers what its OpenAPI document says, for every path, in
# every scope, and for its errors; nothing unsigned is ever in an answer.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

"$DIALTURN" demo --db demo.db --create-only > /dev/null
port=$(free_port)
base="http://127.0.0.1:$port"
"$DIALTURN" serve demo.db --listen "127.0.0.1:$port" > serve.out 2> serve.err &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true; wait $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -fs "$base/healthz" > /dev/null 2>&1 && break
    sleep 0.1
done

python3 "$ROOT/tests/e2e/openapi_check.py" "$base"

# no API answer carries an unsigned month's words
for p in /api/v1/actions/A4 /api/v1/actions/A13 /api/v1/actions/A29 "/api/v1/actions?limit=200" \
    /api/v1/themes /api/v1/periods; do
    if curl -fs "$base$p" | grep -qE 'UNPUBLISHED-DRAFT-MARKER|"(period|month|confidence_month)":"2016-03"'; then
        echo "FAIL: $p carries an unsigned month"
        exit 1
    fi
done
echo "ok: no API answer carries the open month 2016-03 or a draft"
