#!/usr/bin/env bash
# A series of meetings scheduled in one form: each occurrence is a meeting of
# its own (its own ref, its own iCalendar UID, moved or cancelled alone); the
# form refuses with each problem at its field and keeps what was typed; the
# series is stored whole or not at all, each meeting on the ledger; the
# time of day stays local across summer time; a month without a 5th Thursday
# has no meeting; at most 60 meetings.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"
PW=dialturn-demo

"$DIALTURN" demo --db d.db --create-only >/dev/null
start_demo d.db
sign_in jar.sec secretariat "$PW"
sign_in jar.chair chair "$PW"
csrf=$(page_csrf jar.sec /work/meetings)
series() { # FIELDS... -> http code; body in post.html
    local args=()
    for f in "$@"; do args+=(--data-urlencode "$f"); done
    curl -sS -b jar.sec -o post.html -w '%{http_code}' --data-urlencode "csrf=$csrf" "${args[@]}" \
        "$base/work/meetings/series"
}
refs() { sqlite3 d.db "SELECT ref FROM meeting WHERE ref LIKE '$1%' ORDER BY starts_at" | tr '\n' ' '; }
starts() { sqlite3 d.db "SELECT starts_at FROM meeting WHERE ref = '$1'"; }
base_fields=(kind=monthly "place=Committee Room 1" open=yes time=10:00 ends=12:00)

curl -sS -b jar.sec -o list.html "$base/work/meetings"
expect_grep "the meetings page has the series form" 'action="/work/meetings/series"' list.html
expect_eq "a panel member may not schedule a series" 403 \
    "$(curl -sS -b jar.chair -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$(page_csrf jar.chair /work)" \
        --data-urlencode prefix=X "$base/work/meetings/series")"
ledger0=$(sqlite3 d.db "SELECT count(*) FROM ledger WHERE tbl = 'meeting'")

# Refusals, each at its field, the form keeping what was typed.
code=$(series prefix=SR "title=MARK-SERIES-TITLE" "${base_fields[@]}" freq=monthly interval=1 nth=2 \
    weekday=thursday first=2027-01-01)
expect_eq "a series without an end is refused" 400 "$code"
expect_grep "naming the count" 'href="#s-count"' post.html
expect_grep "with the message at the field" 'id="s-count-error"' post.html
expect_grep "keeping the title typed" 'value="MARK-SERIES-TITLE"' post.html
expect_grep "and the weekday chosen" '<option value="thursday" selected>' post.html
code=$(series "prefix=bad prefix" title=T kind=monthly place=P open=yes freq=monthly interval=0 nth=6 \
    weekday=someday first=2027-02-30 time=25:00 count=3)
expect_eq "a bad series is refused" 400 "$code"
for f in s-prefix s-interval s-nth s-weekday s-first s-time; do
    expect_grep "naming $f" "href=\"#$f\"" post.html
done
expect_eq "an end before the start is refused" 400 \
    "$(series prefix=SR title=T kind=monthly place=P open=yes time=10:00 ends=09:30 freq=weekly interval=1 first=2027-01-07 count=2)"
expect_grep "at the end time" 'href="#s-ends"' post.html
expect_eq "61 meetings are refused" 400 \
    "$(series prefix=SR title=T "${base_fields[@]}" freq=weekly interval=1 first=2027-01-07 count=61)"
expect_grep "saying the maximum" "from 1 to 60" post.html
expect_eq "three years of weekly meetings are refused" 400 \
    "$(series prefix=SR title=T "${base_fields[@]}" freq=weekly interval=1 first=2027-01-07 until=2030-01-01)"
expect_grep "at the last day" 'href="#s-until"' post.html
expect_eq "a webcast that is not http(s) is refused, by the meeting's own check" 400 \
    "$(series prefix=SR title=T "${base_fields[@]}" webcast_url=javascript:x freq=weekly interval=1 first=2027-01-07 count=2)"
expect_grep "at the webcast field" 'href="#s-webcast_url"' post.html
expect_eq "nothing was stored" "" "$(refs SR-)"

# Monthly on the second Thursday, four times: January to April 2027, across
# the start of summer time (28 March): 10:00 local is 10:00Z, then 09:00Z.
code=$(series prefix=SR "title=Monthly meeting of the panel" "${base_fields[@]}" freq=monthly \
    interval=1 nth=2 weekday=thursday first=2027-01-01 count=4)
