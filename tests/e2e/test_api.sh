#!/usr/bin/env bash
# The read API answers what its OpenAPI document says, for every path, in
# every scope, and for its errors; nothing unsigned is ever in an answer.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

"$DIALTURN" demo --db demo.db --create-only > /dev/null
start_server demo.db

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
