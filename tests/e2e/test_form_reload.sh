#!/usr/bin/env bash
# Every form's address answers GET: after a refused form the browser's bar
# holds the POST's path, and reloading or bookmarking it must not be a 405.
# For every form's POST route the server declares (`dialturn serve
# --route-fields`; the API's JSON POSTs are for programs, not address bars),
# a GET of its path (the captures filled with the demo's values) as the
# programme office either answers a page of its own, or, where the route
# names a "reload" page, is sent (303) to that page with the same captures,
# and that page answers.  The server also refuses to start with a form's POST
# that nothing answers by GET (route_check), so this walks what it checked.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

"$DIALTURN" demo --db d.db --create-only >/dev/null
start_demo d.db
"$DIALTURN" serve --route-fields > routes.json
sign_in pmo.jar pmo dialturn-demo
python3 - "$base" routes.json <<'PY'
import json, subprocess, sys
base, routes = sys.argv[1], json.load(open(sys.argv[2]))
EXAMPLES = {"ref": "A1", "id": "1", "month": "2016-03", "n": "1", "kind": "actions",
            "username": "viewer", "part": "details", "event": "E1", "fb": "F1",
            "key": "summary"}
def fill(p):
    for k, v in EXAMPLES.items():
        p = p.replace("{" + k + "}", v)
    return p
def get(path):
    out = subprocess.run(["curl", "-sS", "-b", "pmo.jar", "-o", "/dev/null", "-w",
                          "%{http_code} %{redirect_url}", base + path],
                         capture_output=True, text=True, check=True).stdout
    code, _, loc = out.partition(" ")
    return int(code), loc
failed = 0
n = 0
for r in routes:
    if r["method"] != "POST" or r["json"]:
        continue
    n += 1
    path = fill(r["pattern"])
    code, loc = get(path)
    if code == 405:
        print(f"FAIL: GET {path} (the address of POST {r['pattern']}) answers 405")
        failed += 1
        continue
    shown = f"{code} {loc.replace(base, '')}".strip()
    if "reload" in r:
        want = base + fill(r["reload"])
        if code != 303 or loc != want:
            print(f"FAIL: GET {path}: expected 303 to {want}, got {code} {loc}")
            failed += 1
            continue
        code, loc = get(fill(r["reload"]))
        if code >= 500 or code == 405:
            print(f"FAIL: its reload page {r['reload']} answers {code}")
            failed += 1
            continue
    print(f"ok: GET {path} answers {shown}")
if n < 30:
    print(f"FAIL: only {n} form POST routes: is --route-fields complete?")
    failed += 1
sys.exit(1 if failed else 0)
PY
