#!/usr/bin/env bash
# Slow clients cannot take the server from everyone else.  80 connections
# from 127.0.0.1 each send a request line and then one header line every half
# second, never finishing (slowloris).  With --max-per-address 10, only ten
# are kept, so /healthz still answers a client from 127.0.0.2, and a new
# connection from 127.0.0.1 is refused; with --request-timeout 3, every one
# of the ten is closed about 3 s after it opened, however steadily it
# trickles, and the address can connect again.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

cat >plan.json <<'EOF'
{"format": "dialturn-plan/1",
 "organisation": {"name": "Test Council", "slug": "test", "timezone": "Europe/London",
                  "rating_scale": "confidence3"},
 "people": [{"ref": "o1", "name": "Olive Owner", "role": "Director", "kind": "officer"}],
 "themes": [{"ref": "T1", "title": "Governance", "lead": "o1"}],
 "actions": [{"ref": "A1", "theme": "T1", "title": "Adopt the constitution", "owner": "o1",
              "start": "2015-03-01", "finish": "2015-09-30", "status": "in_progress"}]}
EOF
"$DIALTURN" import t.db plan.json >/dev/null
for bad in "--max-per-address lots" "--max-per-address 0" "--request-timeout 0" "--request-timeout -3"; do
    # shellcheck disable=SC2086
    if "$DIALTURN" serve t.db $bad 2>err.txt; then
        echo "FAIL: serve $bad was accepted"
        exit 1
    fi
    grep -q -- "${bad%% *} expects a whole number" err.txt ||
        { echo "FAIL: serve $bad: $(cat err.txt)"; exit 1; }
done
echo "ok: the limits must be whole numbers from 1"
"$DIALTURN" serve --help | grep -q -- '--max-per-address' ||
    { echo "FAIL: --help does not document --max-per-address"; exit 1; }
start_server t.db --max-per-address 10 --request-timeout 3

python3 - "$port" <<'EOF'
import socket, subprocess, sys, threading, time
port = int(sys.argv[1])
base = f"http://127.0.0.1:{port}"
start = time.monotonic()
socks = []
for _ in range(80):
    s = socket.socket()
    s.settimeout(5)
    s.connect(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    socks.append(s)
time.sleep(0.5)

def trickle():
    """Sends a header line on every connection still open; returns how many are."""
    alive = 0
    for i, s in enumerate(socks):
        if s is None:
            continue
        try:
            s.sendall(b"X-Slow-%d: y\r\n" % i)
            s.setblocking(False)
            try:
                if s.recv(1) == b"":
                    raise ConnectionError
            except BlockingIOError:
                pass
            finally:
                s.setblocking(True)
            alive += 1
        except OSError:
            s.close()
            socks[i] = None
    return alive

def curl(src):
    r = subprocess.run(["curl", "-sS", "-m", "2", "--interface", src, "-o", "/dev/null",
                        "-w", "%{http_code}", base + "/healthz"], capture_output=True, text=True)
    return r.stdout

held = trickle()
assert held == 10, f"{held} slow connections from one address were kept, not 10"
print("ok: only 10 connections from one address are kept")
code = curl("127.0.0.2")
assert code == "200", f"/healthz from 127.0.0.2 answered {code!r} under the slow clients"
print("ok: /healthz from another address answers 200")
code = curl("127.0.0.1")
assert code != "200", "an 11th connection from 127.0.0.1 was served"
print("ok: an eleventh connection from the same address is refused")
while time.monotonic() - start < 8:
    held = trickle()
    if held == 0:
        break
    time.sleep(0.5)
took = time.monotonic() - start
assert held == 0, f"{held} trickling connections still open after {took:.1f} s"
assert took >= 2.5, f"connections were closed after {took:.1f} s, before the deadline"
print(f"ok: trickling connections were closed at the deadline ({took:.1f} s)")
code = curl("127.0.0.1")
assert code == "200", f"127.0.0.1 was not served again once its slow connections closed: {code!r}"
print("ok: the address is served again")
EOF
grep -q 'no whole request in 3 s' serve.err || { echo "FAIL: the log does not say why"; exit 1; }
echo "ok: the log says why the connections were closed"
