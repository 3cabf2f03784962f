#!/usr/bin/env bash
# test_report.sh — the monthly progress report (issue 12, point 1).
#
# The demo's reports for three months against figures worked out here, from
# the exported plan, by the rules of DESIGN.md (not by dialturn's code): the
# headline per theme and its change since the previous report, the red line,
# the actions that did not report, the overdue actions with their days and the
# milestones met.  Then every later change test_record.sh makes (a version
# that adds, retires and re-dates; a closure; an update accepted in the open
# month) leaves a regenerated report byte for byte as it was, in every format;
# the site serves what the command line makes, stores it with its hash on the
# ledger, and verify still passes.  The PDF renders and holds each section.  A
# month not signed off has no report, and its covering statement appears on no
# public page until the month is signed off; after that it cannot change.
#
# Needs $DIALTURN (the binary), sqlite3, python3, pdftoppm and pdftotext.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${ROOT:=$(cd "$here/../.." && pwd)}"
: "${DIALTURN:?set DIALTURN to the dialturn binary}"
# shellcheck source=tests/e2e/lib.sh
source "$ROOT/tests/e2e/lib.sh"

tmp=$(mktemp -d)
at_exit rm -rf "$tmp"
db=$tmp/demo.db

fail() {
    echo "FAIL: $*"
    exit 1
}

"$DIALTURN" demo --db "$db" --create-only >/dev/null
"$DIALTURN" export "$db" --out "$tmp/plan.json"

