#!/usr/bin/env bash
# test_nginx.sh — the deployment kit end to end on loopback: Debian's nginx
# with deploy/nginx-dialturn.conf (its paths pointed here) terminating TLS
# with a throwaway certificate in front of two dialturn processes, each
# serving a different organisation, routed by the map `dialturn deploy
# nginx-map` writes.  Each organisation is reached on its own host; public
# pages without a query come from `publish` output; signing in works through
# the proxy with Secure cookies; dialturn sees the client's address only
# because the proxy is the one it trusts.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"
PW=dialturn-demo

fail() {
    echo "FAIL: $*"
    exit 1
}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || fail "nginx is not installed (make deps-test installs it)"

here=$(pwd)
mkdir -p hostA hostB public etc logs
"$DIALTURN" demo --db hostA/birmingham.db --create-only >/dev/null
"$DIALTURN" export hostA/birmingham.db >plan.json
python3 - plan.json >other.json <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["organisation"]["name"] = "Other Borough Council"
d["organisation"]["slug"] = "other"
print(json.dumps(d))
EOF
"$DIALTURN" import hostB/other.db other.json >/dev/null

start_server --log a --health /birmingham/healthz hostA --trust-proxy 127.0.0.1
portA=$port pidA=$server_pid
start_server --log b --health /other/healthz hostB --trust-proxy 127.0.0.1
portB=$port

# the map, from the files each host serves
"$DIALTURN" deploy nginx-map "127.0.0.1:$portA=hostA" "127.0.0.1:$portB=hostB" >etc/nginx-map.conf
expect_grep "the map sends birmingham to host A" "^ +birmingham +127\.0\.0\.1:$portA;" etc/nginx-map.conf
expect_grep "the map sends other to host B" "^ +other +127\.0\.0\.1:$portB;" etc/nginx-map.conf
"$DIALTURN" publish hostA --out public >/dev/null
[ -f public/birmingham/plan/index.html ] || fail "publish of a directory did not write public/birmingham/"

# a throwaway certificate for 127.0.0.1
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -keyout etc/key.pem -out etc/cert.pem 2>/dev/null
# the kit's site file, its paths and ports pointed at this directory
https=$(free_port)
http=$(free_port)
sed -e "s#/etc/dialturn/nginx-map.conf#$here/etc/nginx-map.conf#" \
    -e "s#/etc/ssl/certs/dialturn.pem#$here/etc/cert.pem#" \
    -e "s#/etc/ssl/private/dialturn.key#$here/etc/key.pem#" \
    -e "s#/var/lib/dialturn/public#$here/public#" \
    -e "s#/var/log/nginx/dialturn.access.log#$here/logs/access.log#" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$https ssl http2;#" \
    -e "s#listen 80;#listen 127.0.0.1:$http;#" \
    -e '/listen \[::\]/d' \
    "$ROOT/deploy/nginx-dialturn.conf" >etc/site.conf
cat >etc/nginx.conf <<EOF
$( [ "$(id -u)" = 0 ] && echo "user root;" )
worker_processes 1;
pid $here/logs/nginx.pid;
error_log $here/logs/error.log;
events { worker_connections 256; }
http {
    client_body_temp_path $here/logs/body;
    proxy_temp_path $here/logs/proxy;
    fastcgi_temp_path $here/logs/fastcgi;
    uwsgi_temp_path $here/logs/uwsgi;
    scgi_temp_path $here/logs/scgi;
    include /etc/nginx/mime.types;
    include $here/etc/site.conf;
}
EOF
"$NGINX" -t -p "$here" -c "$here/etc/nginx.conf" 2>nginx-t.log || fail "nginx -t: $(cat nginx-t.log)"
echo "ok: nginx accepts the kit's site file"
"$NGINX" -p "$here" -c "$here/etc/nginx.conf" -g 'daemon off;' 2>logs/stderr &
nginx_pid=$!
at_exit kill "$nginx_pid"
front="https://127.0.0.1:$https"
for _ in $(seq 1 50); do
    curl -sk -o /dev/null "$front/birmingham/healthz" && break
    sleep 0.1
