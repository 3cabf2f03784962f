#!/usr/bin/env bash
# test_versions.sh — plan versions (issue 4, point 5) on the bundled demo:
# a draft is edited (re-dated, re-worded, re-owned, added, retired with a
# reason) by `import --draft` and `version retire`; `diff` lists exactly those
# differences, as text and JSON; bad edits are refused naming the field and
# change nothing; the steps go in order (approving a draft is refused);
# nothing of the draft reaches the public site, API, downloads or search
# until sign-off, and everything does after it, with the baselines moved;
# `verify` passes throughout.
#
# Needs $DIALTURN (the binary); run alone or from tests/e2e/run.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${ROOT:=$(cd "$here/../.." && pwd)}"
: "${DIALTURN:?set DIALTURN to the dialturn binary}"
# shellcheck source=tests/e2e/lib.sh
source "$ROOT/tests/e2e/lib.sh"

tmp=$(mktemp -d)
at_exit rm -rf "$tmp"
db=$tmp/demo.db
marker=ZEBRA-DRAFT-MARKER

fail() {
    echo "FAIL: $*"
    exit 1
}

# expect_ok WHAT CMD...: CMD must succeed.
expect_ok() {
    local what=$1
    shift
    "$@" >"$tmp/ok.out" 2>"$tmp/ok.err" || fail "$what: exit $?: $(cat "$tmp/ok.err")"
    echo "ok: $what"
}

# public_has WHAT yes|no: whether the marker is on the public side, page by page.
public_has() {
    local what=$1 want=$2 path n
    for path in /plan /actions/A4 /themes/T1 /data/plan.json /data/actions.csv \
        /api/v1/actions "/api/v1/actions/A4" /feed.atom /; do
        n=$(curl -sS "$base$path" | grep -c "$marker" || true)
        if [ "$want" = no ] && [ "$n" -ne 0 ]; then
            fail "$what: $path shows the draft's $marker"
        fi
    done
    # the search page repeats the query: look for the results instead
    n=$(curl -sS "$base/search?q=$marker" | grep -c 'href="/actions/A52"' || true)
    if [ "$want" = no ] && [ "$n" -ne 0 ]; then
        fail "$what: search finds the draft's A52"
    fi
    if [ "$want" = yes ]; then
        for path in /plan /actions/A4 /data/plan.json /api/v1/actions/A4; do
            curl -sS -o "$tmp/page" "$base$path"
            grep -q "$marker" "$tmp/page" || fail "$what: $path lacks $marker"
        done
        [ "$n" -ne 0 ] || fail "$what: search does not find A52"
    fi
    echo "ok: $what"
}

api_field() {
    curl -sS "$base/api/v1/actions/$1" | python3 -c "import json,sys; print(json.load(sys.stdin)['$2'])"
}

# sign_off_month DB MONTH ON: signs off MONTH (its updates accepted) through an
# import, as a month is signed off after a version: from then on its record
# is what the public sees.
sign_off_month() {
    "$DIALTURN" export "$1" --out "$tmp/so.json"
    python3 - "$tmp/so.json" "$2" "$3" >"$tmp/so2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for p in d["periods"]:
    if p["month"] == sys.argv[2]:
        p.update(status="signed_off", signed_off_on=sys.argv[3], signed_off_by="ceo")
for u in d["updates"]:
    if u["period"] == sys.argv[2]:
        u["state"] = "accepted"
json.dump(d, sys.stdout)
PY
    "$DIALTURN" import "$1" "$tmp/so2.json" >/dev/null
}

"$DIALTURN" demo --db "$db" --create-only >/dev/null
start_server --log "$tmp/serve" "$db"

# --- a new draft -------------------------------------------------------------------
expect_ok "version new starts draft 2" "$DIALTURN" version "$db" new "Year Two plan"
expect_grep "new: says which number" '^started draft version 2: Year Two plan$' "$tmp/ok.out"
expect_fail "a second draft is refused" 'version 2 is a draft' \
    "$DIALTURN" version "$db" new "Another"
