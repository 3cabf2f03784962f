#!/usr/bin/env bash
# Behind a reverse proxy: `serve --trust-proxy ADDR` takes the client's address
# from the X-Forwarded-For that the proxy at ADDR appends, and from nobody
# else, so that the sign-in throttle and the sessions' record see each client
# rather than the proxy, and a client cannot choose its own address.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"
PW=dialturn-demo

"$DIALTURN" demo --db d.db --create-only >/dev/null

# post_login XFF USER PASS -> HTTP status; the request comes from 127.0.0.1
post_login() {
    curl -sS -c jar -b jar -o last.html -w '%{http_code}' -H "X-Forwarded-For: $1" \
        --data-urlencode "username=$2" --data-urlencode "password=$3" \
        --data-urlencode "csrf=$token" --data-urlencode "next=/work" "$base/login"
}
fresh_form() {
    rm -f jar
    curl -sS -c jar -b jar -o login.html "$base/login"
    token=$(form_csrf login.html)
}

# --- without --trust-proxy the header is the client's word: ignored -----------
start_server --log plain d.db
fresh_form
expect_eq "a wrong password is refused" 401 "$(post_login 203.0.113.5 ceo wrong)"
expect_eq "the failure is the peer's, not the header's" 127.0.0.1 \
    "$(sqlite3 d.db 'SELECT address FROM login_failure ORDER BY id DESC LIMIT 1')"
stop_server "$server_pid"
sqlite3 d.db 'DELETE FROM login_failure'

# --- an address that is not one is refused at start ---------------------------
if "$DIALTURN" serve d.db --listen 127.0.0.1:0 --trust-proxy proxy.example 2>bad.err; then
    echo "FAIL: --trust-proxy took a name"
    exit 1
fi
expect_grep "the refusal names the option" 'trust-proxy proxy\.example: expected a numeric address' bad.err

# --- with --trust-proxy 127.0.0.1: the proxy's last entry is the client --------
start_server --log proxied d.db --trust-proxy 127.0.0.1
fresh_form
for i in 1 2 3 4 5; do
    expect_eq "failure $i from 203.0.113.5" 401 "$(post_login 203.0.113.5 ceo wrong)"
done
expect_eq "the failures are recorded for the forwarded address" 5 \
    "$(sqlite3 d.db "SELECT count(*) FROM login_failure WHERE address = '203.0.113.5'")"
expect_eq "the sixth try from 203.0.113.5 is throttled" 429 "$(post_login 203.0.113.5 ceo wrong)"
expect_eq "the right password from 203.0.113.6 works at once" 303 "$(post_login 203.0.113.6 ceo $PW)"
# a client's own X-Forwarded-For comes first; the proxy appends what it saw
fresh_form
expect_eq "a spoofed first entry is not believed" 401 \
    "$(post_login '203.0.113.6, 198.51.100.7' ceo wrong)"
expect_eq "the address recorded is the one the proxy appended" 198.51.100.7 \
    "$(sqlite3 d.db 'SELECT address FROM login_failure ORDER BY id DESC LIMIT 1')"
fresh_form
expect_eq "garbage in the header is not an address" 401 "$(post_login 'not-an-address' ceo wrong)"
expect_eq "then the peer's address stands" 127.0.0.1 \
    "$(sqlite3 d.db 'SELECT address FROM login_failure ORDER BY id DESC LIMIT 1')"
expect_no_grep "no sanitizer reports" "Sanitizer|runtime error" proxied.err
echo "all proxy checks passed"
