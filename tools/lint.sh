#!/usr/bin/env bash
# make lint: formatting, banned functions, and SQL or HTML built from %s.
set -u
cd "$(dirname "$0")/.."
status=0
files=$(git ls-files 'src/*.c' 'src/*.h' 'tests/unit/*.c' 'tests/unit/*.h' 'tools/*.c')

# 1. Banned functions (curl's checksrc spirit): unbounded copies and shells.
if grep -nE '\b(sprintf|vsprintf|strcpy|strcat|gets|system|popen|strtok|gmtime|localtime)\s*\(' $files; then
    echo "lint: banned function above (use snprintf, bounded copies, gmtime_r, exec)"
    status=1
fi
# 2. SQL is fixed text: no format strings feeding prepare/exec/mprintf.
# (src/ only: tests format their own failure messages beside prepare calls)
if grep -nE 'sqlite3_(exec|prepare[_a-z0-9]*|mprintf)\([^;]*%[sdq]' $(git ls-files 'src/*.c' 'src/*.h'); then
    echo "lint: SQL built with a format string above; bind parameters instead"
    status=1
fi
# 3. HTML goes through html_printf's %h: a plain %s in html_printf must be a literal.
if grep -nE 'html_printf\([^;]*%s[^;]*,\s*[a-z_]+(->|\.)?[a-z_]*\s*[,)]' src/web/*.c 2>/dev/null | grep -v '"\s*)' ; then
    echo "lint: html_printf with %s and a variable argument above: use %h"
    status=1
fi
# 4. Formatting.
if command -v clang-format >/dev/null; then
    if ! clang-format --dry-run --Werror $files 2>/dev/null; then
        echo "lint: clang-format differences (run: clang-format -i \$(git ls-files 'src/*.[ch]'))"
        status=1
    fi
fi
[ $status -eq 0 ] && echo "lint: ok"
exit $status