"$DIALTURN" version "$db" list --json >"$tmp/list.json"
expect_eq "version 1 got its items from the live plan" \
    "signed_off 96 draft 96" \
    "$(python3 -c "import json; print(' '.join(f\"{v['status']} {v['items']}\" for v in json.load(open('$tmp/list.json'))))")"
"$DIALTURN" diff "$db" 1 2 >"$tmp/diff0"
expect_eq "a fresh draft holds the same plan" "versions 1 and 2 hold the same plan" "$(cat "$tmp/diff0")"

# --- editing the draft ------------------------------------------------------------------
# A8 re-dated, A4 re-worded (with the marker), A12 re-owned, A52 added; A5 retired.
"$DIALTURN" export "$db" --out "$tmp/export.json"
python3 - "$tmp/export.json" "$tmp/edit.json" "$marker" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
acts = {a["ref"]: a for a in doc["actions"]}
acts["A8"]["finish"] = "2016-06-30"
acts["A4"]["title"] = "Culture change programme " + sys.argv[3]
acts["A12"]["owner"] = "ad-partnerships"
new = dict(acts["A8"], ref="A52", title="Resident panel " + sys.argv[3], start="2016-04-01",
           finish="2016-09-30", answers=["R2"], depends_on=["A8"], status="not_started")
edit = {"format": "dialturn-plan/1",
        "actions": [acts["A8"], acts["A4"], acts["A12"], new]}
json.dump(edit, open(sys.argv[2], "w"))
EOF
expect_ok "import --draft takes the edits" "$DIALTURN" import "$db" "$tmp/edit.json" --draft --as pmo
expect_grep "import --draft: counts the items" 'into the draft version 2 of .*: 4 items' "$tmp/ok.out"
expect_ok "retire A5 with a reason" \
    "$DIALTURN" version "$db" retire action A5 --reason "Folded into A4's programme" --as pmo
expect_fail "retiring needs a reason" 'reason' "$DIALTURN" version "$db" retire action A6 --reason " "
expect_fail "a completed action is not retired" 'action A1 is complete' \
    "$DIALTURN" version "$db" retire action A1 --reason "Done"

# bad edits: refused naming the field, the draft unchanged
"$DIALTURN" version "$db" show 2 --json >"$tmp/before.json"
bad() { # bad WHAT PATTERN PYTHON-EDIT-OF-a
    python3 - "$tmp/export.json" "$tmp/bad.json" "$3" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
a = {x["ref"]: x for x in doc["actions"]}["A8"]
exec(sys.argv[3])
json.dump({"format": "dialturn-plan/1", "actions": [a]}, open(sys.argv[2], "w"))
EOF
    expect_fail "$1" "$2" "$DIALTURN" import "$db" "$tmp/bad.json" --draft
}
bad "finish before start is refused" 'actions\[A8\]\.finish: 2015-01-31 is before start 2015-03-01' \
    'a["finish"] = "2015-01-31"'
bad "an unknown owner is refused" 'actions\[A8\]\.owner: no person with ref "nobody"' \
    'a["owner"] = "nobody"'
bad "a dependency cycle is refused" 'dependency cycle' 'a["depends_on"] = ["A52"]'
"$DIALTURN" version "$db" show 2 --json >"$tmp/after.json"
cmp -s "$tmp/before.json" "$tmp/after.json" || fail "a refused edit changed the draft"
echo "ok: refused edits left the draft unchanged"

# --- the diff -----------------------------------------------------------------------------
"$DIALTURN" diff "$db" 1 2 >"$tmp/diff"
cat >"$tmp/diff.want" <<EOF
action A4  re-worded  title Culture change programme: from "council knows best" to outward-looking → Culture change programme $marker
action A5  retired  Folded into A4's programme
action A8  re-dated  finish 2016-03-31 → 2016-06-30
action A12  re-owned  owner ad-policy → ad-partnerships
action A52  added  Resident panel $marker
EOF
diff -u "$tmp/diff.want" "$tmp/diff" || fail "diff 1 2 lists other changes than the edits"
echo "ok: diff 1 2 lists exactly the edits"
"$DIALTURN" diff "$db" 1 2 --json >"$tmp/diff.json"
expect_eq "diff --json: the changes" \
    'A4 re-worded title|A5 retired None Folded into A4'"'"'s programme|A8 re-dated finish 2016-03-31 2016-06-30|A12 re-owned owner ad-policy ad-partnerships|A52 added title' \
    "$(python3 -c "
import json
d = json.load(open('$tmp/diff.json'))
assert d['from'] == 1 and d['to'] == 2, d
out = []
for c in d['changes']:
    s = [c['ref'], c['change'], str(c['field'])]
    if c['change'] == 're-dated' or c['change'] == 're-owned': s += [c['from'], c['to']]
    if c['reason']: s.append(c['reason'])
    out.append(' '.join(s))
print('|'.join(out))")"
expect_fail "diff with an unknown version" 'there is no version 9' "$DIALTURN" diff "$db" 1 9

# --- nothing of the draft is public ---------------------------------------------------------
public_has "the draft is not public" no
expect_eq "A52 does not exist publicly" 404 \
    "$(curl -s -o /dev/null -w '%{http_code}' "$base/actions/A52")"

# --- the steps, in order ---------------------------------------------------------------------
expect_fail "approving a draft is refused" 'version 2 is a draft, not submitted' \
    "$DIALTURN" version "$db" approve 2 --on 2016-03-14 --ref "Cabinet 14 March 2016"
expect_fail "signing off a draft is refused" 'version 2 is a draft, not approved' \
    "$DIALTURN" version "$db" sign-off 2 --on 2016-03-21
expect_ok "submit" "$DIALTURN" version "$db" submit 2 --as pmo
expect_fail "a submitted version is frozen" 'no draft version' \
    "$DIALTURN" import "$db" "$tmp/edit.json" --draft
expect_fail "approval needs the minute reference" 'approval_ref' \
    "$DIALTURN" version "$db" approve 2 --on 2016-03-14 --ref " "
expect_ok "approve" "$DIALTURN" version "$db" approve 2 --on 2016-03-14 --ref "Cabinet 14 March 2016" --as ceo
public_has "an approved version is still not public" no
expect_eq "A8's public finish is still version 1's" 2016-03-31 "$(api_field A8 finish)"
expect_fail "sign-off before approval's date is refused" 'signed_off_on: 2016-03-01 is before' \
    "$DIALTURN" version "$db" sign-off 2 --on 2016-03-01
expect_ok "sign off" "$DIALTURN" version "$db" sign-off 2 --on 2016-03-21 --as chair

# --- after sign-off the version is the live plan; public from the next month's record --------
public_has "the signed-off version is not public before the next month is signed off" no
expect_eq "A8's public finish is still February's record" 2016-03-31 "$(api_field A8 finish)"
curl -sS -o "$tmp/jan-plan.html" "$base/plan?as_at=2016-01"
sign_off_month "$db" 2016-03 2016-04-11
public_has "the signed-off version is public with March's record" yes
curl -sS -o "$tmp/jan-plan2.html" "$base/plan?as_at=2016-01"
cmp -s "$tmp/jan-plan.html" "$tmp/jan-plan2.html" || fail "January's record changed after version 2 and March"
echo "ok: January's record did not change"
expect_eq "A8's finish moved" 2016-06-30 "$(api_field A8 finish)"
expect_eq "A8's baseline moved with it" 2016-06-30 "$(api_field A8 baseline_finish)"
expect_eq "A8 keeps its delivery state" in_progress "$(api_field A8 status)"
expect_eq "the public record shows A5 retired" retired "$(api_field A5 status)"
"$DIALTURN" export "$db" --out "$tmp/after-export.json"
expect_eq "A5 is retired in the plan" retired "$(python3 -c "
import json
print({a['ref']: a for a in json.load(open('$tmp/after-export.json'))['actions']}['A5']['status'])")"
expect_eq "A52 starts not started" not_started "$(api_field A52 status)"
expect_eq "A1 stays complete" complete "$(api_field A1 status)"
expect_eq "A12's owner" ad-partnerships \
    "$(curl -sS "$base/api/v1/actions/A12" | python3 -c "import json,sys; print(json.load(sys.stdin)['owner']['ref'])")"
"$DIALTURN" version "$db" list >"$tmp/list"
expect_grep "version 1 is superseded" '^1  superseded' "$tmp/list"
expect_grep "version 2 is signed off" '^2  signed_off  approved 2016-03-14  signed off 2016-03-21' "$tmp/list"
expect_ok "a new draft starts from version 2" "$DIALTURN" version "$db" new "Year Three"
expect_eq "and holds the same plan" "versions 2 and 3 hold the same plan" "$("$DIALTURN" diff "$db" 2 3)"

expect_ok "verify passes after it all" "$DIALTURN" verify "$db"
grep -q "cli:version\|pmo" <(sqlite3 "$db" "select entry from ledger where tbl = 'plan_version'") \
    || fail "the ledger does not name who moved the versions"
echo "ok: the ledger names who moved the versions"

# ==== the same life in the workspace's pages ======================================
# A second copy of the demo, edited only through the web forms, as each role.
stop_servers
web=$tmp/web.db
"$DIALTURN" demo --db "$web" --create-only >/dev/null
start_server --log "$tmp/web" "$web"
PW=dialturn-demo
webmark=OKAPI-WEB-DRAFT-MARKER
for who in pmo ceo chair viewer; do sign_in "$tmp/jar.$who" "$who" "$PW"; done
declare -A CSRF
for who in pmo ceo chair viewer; do CSRF[$who]=$(page_csrf "$tmp/jar.$who" /work/versions); done

# post WHO PATH FIELD=VALUE...: POSTs the form as WHO (with WHO's CSRF token),
# the answer into $tmp/post.html; prints "STATUS LOCATION".
post() {
    local who=$1 path=$2 f args=()
    shift 2
    for f in "$@"; do args+=(--data-urlencode "$f"); done
    curl -sS -b "$tmp/jar.$who" -o "$tmp/post.html" -w '%{http_code} %{redirect_url}' \
        --data-urlencode "csrf=${CSRF[$who]}" "${args[@]}" "$base$path"
}
# get WHO PATH: the page into $tmp/get.html; prints the status.
get() {
    curl -sS -b "$tmp/jar.$1" -o "$tmp/get.html" -w '%{http_code}' "$base$2"
}
# expect_post WHAT WANT-STATUS WHO PATH FIELDS...: the status (and for a 303
# the location's path) must be WANT ("303 /work/versions/2?done=...").
expect_post() {
    local what=$1 want=$2 got
    shift 2
    got=$(post "$@")
    got=${got/$base/}
    case "$got" in
    "$want"*) echo "ok: $what ($got)" ;;
    *)
        echo "FAIL: $what: expected $want, got $got"
        sed 's/<[^>]*>//g' "$tmp/post.html" | grep -v '^\s*$' | head -40
        exit 1
        ;;
    esac
}
# the fields of action REF as the form sends them, from the live plan, with
# FIELD=VALUE overrides; one per line
action_form() {
    "$DIALTURN" export "$web" | python3 -c '
import json, sys
ref, over = sys.argv[1], sys.argv[2:]
a = {x["ref"]: x for x in json.load(sys.stdin)["actions"]}[ref]
f = {k: (a[k] or "") for k in ("title", "description", "theme", "owner", "member",
     "panel_lead", "start", "finish", "closure_criteria")}
f["depends_on"] = ", ".join(a["depends_on"])
for o in over:
    k, v = o.split("=", 1)
    f[k] = v
for k, v in f.items():
    print(f"{k}={v}")
ans = [o.split("=", 1)[1] for o in over if o.startswith("answers=")]
for r in (ans if any(o.startswith("answers=") for o in over) else a["answers"]):
    print(f"answers={r}")
' "$@" | grep -v '^answers=$'
}
form_args() { mapfile -t FORM < <(action_form "$@"); }

