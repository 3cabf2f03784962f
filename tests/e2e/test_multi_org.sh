#!/usr/bin/env bash
# `dialturn serve DIR`: every database file of a directory, one organisation
# each under /<slug>/, with an index listing them; links stay inside.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

mkdir orgs
"$DIALTURN" demo --db orgs/birmingham.db --create-only > /dev/null
"$DIALTURN" init orgs/other.db --org "Other <Borough> Council" --slug other > /dev/null
touch orgs/notes.txt # not a database: ignored

start_server --health /birmingham/healthz orgs
expect_grep "the server says how many organisations it serves" "serving 2 organisations on $base/" serve.out

curl -fs "$base/" > index.html
expect_grep "the index links the demo" 'href="/birmingham/"' index.html
expect_grep "the index links the other, its name escaped" 'href="/other/">Other &lt;Borough&gt; Council' index.html
expect_eq "the shared stylesheet is served at the top" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' "$base/assets/dialturn.css")"

curl -fs "$base/birmingham/plan" > plan.html
expect_grep "an organisation's page is its own" "Birmingham City Council" plan.html
# every site-absolute link stays under the organisation
if grep -oE '(href|src|action)="/[^"]*"' plan.html | grep -vE '="/birmingham/'; then
    echo "FAIL: a link escapes /birmingham/"
    exit 1
fi
echo "ok: every link on /birmingham/plan stays under /birmingham/"

curl -fs "$base/other/" > other.html
expect_grep "the other organisation's home is its own" "Other &lt;Borough&gt; Council" other.html
if grep -q "Kerslake\|Leadership and strategy" other.html; then
    echo "FAIL: the demo's plan leaked into the other organisation"
    exit 1
fi
echo "ok: organisations do not share data"

expect_eq "an unknown organisation is 404" 404 \
    "$(curl -s -o /dev/null -w '%{http_code}' "$base/nobody/plan")"
expect_eq "a page outside any organisation is 404" 404 \
    "$(curl -s -o /dev/null -w '%{http_code}' "$base/plan")"

# two files with one slug are refused at start-up
cp orgs/birmingham.db orgs/copy.db
expect_fail "two files with one slug" 'both have the slug "birmingham"' \
    "$DIALTURN" serve orgs --listen "127.0.0.1:$(free_port)"
mkdir empty
expect_fail "an empty directory" "no database files" \
    "$DIALTURN" serve empty --listen "127.0.0.1:$(free_port)"
