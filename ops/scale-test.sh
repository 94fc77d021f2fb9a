#!/usr/bin/env bash
# Scale test: two instances of the packaged server behind Debian's PgBouncer (1.18 or newer) in
# transaction mode, a streaming replica made with pg_basebackup -R, and the listening connection
# direct to the primary, under a mixed load (ops/scale-load.mjs) in which every answer's data is
# checked. It prints each figure it checks and proves that:
#   - statement_timeout is in force on every server connection PgBouncer opens for the app's role
#     (ALTER ROLE ... IN DATABASE ... SET statement_timeout);
#   - anonymous reads reach the replica, and signed-in reads the primary (statements counted on
#     each by pg_stat_statements);
#   - a signed-in user reads their own write at once (write on one instance, `me` on the other;
#     the replica applies commits 0.5 s late, so a read sent there would see the old value);
#   - profileChanged reaches subscribers on both instances whichever instance made the change;
#   - stopping the replica under the load moves reads to the primary with no failed request;
#   - with the primary stopped, `me` with a token and multi-field queries answer
#     SERVICE_UNAVAILABLE (never INTERNAL_SERVER_ERROR) within a bounded time, and service
#     resumes once PostgreSQL is back, with no acknowledged write lost.
#
#   ops/scale-test.sh                  the jar in target/ (built without tests when missing)
#   ops/scale-test.sh --jar PATH       another jar
#   ops/scale-test.sh --keep           keep the temporary directory (logs, configuration)
#   ops/scale-test.sh --replica-direct the servers reach the replica directly, not through PgBouncer
#
# Needs Debian's postgresql-15 and pgbouncer packages (PG_BIN and PGBOUNCER name others), java,
# node 20+ with e2e/node_modules (cd e2e && npm ci), psql and curl. As root, PostgreSQL and
# PgBouncer run as the postgres user (runuser); otherwise as the caller. Everything lives in one
# temporary directory (under TMPDIR) and listens on 127.0.0.1 only: PostgreSQL and PgBouncer on
# ports 25500-25502, the servers on 18100-18101. Every process it starts is stopped by its pid
# when it ends. About three minutes. Exit status 1 when a check fails, 2 when it cannot run.
set -euo pipefail
cd "$(dirname "$0")/.."

jar=""
keep=false
replica_via=pgbouncer
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$2"; shift ;;
    --keep) keep=true ;;
    --replica-direct) replica_via=direct ;;
    -h|--help) sed -n '2,/^set -euo pipefail/{/^set/!p}' "$0"; exit 0 ;;
    *) echo "scale-test: unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PGBOUNCER=${PGBOUNCER:-/usr/sbin/pgbouncer}
primary_port=25500
replica_port=25501
bouncer_port=25502
a_port=18100
b_port=18101
a="http://127.0.0.1:$a_port"
b="http://127.0.0.1:$b_port"
app_password="scale-test-app-password"
jwt_secret="scale-test-only-secret-0123456789abcdef0123456789abcdef"
# Commits reach the replica's readers this late, under the servers' default limit of 1 s: a
# read that should have gone to the primary and went to the replica sees the old value.
apply_delay=500ms
# The longest a request may take while PostgreSQL is away.
outage_bound_ms=8000

for tool in "$PG_BIN/initdb" "$PG_BIN/pg_ctl" "$PG_BIN/pg_basebackup" "$PGBOUNCER"; do
  [ -x "$tool" ] || { echo "scale-test: $tool is missing (apt-get install -y postgresql-15 pgbouncer)" >&2; exit 2; }
done
for tool in java node psql curl; do
  command -v "$tool" >/dev/null || { echo "scale-test: $tool is missing" >&2; exit 2; }
done
[ -d e2e/node_modules/graphql-ws ] || { echo "scale-test: e2e/node_modules is missing: cd e2e && npm ci" >&2; exit 2; }
if [ -z "$jar" ]; then
  jar=target/userprofiles-0.1.0-SNAPSHOT.jar
  [ -f "$jar" ] || ./mvnw -q -B -DskipTests package
fi
[ -f "$jar" ] || { echo "scale-test: no jar at $jar" >&2; exit 2; }

