#!/usr/bin/env bash
# test_deploy.sh — `make install`'s kit (deploy/install.sh) into a scratch
# DESTDIR: every file where the README says, the units' ExecStart pointing
# at the installed binary, `systemd-analyze verify` clean on every unit, an
# operator's edited site file left alone on a second install, and the
# units sandboxed as the README promises.
set -euo pipefail
source "$ROOT/tests/e2e/lib.sh"

fail() {
    echo "FAIL: $*"
    exit 1
}
dest=$(pwd)/dest
"$ROOT/deploy/install.sh" "$DIALTURN" "$dest" /usr/local >install.out
for f in usr/local/bin/dialturn usr/local/share/man/man1/dialturn.1 \
    usr/local/lib/systemd/system/dialturn.service \
    usr/local/lib/systemd/system/dialturn-backup.service \
    usr/local/lib/systemd/system/dialturn-backup.timer \
    usr/local/lib/systemd/system/dialturn-publish.service \
    usr/local/lib/systemd/system/dialturn-publish.timer \
    usr/local/lib/sysusers.d/dialturn.conf \
    etc/nginx/sites-available/dialturn etc/dialturn/nginx-map.conf; do
    [ -f "$dest/$f" ] || fail "make install did not install /$f"
done
echo "ok: every file of the kit is installed"
[ -x "$dest/usr/local/bin/dialturn" ] || fail "the binary is not executable"
units=$dest/usr/local/lib/systemd/system
expect_grep "the service runs the installed binary behind the proxy" \
    '^ExecStart=/usr/local/bin/dialturn serve /var/lib/dialturn/orgs --listen 127\.0\.0\.1:8080 --trust-proxy 127\.0\.0\.1' \
    "$units/dialturn.service"
if grep -q '@BINDIR@' "$units"/*; then fail "a unit still says @BINDIR@"; fi
for want in 'User=dialturn' 'NoNewPrivileges=yes' 'ProtectSystem=strict' 'StateDirectory=dialturn' \
    'PrivateTmp=yes' 'CapabilityBoundingSet=$'; do
    expect_grep "dialturn.service: $want" "^$want" "$units/dialturn.service"
done
expect_grep "backups run daily" '^OnCalendar=daily' "$units/dialturn-backup.timer"
expect_grep "backups keep 14" 'backup /var/lib/dialturn/orgs --dir /var/lib/dialturn/backups --keep 14' \
    "$units/dialturn-backup.service"

# systemd checks the units, each pointing at the binary where it really is here
if command -v systemd-analyze >/dev/null; then
    mkdir check
    for u in "$units"/*; do
        sed "s#/usr/local/bin/dialturn#$dest/usr/local/bin/dialturn#" "$u" >"check/$(basename "$u")"
    done
    systemd-analyze verify --man=no check/* 2>verify.err || fail "systemd-analyze verify: $(cat verify.err)"
    if grep -v 'Unit sysinit.target not found' verify.err | grep -q .; then
        fail "systemd-analyze verify warns: $(cat verify.err)"
    fi
    echo "ok: systemd-analyze verify passes on every unit"
else
    fail "systemd-analyze is missing (make deps-test installs systemd)"
fi

# the operator's edits survive a second install
echo "# edited" >>"$dest/etc/nginx/sites-available/dialturn"
"$ROOT/deploy/install.sh" "$DIALTURN" "$dest" /usr/local >install2.out
expect_grep "a second install keeps the edited site file" '# edited' "$dest/etc/nginx/sites-available/dialturn"
expect_grep "and says so" 'kept .*/etc/nginx/sites-available/dialturn' install2.out
"$dest/usr/local/bin/dialturn" --help >/dev/null || fail "the installed binary does not run"
echo "test_deploy: all passed"
