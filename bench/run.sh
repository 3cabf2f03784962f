#!/usr/bin/env bash
# bench/run.sh — the benchmark kit: `make bench` runs it from the repository root once the
# release build (build/rel/dialturn) exists.  Not a test: a missed target is reported, never
# fatal.  The exit status is non-zero only when a command under measurement fails or the
# tools are missing.  See bench/README.md.
#
# Environment: BENCH_ACTIONS (10000), BENCH_PERIODS (36), BENCH_SEED (1),
# BENCH_AS_OF (2022-06-30), BENCH_IMPACT_ACTION (A<actions/2>), BENCH_SLIP (30),
# BENCH_THEME (the plan's first theme), BENCH_PORT (18080), BENCH_NGINX_PORT (BENCH_PORT+1),
# BENCH_WRK_DURATION (10s), BENCH_PUBLISH_RUNS (2), BENCH_ONLY (cli, site or serve; all when unset),
# BENCH_OUT (bench/out), DIALTURN (build/rel/dialturn), NGINX (nginx on the PATH, or
# /usr/sbin/nginx).
set -euo pipefail
export LC_ALL=C

cd "$(dirname "${BASH_SOURCE[0]}")/.."

N=${BENCH_ACTIONS:-10000}
M=${BENCH_PERIODS:-36}
SEED=${BENCH_SEED:-1}
AS_OF=${BENCH_AS_OF:-2022-06-30}
SLIP=${BENCH_SLIP:-30}
PORT=${BENCH_PORT:-18080}
WRK_DURATION=${BENCH_WRK_DURATION:-10s}
LOAD_DURATION=${BENCH_LOAD_DURATION:-60s}
PUBLISH_RUNS=${BENCH_PUBLISH_RUNS:-2}
ONLY=${BENCH_ONLY:-}
BIN=${DIALTURN:-build/rel/dialturn}
ORG="Bench Borough Council"

OUT=${BENCH_OUT:-bench/out}
if [[ $SEED == 1 ]]; then PLAN=$OUT/plan-${N}x${M}.json; else PLAN=$OUT/plan-${N}x${M}-s$SEED.json; fi
DB=$OUT/b.db
EXPORT=$OUT/export.json
SITE=$OUT/site           # publish's output, which nginx serves
NGX=$OUT/nginx           # the private nginx instance: config, logs, pid, temp paths
PAGES=$OUT/pages         # one answer of each page under wrk, for inspection and comparison
RESULTS=$OUT/results.md

die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
say() { printf '\n== %s\n' "$*"; }

# --- the processes this script starts, stopped whatever happens ---------------------------
SERVER_PID='' NGINX_PID='' CHILD_PID=''
stop_pid() {   # stops one process this script started
    local pid=$1
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
}
stop_server() { stop_pid "$SERVER_PID"; SERVER_PID=''; }
stop_nginx() { stop_pid "$NGINX_PID"; NGINX_PID=''; }   # TERM: the master stops its workers
trap 'stop_pid "$CHILD_PID"; stop_server; stop_nginx' EXIT
trap 'exit 130' INT TERM
# run COMMAND...: runs COMMAND and waits for it, in the background so that Ctrl-C (or TERM)
# stops the script at once.  After a foreground child that catches SIGINT and exits 0, as
# wrk and hyperfine do, bash would not run the INT trap, and the script would go on.
run() {
    local rc=0
    "$@" &
    CHILD_PID=$!
    wait "$CHILD_PID" || rc=$?
    CHILD_PID=''
    return "$rc"
}

[[ $N =~ ^[1-9][0-9]*$ ]] || die "BENCH_ACTIONS must be a positive integer, not '$N'"
[[ $M =~ ^[1-9][0-9]*$ ]] || die "BENCH_PERIODS must be a positive integer, not '$M'"
[[ $SEED =~ ^[0-9]+$ ]] || die "BENCH_SEED must be a non-negative integer, not '$SEED'"
[[ $PORT =~ ^[1-9][0-9]*$ ]] || die "BENCH_PORT must be a port number, not '$PORT'"
NGINX_PORT=${BENCH_NGINX_PORT:-$((PORT + 1))}
[[ $NGINX_PORT =~ ^[1-9][0-9]*$ && $NGINX_PORT != "$PORT" ]] ||
    die "BENCH_NGINX_PORT must be a port number other than BENCH_PORT, not '$NGINX_PORT'"
[[ $PUBLISH_RUNS =~ ^[1-9][0-9]*$ ]] || die "BENCH_PUBLISH_RUNS must be a positive integer, not '$PUBLISH_RUNS'"
case $ONLY in
    '') RUN_CLI=1 RUN_SITE=1 RUN_PUBLISH=1 ;;
    cli) RUN_CLI=1 RUN_SITE=0 RUN_PUBLISH=0 ;;
    site) RUN_CLI=0 RUN_SITE=1 RUN_PUBLISH=1 ;;
    serve) RUN_CLI=0 RUN_SITE=1 RUN_PUBLISH=0 ;; # the server alone: no publish, no nginx
    *) die "BENCH_ONLY must be cli, site or serve (or unset, for all), not '$ONLY'" ;;
esac
HALF=$((N / 2 > 0 ? N / 2 : 1))
IMPACT=${BENCH_IMPACT_ACTION:-A$HALF}
[[ -x $BIN ]] || die "$BIN is missing: build it first (make, or make bench)"
for tool in hyperfine wrk curl python3; do
    command -v "$tool" >/dev/null || die "$tool is missing (make deps-bench installs hyperfine and wrk)"
