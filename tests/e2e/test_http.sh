#!/usr/bin/env bash
# HTTP done properly: validators and 304s, a change invalidating them, gzip
# where asked, HEAD, and no validators on errors.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

"$DIALTURN" demo --db demo.db --create-only > /dev/null
start_server demo.db

header() { grep -i "^$1:" | head -1 | cut -d' ' -f2- | tr -d '\r'; }

curl -s -D h1 -o body1 "$base/"
etag=$(header ETag < h1)
lm=$(header Last-Modified < h1)
[ -n "$etag" ] || { echo "FAIL: no ETag on the home page"; cat h1; exit 1; }
[ -n "$lm" ] || { echo "FAIL: no Last-Modified on the home page"; exit 1; }
echo "ok: a page carries ETag $etag and Last-Modified $lm"

expect_eq "If-None-Match with the current tag gives 304" 304 \
    "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base/")"
expect_eq "a 304 has no body" 0 \
    "$(curl -s -o /dev/null -w '%{size_download}' -H "If-None-Match: $etag" "$base/")"
expect_eq "If-Modified-Since the Last-Modified gives 304" 304 \
    "$(curl -s -o /dev/null -w '%{http_code}' -H "If-Modified-Since: $lm" "$base/")"
expect_eq "an old If-Modified-Since gives 200" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' -H 'If-Modified-Since: Mon, 01 Jan 2001 00:00:00 GMT' "$base/")"
expect_eq "a stale tag gives 200" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' -H 'If-None-Match: "0-19990101-1"' "$base/")"
expect_eq "If-None-Match decides even with a matching If-Modified-Since" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' -H 'If-None-Match: "other"' -H "If-Modified-Since: $lm" "$base/")"

# errors carry no validators and are never 304
curl -s -D h404 -o /dev/null -H "If-None-Match: *" "$base/no-such-page"
expect_eq "an unknown page is 404 even with If-None-Match: *" 404 "$(head -1 h404 | cut -d' ' -f2)"
if grep -qi '^etag:' h404; then echo "FAIL: a 404 carries an ETag"; exit 1; fi
echo "ok: a 404 carries no ETag"

# gzip where asked, and only then
curl -s -D hgz -o body.gz -H 'Accept-Encoding: gzip' "$base/"
expect_eq "gzip is used when asked" gzip "$(header Content-Encoding < hgz)"
expect_eq "Vary names Accept-Encoding" Accept-Encoding "$(header Vary < hgz)"
gunzip -c body.gz > body.unz
cmp body.unz body1
echo "ok: the gzip body is the page"
if grep -qi '^content-encoding:' h1; then echo "FAIL: gzip without being asked"; exit 1; fi
echo "ok: no gzip without Accept-Encoding"
expect_eq "gzip;q=0 refuses gzip" "" \
    "$(curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip;q=0' "$base/" | header Content-Encoding)"
gz_etag=$(header ETag < hgz)
[ "$gz_etag" != "$etag" ] || { echo "FAIL: the gzip representation shares the plain ETag"; exit 1; }
echo "ok: the gzip representation has its own ETag"

# HEAD: headers, no body
expect_eq "HEAD answers 200" 200 "$(curl -s -I -o /dev/null -w '%{http_code}' "$base/")"
expect_eq "HEAD has no body" 0 "$(curl -s -I -o /dev/null -w '%{size_download}' "$base/")"

# the page cache: a repeated page is the same bytes, and never outlives a change
curl -fs "$base/plan" > plan1.html
curl -fs "$base/plan" > plan2.html
cmp plan1.html plan2.html
echo "ok: a page served twice (the second from the cache) is the same"
curl -fs -H 'Accept-Encoding: gzip' "$base/plan" | gunzip -c > plan3.html
cmp plan1.html plan3.html
echo "ok: the cached gzip answer is the same page"
if grep -q "(revised)" plan1.html; then echo "FAIL: fixture already revised"; exit 1; fi

# The public validators follow the public record (the latest signed-off
# month's seal), not the ledger: a change the public cannot see yet keeps them,
# and the next sign-off moves them.
python3 - "$ROOT/data/demo/birmingham-2015.json" > changed.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["actions"][0]["title"] = d["actions"][0]["title"] + " (revised)"
json.dump(d, sys.stdout)
PY
"$DIALTURN" import demo.db changed.json > /dev/null
expect_eq "after an unsigned change the old tag still gives 304" 304 \
    "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base/")"
curl -fs "$base/plan" > plan4.html
if grep -q "(revised)" plan4.html; then echo "FAIL: an unsigned change reached the public plan"; exit 1; fi
echo "ok: an unsigned change is not on the public plan"
python3 - changed.json > signed.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for p in d["periods"]:
    if p["month"] == "2016-03":
        p.update(status="signed_off", signed_off_on="2016-04-11", signed_off_by="ceo")
for u in d["updates"]:
    if u["period"] == "2016-03":
        u["state"] = "accepted"
json.dump(d, sys.stdout)
PY
"$DIALTURN" import demo.db signed.json > /dev/null
expect_eq "after the next sign-off the old tag gives 200" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$base/")"
new_etag=$(curl -s -D - -o /dev/null "$base/" | header ETag)
[ "$new_etag" != "$etag" ] || { echo "FAIL: the ETag did not change after a sign-off"; exit 1; }
echo "ok: the ETag changed after a sign-off ($etag → $new_etag)"
curl -fs "$base/plan" > plan5.html
expect_grep "the cached plan page shows the signed-off month at once" "\(revised\)" plan5.html

expect_eq "If-None-Match: * does not make a page 304" 200 \
    "$(curl -s -o /dev/null -w '%{http_code}' -H 'If-None-Match: *' "$base/")"