# --- the figures, worked out from the exported plan ------------------------------------------
# check MONTH: compares the Markdown report of MONTH with the hand-worked figures.
check() {
    local month=$1
    "$DIALTURN" report "$db" monthly --period "$month" --format md --out "$tmp/$month.md"
    python3 - "$tmp/plan.json" "$month" "$tmp/$month.md" <<'PY'
import calendar, json, re, sys
from datetime import date
d = json.load(open(sys.argv[1]))
M, md = sys.argv[2], open(sys.argv[3], encoding="utf-8").read()
def last(m):
    y, mm = map(int, m.split("-"))
    return date(y, mm, calendar.monthrange(y, mm)[1])
def day(s):
    return date.fromisoformat(s) if s else None
signed = sorted(p["month"] for p in d["periods"] if p["status"] == "signed_off")
prev = max([m for m in signed if m < M], default=None)
levels = ["high", "medium", "low"]
ups = [u for u in d["updates"] if u["state"] == "accepted" and u["period"] in signed]
def state(m):
    """Each action's (theme, status, confidence) at the end of month m (DESIGN.md, Status at D)."""
    E, out = last(m), {}
    for a in d["actions"]:
        us = sorted((u for u in ups if u["action"] == a["ref"] and u["period"] <= m),
                    key=lambda u: u["period"])
        if a.get("completed_on") and day(a["completed_on"]) <= E:
            st = "complete"
        elif a["status"] == "retired":
            st = "retired"
        elif us:
            st = "in_progress" if us[-1]["status"] == "complete" else us[-1]["status"]
        else:
            st = "not_started"
        out[a["ref"]] = (a["theme"], st, us[-1]["confidence"] if us else None)
    return out
order = ["not_started", "in_progress", "complete", "blocked", "retired"]
def counts(s, theme):
    rows = [v for v in s.values() if theme is None or v[0] == theme]
    c = [len(rows)] + [sum(1 for v in rows if v[1] == o) for o in order]
    c += [sum(1 for v in rows if v[2] == l) for l in levels] + [sum(1 for v in rows if v[2] is None)]
    return c
now, before = state(M), state(prev) if prev else None
def row_of(label):
    for line in md.splitlines():
        if line.startswith("| " + label):
            cells = [c.strip() for c in line.strip("|").split("|")][1:]
            return [(int(re.match(r"(\d+)", c).group(1)),
                     int(re.search(r"\(([+-]\d+)\)", c).group(1)) if "(" in c else 0) for c in cells]
    raise SystemExit(f"{M}: no headline row {label}")
for t in [t["ref"] for t in d["themes"]] + [None]:
    label = "All themes" if t is None else t + " "
    got = row_of(label)
    want_n = counts(now, t)
    want_d = [0] + [a - b for a, b in zip(want_n[1:], counts(before, t)[1:])] if before else [0] * len(want_n)
    assert [g[0] for g in got] == want_n, (M, label, got, want_n)
    assert [g[1] for g in got] == want_d, (M, label, "change", got, want_d)
def section(title):
    i = md.index("\n## " + title)
    j = md.find("\n## ", i + 1)
    return md[i:j if j > 0 else None]
# the red line: every action whose update in M is at the lowest level
red = sorted((u["action"] for u in ups if u["period"] == M and u["confidence"] == "low"),
             key=lambda r: int(r[1:]))
got = re.findall(r"^### (A\d+) ", section("The red line"), re.M)
assert got == red, (M, "red line", got, red)
# each quotes its own update's narrative (its first words), and no other's
red_md = section("The red line")
for r in red:
    words = " ".join(next(u["narrative"] for u in ups
                          if u["action"] == r and u["period"] == M).split()[:4])
    part = red_md[red_md.index("### " + r + " "):]
    part = part[:part.find("\n### ", 1) if "\n### " in part[1:] else None]
    assert words in part, (M, "red line narrative", r, words)
# the actions that did not report: live, not complete before the month, started by its end
first = date(last(M).year, last(M).month, 1)
reported = {u["action"] for u in ups if u["period"] == M}
missing = sorted((a["ref"] for a in d["actions"]
                  if now[a["ref"]][1] != "retired"
                  and not (a.get("completed_on") and day(a["completed_on"]) < first)
                  and day(a["start"]) <= last(M) and a["ref"] not in reported),
                 key=lambda r: int(r[1:]))
got = sorted(re.findall(r"^\| (A\d+) ", section("Actions that did not report"), re.M),
             key=lambda r: int(r[1:]))
assert got == missing, (M, "not reported", got, missing)
# overdue: not complete or retired at the month's end, planned finish before it; days
late = sorted(((a["ref"], (last(M) - day(a["finish"])).days) for a in d["actions"]
               if now[a["ref"]][1] not in ("complete", "retired") and day(a["finish"]) < last(M)),
              key=lambda x: (-x[1], int(x[0][1:])))
ov = section("Overdue and slipped actions")
ov = ov[ov.index("### Overdue"):ov.index("### Slipped")]
got = [(m.group(1), int(m.group(2))) for m in re.finditer(r"^\| (A\d+) .*\| (\d+) \|$", ov, re.M)]
assert got == late, (M, "overdue", got, late)
# milestones met since the previous report
lo = last(prev) if prev else date.min
met = sorted((m for m in d["milestones"] if m["public"] and m.get("achieved_on")
              and lo < day(m["achieved_on"]) <= last(M)),
             key=lambda m: (m["achieved_on"], int(m["ref"][1:])))
ms = section("Milestones")
ms = ms[ms.index("### Met"):ms.index("### Overdue")]
got = re.findall(r"^\| (M\d+) ", ms, re.M)
assert got == [m["ref"] for m in met], (M, "met", got, [m["ref"] for m in met])
print(f"ok: {M}: headline of {len(d['themes'])} themes, {len(red)} on the red line, "
      f"{len(missing)} not reported, {len(late)} overdue, {len(met)} milestones met")
PY
}
for m in 2015-03 2015-05 2015-09 2016-01; do check "$m"; done

