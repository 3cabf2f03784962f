#!/usr/bin/env bash
# test_money.sh — the panel's expenses, programme costs and cost agreements
# (DESIGN.md, "Expense and cost agreement", "Expense split") on the web.
#
# The secretariat records two agreements (half each to June 2015, then the
# council 60 %) and three costs; the statement splits each agreement's total
# by its shares, the council taking the odd penny, and says who owes whom;
# the CSV downloads neutralise formulas; refusals name their fields and write
# nothing; an action owner can reach none of it; a receipt is restricted; the
# public page and the API give totals per financial quarter and never a
# claimant, a description or a receipt.  verify passes at the end.
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
cd "$tmp"

cat >plan.json <<'EOF'
{"format": "dialturn-plan/1",
 "organisation": {"name": "Test Council", "slug": "test", "timezone": "Europe/London",
                  "rating_scale": "confidence3"},
 "people": [
  {"ref": "o1", "name": "Olive Owner", "role": "Director of Policy", "kind": "officer"}],
 "themes": [{"ref": "T1", "title": "Governance", "lead": "o1"}],
 "actions": [
  {"ref": "A1", "theme": "T1", "title": "Adopt the constitution", "owner": "o1",
   "start": "2015-03-01", "finish": "2015-09-30", "status": "in_progress"}],
 "periods": [{"month": "2015-03", "status": "open"}]}
EOF
"$DIALTURN" import t.db plan.json >/dev/null
PW='a long enough password'
add() { echo "$PW" | "$DIALTURN" user add t.db "$@" >/dev/null; }
add sec --name 'Sam Secretary' --role secretariat
add olive --name 'Olive Owner' --role owner --person o1
export DIALTURN_TODAY=2016-02-15 DIALTURN_NOW=2016-02-15T09:30:00Z
start_server t.db
for who in sec olive; do sign_in "jar.$who" "$who" "$PW"; done
declare -A CSRF
for who in sec olive; do CSRF[$who]=$(page_csrf "jar.$who" /work); done
post() { # WHO PATH [name=value...] -> "code location", body in body.html
    local who=$1 path=$2
    shift 2
    local args=()
    for a in "$@"; do args+=(--data-urlencode "$a"); done
    curl -sS -b "jar.$who" -o body.html -w '%{http_code} %{redirect_url}' \
        --data-urlencode "csrf=${CSRF[$who]}" "${args[@]}" "$base$path"
}
get() { # WHO PATH -> code, body in body.html
    curl -sS -b "jar.$1" -o body.html -w '%{http_code}' "$base$2"
}
count() { sqlite3 t.db "select count(*) from $1"; }

# --- empty states and who may ---------------------------------------------------------------
curl -sS -o body.html "$base/money"
expect_grep "the public page says when nothing is recorded" 'No costs have been recorded yet' \
    body.html
expect_eq "an owner cannot open the money workspace" 403 "$(get olive /work/money)"
got=$(post olive /work/money/expenses kind=panel incurred_on=2015-06-01 claimant=x \
    category=travel amount=5 paid_by=council)
expect_eq "an owner cannot record an expense" 403 "${got%% *}"
code=$(curl -sS -o /dev/null -w '%{http_code}' "$base/work/money/expenses.csv")
expect_eq "the expenses CSV needs a session" 303 "$code"
get olive /work >/dev/null
expect_no_grep "an owner's menu has no Money" 'href="/work/money"' body.html
get sec /work >/dev/null
expect_grep "the secretariat's menu has Money" 'href="/work/money"' body.html
get sec /work/money >/dev/null
expect_grep "the workspace says no agreement is recorded yet" 'shared half each until one is' \
    body.html

# --- agreements -------------------------------------------------------------------------------
got=$(post sec /work/money/agreements "title=Panel costs" starts_on=2015-01-01 \
    agreed_on=2015-01-10 council_percent=60 department_percent=30)
expect_eq "shares that do not add up to 100 are refused" 400 "${got%% *}"
expect_grep "the refusal is at the department's share" 'id="department_percent-error"' body.html
expect_grep "the refusal says what they add up to" 'add up to 90.00%' body.html
expect_grep "the form keeps what was typed" 'value="Panel costs"' body.html
got=$(post sec /work/money/agreements "title=Panel costs" starts_on=2015-01-01 \
    ends_on=2015-06-30 agreed_on=2099-01-10 council_percent=50 department_percent=50)