done
NGINX=${NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
if ((RUN_SITE)); then
    [[ -x $NGINX ]] || die "nginx is missing (make deps-bench installs Debian's package nginx)"
fi
# GNU time, for peak memory: Debian's package `time`
if ! dpkg -s time >/dev/null 2>&1; then
    say "installing GNU time (Debian package time)"
    if [[ $(id -u) == 0 ]]; then apt-get install -y time || true
    elif command -v sudo >/dev/null; then sudo apt-get install -y time || true
    fi
fi
HAVE_TIME=0
[[ -x /usr/bin/time ]] && HAVE_TIME=1

# this run's results only: nothing of an earlier run may leak into the report
mkdir -p "$OUT"
rm -rf "$OUT/hf" "$OUT"/wrk_*.txt "$OUT"/wrk-nginx_*.txt "$OUT"/time-*.txt "$OUT/status.json" \
    "$OUT/impact.json" "$OUT/publish.log" "$OUT/serve.log" "$OUT/cookies" "$OUT/login.html" \
    "$EXPORT" "$SITE" "$NGX" "$PAGES" "$RESULTS"
mkdir -p "$OUT/hf" "$PAGES"

# --- results, for the summary ----------------------------------------------------------
declare -A VALUE=() VERDICT=() CODE=() SAME=() SAME_OK=()
FAILED=0
FAILURES=()
ROWS=()     # "key|what|unit|target text|comparison (lt/ge/none)|limit"

row() { ROWS+=("$1|$2|$3|$4|$5|$6"); }
fail() {   # key, message
    VERDICT[$1]=error
    FAILED=1
    FAILURES+=("$1: $2")
    printf 'bench: %s: %s\n' "$1" "$2" >&2
}

q() { printf '%q' "$1"; }   # quote one word for a hyperfine command line
DBQ=$(q "$DB")
BINQ=$(q "$BIN")
# import creates the file (the usual way to load a plan; see "import" in the man page):
# PREPARE_NEW leaves no file; PREPARE_DB an initialised one, for the second measure
PREPARE_NEW="rm -f $DBQ $DBQ-wal $DBQ-shm"
PREPARE_DB="$PREPARE_NEW && $BINQ init $DBQ --org $(q "$ORG") --scale confidence3"

# hyperfine KEY WARMUP RUNS PREPARE(or '') SHELL(none|sh) COMMAND
timeit() {
    local key=$1 warmup=$2 runs=$3 prepare=$4 shell=$5 cmd=$6
    local args=(--warmup "$warmup" --runs "$runs" --export-json "$OUT/hf/$key.json"
                --export-markdown "$OUT/hf/$key.md" --command-name "$key" --time-unit millisecond)
    [[ -n $prepare ]] && args+=(--prepare "$prepare")
    [[ $shell == none ]] && args+=(-N)
    say "$key: $cmd"
    if run hyperfine "${args[@]}" "$cmd"; then
        VALUE[$key]=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"])' \
            "$OUT/hf/$key.json")
    else
        fail "$key" "hyperfine failed (the command exits non-zero?)"
    fi
}

# peak resident set size of one run: KEY COMMAND...  (the command's stdout goes to
# $PEAK_STDOUT, /dev/null unless set)
peak() {
    local key=$1
    shift
    if ((!HAVE_TIME)); then VERDICT[$key]=skipped; return 0; fi
    if run /usr/bin/time -v "$@" >"${PEAK_STDOUT:-/dev/null}" 2>"$OUT/time-$key.txt"; then
        local kb
        kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$OUT/time-$key.txt")
        VALUE[$key]=$(awk -v kb="$kb" 'BEGIN { printf "%.1f", kb / 1024 }')
        printf 'peak RSS %s: %s MB\n' "${key#rss-}" "${VALUE[$key]}"
    else
        fail "$key" "$* failed: $(tail -n 3 "$OUT/time-$key.txt" | tr '\n' ' ')"
    fi
}

moved_summary() {   # the size of an impact answer
    python3 - "$1" <<'EOF' 2>/dev/null || echo '(unreadable answer)'
import json, sys
moved = json.load(open(sys.argv[1]))["moved"]
kinds = [m.get("kind") for m in moved]
print(f"{kinds.count('action')} actions and {kinds.count('milestone')} milestones move")
EOF
}

# --- the plan ------------------------------------------------------------------------------
say "machine: $(uname -srm), $(nproc) CPUs, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
if [[ ! -s $PLAN || bench/gen-plan.py -nt $PLAN ]]; then
    say "generating $PLAN (actions $N, periods $M, seed $SEED)"
    bench/gen-plan.py --actions "$N" --periods "$M" --seed "$SEED" >"$PLAN.tmp"
    mv "$PLAN.tmp" "$PLAN"
else
    say "using cached $PLAN"
fi
printf '%s: %s bytes\n' "$PLAN" "$(stat -c %s "$PLAN")"
PLANQ=$(q "$PLAN")

if ((RUN_CLI)); then
    row import "import ($N actions, $M periods) into a new file" s "< 2 s" lt 2
    row import-init "import into an initialised file (init, then import)" s "-" none 0
    row status "status --as-of $AS_OF --json" ms "< 50 ms" lt 0.050
    row impact "impact --action $IMPACT --slip $SLIP --json" ms "< 50 ms" lt 0.050
    row verify "verify" s "< 3 s" lt 3
    row export "export" s "(none)" none 0
    row rss-import "peak RSS import" MB "< 200 MB" lt 200
    row rss-verify "peak RSS verify" MB "< 200 MB" lt 200
    row rss-status "peak RSS status" MB "< 200 MB" lt 200
    row rss-impact "peak RSS impact" MB "< 200 MB" lt 200
    row rss-export "peak RSS export" MB "< 200 MB" lt 200
fi

# --- command line ----------------------------------------------------------------------
rm -f "$DB" "$DB-wal" "$DB-shm"
DB_READY=0
if ((RUN_CLI)); then
    say "import, once, for peak memory and to check that it works"
    peak rss-import "$BIN" import "$DB" "$PLAN"
    [[ ${VERDICT[rss-import]:-} != error ]] && DB_READY=1
else
    say "import, once (BENCH_ONLY=$ONLY: the command line is not measured)"
    if "$BIN" init "$DB" --org "$ORG" --scale confidence3 && "$BIN" import "$DB" "$PLAN"; then
        DB_READY=1
    else
        fail import "the plan could not be imported"
    fi
fi

if ((RUN_CLI && DB_READY)); then
    timeit import-init 0 3 "$PREPARE_DB" sh "$BINQ import $DBQ $PLANQ"
    timeit import 0 3 "$PREPARE_NEW" sh "$BINQ import $DBQ $PLANQ"
    # the database now holds the imported plan (the last run's); if hyperfine failed,
    # import it again so that the other commands still have something to work on
    if [[ ${VERDICT[import]:-} == error ]]; then
        if ! { sh -c "$PREPARE_NEW" && "$BIN" import "$DB" "$PLAN"; }; then
            printf 'bench: the plan could not be imported again\n' >&2
        fi
    fi

    if "$BIN" status "$DB" --as-of "$AS_OF" --json >"$OUT/status.json"; then
        timeit status 1 5 "" none "$BINQ status $DBQ --as-of $AS_OF --json"
        peak rss-status "$BIN" status "$DB" --as-of "$AS_OF" --json
    else
        fail status "$BIN status failed"; VERDICT[rss-status]=error
    fi
    if "$BIN" impact "$DB" --action "$IMPACT" --slip "$SLIP" --json >"$OUT/impact.json"; then
        printf 'impact of %s +%s days: %s\n' "$IMPACT" "$SLIP" "$(moved_summary "$OUT/impact.json")"
        timeit impact 1 5 "" none "$BINQ impact $DBQ --action $(q "$IMPACT") --slip $SLIP --json"
        peak rss-impact "$BIN" impact "$DB" --action "$IMPACT" --slip "$SLIP" --json
    else
        fail impact "$BIN impact failed"; VERDICT[rss-impact]=error
    fi
    timeit verify 0 3 "" none "$BINQ verify $DBQ"
    peak rss-verify "$BIN" verify "$DB"
    timeit export 1 5 "rm -f $(q "$EXPORT")" sh "$BINQ export $DBQ --out $(q "$EXPORT")"
    rm -f "$EXPORT"
    peak rss-export "$BIN" export "$DB" --out "$EXPORT"
    if [[ -s $EXPORT ]]; then
        if cmp -s "$PLAN" "$EXPORT"; then
            ROUNDTRIP="identical to the imported plan"
        else
            ROUNDTRIP="DIFFERS from the imported plan (diff $PLAN $EXPORT)"
            diff "$PLAN" "$EXPORT" | head -n 12 || true
        fi
        say "export: $ROUNDTRIP"
    fi
elif ((RUN_CLI)); then
    for k in import import-init status impact verify export rss-status rss-impact rss-verify rss-export; do
        VERDICT[$k]=skipped
    done
fi

# --- the public site: publish, then the same pages from dialturn and from nginx ------------
if ((RUN_SITE)); then
    # the first theme of the plan: the generator writes it canonically (two-space indent,
    # "ref" first), so the first "ref" after "themes" is enough; json.load otherwise
    if [[ -z ${BENCH_THEME:-} ]]; then
        THEME=$(awk '/^  "themes": \[/ { t = 1 } t && /"ref": "/ {
                    sub(/.*"ref": "/, ""); sub(/".*/, ""); print; exit }' "$PLAN")
        [[ -n $THEME ]] || THEME=$(python3 -c \
            'import json,sys; print(json.load(open(sys.argv[1]))["themes"][0]["ref"])' "$PLAN" ||
            echo T1)
    else
        THEME=$BENCH_THEME
    fi
    row publish "publish (the whole site)" s "< 10 s" lt 10
    row rss-publish "peak RSS publish" MB "-" none 0
fi
PUBLISH_FILES='' PUBLISH_BYTES='' PUBLISH_SAYS=''
if ((RUN_SITE && RUN_PUBLISH && DB_READY)); then
    say "publish, once, for peak memory and to check that it works"
    rm -rf "$SITE"
    if ((HAVE_TIME)); then
        PEAK_STDOUT=$OUT/publish.log peak rss-publish "$BIN" publish "$DB" --out "$SITE"
    elif ! "$BIN" publish "$DB" --out "$SITE" >"$OUT/publish.log"; then
        fail rss-publish "$BIN publish failed"
    else
        VERDICT[rss-publish]=skipped
    fi
    if [[ ${VERDICT[rss-publish]:-} != error ]]; then
        PUBLISH_SAYS=$(tail -n 1 "$OUT/publish.log")
        printf '%s\n' "$PUBLISH_SAYS"
        # each run starts from nothing; the last run's output is what nginx serves
        timeit publish 0 "$PUBLISH_RUNS" "rm -rf $(q "$SITE")" sh \
            "$BINQ publish $DBQ --out $(q "$SITE")"
        if [[ ${VERDICT[publish]:-} == error ]]; then
            rm -rf "$SITE"
            "$BIN" publish "$DB" --out "$SITE" >/dev/null ||
                printf 'bench: the site could not be published again\n' >&2
        fi
        if [[ -d $SITE ]]; then
            PUBLISH_FILES=$(find "$SITE" -type f | wc -l)
            PUBLISH_BYTES=$(find "$SITE" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
            printf 'publish wrote %s files, %s bytes, under %s\n' "$PUBLISH_FILES" "$PUBLISH_BYTES" "$SITE"
        fi
    else
        VERDICT[publish]=skipped
    fi
elif ((RUN_SITE)); then
    VERDICT[publish]=skipped VERDICT[rss-publish]=skipped
fi

# --- HTTP ----------------------------------------------------------------------------------
# The public pages of issue #3 (home, an action, a theme), which nginx serves too
PUBLIC_PATHS=() PATHS=() WORK_PATHS=() UNCACHED_PATHS=()
if ((RUN_SITE)); then
    PUBLIC_PATHS=(/ "/actions/$IMPACT" "/themes/$THEME")
    PATHS=("${PUBLIC_PATHS[@]}" /healthz)
    # The workspace, signed in as the programme office: private pages, never
    # cached, rendered for each request (no target in the issues: reported).
    WORK_PATHS=(/work /work/review /work/chase /work/periods)
    # every public page type and feed, rendered each time (bench/uncached.lua),
    # and the home page as at the first signed-off month
    UNCACHED_MONTH=$(python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select min(month) from month_record").fetchone()[0] or "")' "$DB" 2>/dev/null || true)
    UNCACHED_PATHS=(/ /plan "/themes/$THEME" "/actions/$IMPACT" /milestones /recommendations
        /measures /feed.atom /api/v1/actions /api/v1/milestones /data/plan.json
        gz:/data/plan.json "/?as_at=$UNCACHED_MONTH")
fi
declare -A LABEL=([/]="/ (home)" ["/actions/$IMPACT"]="/actions/$IMPACT (action)"
                  ["/themes/${THEME:-}"]="/themes/${THEME:-} (theme)")
for p in "${PATHS[@]}"; do
    row "rps$p" "GET ${LABEL[$p]:-$p} throughput" "req/s" ">= 10,000 req/s" ge 10000
    row "p99$p" "GET ${LABEL[$p]:-$p} latency p99" ms "< 10 ms" lt 0.010
done
for p in "${WORK_PATHS[@]}"; do
    row "rps$p" "GET $p throughput (signed in)" "req/s" "-" none 0
    row "p99$p" "GET $p latency p99 (signed in)" ms "-" none 0
done

http_skip() {   # VERDICT [TAG]: no measure of the pages of dialturn (or of TAG, nginx-)
    local p
    if [[ -z ${2:-} ]]; then
        for p in "${PATHS[@]}" "${WORK_PATHS[@]}"; do VERDICT[rps$p]=$1; VERDICT[p99$p]=$1; done
    else
        for p in "${PUBLIC_PATHS[@]}"; do VERDICT[$2rps$p]=$1; VERDICT[$2p99$p]=$1; done
    fi
}

# wait_up PID URL LOG: waits up to 10 s for URL to answer (2xx/3xx).  When it does not,
# the status is 1 and WHY says why (a process that exited is reaped).
WHY=''
wait_up() {
    local pid=$1 url=$2 log=$3 rc=0
    for _ in $(seq 1 100); do
        if curl -fs -o /dev/null --max-time 1 "$url"; then return 0; fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        WHY="did not answer $url within 10 s"
    else
        wait "$pid" || rc=$?
        WHY="exited with status $rc"
    fi
    WHY+=": $(tail -n 3 "$log" | tr '\n' ' ')"
    return 1
}

# wrk_path TAG BASE PATH [HEADER]: saves one answer of BASE/PATH (with HEADER, e.g. a
# session cookie) under $PAGES, then runs wrk against it; its rate and p99 into VALUE
# (keys TAGrpsPATH, TAGp99PATH), problems into VERDICT.  TAG is '' for dialturn.
wrk_path() {
    local tag=$1 base=$2 p=$3 name=${3//\//_} code timeouts hdr=() who=${1%-}
    local report=$OUT/wrk${tag:+-$who}$name.txt
    [[ -n ${4:-} ]] && hdr=(-H "$4")
    code=$(curl -s -o "$PAGES/${who:-dialturn}$name.html" -w '%{http_code}' --max-time 5 \
        "${hdr[@]}" "$base$p" || true)
    CODE[$tag$p]=$code
    say "wrk GET $base$p (${who:-dialturn}, HTTP $code)"
    if run wrk -t2 -c16 -d"$WRK_DURATION" --latency "${hdr[@]}" "$base$p" >"$report" 2>&1; then
        grep -E 'Requests/sec|^ +99%|Non-2xx|Socket errors' "$report" || true
        VALUE[${tag}rps$p]=$(awk '/Requests\/sec/ {print $2}' "$report")
        VALUE[${tag}p99$p]=$(awk '/^ +99%/ {
                v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
                f = 0.001                       # ms -> s
                if (u == "us") f = 0.000001
                if (u == "s") f = 1
                if (u == "m") f = 60
                printf "%.6f", v * f; exit }' "$report")
        timeouts=$(awk '/Socket errors/ { gsub(/,/, ""); print $NF }' "$report")
        if [[ -n $timeouts && $timeouts != 0 ]]; then
            # wrk leaves requests that time out (2 s) out of the latency figures
            VERDICT[${tag}p99$p]="MISSED ($timeouts timed out)"
        fi
        if [[ $code != 2* && $code != 3* ]]; then
            printf 'bench: GET %s answers HTTP %s: the rate is not that of a page\n' "$base$p" "$code" >&2
            VERDICT[${tag}rps$p]="HTTP $code"
        elif grep -q 'Non-2xx' "$report"; then
            printf 'bench: GET %s: some answers were not 2xx or 3xx under load\n' "$base$p" >&2
            VERDICT[${tag}rps$p]="non-2xx answers"
        fi
    else
        fail "${tag}rps$p" "wrk failed: $(tail -n 2 "$report" | tr '\n' ' ')"
        VERDICT[${tag}p99$p]=error
    fi
}

# wrk_uncached PATH: wrk on BASE/PATH with a query string of its own per request
# (bench/uncached.lua), so the page cache never answers: the median and p99 of
# rendering into VALUE (keys unc50PATH, unc99PATH, uncrpsPATH).  A PATH written
# gz:/data/plan.json asks for gzip, as browsers do.
wrk_uncached() {
    local p=$1 url=${1#gz:} name=${1//[\/?=&:]/_} report gz=()
    report=$OUT/wrk-uncached$name.txt
    [[ $p == gz:* ]] && gz=(env UNCACHED_GZIP=1)
    say "wrk GET $BASE$url uncached${gz:+ (gzip)}"
    if run "${gz[@]}" wrk -t2 -c4 -d"$WRK_DURATION" --latency -s bench/uncached.lua "$BASE$url" \
        >"$report" 2>&1; then
        grep -E 'Requests/sec|^ +(50|99)%|Non-2xx' "$report" || true
        VALUE[uncrps$p]=$(awk '/Requests\/sec/ {print $2}' "$report")
        for q in 50 99; do
            VALUE[unc$q$p]=$(awk -v q="$q" '$1 == q "%" {
                v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
                f = 0.001
                if (u == "us") f = 0.000001
                if (u == "s") f = 1
                printf "%.6f", v * f; exit }' "$report")
        done
        grep -q 'Non-2xx' "$report" && VERDICT[uncrps$p]="non-2xx answers"
    else
        VERDICT[uncrps$p]=error
    fi
    return 0
}

# uncached_server: the server's own median time for each uncached path (its
# access log times each request from its first line to its last byte sent),
# into VALUE (keys uncsrvPATH): steadier than wrk's on a loaded machine.
uncached_server() {
    local p url key
    for p in "${UNCACHED_PATHS[@]}"; do
        url=${p#gz:} key=uncached
        [[ $p == gz:* ]] && key=uncachedgz
        VALUE[uncsrv$p]=$(awk -v u="$url" -v k="$key" '$1 == "GET" && $3 == 200 {
                t = $2; i = index(t, k "="); if (!i) next
                if (substr(t, 1, i - 2) == u) print $5 / 1e6 }' "$OUT/serve.log" | sort -g |
            awk '{ v[NR] = $1 } END { if (NR) printf "%.6f", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    done
}

# warm_first: waits (up to 10 minutes) for the server to say it warmed the
# latest signed-off month (src/web/warm.h), then asks for each uncached path
# once: the first request after a start, into VALUE (keys firstPATH, the
# server's time; warm, the warming's own time from its log line).
warm_first() {
    local p url hdr line sep key
    for _ in $(seq 1 6000); do
        line=$(grep -m1 '^dialturn: warmed the record of' "$OUT/serve.log" || true)
        [[ -n $line ]] && break
        sleep 0.1
    done
    say "${line:-the server did not say it warmed the latest month within 10 minutes}"
    VALUE[warm]=$(sed -n 's/.* in \([0-9.]*\) s: .*/\1/p' <<<"$line")
    for p in "${UNCACHED_PATHS[@]}"; do
        url=${p#gz:} hdr=() sep='?' key=first
        [[ $url == *\?* ]] && sep='&'
        [[ $p == gz:* ]] && hdr=(-H 'Accept-Encoding: gzip') key=firstgz
        curl -s -o /dev/null "${hdr[@]}" "$BASE$url${sep}$key=1" || true
        sleep 0.2 # the access log's line is written once the answer is sent
        VALUE[first$p]=$(awk -v t="$url${sep}$key=1" '$1 == "GET" && $2 == t { printf "%.6f", $5 / 1e6 }' \
            "$OUT/serve.log")
    done
}

# load_run: 256 connections for BENCH_LOAD_DURATION (60 s) on the plan page, each
# request rendered (bench/uncached.lua); the server's memory before, at half
# time and after, and every error, into VALUE (load-*) and VERDICT.
load_run() {
    local report=$OUT/wrk-load.txt rss0 rss1 rss2 half
    rss() { awk '/^VmRSS/ { print $2 }' "/proc/$SERVER_PID/status" 2>/dev/null || echo 0; }
    say "load: wrk -t2 -c256 -d$LOAD_DURATION $BASE/plan (uncached)"
    rss0=$(rss)
    half=$(( ${LOAD_DURATION%s} / 2 ))
    ( sleep "$half"; rss >"$OUT/load-rss-half" ) &
    if run wrk -t2 -c256 -d"$LOAD_DURATION" --timeout 10s --latency -s bench/uncached.lua \
        "$BASE/plan" >"$report" 2>&1; then
        grep -E 'Requests/sec|^ +(50|99)%|Non-2xx|Socket errors' "$report" || true
        rss1=$(cat "$OUT/load-rss-half" 2>/dev/null || echo 0)
        rss2=$(rss)
        VALUE[load-rps]=$(awk '/Requests\/sec/ {print $2}' "$report")
        VALUE[load-rss]="$rss0 / $rss1 / $rss2 kB"
        VALUE[load-errors]=$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, "");
            n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$report")
        [[ ${VALUE[load-errors]} == 0 ]] || VERDICT[load-errors]=MISSED
    else
        VERDICT[load-errors]=error
    fi
    return 0
}

# sign_in_cookie: signs the bench account in; prints "Cookie: dialturn_session=..."
sign_in_cookie() {
    local jar=$OUT/cookies page=$OUT/login.html csrf
    rm -f "$jar"
    curl -s -c "$jar" -b "$jar" -o "$page" "$BASE/login"
    csrf=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$page" | head -n 1 | sed 's/.*value="//; s/"$//')
    curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "username=bench" \
        --data-urlencode "password=$BENCH_PASSWORD" --data-urlencode "csrf=$csrf" "$BASE/login"
    awk '$6 == "dialturn_session" { print "Cookie: dialturn_session=" $7 }' "$jar"
}

BASE=http://127.0.0.1:$PORT
if ((!RUN_SITE)); then
    :
elif ((!DB_READY)); then
    http_skip skipped
elif curl -s -o /dev/null --max-time 1 "$BASE/healthz"; then
    fail "rps/" "something already listens on 127.0.0.1:$PORT (set BENCH_PORT)"
    http_skip error
else
    BENCH_PASSWORD=bench-password-1
    printf '%s\n' "$BENCH_PASSWORD" | "$BIN" user add "$DB" bench --name "Bench PMO" --role pmo \
        >/dev/null 2>&1 || true # kept from an earlier run
    say "serve $DB on $BASE"
    # every wrk connection comes from 127.0.0.1, as every client does behind a
    # proxy: the per-address limit (default 64) would refuse the load run's 256
    "$BIN" serve "$DB" --listen "127.0.0.1:$PORT" --max-per-address 1024 >"$OUT/serve.log" 2>&1 &
    SERVER_PID=$!
    if ! wait_up "$SERVER_PID" "$BASE/healthz" "$OUT/serve.log"; then
        kill -0 "$SERVER_PID" 2>/dev/null || SERVER_PID=''
        fail "rps/" "the server $WHY"
        http_skip error
    else
        warm_first
        for p in "${PATHS[@]}"; do wrk_path '' "$BASE" "$p"; done
        for p in "${UNCACHED_PATHS[@]}"; do wrk_uncached "$p"; done
        uncached_server
        load_run
        cookie=$(sign_in_cookie)
        if [[ -z $cookie ]]; then
            fail "rps/work" "cannot sign in as the bench account"
        else
            for p in "${WORK_PATHS[@]}"; do wrk_path '' "$BASE" "$p" "$cookie"; done
        fi
    fi
    stop_server
fi

# same_page PATH: is nginx's answer the page dialturn served?  One line into SAME, and
# SAME_OK=1 when the comparison of their rates is fair
same_page() {
    local p=$1 name=${1//\//_} d=${CODE[$1]:-} n=${CODE[nginx-$1]:-} text rc=0
    SAME_OK[$p]=0
    if [[ $d != 200 || $n != 200 ]]; then
        SAME[$p]="not compared: dialturn answers HTTP ${d:-none}, nginx HTTP ${n:-none}"
        return 0
    fi
    text=$(python3 - "$PAGES/dialturn$name.html" "$PAGES/nginx$name.html" <<'EOF'
import difflib, re, sys
a, b = (open(f, "rb").read() for f in sys.argv[1:3])
sizes = f"{len(a)} and {len(b)} bytes"
if a == b:
    print(f"identical bytes ({len(a)})"); sys.exit(0)
a, b = a.decode("utf-8", "replace"), b.decode("utf-8", "replace")
t = re.search(r"<title>(.*?)</title>", a, re.S)
if not t or t.group(1) not in b:
    print(f"NOT the same page ({sizes}): nginx's lacks dialturn's title {t.group(1) if t else None!r}")
    sys.exit(1)
key = f"title \"{t.group(1)}\" in both, {sizes}"
def norm(s):   # every link's target blanked: publish rewrites them to be relative
    return re.sub(r'\b(href|src|action)="[^"]*"', r'\1=""', s).splitlines()
d = [l for l in difflib.unified_diff(norm(a), norm(b), n=0, lineterm="")
     if l[:1] in "+-" and l[:3] not in ("+++", "---")]
if not d:
    print(f"same page ({key}): they differ only in the links publish rewrites to be relative")
    sys.exit(0)
only_d = [l[1:].strip() for l in d if l[0] == "-"]
only_n = [l[1:].strip() for l in d if l[0] == "+"]
def lines(ls, whose):
    n = f"{len(ls)} line{'s' if len(ls) != 1 else ''} only {whose} has"
    return n + (f" (the first, links blanked: `{ls[0][:100]}`)" if ls else "")
print(f"same page ({key}): they differ in the links publish rewrites to be relative, "
      f"and in {lines(only_d, 'dialturn')}, {lines(only_n, 'the published file')}")
EOF
    ) || rc=$?
    SAME[$p]=$text
    ((rc == 0)) && SAME_OK[$p]=1
    return 0
}

# nginx (Debian's package) serving the published files: a private instance, configured
# like Debian's default nginx.conf (worker_processes auto, sendfile, tcp_nopush), with
# no access log, no gzip, and every path it writes under $NGX.  It reads nothing from
# /etc/nginx: the few MIME types the site needs are written here.
NBASE=http://127.0.0.1:$NGINX_PORT
NGINX_VERSION=
if ((!RUN_SITE)); then
    :
elif [[ ! -d $SITE || ${VERDICT[publish]:-} == skipped ]]; then
    http_skip skipped nginx-
elif curl -s -o /dev/null --max-time 1 "$NBASE/"; then
    fail "nginx-rps/" "something already listens on 127.0.0.1:$NGINX_PORT (set BENCH_NGINX_PORT)"
    http_skip error nginx-
else
    NGINX_VERSION=$("$NGINX" -v 2>&1 | sed 's/^nginx version: //' || true)
    NGINX_VERSION=${NGINX_VERSION:-nginx}
    mkdir -p "$NGX/tmp"
    ngx=$(cd "$NGX" && pwd)
    root=$(cd "$SITE" && pwd)
    cat >"$NGX/nginx.conf" <<EOF
# written by bench/run.sh: a private nginx for the benchmark, stopped when it ends
daemon off;
worker_processes auto;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 768; }
http {
    sendfile on;
    tcp_nopush on;
    types {
        text/html html;
        text/css css;
        application/atom+xml atom;
        text/csv csv;
        application/json json;
    }
    default_type application/octet-stream;
    charset utf-8;
    access_log off;
    client_body_temp_path $ngx/tmp/client_body;
    proxy_temp_path $ngx/tmp/proxy;
    fastcgi_temp_path $ngx/tmp/fastcgi;
    uwsgi_temp_path $ngx/tmp/uwsgi;
    scgi_temp_path $ngx/tmp/scgi;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $root;
        # the same URLs as dialturn's: /actions/A1 is the file actions/A1/index.html
        location / { try_files \$uri \$uri/index.html =404; }
    }
}
EOF
    say "nginx ($NGINX_VERSION) serving $SITE on $NBASE"
    "$NGINX" -p "$ngx" -e "$ngx/error.log" -c "$ngx/nginx.conf" >"$NGX/stderr.log" 2>&1 &
    NGINX_PID=$!
    if ! wait_up "$NGINX_PID" "$NBASE/" "$NGX/error.log"; then
        kill -0 "$NGINX_PID" 2>/dev/null || NGINX_PID=''
        fail "nginx-rps/" "nginx $WHY $(tail -n 2 "$NGX/stderr.log" | tr '\n' ' ')"
        http_skip error nginx-
    else
        for p in "${PUBLIC_PATHS[@]}"; do
            wrk_path nginx- "$NBASE" "$p"
            same_page "$p"
            printf '%s\n' "${SAME[$p]}"
        done
    fi
    stop_nginx
fi

# --- summary ---------------------------------------------------------------------------
fmt() {   # value unit -> text
    case $2 in
        s) awk -v v="$1" 'BEGIN { printf "%.3f s", v }' ;;
        ms) awk -v v="$1" 'BEGIN { printf "%.1f ms", v * 1000 }' ;;
        ms2) awk -v v="$1" 'BEGIN { printf "%.2f ms", v * 1000 }' ;;
        MB) printf '%s MB' "$1" ;;
        req/s) awk -v v="$1" 'BEGIN { printf "%.0f req/s", v }' ;;
        *) printf '%s %s' "$1" "$2" ;;
    esac
}
fence='```'
# shellcheck disable=SC2016  # Markdown's backquotes, in single quotes
{
    printf '# dialturn benchmarks\n\n'
    printf '%s, %s actions, %s periods, seed %s (%s, %s bytes); %s; %s CPUs.\n\n' \
        "$(date -u +%Y-%m-%dT%H:%MZ)" "$N" "$M" "$SEED" "$PLAN" "$(stat -c %s "$PLAN")" \
        "$(uname -srm)" "$(nproc)"
    if [[ -n $ONLY ]]; then
        printf 'BENCH_ONLY=%s: only the %s was measured.\n\n' "$ONLY" \
            "$(case $ONLY in cli) echo 'command line' ;; serve) echo 'server (no publish, no nginx)' ;;
                *) echo 'public site (publish, serve, nginx)' ;; esac)"
    fi
    printf '## Summary\n\n| measure | result | target | verdict |\n| --- | --- | --- | --- |\n'
    for r in "${ROWS[@]}"; do
        IFS='|' read -r key what unit target cmp limit <<<"$r"
        v=${VALUE[$key]:-}
        verdict=${VERDICT[$key]:-}
        if [[ -n $v && -z $verdict ]]; then
            case $cmp in
                lt) awk -v a="$v" -v b="$limit" 'BEGIN { exit !(a < b) }' && verdict=ok || verdict=MISSED ;;
                ge) awk -v a="$v" -v b="$limit" 'BEGIN { exit !(a >= b) }' && verdict=ok || verdict=MISSED ;;
                *) verdict=- ;;
            esac
        fi
        res=-
        if [[ -n $v ]]; then res=$(fmt "$v" "$unit"); fi
        printf '| %s | %s | %s | %s |\n' "$what" "$res" "$target" "${verdict:-no result}"
    done
    if [[ -n ${ROUNDTRIP:-} ]]; then printf '\nexport of the imported plan: %s\n' "$ROUNDTRIP"; fi
    if [[ -n $PUBLISH_FILES ]]; then
        printf '\npublish wrote %s files, %s bytes, under `%s` (it says: %s)\n' \
            "$PUBLISH_FILES" "$PUBLISH_BYTES" "$SITE" "${PUBLISH_SAYS:-nothing}"
    fi
    if ((${#FAILURES[@]})); then
        printf '\n## Failures\n\n'
        printf -- '- %s\n' "${FAILURES[@]}"
    fi

    if ((${#PUBLIC_PATHS[@]})) && [[ -n $NGINX_VERSION ]]; then
        printf '\n## dialturn and nginx, the same pages\n\n'
        printf '%s (Debian'"'"'s package) serves the output of `publish` (`%s`) on %s: ' \
            "$NGINX_VERSION" "$SITE" "$NBASE"
        printf 'worker_processes auto, sendfile, no access log, no gzip (config: `%s`). ' "$NGX/nginx.conf"
        printf 'dialturn serves the database on %s. wrk -t2 -c16 -d%s on each, one after the other.\n\n' \
            "$BASE" "$WRK_DURATION"
        printf '| page | dialturn req/s | nginx req/s | dialturn/nginx | dialturn p99 | nginx p99 |\n'
        printf '| --- | --- | --- | --- | --- | --- |\n'
        for p in "${PUBLIC_PATHS[@]}"; do
            dr=${VALUE[rps$p]:-} nr=${VALUE[nginx-rps$p]:-}
            ratio=-
            if [[ -n $dr && -n $nr && ${SAME_OK[$p]:-0} == 1 ]]; then
                ratio=$(awk -v a="$dr" -v b="$nr" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')
            elif [[ -n $dr && -n $nr ]]; then
                ratio="- (not the same page)"
            fi
            dp=- np=-
            [[ -n ${VALUE[p99$p]:-} ]] && dp=$(fmt "${VALUE[p99$p]}" ms)
            [[ -n ${VALUE[nginx-p99$p]:-} ]] && np=$(fmt "${VALUE[nginx-p99$p]}" ms)
            printf '| %s | %s | %s | %s | %s | %s |\n' "${LABEL[$p]:-$p}" \
                "$([[ -n $dr ]] && fmt "$dr" req/s || echo -)" \
                "$([[ -n $nr ]] && fmt "$nr" req/s || echo -)" "$ratio" "$dp" "$np"
        done
        printf '\nThe same page? Checked with curl before each run (status 200 from both, dialturn'"'"'s `<title>` in nginx'"'"'s answer; the answers are under `%s`):\n\n' "$PAGES"
        for p in "${PUBLIC_PATHS[@]}"; do
            printf -- '- `%s`: %s\n' "$p" "${SAME[$p]:-not checked: nginx was not measured}"
        done
    fi

    if ((${#UNCACHED_PATHS[@]})); then
        printf '\n## Public pages rendered, not from the page cache\n\n'
        printf 'Each request carries a query string of its own (`bench/uncached.lua`), so the page '
        printf 'cache never answers; what a sealed month computes is kept once for the whole '
        printf 'server (model/record_memo.h), so after the first request for a month a page is '
        printf 'rendered from what its month computed once, which the server builds for the latest '
        printf 'month right after it starts (src/web/warm.h: %s s here, from its log).  wrk -t2 -c4 ' \
            "${VALUE[warm]:--}"
        printf -- '-d%s; "server" is the median of the access log'"'"'s times for those requests, ' \
            "$WRK_DURATION"
        printf '"first" the first request of the page after the warming.  Beside it, the cached '
        printf 'rate where the run above measured the same page.  `gz:` asks for gzip.\n\n'
        printf '| page | first | server median | uncached median | uncached p99 | uncached req/s | cached req/s |\n'
        printf '| --- | --- | --- | --- | --- | --- | --- |\n'
        for p in "${UNCACHED_PATHS[@]}"; do
            printf '| `%s` | %s | %s | %s | %s | %s | %s |\n' "$p" \
                "$([[ -n ${VALUE[first$p]:-} ]] && fmt "${VALUE[first$p]}" ms2 || echo -)" \
                "$([[ -n ${VALUE[uncsrv$p]:-} ]] && fmt "${VALUE[uncsrv$p]}" ms2 || echo -)" \
                "$([[ -n ${VALUE[unc50$p]:-} ]] && fmt "${VALUE[unc50$p]}" ms2 || echo -)" \
                "$([[ -n ${VALUE[unc99$p]:-} ]] && fmt "${VALUE[unc99$p]}" ms2 || echo -)" \
                "$([[ -n ${VALUE[uncrps$p]:-} ]] && fmt "${VALUE[uncrps$p]}" req/s || echo "${VERDICT[uncrps$p]:--}")" \
                "$([[ -n ${VALUE[rps$p]:-} ]] && fmt "${VALUE[rps$p]}" req/s || echo -)"
        done
    fi

    if [[ -n ${VALUE[load-rps]:-} || -n ${VERDICT[load-errors]:-} ]]; then
        printf '\n## Load: 256 connections for %s on /plan, each request rendered\n\n' "$LOAD_DURATION"
        printf -- '- requests/s: %s\n- errors (non-2xx, connect, read, write, timeout): %s %s\n' \
            "${VALUE[load-rps]:--}" "${VALUE[load-errors]:--}" "${VERDICT[load-errors]:-}"
        printf -- '- server memory (VmRSS) before / at half time / after: %s\n' "${VALUE[load-rss]:--}"
    fi

    printf '\n## hyperfine\n\n'
    header=1
    for k in import status impact verify export publish; do
        if [[ -s $OUT/hf/$k.md ]]; then
            if ((header)); then cat "$OUT/hf/$k.md"; header=0; else tail -n +3 "$OUT/hf/$k.md"; fi
        fi
    done
    printf '\n'
    for p in "${PATHS[@]}" "${WORK_PATHS[@]}"; do
        name=${p//\//_}
        if [[ -s $OUT/wrk$name.txt ]]; then
            printf '## wrk GET %s (dialturn)\n\n%s\n%s\n%s\n\n' "$p" "$fence" "$(cat "$OUT/wrk$name.txt")" "$fence"
        fi
    done
    for p in "${PUBLIC_PATHS[@]}"; do
        name=${p//\//_}
        if [[ -s $OUT/wrk-nginx$name.txt ]]; then
            printf '## wrk GET %s (nginx)\n\n%s\n%s\n%s\n\n' "$p" "$fence" "$(cat "$OUT/wrk-nginx$name.txt")" "$fence"
        fi
    done
} >"$RESULTS"

say "summary (also in $RESULTS)"
sed -n '/^| measure/,/^$/p' "$RESULTS"
if [[ -n ${ROUNDTRIP:-} ]]; then printf 'export of the imported plan: %s\n' "$ROUNDTRIP"; fi
sed -n '/^## dialturn and nginx/,/^## hyperfine/{/^## hyperfine/d; p}' "$RESULTS"
if ((FAILED)); then
    printf '\nbench: some commands failed (see above); targets are reported, not enforced\n' >&2
    exit 1
fi
exit 0
