#!/usr/bin/env bash
# Nothing aborts on data: a narrative changed behind dialturn's back to bytes
# that are not UTF-8 (which jansson refuses to write) is named, never a crash
# and never left out of a download in silence.  `verify` names the row;
# `export` (JSON and CSV) exits 1 with one line naming the table, the row and
# the column, and `publish` stops with a last line that names them; the
# server answers /data/plan.json with a 500 page and goes on answering
# (/healthz, the home page) with no sanitizer report.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

"$DIALTURN" demo --db d.db --create-only >/dev/null
# an accepted update of a signed-off month: on the public record
id=$(sqlite3 d.db "SELECT u.id FROM progress_update u JOIN month_record m ON m.period_id = u.period_id
                   WHERE u.state = 'accepted' ORDER BY u.id LIMIT 1")
[ -n "$id" ] || { echo "FAIL: the demo has no accepted update of a signed-off month"; exit 1; }
sqlite3 d.db "DROP TRIGGER progress_update_frozen_u;
              UPDATE progress_update SET narrative = CAST(X'4F6BFF20C3' AS TEXT) WHERE id = $id"
expect_eq "the narrative holds bytes that are not UTF-8" 1 \
    "$(sqlite3 d.db "SELECT count(*) FROM progress_update WHERE id = $id AND narrative = CAST(X'4F6BFF20C3' AS TEXT)")"

expect_fail "verify names the row and the column" \
    "progress_update row $id: column narrative is not valid UTF-8" "$DIALTURN" verify d.db
expect_fail "export (JSON) names the row and the column" \
    "progress_update row $id: column narrative is not valid UTF-8" "$DIALTURN" export d.db --out out.json
expect_fail "export (CSV) names the row and the column" \
    "progress_update row $id: column narrative is not valid UTF-8" \
    "$DIALTURN" export d.db --format csv --kind updates --out out.csv
# publish logs each page that failed, then stops on one line of its own
if "$DIALTURN" publish d.db --out site >publish.out 2>publish.err; then
    echo "FAIL: publish succeeded over a row that is not UTF-8"
    exit 1
fi
expect_grep "publish stops, naming the row and the column" \
    "^dialturn publish: .*progress_update row $id: column narrative is not valid UTF-8" \
    <(tail -n 1 publish.err)

start_server d.db
code=$(curl -sS -o plan.out -w '%{http_code}' "$base/data/plan.json")
expect_eq "/data/plan.json is a 500" 500 "$code"
code=$(curl -sS -o upd.out -w '%{http_code}' "$base/data/updates.csv")
expect_eq "/data/updates.csv is a 500" 500 "$code"
expect_eq "the server still answers /healthz" 200 "$(curl -sS -o /dev/null -w '%{http_code}' "$base/healthz")"
expect_eq "the server still answers the home page" 200 "$(curl -sS -o /dev/null -w '%{http_code}' "$base/")"
expect_eq "a second /data/plan.json is a 500 again (no half-made download kept)" 500 \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$base/data/plan.json")"
kill -0 "$server_pid" || { echo "FAIL: the server exited"; exit 1; }
echo "ok: the server is still running"
if grep -q 'AddressSanitizer\|runtime error' serve.err; then
    echo "FAIL: the sanitizers reported:"
    grep -A20 'AddressSanitizer\|runtime error' serve.err | head -40
    exit 1
fi
echo "ok: no sanitizer report"
expect_grep "the log names the row" "progress_update row $id: column narrative is not valid UTF-8" serve.err
