#!/usr/bin/env bash
# The domain's rules on single fields (model/limits.h) hold on every import
# path: each bad value is refused whole, on one line naming the field, and
# nothing of the file is stored.  The CSV refusals quote the input without the
# terminal escapes it held.
set -u
. "$ROOT/tests/e2e/lib.sh"

base() { # base FIELD-OVERRIDES-AS-PYTHON: writes plan.json with one change applied
    python3 - "$1" <<'PY' >plan.json
import json, sys
d = {"format": "dialturn-plan/1",
     "organisation": {"name": "Test Council", "slug": "test", "timezone": "Europe/London",
                      "rating_scale": "confidence3"},
     "people": [{"ref": "ceo", "name": "Chief Executive", "role": "CE", "kind": "officer"}],
     "reviews": [{"ref": "rev", "title": "Review", "author": "A", "published_on": "2014-12-09",
                  "url": None, "recommendations": [{"ref": "R1", "text": "Do it"}]}],
     "versions": [{"number": 1, "title": "Plan", "status": "signed_off",
                   "approved_on": "2015-02-16", "approval_ref": None,
                   "signed_off_on": "2015-03-23"}],
     "themes": [{"ref": "T1", "title": "Theme", "lead": "ceo"}],
     "actions": [{"ref": "A1", "theme": "T1", "title": "First", "start": "2015-03-01",
                  "finish": "2015-06-30", "status": "in_progress", "answers": ["R1"]}],
     "periods": [{"month": "2015-03", "status": "open"}],
     "updates": [{"action": "A1", "period": "2015-03", "state": "accepted",
                  "status": "in_progress", "percent": 10, "narrative": "Going",
                  "forecast_finish": "2015-07-31", "author": "ceo"}]}
exec(sys.argv[1])
json.dump(d, sys.stdout)
PY
}

refused() { # refused WHAT PATTERN PYTHON
    base "$3"
    rm -f t.db
    expect_fail "$1" "$2" "$DIALTURN" import t.db plan.json
    [ ! -s t.db ] || [ "$(sqlite3 t.db 'SELECT count(*) FROM action' 2>/dev/null || echo 0)" = 0 ] ||
        { echo "FAIL: $1: something was stored"; exit 1; }
}

base ""
"$DIALTURN" import ok.db plan.json >/dev/null || { echo "FAIL: the base plan is refused"; exit 1; }
echo "ok: the base plan imports"

refused "a title of 501 characters" 'actions\[0\]\.title: must be 500 characters' \
    'd["actions"][0]["title"] = "é" * 501'
refused "a control character in a title" 'actions\[0\]\.title: holds a control character' \
    'd["actions"][0]["title"] = "a\x1b[31mred"'
refused "a narrative over 20,000 characters" 'update A1@2015-03: narrative: must be 20,000' \
    'd["updates"][0]["narrative"] = "x" * 20001'
refused "a forecast before the action's start" 'update A1@2015-03: forecast_finish: is before' \
    'd["updates"][0]["forecast_finish"] = "2014-01-01"'
refused "a forecast in 9999" 'update A1@2015-03: forecast_finish: must be a date from 1900 to 2200' \
    'd["updates"][0]["forecast_finish"] = "9999-12-31"'
refused "approval in the future" 'version 1: approved_on: cannot be in the future' \
    'd["versions"][0]["approved_on"] = "2030-01-01"; d["versions"][0]["signed_off_on"] = "2030-02-01"'
refused "sign-off before approval" 'version 1: signed_off_on: is before approved_on' \
    'd["versions"][0]["signed_off_on"] = "2015-01-01"'
refused "15 % while not started" 'update A1@2015-03: percent: must be 0 when the status is not started' \
    'd["updates"][0]["status"] = "not_started"; d["updates"][0]["percent"] = 15'
refused "refs differing only in case" 'action a1: ref: differs from action A1 only in case' \
    'd["actions"].append(dict(d["actions"][0], ref="a1"))'
refused "two open periods" 'period 2015-04: status: only one period may be open' \
    'd["periods"].append({"month": "2015-04", "status": "open"})'
refused "a timezone that is a path" 'organisation test: timezone: must be a time zone name' \
    'd["organisation"]["timezone"] = "../../../etc/passwd"'
refused "a timezone that does not exist" 'organisation test: timezone: is not a known time zone' \
    'd["organisation"]["timezone"] = "Europe/Atlantis"'
refused "a javascript: URL" 'review rev: url: must be a web address starting http' \
    'd["reviews"][0]["url"] = "javascript:alert(1)"'

# --- CSV: the same rules, and no terminal escapes echoed --------------------------------
printf 'ref,theme,title,start,finish,status\r\nA2,T1,\033[2Jgone,2015-03-01,2015-04-01,not_started\r\n' >bad.csv
out=$("$DIALTURN" import ok.db bad.csv 2>&1 >/dev/null) && { echo "FAIL: CSV with an escape imported"; exit 1; }
case "$out" in
*$'\033'*) echo "FAIL: the CSV refusal echoes a terminal escape: $out"; exit 1 ;;
esac
expect_grep "the CSV refusal names the row and column" 'line 2, column title: holds a control character' \
    <(echo "$out")
printf 'ref,theme,title,start,finish,status\r\nA2,T\0339,Title,2015-03-01,2015-04-01,not_started\r\n' >bad2.csv
out=$("$DIALTURN" import ok.db bad2.csv 2>&1 >/dev/null) && { echo "FAIL: CSV with a bad ref imported"; exit 1; }
case "$out" in
*$'\033'*) echo "FAIL: the CSV refusal echoes a terminal escape: $out"; exit 1 ;;
esac
expect_grep "the escape in a quoted ref is shown as \\x1B or U+FFFD" $'T(\\\\x1B|\xEF\xBF\xBD)9' <(echo "$out")
echo "all field rules checks passed"
