#!/usr/bin/env bash
# Residents' questions, sent from one connection: past QUESTION_CLIENT_PER_HOUR
# (10) the answer is 429 with Retry-After and the message at the question,
# what was typed kept and nothing stored; the limit counts per client, across
# addresses (the per-address limit is test_panel.sh's); a question refused for
# an empty field does not count.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"
PW=dialturn-demo

"$DIALTURN" demo --db d.db --create-only >/dev/null
start_demo d.db
sign_in jar.sec secretariat "$PW"
csrf=$(page_csrf jar.sec /work/meetings)
code=$(curl -sS -b jar.sec -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$csrf" \
    --data-urlencode ref=Q-OPEN --data-urlencode title=T --data-urlencode kind=monthly \
    --data-urlencode starts=2027-06-17T10:00 --data-urlencode place=Here --data-urlencode open=yes \
    "$base/work/meetings")
expect_eq "an open meeting is scheduled" 303 "$code"
expect_eq "its agenda published" 303 "$(curl -sS -b jar.sec -o /dev/null -w '%{http_code}' \
    --data-urlencode "csrf=$csrf" "$base/work/meetings/Q-OPEN/publish-agenda")"

curl -sS -c jar.res -b jar.res -o form.html "$base/meetings/Q-OPEN"
rcsrf=$(form_csrf form.html)
ask() { # EMAIL QUESTION -> "code retry-after"; body in ask.html
    curl -sS -b jar.res -o ask.html -D ask.head -w '%{http_code}' --data-urlencode "csrf=$rcsrf" \
        --data-urlencode "name=Resident" --data-urlencode "email=$1" --data-urlencode "question=$2" \
        "$base/meetings/Q-OPEN/questions"
}
stored() { sqlite3 d.db "SELECT count(*) FROM meeting_question"; }
expect_eq "an empty question is refused" 400 "$(ask someone@example.org '')"
for i in $(seq 1 10); do
    expect_eq "question $i from one connection is taken" 200 "$(ask "resident$i@example.org" "Question $i")"
done
expect_eq "ten questions stored" 10 "$(stored)"
expect_eq "the eleventh from the same connection, another address, waits" 429 \
    "$(ask resident11@example.org 'MARK-KEPT question eleven')"
wait=$(grep -i '^retry-after:' ask.head | tr -dc '0-9')
[ -n "$wait" ] && [ "$wait" -gt 0 ] && [ "$wait" -le 3600 ] ||
    { echo "FAIL: Retry-After is '$wait'"; exit 1; }
echo "ok: with Retry-After of $wait seconds"
expect_grep "the summary links to the question" 'href="#question"' ask.html
expect_grep "the message is at the field" 'id="question-error"' ask.html
expect_grep "saying why" "Too many questions have come from your connection" ask.html
expect_grep "keeping what was typed" "MARK-KEPT question eleven</textarea>" ask.html
expect_eq "nothing more stored" 10 "$(stored)"
"$DIALTURN" verify d.db >/dev/null || { echo "FAIL: verify"; exit 1; }
echo "ok: questions from one connection are limited"
