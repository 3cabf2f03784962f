# shellcheck shell=bash
# Shared helpers for the end-to-end scripts: source "$ROOT/tests/e2e/lib.sh".
# Each check prints what it expected on failure and exits non-zero.

# expect_fail WHAT PATTERN CMD...: CMD must exit 1 with PATTERN (grep -E) on stderr.
expect_fail() {
    local what=$1 pattern=$2
    shift 2
    local out rc
    out=$("$@" 2>&1 >/dev/null) && rc=0 || rc=$?
    if [ "$rc" -ne 1 ]; then
        echo "FAIL: $what: expected exit 1, got $rc; stderr: $out"
        exit 1
    fi
    if ! grep -qE -- "$pattern" <<<"$out"; then
        echo "FAIL: $what: stderr does not match /$pattern/: $out"
        exit 1
    fi
    if [ "$(wc -l <<<"$out")" -ne 1 ]; then
        echo "FAIL: $what: expected one line on stderr, got: $out"
        exit 1
    fi
    echo "ok: $what"
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
    if [ "$2" != "$3" ]; then
        echo "FAIL: $1"
        echo "  expected: $2"
        echo "  actual:   $3"
        exit 1
    fi
    echo "ok: $1"
}

# expect_grep WHAT PATTERN FILE
expect_grep() {
    if ! grep -qE -- "$2" "$3"; then
        echo "FAIL: $1: /$2/ not found in $3"
        head -c 2000 "$3"
        exit 1
    fi
    echo "ok: $1"
}

# expect_no_grep WHAT PATTERN FILE: fails the script when PATTERN (ERE) is in FILE.
expect_no_grep() {
    if grep -qE -- "$2" "$3"; then
        echo "FAIL: $1: /$2/ found in $3:"
        grep -nE -- "$2" "$3" | head -5
        exit 1
    fi
    echo "ok: $1"
}

# free_port: a TCP port nobody listens on, from a range tests alone use:
# below Linux's ephemeral ports (32768 and up), which curl's own connections
# take and which a server then cannot bind.
free_port() {
    local p
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 12000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    echo "no free port" >&2
    return 1
}

# --- servers -------------------------------------------------------------------------
# start_server and start_demo start `dialturn serve` / `dialturn demo` in the
# background on a free loopback port and wait until it answers; every server
# still running when the script exits gets SIGTERM and is waited for.  They run
# in the calling shell (never in $(...)): they set
#   port        the port listened on
#   base        http://127.0.0.1:$port
#   server_pid  the server's process id (also appended to server_pids)
# Options, before DB:
#   --log PREFIX   stdout to PREFIX.out, stderr to PREFIX.err (default: serve)
#   --out FILE     stdout to FILE          --err FILE  stderr to FILE
#   --append       append stderr to its file instead of truncating it
#   --port PORT    listen on PORT rather than a free one
#   --health PATH  the path polled until it answers 2xx (default: /healthz)
# The wait gives up after $SERVER_TIMEOUT seconds (default 20); a server that
# exits or never answers fails the script, printing its output.
server_pids=()
server_pid=
_exit_cmds=()

# start_server [OPTIONS] DB [ARGS...]: dialturn serve DB --listen 127.0.0.1:PORT ARGS...
start_server() {
    _start_server serve "$@"
}

# start_demo [OPTIONS] DB [ARGS...]: dialturn demo --db DB --listen 127.0.0.1:PORT ARGS...
start_demo() {
    _start_server demo "$@"
}