done

code() { curl -sk -o "${2:-/dev/null}" -w '%{http_code}' "${@:3}" "$front$1"; }

# plain HTTP is sent to HTTPS
expect_eq "http redirects to https" "301 https://127.0.0.1/plan" \
    "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$http/plan")"

# --- each organisation on its own host --------------------------------------------------
: >a.err.mark
expect_eq "birmingham's live page through the proxy" 200 "$(code '/birmingham/plan?status=complete' b1.html)"
expect_grep "it is Birmingham's" 'Birmingham City Council' b1.html
expect_eq "other's live page through the proxy" 200 "$(code '/other/plan?status=complete' o1.html)"
expect_grep "it is the other council's" 'Other Borough Council' o1.html
expect_grep "host A answered birmingham" 'GET /birmingham/plan\?status=complete 200' a.err
expect_grep "host B answered other" 'GET /other/plan\?status=complete 200' b.err
expect_no_grep "host A never saw other" 'GET /other/' a.err
expect_no_grep "host B never saw birmingham" 'GET /birmingham/' b.err
expect_eq "an organisation no host serves" 404 "$(code /nowhere/plan)"

# --- the public pages from the published files --------------------------------------------
before=$(grep -c 'GET /birmingham/milestones ' a.err || true)
expect_eq "a public page without a query" 200 "$(code /birmingham/milestones m.html)"
cmp -s m.html public/birmingham/milestones/index.html || fail "the page is not the published file"
expect_eq "host A was not asked for it" "$before" "$(grep -c 'GET /birmingham/milestones ' a.err || true)"
echo "ok: the published file answered"

# --- signing in through the proxy: Secure cookies, the client's address ---------------------
curl -sk -c jar -b jar -D login.h -o login.html "$front/birmingham/login"
expect_grep "the sign-in form's cookie is Secure behind TLS" '^[Ss]et-[Cc]ookie: dialturn_csrf=.*; Secure' login.h
csrf=$(form_csrf login.html)
curl -sk -c jar -b jar -D signin.h -o /dev/null -H 'X-Forwarded-For: 203.0.113.9' \
    --data-urlencode username=pmo --data-urlencode "password=$PW" --data-urlencode "csrf=$csrf" \
    "$front/birmingham/login"
expect_grep "signing in through the proxy sets a Secure session cookie" \
    '^[Ss]et-[Cc]ookie: dialturn_session=.*; Secure' signin.h
expect_eq "the workspace through the proxy" 200 "$(code /birmingham/work w.html -b jar)"
expect_grep "signed in" 'Sign out' w.html
before=$(grep -c 'GET /birmingham/milestones ' a.err || true)
expect_eq "a signed-in reader gets the live page" 200 "$(code /birmingham/milestones /dev/null -b jar)"
[ "$(grep -c 'GET /birmingham/milestones ' a.err)" -gt "$before" ] || fail "the signed-in page came from a file"
echo "ok: a signed-in reader is never given the published files"
# a client's own X-Forwarded-For is not believed: dialturn records what nginx saw
curl -sk -c j2 -b j2 -o l2.html "$front/birmingham/login"
curl -sk -c j2 -b j2 -o /dev/null -H 'X-Forwarded-For: 203.0.113.9' --data-urlencode username=pmo \
    --data-urlencode password=wrong --data-urlencode "csrf=$(form_csrf l2.html)" "$front/birmingham/login"
expect_eq "the failure is recorded for the address nginx saw" 127.0.0.1 \
    "$(sqlite3 hostA/birmingham.db 'SELECT address FROM login_failure ORDER BY id DESC LIMIT 1')"
expect_no_grep "no sanitizer reports on host A" "Sanitizer|runtime error" a.err
expect_no_grep "no sanitizer reports on host B" "Sanitizer|runtime error" b.err
echo "test_nginx: all passed"
