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

# free_port: a TCP port nobody listens on, from a range tests alone use.
free_port() {
    local p
    for _ in $(seq 1 50); do
        p=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return
        fi
    done
    echo "no free port" >&2
    return 1
}