# PostgreSQL and PgBouncer refuse to run as root.
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/scale-test.XXXXXX")
[ "$(id -u)" = 0 ] && chown postgres: "$work"
as_pg test -w "$work" || { echo "scale-test: $work is not writable by the postgres user" >&2; rm -rf "$work"; exit 2; }
servers=()
cleanup() {
  status=$?
  for pid in "${servers[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${servers[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -f "$work/pgbouncer.pid" ]; then
    pid=$(cat "$work/pgbouncer.pid")
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  for dir in primary replica; do
    if [ -f "$work/$dir/postmaster.pid" ]; then
      as_pg "$PG_BIN/pg_ctl" stop -D "$work/$dir" -m immediate -w >/dev/null 2>&1 || true
    fi
  done
  if [ "$status" != 0 ]; then
    for log in a.log b.log pgbouncer.log primary.log replica.log; do
      [ -f "$work/$log" ] || continue
      echo "--- last lines of $log" >&2
      tail -25 "$work/$log" >&2
    done
  fi
  if $keep; then
    echo "scale-test: kept $work" >&2
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

failures=0
check() { # check <what> <figure> <ok: true|false>
  if [ "$3" = true ]; then
    printf '  ok    %s: %s\n' "$1" "$2"
  else
    printf '  FAIL  %s: %s\n' "$1" "$2"
    failures=$((failures + 1))
  fi
}
now_ms() { date +%s%3N; }
psql_admin() { # psql_admin <port> <sql>: as the superuser, over the socket in $work
  psql -X -q -At -h "$work" -p "$1" -U postgres -d app -c "$2"
}
psql_app_bouncer() { # psql_app_bouncer <database> <sql>: as the app's role, through PgBouncer
  PGPASSWORD=$app_password psql -X -q -At "host=127.0.0.1 port=$bouncer_port dbname=$1 user=app" -c "$2"
}
statements() { # statements <port>: statements run on the app's tables there, as pg_stat_statements counts
  # them at once (a backend's table statistics reach pg_stat_user_tables up to 10 s late). The
  # lag checks, pool validations and SETs touch no table, so they are not counted.
  psql -X -q -At -h "$work" -p "$1" -U postgres -d postgres -c "SELECT coalesce(sum(s.calls), 0)
    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
    WHERE d.datname = 'app' AND s.query ~ '(site_user|profile)'"
}
load() { # load <command> [options]: the Node side, against both instances; it prints its checks
  node ops/scale-load.mjs "$@" --a "$a" --b "$b" --state "$work/state.json"
}

replica_metrics() { # what each server says of the replica: serving, lag, reads sent to the primary instead
  for base in "$a" "$b"; do
    printf '   %s: %s\n' "$base" "$(curl -fs "$base/actuator/prometheus" | grep '^app_database_replica' \
      | sed -e 's/{application="userprofiles",*/{/' -e 's/{}//' | tr '\n' ' ')"
  done
}

for port in $primary_port $replica_port $bouncer_port $a_port $b_port; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "scale-test: port $port is in use" >&2
    exit 2
  fi
done

echo "== PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'): a primary on $primary_port and a streaming replica on $replica_port"
as_pg "$PG_BIN/initdb" -D "$work/primary" -U postgres -E UTF8 --locale=C.UTF-8 \
  --auth-local=trust --auth-host=scram-sha-256 >"$work/initdb.log"
cat >>"$work/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $primary_port
unix_socket_directories = '$work'
max_connections = 60
shared_preload_libraries = 'pg_stat_statements'
EOF
as_pg "$PG_BIN/pg_ctl" start -D "$work/primary" -l "$work/primary.log" -w >/dev/null
psql -X -q -h "$work" -p "$primary_port" -U postgres -d postgres \
  -c "CREATE ROLE app LOGIN PASSWORD '$app_password'" -c "CREATE DATABASE app OWNER app" \
  -c "ALTER ROLE app IN DATABASE app SET statement_timeout = '5s'" -c "CREATE EXTENSION pg_stat_statements"
as_pg "$PG_BIN/pg_basebackup" -h "$work" -p "$primary_port" -U postgres -D "$work/replica" -R -X stream -c fast
cat >>"$work/replica/postgresql.conf" <<EOF
port = $replica_port
recovery_min_apply_delay = '$apply_delay'
EOF
as_pg "$PG_BIN/pg_ctl" start -D "$work/replica" -l "$work/replica.log" -w >/dev/null
for _ in $(seq 1 100); do
  [ "$(psql_admin "$primary_port" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")" = 1 ] && break
  sleep 0.1
done
check "replica streaming from the primary" \
  "$(psql_admin "$primary_port" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") standby, in recovery: $(psql_admin "$replica_port" "SELECT pg_is_in_recovery()")" \
  "$([ "$(psql_admin "$replica_port" "SELECT pg_is_in_recovery()")" = t ] && echo true || echo false)"

