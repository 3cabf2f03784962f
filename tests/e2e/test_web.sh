#!/usr/bin/env bash
# test_web.sh — the served plan page proves the stack: CLI → database → model →
# view → HTTP.  Starts `dialturn serve` on a loopback port and drives it with
# curl: the page, escaping, the security headers, the error pages (404, 405,
# 414), and that only accepted updates of signed-off months show a confidence.
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

# expect_header WHAT HEADER-REGEX FILE: a response header (curl -D) matches.
expect_header() {
    if ! tr -d '\r' <"$3" | grep -qiE -- "$2"; then
        echo "FAIL: $1: header /$2/ not in:"
        cat "$3"
        exit 1
    fi
    echo "ok: $1"
}

# expect_no_grep WHAT PATTERN FILE: PATTERN must not occur in FILE.
expect_no_grep() {
    if grep -qE -- "$2" "$3"; then
        echo "FAIL: $1: /$2/ found in $3:"
        grep -nE -- "$2" "$3" | head -5
        exit 1
    fi
    echo "ok: $1"
}

# --- a small plan -------------------------------------------------------------------
# A1: accepted medium (March, signed off), accepted high (April, signed off),
#     accepted low (May, closed but not signed off), submitted low (June, open):
#     shows High, April 2015.
# A2: only a submitted low update in a signed-off month: not yet rated.
# A3: a returned low update (signed off) and a draft low one (open): not yet rated.
cat >"$tmp/plan.json" <<'EOF'
{
  "format": "dialturn-plan/1",
  "people": [
    { "ref": "ceo", "name": "Mark Rogers", "role": "Chief Executive", "kind": "officer" },
    { "ref": "dcs", "name": "Peter Hay", "role": "Strategic Director, People", "kind": "officer" }
  ],
  "themes": [
    { "ref": "T1", "title": "Governance and culture", "lead": "ceo" },
    { "ref": "T2", "title": "Children's services", "lead": "dcs" }
  ],
  "actions": [
    { "ref": "A1", "theme": "T1", "title": "Agree a vision <script>alert(1)</script>",
      "owner": "ceo", "start": "2015-03-01", "finish": "2015-06-30",
      "baseline_finish": "2015-06-30", "status": "in_progress" },
    { "ref": "A2", "theme": "T1", "title": "Publish progress monthly",
      "owner": "dcs", "start": "2015-03-01", "finish": "2015-09-01", "status": "not_started" },
    { "ref": "A3", "theme": "T2", "title": "Stabilise children's social care",
      "owner": "dcs", "start": "2015-03-01", "finish": "2015-12-31", "status": "in_progress" }
  ],
  "periods": [
    { "month": "2015-03", "status": "signed_off", "signed_off_on": "2015-04-10", "signed_off_by": "ceo" },
    { "month": "2015-04", "status": "signed_off", "signed_off_on": "2015-05-11", "signed_off_by": "ceo" },
    { "month": "2015-05", "status": "closed" },
    { "month": "2015-06", "status": "open" }
  ],
  "updates": [
    { "action": "A1", "period": "2015-03", "state": "accepted", "status": "in_progress",
      "percent": 10, "confidence": "medium", "narrative": "Started.", "author": "ceo" },
    { "action": "A1", "period": "2015-04", "state": "accepted", "status": "in_progress",
      "percent": 30, "confidence": "high", "narrative": "On track.", "author": "ceo" },
    { "action": "A1", "period": "2015-05", "state": "accepted", "status": "in_progress",
      "percent": 35, "confidence": "low", "narrative": "DRAFT-SECRET zero", "author": "ceo" },
    { "action": "A1", "period": "2015-06", "state": "submitted", "status": "in_progress",
      "percent": 40, "confidence": "low", "narrative": "DRAFT-SECRET one", "author": "ceo" },
    { "action": "A2", "period": "2015-04", "state": "submitted", "status": "in_progress",
      "percent": 5, "confidence": "low", "narrative": "DRAFT-SECRET two", "author": "dcs" },
    { "action": "A3", "period": "2015-04", "state": "returned", "status": "in_progress",
      "percent": 5, "confidence": "low", "narrative": "DRAFT-SECRET three", "author": "dcs" },
    { "action": "A3", "period": "2015-06", "state": "draft", "status": "in_progress",
      "percent": 5, "confidence": "low", "narrative": "DRAFT-SECRET four", "author": "dcs" }
  ]
}
EOF

"$DIALTURN" init "$tmp/t.db" --org "Test Council" >/dev/null
"$DIALTURN" import "$tmp/t.db" "$tmp/plan.json" >/dev/null
echo "ok: database created and plan imported"

