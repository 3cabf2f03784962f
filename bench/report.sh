#!/usr/bin/env bash
# bench/report.sh — the monthly progress report's speed: a synthetic plan of
# BENCH_ACTIONS actions (10000) over BENCH_PERIODS signed-off months (12), and
# the report of its latest month as HTML, Markdown and PDF from the command
# line (the whole run: open, the record, the previous month's figures,
# rendering), each the best of BENCH_RUNS (3), with its peak RSS; then the
# officers' spreadsheet of the same plan (`export --format xlsx`).  Targets
# (issue 12): HTML < 100 ms, PDF < 1 s, peak RSS < 100 MB, XLSX < 2 s.  Not a
# test: a missed target is reported, never fatal.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${BENCH_ACTIONS:-10000}
M=${BENCH_PERIODS:-12}
RUNS=${BENCH_RUNS:-3}
BIN=${DIALTURN:-build/rel/dialturn}
OUT=${BENCH_OUT:-bench/out}
mkdir -p "$OUT"
plan=$OUT/report-plan-${N}x${M}.json
db=$OUT/report-${N}x${M}.db
[ -s "$plan" ] || python3 bench/gen-plan.py --actions "$N" --periods "$M" >"$plan"
[ -s "$db" ] || "$BIN" import "$db" "$plan" >/dev/null
month=$(sqlite3 "$db" "select max(month) from period where status = 'signed_off'")
printf 'monthly report of %s, %s actions, %s months\n' "$month" "$N" "$M"
for f in html md pdf; do
    best=
    for ((i = 0; i < RUNS; i++)); do
        /usr/bin/time -f '%e %M' -o "$OUT/report.time" \
            "$BIN" report "$db" monthly --period "$month" --format "$f" --out "$OUT/report.$f"
        read -r secs kb <"$OUT/report.time"
        ms=$(python3 -c "print(round($secs * 1000))")
        if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms rss=$kb; fi
    done
    printf '%-5s %6d ms  peak RSS %5d MB  %8d bytes\n' "$f" "$best" $((rss / 1024)) \
        "$(stat -c %s "$OUT/report.$f")"
done
best=
for ((i = 0; i < RUNS; i++)); do
    /usr/bin/time -f '%e %M' -o "$OUT/report.time" \
        "$BIN" export "$db" --format xlsx --out "$OUT/report.xlsx"
    read -r secs kb <"$OUT/report.time"
    ms=$(python3 -c "print(round($secs * 1000))")
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms rss=$kb; fi
done
printf '%-5s %6d ms  peak RSS %5d MB  %8d bytes (export --format xlsx)\n' xlsx "$best" \
    $((rss / 1024)) "$(stat -c %s "$OUT/report.xlsx")"