expect_eq "a viewer sees the versions" 200 "$(get viewer /work/versions)"
grep -q 'Start a new draft' "$tmp/get.html" && fail "a viewer is offered the new-draft form"
echo "ok: a viewer is not offered the new-draft form"
expect_post "a viewer cannot start a draft" "403" viewer /work/versions "title=Mine"
expect_post "a draft needs a title" "400" pmo /work/versions "title= "
expect_grep "the error links to the title" 'href="#title">Give the new version a title' "$tmp/post.html"
expect_post "the programme office starts a draft" "303 /work/versions/2?done=created" \
    pmo /work/versions "title=Year Two (web)"
expect_eq "the draft's page" 200 "$(get pmo "/work/versions/2?done=created")"
expect_grep "it says the draft started" 'Draft version 2 started' "$tmp/get.html"
expect_eq "the edit form of A8" 200 "$(get pmo /work/plan/actions/A8)"
expect_grep "the form shows A8's title" 'id="title" name="title" type="text" value="Communications' "$tmp/get.html"
expect_eq "the executive has no edit form" 403 "$(get ceo /work/plan/actions/A8)"

"$DIALTURN" version "$web" show 2 --json >"$tmp/web-before.json"
form_args A8 finish=2015-01-01
expect_post "finish before start is refused" 400 pmo /work/plan/actions/A8 "${FORM[@]}"
expect_grep "named at the finish field" 'href="#finish">Planned finish: 2015-01-01 is before start 2015-03-01' "$tmp/post.html"
expect_grep "the form keeps what was typed" 'name="finish" type="text" value="2015-01-01"' "$tmp/post.html"
form_args A8 owner=nobody
expect_post "an unknown owner is refused" 400 pmo /work/plan/actions/A8 "${FORM[@]}"
expect_grep "named at the owner field" 'href="#owner">Owner: no person with ref' "$tmp/post.html"
form_args A1 depends_on=A5
expect_post "a dependency cycle is refused" 400 pmo /work/plan/actions/A1 "${FORM[@]}"
expect_grep "named at depends on" 'href="#depends_on">.*dependency cycle' "$tmp/post.html"
"$DIALTURN" version "$web" show 2 --json >"$tmp/web-after.json"
cmp -s "$tmp/web-before.json" "$tmp/web-after.json" || fail "a refused form changed the draft"
echo "ok: refused forms left the draft unchanged"