# --- refusals before listening ------------------------------------------------------
expect_fail "serve refuses a missing database" "no such database" \
    "$DIALTURN" serve "$tmp/missing.db" --listen 127.0.0.1:0
expect_fail "serve refuses a bad --listen" "HOST:PORT" \
    "$DIALTURN" serve "$tmp/t.db" --listen nonsense

# --- start the server ---------------------------------------------------------------
start_server --log "$tmp/serve" "$tmp/t.db"
expect_grep "announces itself" "^dialturn: serving Test Council on http://127\.0\.0\.1:$port/$" \
    "$tmp/serve.out"

# A second server on the same port says why it cannot start.
expect_fail "serve refuses a port in use" "127\.0\.0\.1:$port: Address already in use" \
    "$DIALTURN" serve "$tmp/t.db" --listen "127.0.0.1:$port"

# --- /healthz -----------------------------------------------------------------------
expect_eq "/healthz answers ok" "ok" "$(curl -fsS "$base/healthz")"
curl -sS -D "$tmp/h.hdr" -o /dev/null "$base/healthz"
expect_header "/healthz is text/plain" "^content-type: text/plain" "$tmp/h.hdr"

# --- the home page (its figures: test_public_home.sh) ---------------------------------
code=$(curl -sS -o "$tmp/home.html" -w '%{http_code}' "$base/")
expect_eq "/ is 200" "200" "$code"
expect_grep "/ is the home page" "<h1[^>]*>Progress on the improvement plan</h1>" "$tmp/home.html"
expect_grep "/ links to the plan" 'href="/plan"' "$tmp/home.html"
expect_no_grep "/ shows no narrative of an unpublished update" "DRAFT-SECRET" "$tmp/home.html"

# --- the plan page ------------------------------------------------------------------
code=$(curl -sS -D "$tmp/plan.hdr" -o "$tmp/plan.html" -w '%{http_code}' "$base/plan")
expect_eq "/plan is 200" "200" "$code"
expect_header "/plan is HTML" "^content-type: text/html; charset=utf-8$" "$tmp/plan.hdr"
expect_header "CSP" "^content-security-policy: default-src 'self'; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'$" "$tmp/plan.hdr"
expect_header "nosniff" "^x-content-type-options: nosniff$" "$tmp/plan.hdr"
expect_header "referrer policy" "^referrer-policy: same-origin$" "$tmp/plan.hdr"
expect_header "no framing" "^x-frame-options: DENY$" "$tmp/plan.hdr"

expect_grep "HTML5 in British English" '^<html lang="en-GB" class="govuk-template">$' "$tmp/plan.html"
expect_grep "title" "<title>Improvement plan – Test Council</title>" "$tmp/plan.html"
expect_grep "skip link" '<a href="#main-content" class="govuk-skip-link">' "$tmp/plan.html"
expect_grep "main landmark" '<main[^>]* id="main-content"' "$tmp/plan.html"
expect_grep "organisation in the header" 'dialturn-header__name">Test Council<' "$tmp/plan.html"
expect_grep "h1" "<h1[^>]*>Improvement plan</h1>" "$tmp/plan.html"
expect_grep "theme T1" "<h2 [^>]*>.*T1 Governance and culture</a></h2>" "$tmp/plan.html"
expect_grep "theme T2 (escaped apostrophe)" "<h2 [^>]*>.*T2 Children&#39;s services</a></h2>" "$tmp/plan.html"
expect_grep "table caption" "<caption" "$tmp/plan.html"
expect_grep "column headers" '<th scope="col" class="govuk-table__header">Confidence</th>' "$tmp/plan.html"
expect_grep "action A2" '<td class="govuk-table__cell">Publish progress monthly</td>' "$tmp/plan.html"
expect_grep "action A3" '<td class="govuk-table__cell">Stabilise children&#39;s social care</td>' "$tmp/plan.html"
expect_grep "owner and role" 'Mark Rogers <span class="dialturn-role">\(Chief Executive\)</span>' "$tmp/plan.html"
expect_grep "due date" '<time datetime="2015-06-30">30 Jun 2015</time>' "$tmp/plan.html"
expect_grep "status" '<td class="govuk-table__cell">In progress' "$tmp/plan.html"
expect_grep "footer" "<footer" "$tmp/plan.html"

# The script tag only ever appears escaped.
expect_grep "script title escaped" "Agree a vision &lt;script&gt;alert\(1\)&lt;/script&gt;" "$tmp/plan.html"
expect_no_grep "no live script tag" "<script" "$tmp/plan.html"

# Confidence comes only from accepted updates in signed-off months.
expect_grep "A1 shows its accepted April rating" \
    '<strong class="govuk-tag dialturn-tag--high">High</strong> <span class="dialturn-rating-month">April 2015</span>' \
    "$tmp/plan.html"
