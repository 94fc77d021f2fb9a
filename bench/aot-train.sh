#!/usr/bin/env bash
# Train JDK 25's AOT cache for the packaged jar under the benchmark's load: extract the jar,
# start it with -XX:AOTCacheOutput against a PostgreSQL database, serve the read workloads
# and W5 update in turn for a while, then stop it; the JVM writes the cache as it exits
# (classes loaded and linked, and the method profiles of that load: JEPs 483, 514, 515).
# Every start after that: java FLAGS -XX:AOTCache=DEST/app.aot $PROD_OPTS -jar DEST/<the jar>,
# where PROD_OPTS lift JDK 25's hold on methods the training saw but did not compile with C2
# (bench/run.sh, docs/deploying.md).
#
# Usage: bench/aot-train.sh --db postgres://USER[:PASSWORD]@HOST:PORT/DATABASE [options]
#   --db URL        a database for the training: it is migrated (Liquibase) and, unless it
#                   already holds users, seeded with bench/seed.sql; W5 update rewrites
#                   profiles, so never a database whose data matters
#   --jar JAR       the jar (default: target/userprofiles-*.jar)
#   --dest DIR      where the extracted jar and app.aot go (default: app)
#   --seconds S     seconds of load (default 120), in bursts of BURST seconds (default 6)
#                   of each workload in turn, every response checked
# Env: JAVA (java; 25 or newer), JAVA_OPTS (the README's: -Xmx512m -Xms64m -XX:+UseG1GC
#      -XX:+UseCompactObjectHeaders): the same flags as the starts that use the cache (a
#      cache written with other heap or header settings is refused at start, with a
#      warning); TOKENS (a token file from MintTokens.java, else minted for 10,000 users
#      with APP_JWT_SECRET, else a benchmark-only secret); BURST; PORT (18090)
# Needs: curl, wrk, psql. Exit: 0 the cache is written; 1 bad responses; 2 a step failed.
set -euo pipefail
usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 64
}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
DB= JAR= DEST=app SECS=120
while [ $# -gt 0 ]; do
  case $1 in
    --db) DB=${2:?}; shift 2 ;;
    --jar) JAR=${2:?}; shift 2 ;;
    --dest) DEST=${2:?}; shift 2 ;;
    --seconds) SECS=${2:?}; shift 2 ;;
    -h | --help) usage ;;
    *) echo "aot-train.sh: unknown option $1" >&2; usage ;;
  esac
done
[ -n "$DB" ] || usage
die() { echo "aot-train.sh: $*" >&2; exit 2; }
JAVA=${JAVA:-java}
read -r -a OPTS <<<"${JAVA_OPTS:--Xmx512m -Xms64m -XX:+UseG1GC -XX:+UseCompactObjectHeaders}"
major=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
[ "${major:-0}" -ge 25 ] || die "$JAVA is Java ${major:-?}; the AOT cache with method profiles needs 25 or newer"
[ -n "$JAR" ] || JAR=$(ls "$ROOT"/target/userprofiles-*.jar 2>/dev/null | grep -v '\.original$' | head -1 || true)
[ -f "$JAR" ] || die "no jar (package it first, or give --jar)"
[[ $DB =~ ^postgres(ql)?://([^:@/]+)(:([^@/]*))?@([^/]+)/(.+)$ ]] || die "--db: postgres://USER[:PASSWORD]@HOST:PORT/DATABASE"
DB_ENV=(SPRING_DATASOURCE_URL="jdbc:postgresql://${BASH_REMATCH[5]}/${BASH_REMATCH[6]}"
  SPRING_DATASOURCE_USERNAME="${BASH_REMATCH[2]}" ${BASH_REMATCH[4]:+SPRING_DATASOURCE_PASSWORD="${BASH_REMATCH[4]}"})
export APP_JWT_SECRET=${APP_JWT_SECRET:-benchmark-only-secret-never-use-it-anywhere-else}
PORT=${PORT:-18090}
PROD_OPTS="-XX:Tier3DelayOff=100000 -XX:+UnlockDiagnosticVMOptions -XX:Tier0ProfileDelayFactor=1 -XX:Tier2ProfileDelayFactor=1"
URL=http://127.0.0.1:$PORT/graphql

mkdir -p "$DEST"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --force --destination "$DEST" >/dev/null || die "could not extract $JAR"
APP_JAR=$DEST/$(basename "$JAR")
CACHE=$DEST/app.aot
rm -f "$CACHE"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/aot-train.XXXXXX")
PID=
cleanup() {
  [ -z "$PID" ] || { kill "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; } || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "aot-train.sh: $JAVA ${OPTS[*]} -XX:AOTCacheOutput=$CACHE -jar $APP_JAR" >&2
env "${DB_ENV[@]}" SERVER_ADDRESS=127.0.0.1 SERVER_PORT=$PORT "$JAVA" "${OPTS[@]}" -XX:AOTCacheOutput="$CACHE" -jar "$APP_JAR" >"$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1200); do
  curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"query":"{__typename}"}' "$URL" && break
  kill -0 "$PID" 2>/dev/null || { tail -30 "$WORK/server.log" >&2; die "the server stopped"; }
  sleep 0.1
done

users=$(psql "$DB" -Atc 'select count(*) from site_user') || die "psql could not read $DB"
if [ "$users" -lt 10000 ]; then
  echo "aot-train.sh: seeding 100,000 users (bench/seed.sql)" >&2
  psql "$DB" -q -v users=100000 -f "$HERE/seed.sql" >/dev/null || die "seeding failed"
  users=100000
fi
if [ -z "${TOKENS:-}" ]; then
  TOKENS=$WORK/tokens.txt
  java "$HERE/MintTokens.java" 10000 >"$TOKENS" || die "could not mint tokens"
fi
export TOKENS

# Each workload in short bursts, in turn, so that every path is hot when the run stops,
# the way a server serves them at once; W5 delete is left out (it uses up the users).
status=0 t0=$SECONDS
BURST=${BURST:-6}
while [ $((SECONDS - t0)) -lt "$SECS" ]; do
  for w in w1_list w2_point w3_reverse w4_filter w5_update; do
    id_max=$users
    [ "$w" != w5_update ] || id_max=$(wc -l <"$TOKENS" | awk -v u="$users" '{ print $1 < u ? $1 : u }')
    WARMUP=0 WRK_CHECK=1 WRK_TIMEOUT=30s ID_MAX=$id_max "$HERE/load.sh" "$URL" "$w" 16 "$BURST" >>"$WORK/load.txt" ||
      { status=1; echo "aot-train.sh: bad responses on $w" >&2; }
  done
done
awk '{ split($3, r, "="); n[$1]++; s[$1] += r[2] }
  END { for (w in n) printf "  %s: %.0f req/s over %d bursts\n", w, s[w] / n[w], n[w] }' "$WORK/load.txt" >&2

# SIGTERM: Spring closes the context, the JVM exits and writes the cache on its way out
# (JEP 514 starts a second JVM for that, which takes a while and about as much memory).
kill -TERM "$PID"
wait "$PID" || true
PID=
[ -s "$CACHE" ] || { tail -30 "$WORK/server.log" >&2; die "no cache written"; }
echo "aot-train.sh: wrote $CACHE ($(du -m "$CACHE" | cut -f1) MB) after $SECS s of load; start with" >&2
echo "  $JAVA ${OPTS[*]} -XX:AOTCache=$CACHE $PROD_OPTS -jar $APP_JAR" >&2
exit $status