form_args A8 finish=2016-06-30 "title=Communications $webmark"
expect_post "a re-dated, re-worded A8 is saved" "303 /work/versions/2?done=saved&kind=action&ref=A8" \
    pmo /work/plan/actions/A8 "${FORM[@]}"
expect_eq "the draft says so" 200 "$(get pmo "/work/versions/2?done=saved&kind=action&ref=A8")"
expect_grep "with a banner" 'Action A8 saved in draft version 2' "$tmp/get.html"
form_args A8 ref=A52 "title=Resident panel $webmark" start=2016-04-01 finish=2016-09-30 depends_on=A8 answers=R2
expect_post "a new action is added" "303 /work/versions/2?done=saved&kind=action&ref=A52" \
    pmo /work/plan/actions/new "${FORM[@]}"
expect_post "adding an existing ref is refused" 400 pmo /work/plan/actions/new "${FORM[@]}"
expect_grep "named at the reference" 'href="#ref">Reference: draft version 2 already has action A52' "$tmp/post.html"
expect_post "retiring needs a reason" 400 pmo /work/plan/actions/A5/retire "reason="
expect_grep "the reason's error" 'href="#reason">Say why the action leaves the plan' "$tmp/post.html"
expect_post "A5 is retired with a reason" "303 /work/versions/2?done=retired&kind=action&ref=A5" \
    pmo /work/plan/actions/A5/retire "reason=Folded into A4"
