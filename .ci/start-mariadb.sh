#!/usr/bin/env bash
# Makes sure a MariaDB server answers on 127.0.0.1:3306 with database `test`, where root logs in
# over TCP with an empty password: the server the storage-jdbc tests use through
#   APIKEYS_TEST_MARIADB_URL=jdbc:mariadb://127.0.0.1:3306/test?user=root
# Starts Debian's mariadbd when nothing answers (installing mariadb-server if it is missing) and
# waits for it, at most 60 s. Idempotent: on a machine where all is ready it changes nothing.
# Prints one line saying what it did; exits 0 when MariaDB is up and ready, 1 otherwise.
set -euo pipefail

readonly HOST=127.0.0.1 PORT=3306 WAIT_SECONDS=60
readonly LOG=${TMPDIR:-/tmp}/start-mariadb.log
did=()

say() { echo "start-mariadb: $*"; }
fail() { say "FAILED: $* (details in $LOG)"; exit 1; }
answering() { (exec 3<>"/dev/tcp/$HOST/$PORT") 2>/dev/null; }
# As the operating system's root, over the socket: unix_socket authentication, whatever root's password.
as_admin() { mariadb --protocol=socket -uroot --batch --skip-column-names "$@"; }
tcp_login_works() { mariadb --protocol=tcp -h"$HOST" -P"$PORT" -uroot --password= -e 'SELECT 1' test >/dev/null 2>&1; }

: >"$LOG"
start=$SECONDS

if ! answering; then
  if [[ ! -x /usr/sbin/mariadbd ]]; then
    { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q mariadb-server; } >>"$LOG" 2>&1 \
      || fail "apt-get could not install mariadb-server"
    did+=("installed mariadb-server")
  fi
  # The package's own scripts may have started the server already.
  if ! answering; then
    install -d -o mysql -g mysql -m 0755 /run/mysqld
    if [[ ! -d /var/lib/mysql/mysql ]]; then
      TMPDIR=/tmp mariadb-install-db --user=mysql --datadir=/var/lib/mysql >>"$LOG" 2>&1 || fail "mariadb-install-db failed"
      did+=("initialised /var/lib/mysql")
    fi
    # TMPDIR=/tmp: the server runs as mysql and must not inherit a temporary folder it cannot write.
    TMPDIR=/tmp start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql >>"$LOG" 2>&1 \
      || fail "start-stop-daemon could not start mariadbd"
    did+=("started mariadbd")
  fi
  until answering && mariadb-admin --protocol=socket -uroot ping >/dev/null 2>&1; do
    (( SECONDS - start < WAIT_SECONDS )) || fail "MariaDB did not accept connections within ${WAIT_SECONDS} s"
    sleep 0.5
  done
fi

# Logging in over TCP to database test is the whole requirement: when it works, there is nothing to fix.
if ! tcp_login_works; then
  if [[ -z "$(as_admin -e "SHOW DATABASES LIKE 'test'" 2>>"$LOG")" ]]; then
    as_admin -e 'CREATE DATABASE IF NOT EXISTS test CHARACTER SET utf8mb4' >>"$LOG" 2>&1 || fail "could not create database test"
    did+=("created database test")
  fi
  if ! tcp_login_works; then
    # Debian's root@localhost takes the socket only; give root an empty password over TCP too.
    as_admin >>"$LOG" 2>&1 <<'SQL' || fail "could not let root log in over TCP"
ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('');
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
    tcp_login_works || fail "root still cannot log in over TCP with an empty password to database test"
    did+=("let root log in over TCP with an empty password")
  fi
fi

version=$(mariadb --protocol=tcp -h"$HOST" -P"$PORT" -uroot --password= --batch --skip-column-names -e 'SELECT VERSION()' test)
if (( ${#did[@]} == 0 )); then
  say "MariaDB $version already up on $HOST:$PORT with database test; nothing to do"
else
  printf -v summary '%s, ' "${did[@]}"
  summary=${summary%, }
  say "$summary; MariaDB $version up on $HOST:$PORT with database test in $(( SECONDS - start )) s"
fi
