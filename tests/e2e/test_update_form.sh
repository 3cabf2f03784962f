#!/usr/bin/env bash
# The update form as an owner meets it: it shows what the plan says (the
# planned and the baseline finish) and what she said last time (her last
# accepted update: status, percentage, confidence, narrative), previews her
# Markdown without saving, and says at the field that HTML in a narrative is
# not shown (a warning on preview and after a draft; a refusal to submit).
# Its messages say what is wrong in her terms: a link label without an
# address, the narrative's 20,000-character limit (in the hint, the refusal
# and the API's problem details alike), and a refused over-long narrative
# comes back cut at the limit, at a character's boundary, never whole.  The
# closure page shows the evidence text without "No evidence given." under it.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

fail() {
    echo "FAIL: $*"
    exit 1
}

cat >plan.json <<'JSON'
{"format": "dialturn-plan/1",
 "organisation": {"name": "Test Council", "slug": "test", "timezone": "Europe/London",
                  "rating_scale": "confidence3"},
 "people": [
  {"ref": "o1", "name": "Olive Owner", "role": "Director of Policy", "kind": "officer"},
  {"ref": "perf", "name": "Pat Office", "role": "Head of Performance", "kind": "officer"}],
 "themes": [{"ref": "T1", "title": "Governance", "lead": "o1"}],
 "actions": [
  {"ref": "A1", "theme": "T1", "title": "Adopt the constitution", "owner": "o1",
   "start": "2015-03-01", "finish": "2015-09-30", "baseline_finish": "2015-06-30",
   "status": "in_progress", "closure_criteria": "Adopted by full council"},
  {"ref": "A2", "theme": "T1", "title": "Publish the register", "owner": "o1",
   "start": "2015-03-01", "finish": "2015-06-30", "status": "in_progress",
   "closure_criteria": "Register on the website"}],
 "periods": [{"month": "2015-03", "status": "signed_off", "signed_off_on": "2015-04-10",
              "signed_off_by": "o1"}],
 "updates": [
  {"action": "A1", "period": "2015-03", "state": "accepted", "status": "in_progress",
   "percent": 10, "confidence": "medium", "narrative": "March went *to plan*.",
   "forecast_finish": "2015-10-31", "author": "o1"}]}
JSON
"$DIALTURN" import t.db plan.json >/dev/null
PW='a long enough password'
echo "$PW" | "$DIALTURN" user add t.db pmo --name 'Pat Office' --role pmo --person perf >/dev/null
echo "$PW" | "$DIALTURN" user add t.db olive --name 'Olive Owner' --role owner --person o1 >/dev/null
export DIALTURN_TODAY=2015-04-08
start_server t.db
sign_in jar.pmo pmo "$PW"
sign_in jar.olive olive "$PW"
csrf=$(page_csrf jar.pmo /work/periods)
curl -sS -b jar.pmo -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode month=2015-04 \
    "$base/work/periods"
csrf=$(page_csrf jar.olive /work/updates/A1)