expect_post "a theme is re-owned" "303 /work/versions/2?done=saved&kind=theme&ref=T2" \
    pmo /work/plan/themes/T2 "title=Leadership and strategy: strategic planning" "lead=ceo"
expect_post "a milestone is re-dated" "303 /work/versions/2?done=saved&kind=milestone&ref=M6" \
    pmo /work/plan/milestones/M6 "title=$(python3 -c "
import json,subprocess
d=json.loads(subprocess.check_output(['$DIALTURN','export','$web']))
print({m['ref']:m for m in d['milestones']}['M6']['title'])")" action=A11 due=2015-07-31 public=yes

# the comparison page
expect_eq "the comparison page" 200 "$(get viewer /work/versions/1/diff/2)"
sed 's/<[^>]*>/ /g; s/  */ /g' "$tmp/get.html" >"$tmp/diff.txt"
expect_grep "re-dated A8" 'action A8 Finish 2016-03-31 2016-06-30' "$tmp/diff.txt"
expect_grep "re-worded A8" "action A8 Title Communications: a positive narrative and open progress reporting Communications $webmark" "$tmp/diff.txt"
expect_grep "added A52" "action A52 Resident panel $webmark" "$tmp/diff.txt"
expect_grep "retired A5 with its reason" 'action A5 Folded into A4' "$tmp/diff.txt"
expect_grep "re-owned T2" 'theme T2 Lead dsd ceo' "$tmp/diff.txt"
expect_grep "re-dated M6" 'milestone M6 Due 2015-06-29 2015-07-31' "$tmp/diff.txt"
expect_eq "the comparison lists those changes and no more" \
    "action:A52:added action:A5:retired action:A8:re-dated action:A8:re-worded milestone:M6:re-dated theme:T2:re-owned" \
    "$("$DIALTURN" diff "$web" 1 2 --json | python3 -c "
import json,sys
print(' '.join(sorted(c['kind']+':'+c['ref']+':'+c['change'] for c in json.load(sys.stdin)['changes'])))")"

# nothing of it is public
for path in /plan /actions/A8 /data/plan.json /api/v1/actions/A8 /milestones; do
    curl -sS -o "$tmp/pub" "$base$path"
    grep -q "$webmark" "$tmp/pub" && fail "the draft is public at $path"
