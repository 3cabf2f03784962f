#!/usr/bin/env bash
# The authorization matrix: every route the server knows (`dialturn serve
# --routes`) against the anonymous reader and each of the seven roles, with
# the expected answer for each written down, independently of the C table, in
# tests/e2e/data/authz.txt.  A route missing from that file fails the test,
# and so does any cell that differs:
#   allowed   anything but a refusal (a 200, a redirect to a result, a 400 for
#             the empty form we send, a 404 or 409 is the handler's business)
#   denied    anonymous: a redirect to the sign-in page (GET), 403 (a form),
#             401 (the API, /metrics); signed in: 403 naming the roles that may.
# POSTs carry the identity's own CSRF token and an otherwise empty form.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"
PW=dialturn-demo
MATRIX=$ROOT/tests/e2e/data/authz.txt
ROLES=(admin pmo owner executive panel secretariat viewer)
declare -A LOGIN=([admin]=admin [pmo]=pmo [owner]=hr [executive]=ceo [panel]=chair
    [secretariat]=secretariat [viewer]=viewer)

"$DIALTURN" demo --db d.db --create-only >/dev/null
start_demo d.db

# 1. Every route has a line in the matrix, and the matrix names no route that
#    does not exist.
"$DIALTURN" serve --routes > routes.tsv
grep -v '^#' "$MATRIX" | awk 'NF' > matrix.txt
python3 - routes.tsv matrix.txt <<'PY' || exit 1
import re, sys
routes = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
cells = [l.split() for l in open(sys.argv[2]) if l.strip()]
def rx(pattern):
    return re.compile("^" + re.sub(r"\{[a-z_]*\}", "[^/ ]+", pattern) + "$")
bad = 0
for method, pattern, *rest in routes:
    if not any(c[0] == method and rx(pattern).match(c[1].split("?")[0]) for c in cells):
        print(f"FAIL: no line in authz.txt for {method} {pattern} (roles: {rest[-1] if rest else ''})")
        bad = 1
if not bad:
    print(f"ok: every route ({len(routes)}) has its expected answers written down")
for c in cells:
    if not any(m == c[0] and rx(p).match(c[1].split("?")[0]) for m, p, *_ in routes):
        print(f"FAIL: authz.txt names {c[0]} {c[1]}, which no route answers")
        bad = 1
sys.exit(bad)
PY
echo "ok: every line of the matrix is a real route"

# 2. One signed-in session per role, and one API token per role (the API's
#    writes take a token, never the session).
declare -A CSRF TOKEN
for role in "${ROLES[@]}"; do
    sign_in "jar.$role" "${LOGIN[$role]}" "$PW"
    CSRF[$role]=$(page_csrf "jar.$role" /plan)
    curl -sS -b "jar.$role" -o token.html --data-urlencode "csrf=${CSRF[$role]}" \
        --data-urlencode "token_name=matrix" "$base/work/account/tokens"
    TOKEN[$role]=$(grep -o 'id="token"[^>]*value="[0-9a-f]*"' token.html | sed 's/.*value="//; s/"$//')
    if [ -z "${TOKEN[$role]}" ]; then echo "FAIL: no API token for $role"; head -c 800 token.html; exit 1; fi
done

