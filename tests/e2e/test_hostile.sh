#!/usr/bin/env bash
# Requests made to break the server, each answered and survived: input that
# ends inside a UTF-8 character where a message quotes it, control
# characters in quoted input.  After every one the server still answers.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

fail() {
    echo "FAIL: $*"
    exit 1
}

cat >plan.json <<'EOF'
{"format": "dialturn-plan/1",
 "organisation": {"name": "Test Council", "slug": "test", "timezone": "Europe/London",
                  "rating_scale": "confidence3"},
 "people": [{"ref": "o1", "name": "Olive Owner", "role": "Director", "kind": "officer"}],
 "themes": [{"ref": "T1", "title": "Governance", "lead": "o1"}],
 "actions": [
  {"ref": "A1", "theme": "T1", "title": "Adopt the constitution", "owner": "o1",
   "start": "2015-03-01", "finish": "2015-09-30", "status": "in_progress"}]}
EOF
"$DIALTURN" import t.db plan.json >/dev/null
PW='a long enough password'
echo "$PW" | "$DIALTURN" user add t.db olive --name 'Olive Owner' --role owner --person o1 >/dev/null
echo "$PW" | "$DIALTURN" user add t.db admin --name 'Ada Admin' --role admin >/dev/null
start_server t.db
sign_in jar.olive olive "$PW"
csrf=$(page_csrf jar.olive /work/account)
curl -sS -b jar.olive -o tok.html --data-urlencode "csrf=$csrf" --data-urlencode token_name=e2e \
    "$base/work/account/tokens"