_start_server() {
    local cmd=$1 out=serve.out err=serve.err append='' health=/healthz want_port=
    shift
    while [ $# -gt 0 ]; do
        case $1 in
        --log) out=$2.out err=$2.err; shift 2 ;;
        --out) out=$2; shift 2 ;;
        --err) err=$2; shift 2 ;;
        --append) append=1; shift ;;
        --port) want_port=$2; shift 2 ;;
        --health) health=$2; shift 2 ;;
        *) break ;;
        esac
    done
    local db=$1
    shift
    port=${want_port:-$(free_port)}
    base="http://127.0.0.1:$port"
    local args
    if [ "$cmd" = demo ]; then
        args=(demo --db "$db" --listen "127.0.0.1:$port" "$@")
    else
        args=(serve "$db" --listen "127.0.0.1:$port" "$@")
    fi
    if [ -n "$append" ]; then
        "$DIALTURN" "${args[@]}" >"$out" 2>>"$err" &
    else
        "$DIALTURN" "${args[@]}" >"$out" 2>"$err" &
    fi
    server_pid=$!
    server_pids+=("$server_pid")
    trap _on_exit EXIT
    local i tries=$((${SERVER_TIMEOUT:-20} * 10))
    for ((i = 0; i < tries; i++)); do
        curl -fsS -o /dev/null "$base$health" 2>/dev/null && return 0
        if ! kill -0 "$server_pid" 2>/dev/null; then
            # another process took the port between free_port and bind: try another
            if [ -z "$want_port" ] && [ "${_start_retries:-0}" -lt 3 ] &&
                grep -q 'Address already in use' "$err"; then
                _start_retries=$((${_start_retries:-0} + 1))
                _start_server "$cmd" ${append:+--append} --out "$out" --err "$err" \
                    --health "$health" "$db" "$@"
                local rc=$?
                _start_retries=0
                return $rc
            fi
            echo "FAIL: the server exited: dialturn ${args[*]}"
            cat "$out" "$err"
            exit 1
        fi
        sleep 0.1
    done
    echo "FAIL: the server did not answer $base$health within ${SERVER_TIMEOUT:-20}s: dialturn ${args[*]}"
    cat "$out" "$err"
    exit 1
}

# stop_server PID: SIGTERM to PID (a server started above), waits for it and
# returns its exit status.
stop_server() {
    local pid=$1 p rc=0 keep=()
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" || rc=$?
    for p in "${server_pids[@]}"; do
        [ "$p" = "$pid" ] || keep+=("$p")
    done
    server_pids=("${keep[@]}")
    [ "$pid" != "$server_pid" ] || server_pid=
    return "$rc"
}

# stop_servers: stops every server still running.
stop_servers() {
    local p
    for p in "${server_pids[@]}"; do
        if kill -0 "$p" 2>/dev/null; then
            kill -TERM "$p" 2>/dev/null || true
            wait "$p" 2>/dev/null || true
        fi
    done
    server_pids=()
    server_pid=
}

# at_exit CMD [ARGS...]: runs CMD ARGS... when the script exits, after the
# servers stop.  Use it instead of `trap ... EXIT`, which would replace the
# servers' trap.
at_exit() {
    _exit_cmds+=("$(printf '%q ' "$@")")
    trap _on_exit EXIT
}

_on_exit() {
    local c
    stop_servers
    for c in "${_exit_cmds[@]}"; do
        eval "$c"
    done
}

# --- signing in ------------------------------------------------------------------------
# form_csrf FILE: the value of the first hidden csrf field in the HTML FILE.
form_csrf() {
    grep -o 'name="csrf" value="[0-9a-f]*"' "$1" | head -n 1 | sed 's/.*value="//; s/"$//'
}

# sign_in JAR USERNAME PASSWORD: signs in at $base with the cookie jar JAR
# (created or reused) and fails the script unless the answer is a redirect.
sign_in() {
    local jar=$1 user=$2 pass=$3 page code
    page=$(mktemp)
    curl -sS -c "$jar" -b "$jar" -o "$page" "$base/login"
    code=$(curl -sS -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
        --data-urlencode "username=$user" --data-urlencode "password=$pass" \
        --data-urlencode "csrf=$(form_csrf "$page")" "$base/login")
    rm -f "$page"
    if [ "$code" != 303 ]; then
        echo "FAIL: sign in as $user: expected 303, got $code"
        exit 1
    fi
}

# page_csrf JAR PATH: the CSRF token of the forms on PATH for the session in JAR.
page_csrf() {
    local page token
    page=$(mktemp)
    curl -sS -c "$1" -b "$1" -o "$page" "$base$2"
    token=$(form_csrf "$page")
    rm -f "$page"
    echo "$token"
}