echo "== PgBouncer $("$PGBOUNCER" --version | awk 'NR==1 {print $2}') on $bouncer_port, transaction mode"
# The SCRAM secret, not the password: PgBouncer checks the client's proof with it and logs in
# to PostgreSQL with the client's key.
secret=$(psql_admin "$primary_port" "SELECT rolpassword FROM pg_authid WHERE rolname = 'app'")
printf '"app" "%s"\n' "$secret" >"$work/userlist.txt"
[ "$(id -u)" = 0 ] && chown postgres: "$work/userlist.txt"
chmod 600 "$work/userlist.txt"
cat >"$work/pgbouncer.ini" <<EOF
[databases]
app = host=127.0.0.1 port=$primary_port dbname=app
app_replica = host=127.0.0.1 port=$replica_port dbname=app

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bouncer_port
unix_socket_dir = $work
logfile = $work/pgbouncer.log
pidfile = $work/pgbouncer.pid
auth_type = scram-sha-256
auth_file = $work/userlist.txt
pool_mode = transaction
ignore_startup_parameters = extra_float_digits
max_client_conn = 100
default_pool_size = 10
query_wait_timeout = 5
server_connect_timeout = 3
server_login_retry = 1
EOF
as_pg "$PGBOUNCER" -d "$work/pgbouncer.ini"
for _ in $(seq 1 50); do [ -f "$work/pgbouncer.pid" ] && break; sleep 0.1; done

# Before the servers run: each of their pooled connections runs SET statement_timeout once, on
# whichever server connection PgBouncer lends it, and that setting stays there for the next
# client, so afterwards this check passed even without the role's setting. Three sessions at
# once take three server connections, each opened by PgBouncer for the app's role.
started=$(now_ms)
timeouts=$(for _ in 1 2 3; do
  psql_app_bouncer app "SHOW statement_timeout; SELECT pg_sleep(6)" 2>&1 &
done; wait)
took=$(($(now_ms) - started))
shown=$(grep -c '^5s$' <<<"$timeouts" || true)
cancelled=$(grep -c 'canceling statement due to statement timeout' <<<"$timeouts" || true)
check "statement_timeout through PgBouncer, 3 server connections" \
  "SHOW gave 5s on $shown of 3, pg_sleep(6) cancelled on $cancelled of 3, in ${took} ms" \
  "$([ "$shown" = 3 ] && [ "$cancelled" = 3 ] && echo true || echo false)"

echo "== two servers: $a and $b ($(basename "$jar"))"
if [ "$replica_via" = pgbouncer ]; then
  replica_url="jdbc:postgresql://127.0.0.1:$bouncer_port/app_replica?prepareThreshold=0"
else
  replica_url="jdbc:postgresql://127.0.0.1:$replica_port/app"
fi
echo "   pool: PgBouncer database app; listening: the primary directly; replica: $replica_via"
# One after the other: Liquibase 4.33 creates its databasechangelog table before it takes its
# lock, and two instances starting at once on an empty database once made one of them exit
# with "relation databasechangelog already exists".
for port in $a_port $b_port; do
  name=$([ "$port" = $a_port ] && echo a || echo b)
  base="http://127.0.0.1:$port"
  SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$bouncer_port/app?prepareThreshold=0" \
    SPRING_DATASOURCE_USERNAME=app SPRING_DATASOURCE_PASSWORD="$app_password" \
    APP_DATABASE_LISTEN_URL="jdbc:postgresql://127.0.0.1:$primary_port/app" \
    APP_DATABASE_REPLICA_URL="$replica_url" \
    APP_JWT_SECRET="$jwt_secret" SERVER_PORT="$port" \
    java -Xmx512m -Xms64m -XX:+UseG1GC -jar "$jar" >"$work/$name.log" 2>&1 &
  servers+=($!)
  for _ in $(seq 1 240); do
    curl -fs "$base/actuator/health/readiness" >/dev/null 2>&1 && break
    kill -0 "${servers[-1]}" 2>/dev/null || { echo "scale-test: server $name exited" >&2; exit 1; }
    sleep 0.5
  done
  curl -fs "$base/actuator/health/readiness" >/dev/null || { echo "scale-test: $base never got ready" >&2; exit 1; }
done
echo "   both ready"

echo "== seed, then a mixed load on both instances with the replica up"
load seed --users 24 || exit 1
sleep 1 # the seed is on the replica by now (it applies commits $apply_delay late)
replica_before=$(statements $replica_port)
load load --seconds 20 --out "$work/load1.json" || failures=$((failures + 1))
anonymous=$(node -p "require('$work/load1.json').anonymousReads")
counted=$(($(statements $replica_port) - replica_before))
replica_metrics
# Each anonymous read runs one statement or more; some may go to the primary while the
# replica's lag is checked above the limit.
check "anonymous reads reach the replica under the mixed load" \
  "$anonymous anonymous reads, $counted statements on the replica (at least $((anonymous * 9 / 10)) needed)" \
  "$([ "$anonymous" -gt 0 ] && [ "$counted" -ge $((anonymous * 9 / 10)) ] && echo true || echo false)"

