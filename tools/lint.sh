#!/usr/bin/env bash
# make lint: formatting, banned functions, and SQL or HTML built at run time.
set -u
cd "$(dirname "$0")/.."
status=0
# (tools/lint_samples/ holds calls laid out as bad code is: not formatted, not built)
files=$(git ls-files 'src/*.c' 'src/*.h' 'tests/unit/*.c' 'tests/unit/*.h' 'tools/*.c' ':!tools/lint_samples')

# 1. Banned functions (curl's checksrc spirit): unbounded copies and shells.
if grep -nE '\b(sprintf|vsprintf|strcpy|strcat|gets|system|popen|strtok|gmtime|localtime)\s*\(' $files; then
    echo "lint: banned function above (use snprintf, bounded copies, gmtime_r, exec)"
    status=1
fi
# 2. SQL is fixed text and HTML goes through html_printf's own conversions:
# tools/lint_calls.py reads each call whole, however many lines it spans (its
# header says what it checks).  Its self-test first: it must still catch the
# bad calls of tools/lint_samples/.
if ! python3 tools/lint_calls.py --self-test; then
    echo "lint: the call checker missed a bad sample (tools/lint_samples)"
    status=1
fi
if ! python3 tools/lint_calls.py $(git ls-files 'src/*.c' 'src/*.h' 'fuzz/*.c'); then
    echo "lint: SQL built at run time or an unchecked html_printf above (tools/lint_calls.py)"
    status=1
fi
# 3. Formatting.
if command -v clang-format >/dev/null; then
    if ! clang-format --dry-run --Werror $files 2>/dev/null; then
        echo "lint: clang-format differences (run: clang-format -i \$(git ls-files 'src/*.[ch]'))"
        status=1
    fi
fi
[ $status -eq 0 ] && echo "lint: ok"
exit $status
