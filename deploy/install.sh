#!/bin/sh
# deploy/install.sh BINARY DESTDIR PREFIX — what `make install` installs: the
# binary, the man page, the systemd units (service, backup and publish timers),
# the system user, and the nginx site with its default map.  Files under
# /etc that exist already (an operator's edited site file or generated map)
# are left alone.  Writes under DESTDIR (empty for the real system).
set -eu
bin=$1 dest=$2 prefix=$3
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
unitdir=$dest$prefix/lib/systemd/system
install -D -m 0755 "$bin" "$dest$prefix/bin/dialturn"
install -D -m 0644 "$root/doc/dialturn.1" "$dest$prefix/share/man/man1/dialturn.1"
install -d "$unitdir"
for u in dialturn.service dialturn-backup.service dialturn-publish.service; do
    sed "s#@BINDIR@#$prefix/bin#g" "$here/$u.in" >"$unitdir/$u"
    chmod 0644 "$unitdir/$u"
done
install -m 0644 "$here/dialturn-backup.timer" "$here/dialturn-publish.timer" "$unitdir/"
install -D -m 0644 "$here/dialturn.sysusers" "$dest$prefix/lib/sysusers.d/dialturn.conf"
keep() { # SRC DST: installs SRC at DST unless DST exists
    if [ -e "$2" ]; then echo "kept $2 (exists)"; else install -D -m 0644 "$1" "$2"; fi
}
keep "$here/nginx-dialturn.conf" "$dest/etc/nginx/sites-available/dialturn"
keep "$here/nginx-map.conf" "$dest/etc/dialturn/nginx-map.conf"
if [ -z "$dest" ]; then
    echo "installed; next, as root:"
    echo "  systemd-sysusers && systemctl daemon-reload"
    echo "  systemctl enable --now dialturn dialturn-backup.timer dialturn-publish.timer"
    echo "  (set server_name and the certificate in /etc/nginx/sites-available/dialturn,"
    echo "   link it into /etc/nginx/sites-enabled and reload nginx: README, Operations)"
fi