for mix in anonymous signed-in; do
  replica_before=$(statements $replica_port)
  primary_before=$(statements $primary_port)
  load load --mix $mix --seconds 5 --out "$work/$mix.json" || failures=$((failures + 1))
  reads=$(node -p "const c = require('$work/$mix.json'); c.anonymousReads + c.signedInReads")
  on_replica=$(($(statements $replica_port) - replica_before))
  on_primary=$(($(statements $primary_port) - primary_before))
  if [ $mix = anonymous ]; then
    check "every anonymous read on the replica" \
      "$reads reads, $on_replica statements on the replica, $on_primary on the primary" \
      "$([ "$reads" -gt 0 ] && [ "$on_replica" -ge "$reads" ] && [ "$on_primary" = 0 ] && echo true || echo false)"
  else
    check "every signed-in read on the primary" \
      "$reads reads, $on_primary statements on the primary, $on_replica on the replica" \
      "$([ "$reads" -gt 0 ] && [ "$on_primary" -ge "$reads" ] && [ "$on_replica" = 0 ] && echo true || echo false)"
  fi
done

echo "== profileChanged on both instances"
load subscriptions || failures=$((failures + 1))

echo "== the replica stopped (pg_ctl stop -m fast) under the load"
primary_before=$(statements $primary_port)
load load --seconds 15 --out "$work/load2.json" &
load_pid=$!
sleep 5
stop_started=$(now_ms)
as_pg "$PG_BIN/pg_ctl" stop -D "$work/replica" -m fast -w >/dev/null
echo "   replica stopped in $(($(now_ms) - stop_started)) ms, 5 s into the load"
load_status=0
wait "$load_pid" || load_status=$?
replica_metrics
check "no failed request while the replica stopped" "load exit status $load_status" \
  "$([ "$load_status" = 0 ] && echo true || echo false)"
# A read sent to the replica as it stops waits in PgBouncer for a server connection, at most
# query_wait_timeout (5 s), before the server runs it again on the primary.
slowest=$(node -p "require('$work/load2.json').slowestMs")
check "no operation held up while the replica stopped" "slowest $slowest ms (bound $outage_bound_ms ms)" \
  "$([ "$slowest" -le "$outage_bound_ms" ] && echo true || echo false)"
anonymous_after=$(node -p "require('$work/load2.json').anonymousReadsAfter5s")
served=$(($(statements $primary_port) - primary_before))
check "anonymous reads after the stop served by the primary" \
  "$anonymous_after anonymous reads after 5 s, all right; $served statements on the primary in the phase" \
  "$([ "$anonymous_after" -gt 0 ] && [ "$served" -ge "$anonymous_after" ] && echo true || echo false)"

echo "== the primary stopped behind PgBouncer (the replica still down)"
as_pg "$PG_BIN/pg_ctl" stop -D "$work/primary" -m fast -w >/dev/null
load outage --seconds 12 --bound-ms "$outage_bound_ms" || failures=$((failures + 1))
as_pg "$PG_BIN/pg_ctl" start -D "$work/primary" -l "$work/primary.log" -w >/dev/null
load resume --timeout-ms 30000 || failures=$((failures + 1))

echo "== the replica back"
as_pg "$PG_BIN/pg_ctl" start -D "$work/replica" -l "$work/replica.log" -w >/dev/null
back_started=$(now_ms)
for base in "$a" "$b"; do
  for _ in $(seq 1 120); do
    metrics=$(curl -fs "$base/actuator/prometheus" || true)
    grep -q '^app_database_replica_serving{.*} 1' <<<"$metrics" && break
    sleep 0.25
  done
done
echo "   both servers use it again $(($(now_ms) - back_started)) ms after it started"
replica_before=$(statements $replica_port)
load load --mix anonymous --seconds 5 --out "$work/load3.json" || failures=$((failures + 1))
reads=$(node -p "require('$work/load3.json').anonymousReads")
counted=$(($(statements $replica_port) - replica_before))
check "anonymous reads reach the replica again" "$reads reads, $counted statements on the replica" \
  "$([ "$reads" -gt 0 ] && [ "$counted" -ge "$reads" ] && echo true || echo false)"

echo "== every acknowledged write is in the database"
load verify || failures=$((failures + 1))
internal=$(cat "$work/a.log" "$work/b.log" | grep -c 'INTERNAL_SERVER_ERROR\|INTERNAL_ERROR' || true)
check "no INTERNAL_SERVER_ERROR in the servers' logs" "$internal lines" \
  "$([ "$internal" = 0 ] && echo true || echo false)"

if [ "$failures" -gt 0 ]; then
  echo "scale-test: $failures check(s) failed"
  exit 1
fi
echo "scale-test: every check passed in $((SECONDS)) s"