expect_no_grep "the superseded March rating is not current" "dialturn-tag--medium" "$tmp/plan.html"
expect_no_grep "unsigned-off, submitted, returned and draft ratings never show" 'dialturn-tag--low|<strong[^>]*>Low<' "$tmp/plan.html"
expect_eq "A2 and A3 are not yet rated" "2" "$(grep -c 'class="dialturn-unrated">Not yet rated' "$tmp/plan.html")"
expect_no_grep "no narrative of an unpublished update" "DRAFT-SECRET" "$tmp/plan.html"

# HEAD answers like GET, without a body.
code=$(curl -sS -I -o "$tmp/head.hdr" -w '%{http_code}' "$base/")
expect_eq "HEAD / is 200" "200" "$code"

# --- the stylesheet -----------------------------------------------------------------
code=$(curl -sS -D "$tmp/css.hdr" -o "$tmp/dialturn.css" -w '%{http_code}' "$base/assets/dialturn.css")
expect_eq "stylesheet is 200" "200" "$code"
expect_header "stylesheet is CSS" "^content-type: text/css" "$tmp/css.hdr"
expect_header "stylesheet has the security headers too" "^x-content-type-options: nosniff$" "$tmp/css.hdr"
expect_grep "stylesheet styles the tags" '\.tag--high' "$tmp/dialturn.css"

# --- errors -------------------------------------------------------------------------
code=$(curl -sS -D "$tmp/404.hdr" -o "$tmp/404.html" -w '%{http_code}' "$base/no/such/page")
expect_eq "unknown path is 404" "404" "$code"
expect_header "404 is HTML" "^content-type: text/html" "$tmp/404.hdr"
expect_header "404 has the security headers" "^content-security-policy: default-src 'self'" "$tmp/404.hdr"
expect_grep "404 says page not found" '<h1 class="govuk-heading-l">Page not found</h1>' "$tmp/404.html"
expect_grep "404 links home" '<a href="/"' "$tmp/404.html"

code=$(curl -sS -o "$tmp/404b.html" -w '%{http_code}' "$base/%3Cscript%3Ealert(1)%3C/script%3E")
expect_eq "unknown path with markup is 404" "404" "$code"
expect_no_grep "404 does not reflect the path" "<script" "$tmp/404b.html"

code=$(curl -sS -X POST -d 'x=1' -D "$tmp/405.hdr" -o "$tmp/405.html" -w '%{http_code}' "$base/")
expect_eq "POST / is 405" "405" "$code"
expect_header "405 says what is allowed" "^allow: GET, HEAD$" "$tmp/405.hdr"
expect_grep "405 links home" '<a href="/"' "$tmp/405.html"

long=$(head -c 2100 /dev/zero | tr '\0' 'a')
code=$(curl -sS -D "$tmp/414.hdr" -o "$tmp/414.html" -w '%{http_code}' "$base/?q=$long")
expect_eq "URL over 2 KiB is 414" "414" "$code"
expect_header "414 has the security headers" "^x-frame-options: DENY$" "$tmp/414.hdr"
code=$(curl -sS -o /dev/null -w '%{http_code}' "$base/?q=$(head -c 1900 /dev/zero | tr '\0' 'a')")
expect_eq "URL under 2 KiB is served" "200" "$code"

# --- logging and stopping -----------------------------------------------------------
expect_grep "access log: method path status bytes microseconds" \
    "^GET / 200 [0-9]+ [0-9]+$" "$tmp/serve.err"
expect_grep "access log records the 404" "^GET /no/such/page 404 [0-9]+ [0-9]+$" "$tmp/serve.err"

rc=0
stop_server "$server_pid" || rc=$?
expect_eq "SIGTERM stops the server cleanly" "0" "$rc"
expect_no_grep "no sanitizer reports" "Sanitizer|runtime error" "$tmp/serve.err"

# --- an organisation with nothing in it yet ----------------------------------------
# A fresh database (no themes, actions, dependencies or updates) is served
# with empty states, not a crash: every page type answers.
"$DIALTURN" init "$tmp/empty.db" --org "Empty Council" >/dev/null
start_server --log "$tmp/empty" "$tmp/empty.db"
for p in / /plan /themes /recommendations /milestones /measures /data /search?q=x /feed.atom \
    /api/v1/actions /login; do
    code=$(curl -sS -o /dev/null -w '%{http_code}' "$base$p")
    expect_eq "empty organisation: $p answers" 200 "$code"
done
stop_server "$server_pid"
expect_no_grep "no sanitizer reports on the empty organisation" "Sanitizer|runtime error" "$tmp/empty.err"

echo "test_web: all passed"