TOKEN=$(grep -o 'id="token" type="text" readonly value="[0-9a-f]*"' tok.html | grep -o '[0-9a-f]\{64\}')
[ ${#TOKEN} = 64 ] || fail "no API token was shown"

alive() {
    expect_eq "$1: the server still answers" 200 \
        "$(curl -sS -o /dev/null -w '%{http_code}' "$base/healthz")"
}
api() { # PATH BODY -> code, answer in api.json
    curl -sS -o api.json -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' --data-binary "$2" "$base$1"
}
# valid_json FILE: the file is one JSON document (so valid UTF-8), whose
# message has no control character
valid_json() {
    python3 - "$1" <<'EOF'
import json, sys
raw = open(sys.argv[1], "rb").read()
doc = json.loads(raw.decode("utf-8"))
# problem details (RFC 9457): the detail and each field's name and message
texts = [doc["detail"]] + [t for e in doc.get("errors", []) for t in (e["field"], e["message"])]
for msg in texts:
    assert not any(ord(c) < 0x20 or ord(c) == 0x7f for c in msg), msg
EOF
}

# --- messages that quote input are cut at a character boundary -------------------------
key99=$(printf 'k%.0s' $(seq 1 99))
expect_eq "an unknown key of 99 bytes and an é is refused" 400 \
    "$(api /api/v1/actions/A1/update "{\"${key99}é\": 1}")"
valid_json api.json || fail "the refusal is not valid JSON: $(cat api.json)"
expect_grep "it names the field" '"field":"k{99}é"' api.json
alive "after a key cut inside a character"
e150=$(for _ in $(seq 1 150); do printf 'é'; done)
code=$(api "/api/v1/actions/A$(printf '%s' "$e150" | od -An -v -tx1 | tr -d ' \n' | sed 's/../%&/g')/update" '{"status": "in_progress"}')
expect_eq "a ref of 150 é is answered 404" 404 "$code"
valid_json api.json || fail "the 404 is not valid JSON: $(cat api.json)"
alive "after a ref of 150 é"
expect_eq "an unknown key with control characters is refused" 400 \
    "$(api /api/v1/actions/A1/update '{"a\u001b[31mred\u0007\n": 1}')"
valid_json api.json || fail "the message echoes control characters: $(cat api.json)"
alive "after control characters"
for n in 97 98 99 100 101 102; do
    k=$(printf 'x%.0s' $(seq 1 "$n"))
    api /api/v1/actions/A1/update "{\"${k}€𝄞\": 1}" >/dev/null
    valid_json api.json || fail "key of $n bytes then multi-byte characters: $(cat api.json)"
done
echo "ok: cuts at every offset within a character are clean"
alive "after cuts at every offset"

# --- a form whose text is not UTF-8 is refused, not stored or crashed on -----------------
csrf=$(page_csrf jar.olive /work/account)
code=$(curl -sS -b jar.olive -o page.html -w '%{http_code}' --data "csrf=$csrf&token_name=%FF%C3" \
    "$base/work/account/tokens")
expect_eq "a form field that is not UTF-8 is refused" 400 "$code"
expect_grep "the refusal names the field" 'token_name' page.html
alive "after a form that is not UTF-8"

# --- sign-in sends back only to a path on this site ----------------------------------------
# next_after NEXT (already percent-encoded for the query) -> the Location of the redirect
next_after() {
    curl -sS -b jar.olive -o /dev/null -w '%{redirect_url}' "$base/login?next=$1"
}
expect_eq "a path on this site is kept" "$base/actions/A1?x=1" "$(next_after '/actions/A1%3Fx%3D1')"
long=$(printf 'a%.0s' $(seq 1 500))
for bad in '/%09/example.invalid/' '%09/example.invalid/' '/%0A/example.invalid' \
    '/%0D%0A/example.invalid' '/%5C/example.invalid' '/%5Cexample.invalid' \
    '%5C%5Cexample.invalid' '//example.invalid' '///example.invalid' 'https://example.invalid/' \
    'https:example.invalid' '/%252F/example.invalid' '/%255C/example.invalid' '/%2509/example.invalid' \
    '/a%20b' '/%7F' "/$long" 'example.invalid' '' '/a%2500'; do
    expect_eq "next=$bad goes to /work" "$base/work" "$(next_after "$bad")"
done
sign_in_to() { # NEXT -> code and Location of a sign-in with next=NEXT
    curl -sS -c jar.x -b jar.x -o login.html "$base/login"
    curl -sS -c jar.x -b jar.x -o /dev/null -D head.txt -w '%{http_code} %{redirect_url}' \
        --data-urlencode username=olive --data-urlencode "password=$PW" \
        --data-urlencode "csrf=$(form_csrf login.html)" --data-urlencode "next=$1" "$base/login"
}
expect_eq "signing in with a tab in next goes to /work" "303 $base/work" \
    "$(sign_in_to "$(printf '/\t/example.invalid/')")"
expect_grep "the answer that sets the session cookie is not stored" \
    '^Cache-Control: private, no-store' head.txt
expect_grep "it sets the session cookie" '^Set-Cookie: dialturn_session=' head.txt
curl -sS -D head.txt -o /dev/null "$base/login"
expect_grep "the sign-in form that sets the CSRF cookie is not stored" \
    '^Cache-Control: (private, )?no-store' head.txt

# --- a request that cannot be taken at its word is refused whole ---------------------------
# %00 would decode to a NUL that cuts the path short (/actions/A1%00x read as /actions/A1)
expect_eq "an encoded NUL in the path is refused" 400 \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$base/actions/A1%00anything")"
expect_eq "and in a query value" 400 \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$base/search?q=constitution%00x")"
expect_eq "and on the API, where it would turn a POST into another route's GET" 400 \
    "$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' -d '{}' "$base/api/v1/actions/A1%00x/update")"
expect_eq "an encoded percent sign before 00 is another matter" 404 \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$base/actions/A1%2500")"
# raw REQUEST -> the status line of the answer
raw() {
    python3 - "${base#http://}" "$1" <<'PY'
import socket, sys
host, port = sys.argv[1].split(":")
s = socket.create_connection((host, int(port)), timeout=10)
s.sendall(sys.argv[2].encode().replace(b"\\r\\n", b"\r\n").replace(b"\\0", b"\0"))
print(s.recv(4096).split(b"\r\n")[0].decode())
PY
}
expect_eq "two Content-Lengths are refused" "HTTP/1.1 400 Bad Request" \
    "$(raw 'POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\na=b')"
expect_eq "as is a length given with chunked encoding" "HTTP/1.1 400 Bad Request" \
    "$(raw 'POST /login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\na=b\r\n0\r\n\r\n')"
alive "after requests framed two ways"
# an upload whose body ends before the closing boundary is refused, never stored short
session=$(awk '$6 == "dialturn_session" {print $7}' jar.olive)
csrf=$(page_csrf jar.olive /work/documents)
python3 - "${base#http://}" "$session" "$csrf" >cut.txt <<'PY'
import socket, sys
host, port = sys.argv[1].split(":")
sess, csrf = sys.argv[2].encode(), sys.argv[3].encode()
pdf = b"%PDF-1.4\n" + b"% padding line\n" * 200 + b"%%EOF\n"
body = (b"--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf +
        b"\r\n--XyZ\r\nContent-Disposition: form-data; name=\"public\"\r\n\r\nno\r\n"
        b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.pdf\"\r\n"
        b"Content-Type: application/pdf\r\n\r\n" + pdf[: len(pdf) // 2])
s = socket.create_connection((host, int(port)), timeout=10)
s.sendall(b"POST /work/documents HTTP/1.1\r\nHost: x\r\nConnection: close\r\nCookie: dialturn_session="
          + sess + b"\r\nContent-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: %d\r\n\r\n"
          % len(body) + body)
print(s.recv(200).split(b"\r\n")[0].decode())
PY
expect_grep "an upload cut off before its closing boundary is refused" '^HTTP/1.1 400' cut.txt
expect_eq "and nothing of it is stored" 0 "$(sqlite3 t.db "select count(*) from document where name = 'cut.pdf'")"
expect_eq "a form whose last name has no value is still read (then refused for its CSRF token)" 403 \
    "$(curl -sS -o /dev/null -w '%{http_code}' --data-binary 'a=b&c' "$base/login")"
# a JSON body that gives a member twice: which one counts would be the parser's choice
code=$(api /api/v1/actions/A1/update '{"percent": 10, "percent": 90}')
expect_eq "a JSON member given twice is refused" 400 "$code"
expect_grep "saying so" 'gives a member twice' api.json
alive "after the refusals"

# --- the page cache answers the page asked for -------------------------------------------
pad=$(printf 'x%.0s' $(seq 1 520))
curl -sS -o p1.html "$base/plan?pad=$pad&status=not_started"
curl -sS -o p2.html "$base/plan?pad=$pad&status=complete"
expect_grep "the not-started filter shows A1" 'Adopt the constitution' p1.html
if grep -q 'Adopt the constitution' p2.html; then
    fail "a target that differs past 512 bytes was answered from the cache with another page"
fi
echo "ok: targets that differ past 512 bytes are two pages"
curl -sS -o /dev/null "$base/search?q=constitution"
curl -sS -D h.txt -o /dev/null "$base/search?q=constitution"
expect_grep "a search is answered" '^HTTP/1.1 200' h.txt
