#!/usr/bin/env bash
# fuzz/run.sh — runs the libFuzzer targets (make fuzz, make fuzz-replay).
#
#   fuzz/run.sh fuzz BIN...     each target for $FUZZ_SECONDS (default 60) on one
#                               core, one after the other, from fuzz/corpus/NAME
#                               and what earlier runs kept (build/fuzz/corpus/NAME);
#                               prints executions, exec/s, coverage and crashes;
#                               a crash is saved in build/fuzz/artifacts/NAME/
#   fuzz/run.sh replay BIN...   every input of fuzz/corpus/NAME and
#                               fuzz/crashes/NAME, once each
# One process, so one core, at a time (libFuzzer's -jobs would fork a child
# that writes its own log).  Fails when a target crashes or has no seeds.
# An input that runs longer than $FUZZ_TIMEOUT seconds (default 60) of wall
# clock is reported as a hang: with 10 s, a target run at low priority on a
# busy machine was starved past it on inputs that take milliseconds.
set -u
cd "$(dirname "$0")/.."
mode=$1
shift
status=0
for bin in "$@"; do
    name=$(basename "$bin")
    name=${name#fuzz_}
    dict=()
    [ -f "fuzz/$name.dict" ] && dict=(-dict="fuzz/$name.dict")
    if [ ! -d "fuzz/corpus/$name" ] || [ -z "$(ls -A "fuzz/corpus/$name")" ]; then
        echo "fuzz: $name has no seeds in fuzz/corpus/$name"
        status=1
        continue
    fi
    case $mode in
    replay)
        mapfile -t inputs < <(find "fuzz/corpus/$name" "fuzz/crashes/$name" -type f 2>/dev/null | sort)
        log=build/fuzz/replay-$name.log
        start=$SECONDS
        if "$bin" -runs=1 -close_fd_mask=2 -rss_limit_mb=4096 "${inputs[@]}" >"$log" 2>&1; then
            printf 'fuzz-replay: %-10s %4d inputs ok (%d s)\n' "$name" "${#inputs[@]}" \
                $((SECONDS - start))
        else
            echo "fuzz-replay: $name FAILED on an input; the end of $log:"
            tail -n 40 "$log"
            status=1
        fi
        ;;
    fuzz)
        work=build/fuzz/corpus/$name
        art=build/fuzz/artifacts/$name/
        mkdir -p "$work" "$art"
        touch "$art.start" # crashes of this run are the files newer than this
        log=build/fuzz/fuzz-$name.log
        echo "fuzz: $name for ${FUZZ_SECONDS:-60} s (log: $log)"
        "$bin" -max_total_time="${FUZZ_SECONDS:-60}" -print_final_stats=1 \
            -close_fd_mask=2 -timeout="${FUZZ_TIMEOUT:-60}" -rss_limit_mb=4096 -artifact_prefix="$art" \
            "${dict[@]}" "$work" "fuzz/corpus/$name" >"$log" 2>&1
        rc=$?
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
        cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1)
        crashes=$(find "$art" -type f -newer "$art.start" | wc -l)
        printf 'fuzz: %-10s executions %s, %s exec/s, %s, crashes %s\n' "$name" "${execs:-?}" \
            "${speed:-?}" "${cov:-cov: ?}" "$crashes"
        if [ $rc -ne 0 ] || [ "$crashes" -ne 0 ]; then
            echo "fuzz: $name found a problem; the end of $log:"
            tail -n 40 "$log"
            find "$art" -type f -newer "$art.start"
            status=1
        fi
        ;;
    *)
        echo "usage: fuzz/run.sh fuzz|replay BIN..." >&2
        exit 2
        ;;
    esac
done
exit $status