expect_eq "an agreement dated in the future is refused" 400 "${got%% *}"
expect_grep "the refusal is at the date" 'id="agreed_on-error"' body.html
expect_eq "nothing refused reached the ledger" 0 \
    "$(sqlite3 t.db "select count(*) from ledger where tbl in ('cost_agreement', 'agreement_share')")"
got=$(post sec /work/money/agreements "title=Panel costs 2015" starts_on=2015-01-01 \
    ends_on=2015-06-30 agreed_on=2015-01-10 council_percent=50 department_percent=50)
expect_eq "the secretariat records the first agreement" "303 $base/work/money?done=agreement" \
    "$got"
got=$(post sec /work/money/agreements "title=Panel costs from July" starts_on=2015-07-01 \
    agreed_on=2015-06-20 council_percent=60 department_percent=40)
expect_eq "and the second" 303 "${got%% *}"
got=$(post sec /work/money/agreements "title=Twice" starts_on=2015-07-01 \
    agreed_on=2015-06-20 council_percent=60 department_percent=40)
expect_eq "a second agreement from the same day is refused" 409 "${got%% *}"
expect_grep "naming the one that starts then" 'Agreement CA2 already starts on 2015-07-01' body.html

# --- expenses ------------------------------------------------------------------------------------
got=$(post sec /work/money/expenses kind=panel incurred_on=2016-03-01 claimant= \
    category=yachts amount=-3 paid_by=nobody)
expect_eq "a bad expense is refused" 400 "${got%% *}"
for f in incurred_on claimant category amount paid_by; do
    expect_grep "the refusal names $f" "id=\"$f-error\"" body.html
done
expect_eq "nothing refused was written" 0 "$(count expense)"
got=$(post sec /work/money/expenses kind=panel incurred_on=2015-06-30 "claimant=Panel chair" \
    category=travel "description=Train to Birmingham" amount=10.01 paid_by=council)
expect_eq "the secretariat records the panel's travel" "303 $base/work/money?done=expense#X1" \
    "$got"
got=$(post sec /work/money/expenses kind=programme incurred_on=2015-07-01 \
    "claimant=Interim director" category=interim day_rate=3.33 days=3 paid_by=department)
expect_eq "and an interim role by the day (3.33 x 3 = 9.99)" 303 "${got%% *}"
expect_eq "the day rate times the days is stored in pence" 999 \
    "$(sqlite3 t.db "select amount_pence from expense where ref = 'X2'")"
printf 'Receipt: taxi, 12 January 2016, 5.00\n' >receipt.txt
code=$(curl -sS -b jar.sec -o body.html -w '%{http_code} %{redirect_url}' \
    -F "csrf=${CSRF[sec]}" -F kind=panel -F incurred_on=2016-01-12 -F "claimant=Panel member" \
    -F category=travel -F 'description==HYPERLINK("http://example.invalid/","x")' -F amount=5 \
    -F paid_by=council -F "receipt=@receipt.txt;type=text/plain" "$base/work/money/expenses")
expect_eq "an expense with a receipt" 303 "${code%% *}"
receipt=$(sqlite3 t.db "select receipt_id from expense where ref = 'X3'")
expect_eq "the receipt is restricted" 0 "$(sqlite3 t.db "select public from document where id = $receipt")"
code=$(curl -sS -o /dev/null -w '%{http_code}' "$base/documents/$receipt")
expect_eq "an anonymous reader cannot read the receipt (nor learn it exists)" 404 "$code"
expect_eq "the secretariat can" 200 "$(get sec "/documents/$receipt")"
get sec /work/money >/dev/null
expect_grep "the list shows the interim role's rate and days" '3.33 a day for 3.00 days' body.html
expect_grep "and links the receipt" "href=\"/documents/$receipt\"" body.html
expect_grep "the agreements are listed with their shares" 'CA2: Panel costs from July' body.html

# --- the statement -------------------------------------------------------------------------------
# CA1: 10.01 (council paid): the department 5.005 -> 5.00, the council 5.01.
# CA2: 9.99 (department paid): the department 3.996 -> 4.00, the council 5.99.
# Shares: council 11.00, department 9.00; paid 10.01 and 9.99: the council owes 0.99.
expect_eq "the statement of 2015" 200 "$(get sec '/work/money/statement?from=2015-01-01&to=2015-12-31')"
expect_grep "says who owes whom" 'The council owes the department £0.99.' body.html
expect_grep "gives the council's share" '£11.00' body.html
expect_eq "a statement ending before it starts is refused" 400 \
    "$(get sec '/work/money/statement?from=2015-12-31&to=2015-01-01')"