# post PATH [NAME=VALUE...] -> code, body in body.html (multipart, as the browser sends
# it); "F:NAME=<FILE" sends FILE's content as the field
post() {
    local path=$1
    shift
    local args=()
    for a in "$@"; do
        if [[ $a == F:* ]]; then args+=(-F "${a#F:}"); else args+=(--form-string "$a"); fi
    done
    curl -sS -b jar.olive -o body.html -w '%{http_code}' -F "csrf=$csrf" "${args[@]}" "$base$path"
}
drafts() { sqlite3 t.db "SELECT count(*) FROM progress_update u JOIN period p ON p.id = u.period_id
    WHERE p.month = '2015-04'"; }

# --- what the owner sees before writing -------------------------------------------------
curl -sS -b jar.olive -o form.html "$base/work/updates/A1"
expect_grep "the planned finish" 'Planned finish</dt><dd class="govuk-summary-list__value"><time datetime="2015-09-30">30 Sep 2015' form.html
expect_grep "the baseline finish" 'Baseline finish</dt><dd class="govuk-summary-list__value"><time datetime="2015-06-30">30 Jun 2015' form.html
expect_grep "her last accepted update, by month" 'Last accepted update: March 2015' form.html
expect_grep "its status and percentage" 'In progress</strong> 10% complete' form.html
expect_grep "its confidence" 'Confidence</dt><dd class="govuk-summary-list__value"><strong class="govuk-tag dialturn-tag--medium">Medium' form.html
expect_grep "its forecast" '<time datetime="2015-10-31">31 Oct 2015' form.html
expect_grep "its narrative, rendered" 'March went <em>to plan</em>.' form.html
expect_grep "the narrative's hint states its limit" 'Up to 20,000 characters' form.html
expect_grep "and that HTML is not shown" 'HTML is not shown.</div>' form.html
expect_grep "a preview button" 'name="intent" value="preview"[^>]*>Preview the narrative' form.html
curl -sS -b jar.olive -o form2.html "$base/work/updates/A2"
expect_grep "an action never updated says so" 'no accepted update yet' form2.html
expect_grep "and a finish that has not moved says so" 'Baseline finish</dt><dd class="govuk-summary-list__value">The same: the finish has not moved' form2.html

# --- preview: rendered, nothing saved ----------------------------------------------------------
code=$(post /work/updates/A1 status=in_progress percent=20 confidence=high \
    'narrative=**Bold** progress: - not a list' intent=preview)
expect_eq "a preview answers the form" 200 "$code"
expect_grep "with the narrative rendered" 'as it will read \(not saved yet\)</h3>' body.html
expect_grep "as Markdown" '<strong>Bold</strong> progress' body.html
expect_grep "keeping what was typed" 'name="percent" type="text" value="20"' body.html
expect_no_grep "no HTML warning for plain Markdown" 'narrative-warning' body.html
expect_eq "nothing was saved" 0 "$(drafts)"

# --- HTML in a narrative -----------------------------------------------------------------------
html='narrative=<div class="note">A whole paragraph
that would vanish</div>

Then <b>bold</b> words.'
code=$(post /work/updates/A1 status=in_progress percent=20 confidence=high "$html" intent=preview)
expect_eq "previewing HTML answers the form" 200 "$code"
expect_grep "the field warns that HTML is not shown" 'id="narrative-warning".*The narrative holds HTML \(&lt;div class=&quot;note&quot;&gt; and more\)' body.html
expect_grep "the warning describes the field" 'aria-describedby="narrative-hint narrative-warning"' body.html
expect_no_grep "the preview leaves the block out, as the page will" 'would vanish</div>' body.html
code=$(post /work/updates/A1 status=in_progress percent=20 confidence=high "$html" intent=draft)
expect_eq "a draft with HTML is saved" 303 "$code"
[ "$(drafts)" = 1 ] || fail "the draft was not saved"
echo "ok: the draft was saved"
curl -sS -b jar.olive -o form.html "$base/work/updates/A1?done=saved"
expect_grep "after saving, the form warns at the field" 'id="narrative-warning"' form.html
code=$(post /work/updates/A1 status=in_progress percent=20 confidence=high "$html" intent=submit)
expect_eq "submitting HTML is refused" 400 "$code"
expect_grep "at the narrative, saying why" 'href="#narrative">Remove the HTML from the narrative' body.html
expect_eq "still a draft" draft "$(sqlite3 t.db "SELECT u.state FROM progress_update u JOIN period p ON p.id = u.period_id WHERE p.month = '2015-04'")"

# --- messages in the owner's terms --------------------------------------------------------------
code=$(post /work/updates/A1 status=in_progress percent=20 confidence=high narrative=Fine \
    evidence_label=Minutes evidence_url= intent=draft)
expect_eq "a link label without an address is refused" 400 "$code"
expect_grep "saying the address is missing" 'Enter the web address of evidence link 1, or clear its label' body.html
expect_no_grep "not that it must start with http" 'must start with http' body.html

python3 -c 'import sys; sys.stdout.write("a" * 5000000)' > big.txt
code=$(post /work/updates/A1 status=in_progress percent=20 confidence=high 'F:narrative=<big.txt' \
    intent=draft)
expect_eq "a 5 MB narrative is refused" 400 "$code"
expect_grep "with the limit and its length in characters" 'Keep it to 20,000 characters or fewer: this is 5,000,000' body.html
expect_grep "saying the rest was not kept" 'Only its first 20,000 characters are below: the rest was not kept' body.html
size=$(wc -c <body.html)
[ "$size" -lt 100000 ] || fail "the refusal echoes the narrative back: $size bytes"
echo "ok: the refusal is $size bytes, not 5 MB"
python3 -c 'import sys; sys.stdout.buffer.write("é".encode() * 20001)' > accents.txt
code=$(post /work/updates/A1 status=in_progress percent=20 confidence=high 'F:narrative=<accents.txt' \
    intent=draft)
expect_eq "20,001 accented characters are refused" 400 "$code"
python3 - <<'PY' || fail "the narrative kept is not 20,000 whole characters"
import html, re
page = open("body.html", "rb").read().decode("utf-8")  # raises if cut inside a character
kept = html.unescape(re.search(r'name="narrative"[^>]*>([^<]*)</textarea>', page).group(1))
assert kept == "é" * 20000, len(kept)
PY
echo "ok: cut at 20,000 whole characters"
python3 -c 'import sys; sys.stdout.buffer.write("é".encode() * 15000)' > fits.txt
code=$(post /work/updates/A1 status=in_progress percent=20 confidence=high 'F:narrative=<fits.txt' \
    intent=draft)
expect_eq "15,000 accented characters (30,000 bytes) are saved: the limit is characters" 303 "$code"

# the API states the same limit
csrf=$(page_csrf jar.olive /work/account)
curl -sS -b jar.olive -o tok.html --data-urlencode "csrf=$csrf" --data-urlencode token_name=t \
    "$base/work/account/tokens"
T=$(grep -o 'id="token" type="text" readonly value="[0-9a-f]*"' tok.html | grep -o '[0-9a-f]\{64\}')
python3 -c 'import json; print(json.dumps({"narrative": "b" * 20001}))' > long.json
code=$(curl -sS -o api.json -w '%{http_code}' -H "Authorization: Bearer $T" \
    -H 'Content-Type: application/json' --data-binary @long.json "$base/api/v1/actions/A1/update")
expect_eq "the API refuses 20,001 characters" 400 "$code"
expect_grep "in the same words" 'Keep it to 20,000 characters or fewer: this is 20,001' api.json

# --- the closure page ----------------------------------------------------------------------------
csrf=$(page_csrf jar.olive /work/actions/A2/closure)
code=$(post /work/actions/A2/closure 'evidence=Published on the website on *1 April*' \
    completed_on=2015-04-01)
expect_eq "olive proposes closing A2, with no links" 303 "$code"
curl -sS -b jar.olive -o closure.html "$base/work/actions/A2/closure"
expect_grep "the closure page shows the evidence" 'Published on the website on <em>1 April</em>' closure.html
expect_no_grep "and does not then say there is none" 'No evidence given' closure.html