expect_eq "the secretariat schedules a monthly series" 303 "$code"
expect_eq "four meetings, each with its own ref" \
    "SR-2027-01-14 SR-2027-02-11 SR-2027-03-11 SR-2027-04-08 " "$(refs SR-)"
expect_eq "10:00 in winter is 10:00 UTC" 2027-01-14T10:00:00Z "$(starts SR-2027-01-14)"
expect_eq "10:00 in summer time is 09:00 UTC" 2027-04-08T09:00:00Z "$(starts SR-2027-04-08)"
expect_eq "it ends at 12:00 local" 2027-04-08T11:00:00Z \
    "$(sqlite3 d.db "SELECT ends_at FROM meeting WHERE ref = 'SR-2027-04-08'")"
expect_eq "each meeting is on the ledger" $((ledger0 + 4)) \
    "$(sqlite3 d.db "SELECT count(*) FROM ledger WHERE tbl = 'meeting'")"
"$DIALTURN" verify d.db >/dev/null || { echo "FAIL: verify after a series"; exit 1; }
curl -sS -b jar.sec -o list2.html "$base/work/meetings?done=series"
expect_grep "the secretariat is told" "The series of meetings is scheduled" list2.html
expect_grep "and sees them listed" 'href="/work/meetings/SR-2027-03-11"' list2.html

# The series is whole or nothing: one that would reuse a ref stores none.
expect_eq "a series that clashes with a meeting is refused" 400 \
    "$(series prefix=SR title=T "${base_fields[@]}" freq=weekly interval=1 first=2027-03-04 count=2)"
expect_grep "naming the meeting" "A meeting SR-2027-03-11 exists" post.html
expect_eq "and none of it is stored" "" "$(sqlite3 d.db "SELECT ref FROM meeting WHERE ref = 'SR-2027-03-04'")"

# The fifth Thursday: only the months that have one.
expect_eq "a series on the fifth Thursday" 303 \
    "$(series prefix=Q5 title=T "${base_fields[@]}" freq=monthly interval=1 nth=5 weekday=thursday first=2027-01-01 until=2027-12-31)"
expect_eq "only the months with a fifth Thursday" \
    "Q5-2027-04-29 Q5-2027-07-29 Q5-2027-09-30 Q5-2027-12-30 " "$(refs Q5-)"
# Every two weeks, until a day.
expect_eq "a fortnightly series" 303 \
    "$(series prefix=FN title=T kind=monthly place=P time=10:00 open=no freq=weekly interval=2 first=2027-12-16 until=2028-01-27)"
expect_eq "every two weeks, across the year's end" \
    "FN-2027-12-16 FN-2027-12-30 FN-2028-01-13 FN-2028-01-27 " "$(refs FN-)"
expect_eq "closed as asked" 0 "$(sqlite3 d.db "SELECT open FROM meeting WHERE ref = 'FN-2028-01-13'")"

# Each meeting stands alone: published, moved, cancelled one at a time, with
# its own UID in the calendar.
pub() { curl -sS -b jar.sec -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$csrf" "$base/work/meetings/$1/publish-agenda"; }
expect_eq "one agenda published" 303 "$(pub SR-2027-01-14)"
expect_eq "another" 303 "$(pub SR-2027-02-11)"
code=$(curl -sS -b jar.sec -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$csrf" \
    --data-urlencode "title=Monthly meeting of the panel" --data-urlencode kind=monthly \
    --data-urlencode starts=2027-02-18T14:00 --data-urlencode "place=Committee Room 1" \
    --data-urlencode open=yes --data-urlencode status=postponed "$base/work/meetings/SR-2027-02-11/details")
expect_eq "one meeting is moved and postponed alone" 303 "$code"
expect_eq "it moved" 2027-02-18T14:00:00Z "$(starts SR-2027-02-11)"
expect_eq "the others did not" "2027-03-11T10:00:00Z scheduled" \
    "$(sqlite3 -separator ' ' d.db "SELECT starts_at, status FROM meeting WHERE ref = 'SR-2027-03-11'")"
curl -sS -o cal.ics "$base/meetings.ics"
expect_grep "each has its own UID" "UID:meeting-SR-2027-01-14@" cal.ics
expect_grep "the moved one too" "UID:meeting-SR-2027-02-11@" cal.ics
expect_no_grep "a draft agenda is not in the public calendar" "SR-2027-03-11" cal.ics
"$DIALTURN" verify d.db >/dev/null || { echo "FAIL: verify after the changes"; exit 1; }
echo "ok: a series of meetings, each its own"