# 3. Every cell.  Each identity asks all its cells through one curl (a
#    config of one transfer per cell, in order), so the run costs the server's
#    work rather than a process per cell.  POST /logout goes last: it ends the
#    session.
grep -v '^POST /logout ' matrix.txt > cells.txt
grep '^POST /logout ' matrix.txt >> cells.txt
mapfile -t CELLS < <(awk '$3 != "login"' cells.txt)
q() { # sets Q to $1 quoted for a curl config file (no subshell: this runs per cell)
    local v=${1//\\/\\\\}
    v=${v//\"/\\\"}
    Q="\"$v\""
}
mkdir -p answers
for who in anonymous "${ROLES[@]}"; do
    cfg=()
    for i in "${!CELLS[@]}"; do
        read -r method path _ <<<"${CELLS[$i]}"
        [ "$i" = 0 ] || cfg+=(next)
        q "$base$path"; cfg+=("url = $Q")
        cfg+=("output = \"answers/$who.$i\"" 'write-out = "%{http_code} %{redirect_url}\n"')
        [ "$method" = GET ] || cfg+=("request = \"$method\"")
        if [[ $method != GET && $path == /api/* ]]; then
            [ "$who" = anonymous ] || cfg+=("header = \"Authorization: Bearer ${TOKEN[$who]}\"")
            cfg+=('header = "Content-Type: application/json"' 'data = "{}"')
        else
            [ "$who" = anonymous ] || cfg+=("cookie = \"jar.$who\"")
            [ "$method" = GET ] || cfg+=("data-urlencode = \"csrf=${CSRF[$who]:-}\"")
        fi
    done
    printf '%s\n' "${cfg[@]}" > "cfg.$who"
    curl -sS -K "cfg.$who" > "codes.$who"
done
fails=0 cells=0
check() { # METHOD PATH EXPECTED-ROLES IDENTITY "CODE LOCATION" BODY-FILE
    local method=$1 path=$2 expect=$3 who=$4 got=$5 file=$6 code loc allowed=0 body=
    if [ "$expect" = anyone ] || [[ ",$expect," == *",$who,"* ]]; then allowed=1; fi
    code=${got%% *} loc=${got#* }
    cells=$((cells + 1))
    [ -f "$file" ] && IFS= read -r -d '' body < "$file" || true
    if [ "$code" = 000 ]; then
        echo "FAIL: $who $method $path: no answer"
        fails=$((fails + 1))
        return
    fi
    local denied_login=0
    [[ $loc == "$base/login?next="* ]] && denied_login=1
    if [ "$allowed" = 1 ]; then
        if [ "$code" = 403 ] || [ "$code" = 401 ] || [ "$denied_login" = 1 ] || [ "$code" -ge 500 ]; then
            echo "FAIL: $who $method $path should be allowed; got $code $loc"
            head -c 600 <<<"$body"; echo
            fails=$((fails + 1))
        fi
        return
    fi
    local want
    if [ "$who" = anonymous ]; then
        if [[ $path == /api/* || $path == /metrics ]]; then want=401
        elif [ "$method" = GET ]; then want=303; else want=403; fi
    else
        want=403
    fi
    if [ "$code" != "$want" ] || { [ "$want" = 303 ] && [ "$denied_login" = 0 ]; }; then
        echo "FAIL: $who $method $path should be refused with $want; got $code $loc"
        fails=$((fails + 1))
    elif [ "$want" = 403 ] && [ "$who" != anonymous ] && [[ $body != *'does not allow you to'* ]]; then
        echo "FAIL: $who $method $path: the 403 does not say why"
        fails=$((fails + 1))
    fi
}
for who in anonymous "${ROLES[@]}"; do
    mapfile -t GOT < "codes.$who"
    if [ "${#GOT[@]}" != "${#CELLS[@]}" ]; then
        echo "FAIL: $who: curl answered ${#GOT[@]} of ${#CELLS[@]} cells"
        exit 1
    fi
    for i in "${!CELLS[@]}"; do
        read -r method path expect <<<"${CELLS[$i]}"
        check "$method" "$path" "$expect" "$who" "${GOT[$i]}" "answers/$who.$i"
    done
done
if [ "$fails" -gt 0 ]; then
    echo "FAIL: $fails of $cells cells of the authorization matrix are wrong"
    exit 1
fi
echo "ok: all $cells cells of the authorization matrix (${#CELLS[@]} routes x 8 identities)"

# 4. The record is intact after all of it.
"$DIALTURN" verify d.db >/dev/null
echo "ok: the ledger verifies"