done
echo "ok: the web draft is not public"

# the steps, each by its role
expect_post "the executive cannot submit" 403 ceo /work/versions/2/submit
expect_post "approving a draft is refused" 400 ceo /work/versions/2/approve \
    approved_on=2016-03-14 "approval_ref=Cabinet minute 88"
expect_grep "saying why" 'Version 2 is a draft, not submitted' "$tmp/post.html"
expect_post "the programme office submits" "303 /work/versions/2?done=submitted" pmo /work/versions/2/submit
expect_post "a submitted draft cannot be edited" 400 pmo /work/plan/actions/A8 "${FORM[@]}"
expect_post "the programme office cannot approve" 403 pmo /work/versions/2/approve \
    approved_on=2016-03-14 "approval_ref=Cabinet minute 88"
expect_post "approval needs its minute reference" 400 ceo /work/versions/2/approve approved_on=2016-03-14 "approval_ref="
expect_grep "at the minute reference" 'href="#approval_ref">' "$tmp/post.html"
expect_post "approval needs a date" 400 ceo /work/versions/2/approve approved_on=14/03/2016 "approval_ref=Cabinet minute 88"
expect_grep "at the date" 'href="#approved_on">Enter the date as YYYY-MM-DD' "$tmp/post.html"
expect_post "the executive records approval" "303 /work/versions/2?done=approved" ceo \
    /work/versions/2/approve approved_on=2016-03-14 "approval_ref=Cabinet minute 88"
expect_post "the executive cannot sign off" 403 ceo /work/versions/2/sign-off signed_off_on=2016-03-21
curl -sS -o "$tmp/pub" "$base/plan"
grep -q "$webmark" "$tmp/pub" && fail "an approved version is public before sign-off"
echo "ok: an approved version is not yet public"
expect_post "the panel records sign-off" "303 /work/versions/2?done=signed_off" chair \
    /work/versions/2/sign-off signed_off_on=2016-03-21
expect_eq "the version's page" 200 "$(get chair "/work/versions/2?done=signed_off")"
expect_grep "says when it is public" 'Version 2 signed off: it is the live plan, and public from the next month signed off' "$tmp/get.html"
for path in /plan /actions/A8 /data/plan.json /api/v1/actions/A8 /actions/A52; do
    curl -sS -o "$tmp/pub" "$base$path"
    grep -q "$webmark" "$tmp/pub" && fail "the signed-off version is public at $path before the next month"
done
sign_off_month "$web" 2016-03 2016-04-11
for path in /plan /actions/A8 /data/plan.json /api/v1/actions/A8 /actions/A52; do
    curl -sS -o "$tmp/pub" "$base$path"
    grep -q "$webmark" "$tmp/pub" || fail "the signed-off version is not public at $path"
done
echo "ok: the signed-off version is public"
expect_eq "A8's baseline moved" 2016-06-30 "$(api_field A8 baseline_finish)"
expect_ok "verify passes after the web's edits" "$DIALTURN" verify "$web"
sqlite3 "$web" "select entry from ledger where tbl in ('plan_version', 'version_item')" >"$tmp/who"
for who in pmo ceo chair; do
    grep -q "\"actor\":\"$who\"" "$tmp/who" || fail "the ledger does not record $who's step"
done
echo "ok: the ledger records who took each step"

# --- a version takes effect after the months signed off -----------------------------------------
# $db: version 2 signed off on 2016-03-21, months up to 2016-03 signed off, draft 3 started.
expect_ok "submit version 3" "$DIALTURN" version "$db" submit 3 --as pmo
expect_ok "approve version 3" "$DIALTURN" version "$db" approve 3 --on 2016-02-10 --ref "Cabinet 10 February 2016" --as ceo
sqlite3 "$db" "select count(*) from ledger" >"$tmp/ledger-before"
expect_fail "a sign-off dated in a signed-off month is refused" \
    'signed_off_on: 2016-02-20 is within the months already signed off \(up to 2016-03\)' \
    "$DIALTURN" version "$db" sign-off 3 --on 2016-02-20 --as chair
expect_eq "nothing was written" "$(cat "$tmp/ledger-before")" "$(sqlite3 "$db" "select count(*) from ledger")"
expect_ok "a sign-off after them is taken" "$DIALTURN" version "$db" sign-off 3 --on 2016-04-02 --as chair
expect_ok "verify passes" "$DIALTURN" verify "$db"
