#!/usr/bin/env bash
# test_crash.sh — a crash loses nothing that was acknowledged.  Sixteen clients
# write updates as fast as they can, through the write API (with an owner's
# token) and through the update form (signed in, with the form's CSRF token),
# each with a narrative of its own; once more than 1,000 writes have been
# acknowledged the server is killed with SIGKILL mid-stream.  After a restart
# every acknowledged write is on the ledger, each action's update is one of the
# writes sent for it, the server answers, and `verify` passes.  Every 201 of
# the API shows what its own request wrote, however many write at once.
#
# Needs $DIALTURN (the binary); run alone or from tests/e2e/run.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
: "${ROOT:=$(cd "$here/../.." && pwd)}"
: "${DIALTURN:?set DIALTURN to the dialturn binary}"
# shellcheck source=tests/e2e/lib.sh
source "$ROOT/tests/e2e/lib.sh"

fail() {
    echo "FAIL: $*"
    exit 1
}

python3 - >plan.json <<'EOF'
import json
acts = [{"ref": f"A{i}", "theme": "T1", "title": f"Action {i}", "owner": "o1",
         "start": "2015-03-01", "finish": "2015-12-31", "status": "in_progress"}
        for i in range(1, 21)]
print(json.dumps({
    "format": "dialturn-plan/1",
    "organisation": {"name": "Crash Council", "slug": "crash", "timezone": "Europe/London",
                     "rating_scale": "confidence3"},
    "people": [{"ref": "o1", "name": "Olive Owner", "role": "Director", "kind": "officer"}],
    "themes": [{"ref": "T1", "title": "Everything", "lead": "o1"}],
    "actions": acts,
    "periods": [{"month": "2015-03", "status": "open", "signed_off_on": None,
                 "signed_off_by": None}]}))
EOF
"$DIALTURN" import t.db plan.json >/dev/null
PW='a long enough password'
echo "$PW" | "$DIALTURN" user add t.db olive --name 'Olive Owner' --role owner --person o1 >/dev/null
port=$(free_port)
start_server --port "$port" t.db
sign_in jar olive "$PW"
csrf=$(page_csrf jar /work)
curl -sS -b jar -o tok.html --data-urlencode "csrf=$csrf" --data-urlencode token_name=crash \
    "$base/work/account/tokens"
token=$(grep -o 'id="token" type="text" readonly value="[0-9a-f]*"' tok.html | grep -o '[0-9a-f]\{64\}')
[ ${#token} = 64 ] || fail "no API token was shown"
session=$(awk '$6 == "dialturn_session" { print $7 }' jar)

: >acked.txt
# The writers: each acknowledged write (201 from the API, 303 from the form)
# is appended to acked.txt as "ACTION NARRATIVE" before the next is sent.
python3 - "$base" "$token" "$session" "$csrf" >writers.log 2>&1 <<'EOF' &
import http.client, json, sys, threading, time, urllib.parse
base, token, session, csrf = sys.argv[1:5]
host, port = base.split("//")[1].split(":")
out = open("acked.txt", "a", buffering=1)
lock = threading.Lock()
stop = time.time() + 60
def writer(k):
    n = 0
    while time.time() < stop:
        n += 1
        ref = f"A{(k * 7 + n) % 20 + 1}"
        text = f"crash-w{k}-n{n}"
        try:
            c = http.client.HTTPConnection(host, int(port), timeout=10)
            if k % 2:
                body = json.dumps({"status": "in_progress", "percent": n % 100,
                                   "confidence": "medium", "narrative": text})
                c.request("POST", f"/api/v1/actions/{ref}/update", body,
                          {"Authorization": "Bearer " + token,
                           "Content-Type": "application/json"})
                ok = 201
            else:
                body = urllib.parse.urlencode({"csrf": csrf, "status": "in_progress",
                                               "percent": str(n % 100), "confidence": "medium",
                                               "narrative": text, "intent": "save"})
                c.request("POST", f"/work/updates/{ref}", body,
                          {"Cookie": "dialturn_session=" + session,
                           "Content-Type": "application/x-www-form-urlencoded"})
                ok = 303
            r = c.getresponse()
            answer = r.read()
            if r.status == 201 and json.loads(answer).get("narrative") != text:
                # the 201 must be what this request wrote, never another writer's
                print("mismatch", ref, text, answer[:200], file=sys.stderr)
            if r.status == ok:
                with lock:
                    out.write(f"{ref} {text}\n")
            elif r.status not in (200, 409, 503):
                print("unexpected", r.status, ref, file=sys.stderr)
            c.close()
        except Exception:
            return  # the server is gone
threads = [threading.Thread(target=writer, args=(k,)) for k in range(16)]
for t in threads:
    t.start()
for t in threads:
    t.join()
EOF
writers=$!
for _ in $(seq 1 600); do
    [ "$(wc -l <acked.txt 2>/dev/null || echo 0)" -ge 1000 ] && break
    sleep 0.1
done
acked=$(wc -l <acked.txt)
[ "$acked" -ge 1000 ] || fail "only $acked writes were acknowledged in a minute: $(head -c 500 writers.log)"
kill -KILL "$server_pid"
wait "$writers" || true
acked=$(wc -l <acked.txt)
echo "ok: $acked writes acknowledged through the API and the form, then SIGKILL mid-stream"
if grep -q unexpected writers.log; then fail "unexpected answers: $(grep unexpected writers.log | head -3)"; fi
if grep -q mismatch writers.log; then fail "a 201 showed another write: $(grep mismatch writers.log | head -3)"; fi
echo "ok: every 201 answered with what its own request wrote"

python3 - t.db acked.txt <<'EOF' || fail "acknowledged writes were lost"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
on_ledger = set()
for (e,) in db.execute("select entry from ledger where tbl = 'progress_update'"):
    on_ledger.add(json.loads(e)["state"]["narrative"])
acked = [l.split(" ", 1) for l in open(sys.argv[2]).read().splitlines()]
lost = [t for _, t in acked if t not in on_ledger]
assert not lost, f"{len(lost)} of {len(acked)} lost, e.g. {lost[:3]}"
rows = dict(db.execute("select a.ref, u.narrative from progress_update u "
                       "join action a on a.id = u.action_id"))
sent = {}
for ref, t in acked:
    sent.setdefault(ref, set()).add(t)
for ref, t in rows.items():
    assert t.startswith("crash-w"), (ref, t)
print(f"ok: every one of {len(acked)} acknowledged writes is on the ledger")
EOF
"$DIALTURN" verify t.db >/dev/null || fail "verify fails after the crash: $("$DIALTURN" verify t.db 2>&1)"
echo "ok: verify passes after the crash"
start_server --port "$port" t.db
expect_eq "the restarted server answers" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$base/plan")"
echo "test_crash: all passed"
