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
missing=0
while IFS=$'\t' read -r method pattern _ roles; do
    re="^$method $(sed 's/{[a-z_]*}/[^\/ ]+/g' <<<"$pattern") "
    if ! grep -qE "$re" matrix.txt; then
        echo "FAIL: no line in authz.txt for $method $pattern (roles: $roles)"
        missing=1
    fi
done < routes.tsv
[ "$missing" = 0 ] || exit 1
echo "ok: every route ($(wc -l < routes.tsv)) has its expected answers written down"
while read -r method path _; do
    found=0
    while IFS=$'\t' read -r m pattern _ _; do
        [ "$m" = "$method" ] || continue
        re="^$(sed 's/{[a-z_]*}/[^\/]+/g' <<<"$pattern")\$"
        if [ "$m" = "$method" ] && grep -qE "$re" <<<"${path%%\?*}"; then found=1; break; fi
    done < routes.tsv
    if [ "$found" = 0 ]; then echo "FAIL: authz.txt names $method $path, which no route answers"; exit 1; fi
done < matrix.txt
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

# 3. Every cell.  POST /logout goes last: it ends the session.
ask() { # IDENTITY METHOD PATH -> "code location"
    local who=$1 method=$2 path=$3 jar=/dev/null csrf=
    if [ "$who" != anonymous ]; then jar=jar.$who; csrf=${CSRF[$who]}; fi
    if [ "$method" = GET ]; then
        curl -sS -b "$jar" -o body.txt -w '%{http_code} %{redirect_url}' "$base$path"
    elif [[ $path == /api/* ]]; then
        local auth=()
        [ "$who" = anonymous ] || auth=(-H "Authorization: Bearer ${TOKEN[$who]}")
        curl -sS -o body.txt -w '%{http_code} %{redirect_url}' -X "$method" "${auth[@]}" \
            -H 'Content-Type: application/json' --data '{}' "$base$path"
    else
        curl -sS -b "$jar" -o body.txt -w '%{http_code} %{redirect_url}' -X "$method" \
            --data-urlencode "csrf=$csrf" "$base$path"
    fi
}
fails=0 cells=0
check() { # METHOD PATH EXPECTED-ROLES IDENTITY
    local method=$1 path=$2 expect=$3 who=$4 got code loc allowed=0
    if [ "$expect" = anyone ] || [[ ",$expect," == *",$who,"* ]]; then allowed=1; fi
    got=$(ask "$who" "$method" "$path")
    code=${got%% *} loc=${got#* }
    cells=$((cells + 1))
    local denied_login=0
    [[ $loc == "$base/login?next="* ]] && denied_login=1
    if [ "$allowed" = 1 ]; then
        if [ "$code" = 403 ] || [ "$code" = 401 ] || [ "$denied_login" = 1 ] || [ "$code" -ge 500 ]; then
            echo "FAIL: $who $method $path should be allowed; got $code $loc"
            head -c 600 body.txt; echo
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
    elif [ "$want" = 403 ] && [ "$who" != anonymous ] && ! grep -q 'does not allow you to' body.txt; then
        echo "FAIL: $who $method $path: the 403 does not say why"
        fails=$((fails + 1))
    fi
}
grep -v '^POST /logout ' matrix.txt > cells.txt
grep '^POST /logout ' matrix.txt >> cells.txt
while read -r method path expect; do
    [ "$expect" != login ] || continue
    for who in anonymous "${ROLES[@]}"; do
        check "$method" "$path" "$expect" "$who"
    done
done < cells.txt
if [ "$fails" -gt 0 ]; then
    echo "FAIL: $fails of $cells cells of the authorization matrix are wrong"
    exit 1
fi
echo "ok: all $cells cells of the authorization matrix ($(wc -l < cells.txt) routes x 8 identities)"

# 4. The record is intact after all of it.
"$DIALTURN" verify d.db >/dev/null
echo "ok: the ledger verifies"