expect_grep "at the field" 'id="to-error"' body.html
curl -sS -b jar.sec -o statement.csv "$base/work/money/statement.csv?from=2015-01-01&to=2015-12-31"
expect_grep "the statement CSV totals the council's share, payments and balance" \
    '^total,council,11.00,10.01,0.99' statement.csv
expect_grep "and each agreement's split" '^CA2,department,4.00,9.99,' statement.csv
curl -sS -b jar.sec -o expenses.csv "$base/work/money/expenses.csv"
expect_grep "the expenses CSV lists the interim role" \
    '^X2,programme,2015-07-01,Interim director,interim,,9.99,3.33,3.00,department,CA2' expenses.csv
expect_grep "a formula in a description is written as text" "'=HYPERLINK" expenses.csv

# --- in public: totals per quarter only --------------------------------------------------------
curl -sS -o body.html "$base/money"
expect_grep "the public page has the first quarter" '2015-16 Q1: April to June 2015' body.html
expect_grep "and the current one, so far" 'January to March 2016 \(so far\)' body.html
for secret in 'Panel chair' 'Interim director' 'Train to Birmingham' HYPERLINK documents; do
    expect_no_grep "the public page never shows '$secret'" "$secret" body.html
done
curl -sS -o api.json "$base/api/v1/money"
expect_eq "the API gives the quarter's panel expenses in pence" 1001 \
    "$(jq '.quarters[] | select(.from == "2015-04-01") | .panel_pence' api.json)"
expect_eq "and the programme's" 999 \
    "$(jq '.quarters[] | select(.from == "2015-07-01") | .programme_pence' api.json)"
expect_no_grep "the API never names a claimant" 'Panel chair|Interim director' api.json

# --- the interchange: export, import, export is byte for byte --------------------------------
"$DIALTURN" export t.db --out out1.json
expect_eq "the export carries both agreements" "CA1 CA2" "$(jq -r '[.agreements[].ref] | join(" ")' out1.json)"
expect_eq "and the shares in basis points" 6000 "$(jq '.agreements[1].shares.council' out1.json)"
expect_eq "and the interim role by the day" '999 333 300' \
    "$(jq -r '.expenses[] | select(.ref == "X2") | "\(.amount_pence) \(.day_rate_pence) \(.days_x100)"' out1.json)"
"$DIALTURN" import t2.db out1.json >/dev/null
"$DIALTURN" export t2.db --out out2.json
expect_eq "export, import, export gives the same document" "" "$(cmp out1.json out2.json)"
"$DIALTURN" import t2.db out1.json >/dev/null
expect_eq "importing it again changes nothing" 3 \
    "$(sqlite3 t2.db "select count(*) from ledger where tbl = 'expense'")"
jq '.agreements[0].shares.department = 4000' out1.json >bad.json
expect_fail "shares that do not add up are refused on import" \
    'agreements\[0\]\.shares: must add up to 10000' "$DIALTURN" import t3.db bad.json
jq '.expenses[1].amount_pence = 1000' out1.json >bad.json
expect_fail "a programme cost must be its rate times its days" \
    'expenses\[1\]: amount_pence must be day_rate_pence x days_x100 / 100 to the penny: 999' \
    "$DIALTURN" import t3.db bad.json
jq '.expenses[0].paid_by = "mayor"' out1.json >bad.json
expect_fail "an unknown payer is refused" 'expenses\[0\]: paid_by must be' \
    "$DIALTURN" import t3.db bad.json
expect_eq "nothing of a refused import was written" 0 \
    "$(sqlite3 t3.db "select count(*) from expense" 2>/dev/null || echo 0)"

# --- the record -------------------------------------------------------------------------------------
expect_eq "each expense is one ledger entry" 3 \
    "$(sqlite3 t.db "select count(*) from ledger where tbl = 'expense'")"
"$DIALTURN" verify t.db >verify.out || { cat verify.out; echo "FAIL: verify"; exit 1; }
echo "test_money: ok"
