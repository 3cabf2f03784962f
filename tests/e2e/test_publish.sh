#!/usr/bin/env bash
# `dialturn publish`: the public site as static files — the same pages, only
# signed-off months, relative links that all resolve, feeds and downloads.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

"$DIALTURN" demo --db demo.db --create-only > /dev/null
"$DIALTURN" publish demo.db --out site > publish.out
cat publish.out
expect_grep "publish reports what it wrote" "^published [0-9]+ pages \([0-9]+ files" publish.out
if grep -q "links led to missing pages" publish.out; then
    echo "FAIL: the site links to pages that do not exist"
    exit 1
fi
echo "ok: no link leads to a missing page"

for f in index.html plan/index.html 404.html assets/dialturn.css; do
    [ -s "site/$f" ] || { echo "FAIL: site/$f is missing"; exit 1; }
done
echo "ok: the home page, the plan, 404.html and the stylesheet are there"

# every relative link of every page resolves to a file of the tree
python3 - <<'PY'
import os, re, sys, html
root = "site"
bad, pages, links = [], 0, 0
for dirpath, _, files in os.walk(root):
    for name in files:
        if not name.endswith((".html", ".atom")):
            continue
        pages += 1
        path = os.path.join(dirpath, name)
        text = open(path, encoding="utf-8").read()
        for m in re.finditer(r'(?:href|src|action)="([^"#]*)(#[^"]*)?"', text):
            url = html.unescape(m.group(1))
            if not url or re.match(r"^[a-z]+:", url) or url.startswith("//"):
                continue
            links += 1
            if url.startswith("/"):
                bad.append(f"{path}: site-absolute link {url}")
                continue
            target = os.path.normpath(os.path.join(dirpath, url))
            if not os.path.isfile(target):
                bad.append(f"{path}: {url} -> {target} missing")
if bad:
    print("FAIL: broken links:\n  " + "\n  ".join(bad[:20]))
    sys.exit(1)
print(f"ok: all {links} links of {pages} pages resolve within the tree")
PY

if grep -rl "UNPUBLISHED-DRAFT-MARKER" site; then
    echo "FAIL: an unsigned update reached the published site"
    exit 1
fi
echo "ok: nothing from an unsigned month was published"

# the read API's answers are .json files, so a web server sends them as JSON, and they parse
[ -s site/api/v1/periods/index.json ] || { echo "FAIL: site/api/v1/periods/index.json is missing"; exit 1; }
if find site/api -name '*.html' | grep -q .; then
    echo "FAIL: an API answer was published as HTML: $(find site/api -name '*.html' | head -3)"
    exit 1
fi
python3 -c 'import json,sys; [json.load(open(f)) for f in sys.argv[1:]]' $(find site/api -name '*.json') \
    || { echo "FAIL: a published API answer is not JSON"; exit 1; }
echo "ok: the API's answers are published as JSON files"

# the same bytes as the server's page (links aside): the home page title matches
expect_grep "the published home page names the organisation" "Birmingham City Council" site/index.html

# publishing twice gives the same files
"$DIALTURN" publish demo.db --out site2 > /dev/null
if ! diff -r site site2 > /dev/null; then
    echo "FAIL: two publications of the same database differ"
    diff -r site site2 | head -5
    exit 1
fi
echo "ok: publishing is repeatable"

rc=0
"$DIALTURN" publish demo.db 2> usage.err || rc=$?
expect_eq "publish without --out is a usage error" 2 "$rc"
expect_grep "the usage error says what is expected" "expects FILE\|DIR --out OUT" usage.err

# A static host answers no query: the copy offers no search or filter form
# (nothing there could answer it) and no link to the search page.
if grep -rl --include='*.html' '<form' site | head -3 | grep .; then
    echo "FAIL: a published page has a form a static host cannot answer"
    exit 1
fi
echo "ok: no published page has a form"
if grep -rlE --include='*.html' 'href="[./]*search' site | head -3 | grep .; then
    echo "FAIL: a published page links to search"
    exit 1
fi
echo "ok: no published page links to search"

# File names a reader can read: a month's view lives under as-at/MONTH/, a
# list's pages under page-N/; no escaped query in a file name.
if find site -name 'index_*' | head -3 | grep .; then
    echo "FAIL: a file name carries an escaped query"
    exit 1
fi
echo "ok: no file name carries an escaped query"
for f in as-at/2015-09/index.html as-at/2015-09/plan/index.html as-at/2015-09/actions/A1/index.html \
    as-at/2015-09/milestones/index.html; do
    [ -s "site/$f" ] || { echo "FAIL: site/$f is missing"; exit 1; }
done
echo "ok: September 2015's view is published under as-at/2015-09/"
# …and its links stay in that month: the plan and actions it links to are September's.
expect_grep "September's home links to September's plan" 'href="(\.\./)*as-at/2015-09/plan/index.html"' \
    site/as-at/2015-09/index.html
expect_grep "September's plan links to September's actions" \
    'href="(\.\./)*as-at/2015-09/actions/A1/index.html"' \
    site/as-at/2015-09/plan/index.html
expect_grep "September's action page says it is as at September" \
    'as it stood at the end of September 2015' site/as-at/2015-09/actions/A1/index.html
