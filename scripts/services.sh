#!/usr/bin/env bash
# Install and start what the tests need on a fresh Debian machine: a throwaway
# PostgreSQL cluster on 127.0.0.1:54329, Debian's Chromium for the browser tests and
# belenios-tool, the independent verifier of encrypted ballots (tests/integration/test_belenios_interop.py).
# Usage: scripts/services.sh start | stop     (prints the PostgreSQL URL on start)
set -euo pipefail
PGPORT=${COUNCILS_PG_PORT:-54329}
PGROOT=${COUNCILS_PG_ROOT:-/tmp/councils-pg}

need() { command -v "$1" >/dev/null 2>&1; }
apt_install() {
  if need apt-get; then
    export DEBIAN_FRONTEND=noninteractive
    (apt-get install -y --no-install-recommends "$@" >/dev/null 2>&1) ||
      (apt-get update >/dev/null 2>&1 && apt-get install -y --no-install-recommends "$@" >/dev/null)
  fi
}

start() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
  [ -x /usr/bin/chromium ] || apt_install chromium
  need belenios-tool || apt_install belenios-tool
  ldconfig -p 2>/dev/null | grep -q 'libsodium\.so\.23' || apt_install libsodium23  # Ristretto255 (councils.ballot)
  ldconfig -p 2>/dev/null | grep -q 'libdecaf\.so\.0' || apt_install libdecaf0  # Ristretto255's verifier (councils.ballot)
  ldconfig -p 2>/dev/null | grep -q 'libpangoft2-1\.0\.so' || apt_install libpangoft2-1.0-0  # WeasyPrint: minutes as PDF
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [ -f "$PGROOT/data/postmaster.pid" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$PGROOT/data" status >/dev/null 2>&1; then
    echo "postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"; return
  fi
  rm -rf "$PGROOT"; mkdir -p "$PGROOT/data" "$PGROOT/run"
  chown -R postgres:postgres "$PGROOT"; chmod 700 "$PGROOT/data"
  (cd / && runuser -u postgres -- "$bin/initdb" -D "$PGROOT/data" -A trust -U postgres >/dev/null)
  (cd / && runuser -u postgres -- "$bin/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w \
      -o "-h 127.0.0.1 -p $PGPORT -k $PGROOT/run -c fsync=on -c max_connections=200" start >/dev/null)
  echo "postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
}

stop() {
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1) || return 0
  [ -d "$PGROOT/data" ] && (cd / && runuser -u postgres -- "$bin/pg_ctl" -D "$PGROOT/data" -m fast stop >/dev/null 2>&1) || true
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
