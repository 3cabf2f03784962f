#!/usr/bin/env bash
# The input layer, route by route: every route the server declares (`dialturn
# serve --route-fields`) gets each of its declared fields malformed in each
# way the layer knows for the field's type (invalid UTF-8, too long, control
# characters, words for numbers, overflow, nan and inf, impossible dates and
# months, bad refs and choices, javascript: links, a required field left
# out), sent as a reader who may use the route.  Each must be refused with a
# 4xx whose body names the field, never a 500, and the server must still
# answer afterwards.  The walk is tests/e2e/inputs_walk.py.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

"$DIALTURN" demo --db d.db --create-only >/dev/null
start_demo d.db
"$DIALTURN" serve --route-fields > routes.json
python3 "$ROOT/tests/e2e/inputs_walk.py" "$base" routes.json
expect_eq "the server still answers" 200 "$(curl -sS -o /dev/null -w '%{http_code}' "$base/healthz")"
if grep -q 'AddressSanitizer\|runtime error' serve.err; then
    echo "FAIL: the sanitizers reported:"
    grep -A20 'AddressSanitizer\|runtime error' serve.err | head -40
    exit 1
fi
echo "ok: no sanitizer report"