# prev_is P M: the headline of M's Markdown report ($tmp/M.md), less the change in
# brackets, is the headline of P's ($tmp/P.md): each theme's counts by status and by
# level, and the total's (the number of actions has no change in brackets).
prev_is() {
    python3 - "$tmp/$1.md" "$tmp/$2.md" <<'PY' || fail "the report of $2 does not start from the report of $1"
import re, sys
def headline(path):
    text = open(path, encoding="utf-8").read()
    part = text.split("## Headline", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in part.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not re.match(r"^\d", cells[1]):
            continue
        now, before = [], []
        for c in cells[2:]:
            m = re.fullmatch(r"(\d+)(?: \(([+-]\d+)\))?", c)
            assert m, (path, line)
            now.append(int(m.group(1)))
            before.append(int(m.group(1)) - int(m.group(2) or 0))
        rows[cells[0].split(" ", 1)[0] if cells[0].startswith("T") else cells[0]] = (now, before)
    return rows
p, m = headline(sys.argv[1]), headline(sys.argv[2])
assert p and "All" in " ".join(m), m
for theme, (now, before) in m.items():
    if theme in p:
        assert before == p[theme][0], (theme, "before", before, "the previous report", p[theme][0])
PY
}
months=(2015-03 2015-04 2015-05 2015-06 2015-07 2015-08 2015-09 2015-10 2015-11 2015-12 2016-01 2016-02)
for m in "${months[@]}"; do
    [ -f "$tmp/$m.md" ] || "$DIALTURN" report "$db" monthly --period "$m" --format md --out "$tmp/$m.md"
done
for ((i = 1; i < ${#months[@]}; i++)); do prev_is "${months[i - 1]}" "${months[i]}"; done
echo "ok: each month's headline starts from the previous report's"

# --- later changes do not change a report --------------------------------------------------
for f in html md pdf; do
    "$DIALTURN" report "$db" monthly --period 2015-09 --format "$f" --out "$tmp/before.$f"
done
marker=REPORT-LATER-MARKER
"$DIALTURN" version "$db" new "Year Two" >/dev/null
python3 - "$tmp/plan.json" "$tmp/edit.json" "$marker" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
acts = {a["ref"]: a for a in doc["actions"]}
acts["A8"]["finish"] = "2016-06-30"
acts["A4"]["title"] = "Culture change programme " + sys.argv[3]
new = dict(acts["A8"], ref="A52", title="Resident panel " + sys.argv[3], start="2016-04-01",
           finish="2016-09-30", answers=["R2"], depends_on=["A8"], status="not_started")
json.dump({"format": "dialturn-plan/1", "actions": [acts["A8"], acts["A4"], new]},
          open(sys.argv[2], "w"))
PY
"$DIALTURN" import "$db" "$tmp/edit.json" --draft --as pmo >/dev/null
"$DIALTURN" version "$db" retire action A5 --reason "Folded into A4" --as pmo >/dev/null
"$DIALTURN" version "$db" submit 2 --as pmo >/dev/null
"$DIALTURN" version "$db" approve 2 --on 2016-03-14 --ref "Cabinet 14 March 2016" --as ceo >/dev/null
"$DIALTURN" version "$db" sign-off 2 --on 2016-03-21 --as chair >/dev/null
"$DIALTURN" export "$db" --out "$tmp/now.json"
python3 - "$tmp/now.json" "$tmp/open.json" "$marker" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ups = {(u["action"], u["period"]): u for u in d["updates"]}
u = ups.get(("A26", "2016-03")) or {"action": "A26", "period": "2016-03", "author": "ceo",
                                   "forecast_finish": None}
u.update(state="accepted", status="blocked", percent=50, confidence="low",
         narrative="Blocked " + sys.argv[3])
if ("A26", "2016-03") not in ups:
    d["updates"].append(u)
for a in d["actions"]:
    if a["ref"] == "A21":
        a.update(status="complete", completed_on="2016-03-15")
json.dump(d, open(sys.argv[2], "w"))
PY
"$DIALTURN" import "$db" "$tmp/open.json" >/dev/null
for f in html md pdf; do
    "$DIALTURN" report "$db" monthly --period 2015-09 --format "$f" --out "$tmp/after.$f"
    cmp -s "$tmp/before.$f" "$tmp/after.$f" ||
        fail "the $f report of 2015-09 changed after a new version, a closure and an update"
done
if grep -q "$marker" "$tmp/after.md"; then fail "a later change reached the report of 2015-09"; fi
echo "ok: after a new version, a closure and an update, the 2015-09 report is byte-identical (HTML, Markdown, PDF)"

# --- the PDF ---------------------------------------------------------------------------------
pdftoppm -png -r 30 "$tmp/after.pdf" "$tmp/page" || fail "pdftoppm cannot render the PDF"
[ -s "$tmp/page-1.png" ] || [ -s "$tmp/page-01.png" ] || fail "pdftoppm rendered no page"
pdftotext "$tmp/after.pdf" "$tmp/report.txt"
for h in "Covering statement" "Headline" "Progress against the recommendations" "The red line" \
    "The panel's assurance" \
    "Actions that did not report" "Overdue and slipped actions" "Milestones" "Measures" \
    "Changes to the plan" "Monthly progress report: September 2015"; do
    grep -q "$h" "$tmp/report.txt" || fail "the PDF's text lacks \"$h\""
done
pdfinfo "$tmp/after.pdf" | grep -q "^Title: *Monthly progress report: September 2015" ||
    fail "the PDF's metadata lacks its title"
pdfinfo "$tmp/after.pdf" | grep -q "^Page size: *595.* x 841.* pts (A4)" || fail "the PDF is not A4"
echo "ok: the PDF renders, is A4, has its title in the metadata and holds every section"

# tagged: a structure tree with the document's headings, paragraphs, tables, charts and links
pdfinfo "$tmp/after.pdf" | grep -q "^Tagged: *yes" || fail "the PDF is not tagged"
python3 - "$tmp/after.pdf" <<'PY' || fail "the PDF's structure tree lacks an element"
import sys
pdf = open(sys.argv[1], "rb").read()
need = [b"/Type /StructTreeRoot", b"/S /Document", b"/S /H1", b"/S /H2", b"/S /H3", b"/S /P",
        b"/S /Table", b"/S /TR", b"/S /TH", b"/S /TD", b"/S /Figure", b"/S /Link"]
missing = [n.decode() for n in need if n not in pdf]
if missing:
    sys.exit("missing: " + ", ".join(missing))
PY
# the contents (measured before the pages are drawn) give the page each section starts on
python3 - "$tmp/report.txt" <<'PY' || fail "the PDF's contents give a wrong page number"
import re, sys
pages = open(sys.argv[1]).read().split("\f")
lines = [l.strip() for l in pages[0].splitlines() if l.strip()]
titles = [l for l in lines if re.fullmatch(r"\d+\. .+", l)]
numbers = [int(l) for l in lines[lines.index(titles[-1]) + 1:] if l.isdigit()]
if len(titles) < 10 or len(numbers) != len(titles):
    sys.exit("contents: %d titles, %d page numbers" % (len(titles), len(numbers)))
for title, page in zip(titles, numbers):
    where = [i + 1 for i, p in enumerate(pages) if i > 0 and title in p.splitlines()]
    if not where or where[0] != page:
        sys.exit("%s: contents say page %d, it is on %s" % (title, page, where))
PY
echo "ok: the PDF is tagged (headings, paragraphs, tables, figures, links) and its contents are right"

# --- the site: served as the command line makes it, stored, 404 for an unsigned month ----------
start_server --log "$tmp/serve" "$db"
for f in html md pdf; do
    sfx=.$f
    [ "$f" = html ] && sfx=
    curl -fsS -o "$tmp/served.$f" "$base/reports/2015-09$sfx" || fail "GET /reports/2015-09$sfx"
    cmp -s "$tmp/before.$f" "$tmp/served.$f" || fail "the served $f report differs from the command line's"
done
expect_eq "the stored reports are on the ledger" 3 \
    "$(sqlite3 "$db" "select count(*) from ledger where tbl = 'report_document'")"
expect_eq "stored by content hash" "$(sha256sum <"$tmp/before.pdf" | cut -d' ' -f1)" \
    "$(sqlite3 "$db" "select d.sha256 from report_document r join document d on d.id = r.document_id where r.month = '2015-09' and r.format = 'pdf'")"
curl -fsS -o "$tmp/again.html" "$base/reports/2015-09"
cmp -s "$tmp/before.html" "$tmp/again.html" || fail "the second answer differs from the first"
expect_grep "the stored page's menu marks the Reports section as the reader's" \
    'href="/reports" aria-current="true"' "$tmp/again.html"
curl -fsS -o "$tmp/list.html" "$base/reports"
expect_grep "the list links every signed-off month" 'href="/reports/2016-02"' "$tmp/list.html"
expect_grep "the list links the first month" 'href="/reports/2015-03"' "$tmp/list.html"
expect_eq "a month not signed off has no report" 404 \
    "$(curl -sS -o /dev/null -w '%{http_code}' "$base/reports/2016-03")"
expect_eq "nor in Markdown" 404 "$(curl -sS -o /dev/null -w '%{http_code}' "$base/reports/2016-03.md")"
expect_eq "a month with no period has none" 404 "$(curl -sS -o /dev/null -w '%{http_code}' "$base/reports/2019-01.pdf")"
expect_eq "nor has a malformed month" 404 "$(curl -sS -o /dev/null -w '%{http_code}' "$base/reports/2015-9")"
expect_fail "the command line has no report of an unsigned month" "not a signed-off month" \
    "$DIALTURN" report "$db" monthly --period 2016-03
echo "ok: the site serves the command line's bytes, stored once with the hash on the ledger; 404 before sign-off"

# --- the covering statement: written before sign-off, public only with it ---------------------
statement=STATEMENT-MARKER-$$
jar=$tmp/ceo.jar
sign_in "$jar" ceo dialturn-demo
csrf=$(page_csrf "$jar" /work/periods/2016-03/statement)
[ -n "$csrf" ] || fail "the statement page has no form for the chief executive"
code=$(curl -sS -b "$jar" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$csrf" \
    --data-urlencode "statement=## March $statement" "$base/work/periods/2016-03/statement")
expect_eq "the chief executive saves March's statement" 303 "$code"
code=$(curl -sS -b "$jar" -o /dev/null -w '%{http_code}' --data-urlencode "statement=forged" \
    "$base/work/periods/2016-03/statement")
expect_eq "a statement without the form's token is refused" 403 "$code"
expect_eq "the statement is on the ledger" 1 \
    "$(sqlite3 "$db" "select count(*) from ledger where tbl = 'report_statement'")"
for p in / /reports /reports/2016-03 /reports/2016-03.md /reports/2016-02 /reports/2016-02.md \
    /plan /data/plan.json /feed.atom /api/v1/periods; do
    curl -sS -o "$tmp/page" "$base$p"
    if grep -q "$statement" "$tmp/page"; then fail "$p shows the statement of a month not signed off"; fi
done
echo "ok: the statement of a month not signed off reaches no public page"
# the panel's assurance: a rating of March before its sign-off is in March's report; one of
# September recorded now, long after September's sign-off, is not in September's
pjar=$tmp/chair.jar
sign_in "$pjar" chair dialturn-demo
pcsrf=$(page_csrf "$pjar" /work/assurance)
for p in "2016-03 T5" "2015-09 T1"; do
    code=$(curl -sS -b "$pjar" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$pcsrf" \
        --data-urlencode "period=${p% *}" --data-urlencode "theme=${p#* }" \
        --data-urlencode "level=high" --data-urlencode "comment=The panel sees more progress" \
        "$base/work/assurance")
    expect_eq "the chair rates ${p#* } in ${p% *}" 303 "$code"
done
cp "$db" "$tmp/copy.db"
sqlite3 "$tmp/copy.db" "delete from report_document"
"$DIALTURN" report "$tmp/copy.db" monthly --period 2015-09 --format md --out "$tmp/regen.md"
cmp -s "$tmp/before.md" "$tmp/regen.md" || fail "a rating recorded after sign-off changed September's report"
# a correction of February made after its sign-off is public from March on, but what
# March's report compares with is February's report as it was signed off
"$DIALTURN" correct "$db" --action A4 --period 2016-02 --field confidence --value low \
    --reason "Rated too kindly" --as ceo >/dev/null
"$DIALTURN" correct "$db" --action A4 --period 2016-02 --field status --value blocked \
    --reason "Stalled in February" --as ceo >/dev/null
"$DIALTURN" report "$db" monthly --period 2016-02 --format md --out "$tmp/feb-after.md"
cmp -s "$tmp/2016-02.md" "$tmp/feb-after.md" || fail "a correction made later changed February's report"
"$DIALTURN" export "$db" --out "$tmp/next.json"
python3 - "$tmp/next.json" "$tmp/signed.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for p in d["periods"]:
    if p["month"] == "2016-03":
        p.update(status="signed_off", signed_off_on="2016-04-11", signed_off_by="ceo")
for u in d["updates"]:
    if u["period"] == "2016-03":
        u["state"] = "accepted"
json.dump(d, open(sys.argv[2], "w"))
PY
"$DIALTURN" import "$db" "$tmp/signed.json" >/dev/null
curl -fsS -o "$tmp/mar.html" "$base/reports/2016-03" || fail "March has no report once signed off"
expect_grep "March's report opens with its statement" "<h2>March $statement</h2>" "$tmp/mar.html"
curl -fsS -o "$tmp/mar.md" "$base/reports/2016-03.md"
expect_grep "the Markdown report holds version 2" "Version 2: Year Two, signed off 2016-03-21" "$tmp/mar.md"
expect_grep "and the action it added" "A52 Resident panel $marker" "$tmp/mar.md"
expect_grep "and the one it retired" "^- A5 " "$tmp/mar.md"
cp "$tmp/mar.md" "$tmp/2016-03.md"
prev_is 2016-02 2016-03
echo "ok: March's headline starts from February's report, not from February as corrected since"
expect_grep "March's report shows where the panel differs" "^\| T5 Communities and partnerships \| .* \| High \|$" "$tmp/mar.md"
code=$(curl -sS -b "$jar" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$csrf" \
    --data-urlencode "statement=rewritten" "$base/work/periods/2016-03/statement")
expect_eq "a signed-off month's statement cannot change" 409 "$code"
curl -fsS -o "$tmp/mar2.html" "$base/reports/2016-03"
cmp -s "$tmp/mar.html" "$tmp/mar2.html" || fail "March's report changed"
"$DIALTURN" verify "$db" >/dev/null || fail "verify fails: $("$DIALTURN" verify "$db" 2>&1 | tail -3)"
echo "ok: the statement is public with its month, fixed after sign-off; verify passes"
# --- late milestones and actions: each table shows the date its days count from -------------
# A1 is planned 2015-03-01..04-30 (baseline the same) and reported in April to finish 05-31;
# M1 of A1 is due 04-15.  At the end of June, by DESIGN.md: A1 is overdue 61 days (06-30 less
# its planned finish) and slipped 31 (forecast 05-31 less baseline 04-30); M1's forecast is
# 04-15 + (05-31 - 04-30) = 05-16, a slip of 31 days, and, unachieved with even its forecast
# past, it is overdue 76 days (06-30 less 04-15): in both lists, as A1 is.
cat >"$tmp/late.json" <<'JSON'
{"format": "dialturn-plan/1",
 "organisation": {"name": "Late Test Council", "slug": "late", "timezone": "Europe/London",
                  "rating_scale": "confidence3"},
 "people": [{"ref": "pmo", "name": "Programme Officer", "role": "PMO", "kind": "officer"}],
 "reviews": [{"ref": "rev", "title": "Review", "author": "Team", "published_on": "2014-12-09",
              "url": null, "recommendations": [{"ref": "R1", "text": "Do it."}]}],
 "versions": [{"number": 1, "title": "Plan", "status": "signed_off", "approved_on": "2015-02-16",
               "approval_ref": null, "signed_off_on": "2015-02-20"}],
 "themes": [{"ref": "T1", "title": "Theme", "lead": "pmo"}],
 "actions": [{"ref": "A1", "theme": "T1", "title": "Late action", "description": "",
              "owner": "pmo", "member": null, "panel_lead": null, "start": "2015-03-01",
              "finish": "2015-04-30", "baseline_finish": "2015-04-30", "status": "in_progress",
              "completed_on": null, "answers": ["R1"], "depends_on": [], "closure_criteria": ""}],
 "milestones": [{"ref": "M1", "action": "A1", "title": "Late milestone", "due": "2015-04-15",
                 "baseline_due": "2015-04-15", "achieved_on": null, "public": true}],
 "periods": [{"month": "2015-04", "status": "signed_off", "signed_off_on": "2015-05-10",
              "signed_off_by": "pmo"},
             {"month": "2015-05", "status": "signed_off", "signed_off_on": "2015-06-10",
              "signed_off_by": "pmo"},
             {"month": "2015-06", "status": "signed_off", "signed_off_on": "2015-07-10",
              "signed_off_by": "pmo"}],
 "updates": [{"action": "A1", "period": "2015-04", "state": "accepted", "status": "in_progress",
              "percent": 50, "confidence": "medium", "narrative": "Late.",
              "forecast_finish": "2015-05-31", "author": "pmo"}]}
JSON
"$DIALTURN" import "$tmp/late.db" "$tmp/late.json" >/dev/null
"$DIALTURN" report "$tmp/late.db" monthly --period 2015-06 --format md --out "$tmp/late.md"
expect_grep "an overdue action's table shows its planned finish" \
    '^\| Action \| Owner \| Planned finish \| Forecast \| Days overdue \|$' "$tmp/late.md"
expect_grep "and its days from it" '^\| A1 Late action \| Programme Officer \| 2015-04-30 \| 2015-05-31 \| 61 \|$' "$tmp/late.md"
expect_grep "a slipped action's table shows its baseline" \
    '^\| Action \| Owner \| Baseline finish \| Forecast \| Days slipped \|$' "$tmp/late.md"
expect_grep "a slipped milestone's table shows its forecast" \
    '^\| Milestone \| Action \| Baseline \| Forecast \| Days slipped \|$' "$tmp/late.md"
expect_grep "and the days from its baseline to it" '^\| M1 Late milestone \| A1 \| 2015-04-15 \| 2015-05-16 \| 31 \|$' "$tmp/late.md"
expect_grep "a slipped milestone whose forecast has passed is overdue too" \
    '^\| M1 Late milestone \| A1 \| 2015-04-15 \| 2015-04-15 \| 76 \|$' "$tmp/late.md"
"$DIALTURN" report "$tmp/late.db" monthly --period 2015-04 --format md --out "$tmp/late-apr.md"
expect_grep "in April M1's forecast (05-16) is still ahead: slipped, not overdue" \
    'No milestone is overdue' "$tmp/late-apr.md"
"$DIALTURN" report "$tmp/late.db" monthly --period 2015-06 --format html --out "$tmp/late.html"
expect_grep "the web page heads its tables alike" '>Baseline finish</th>' "$tmp/late.html"
"$DIALTURN" report "$tmp/late.db" monthly --period 2015-06 --format pdf --out "$tmp/late.pdf"
pdftotext -layout "$tmp/late.pdf" "$tmp/late.txt"
expect_grep "and so does the PDF" '^Action +Owner +Baseline +Forecast +Days' "$tmp/late.txt"
echo "ok: late actions and milestones are listed with the dates their days count from"
echo "test_report: all passed"
