#!/usr/bin/env bash
# Compare builds of the server on one workload, side by side: every jar runs at once against
# the same database, and they take turns serving short bursts, so that a machine whose speed
# drifts (these 2-core guests can halve their rate for minutes) slows every side alike. One
# server per run, run after run, could not tell a 10% change from that drift here.
#
# Usage: bench/ab.sh WORKLOAD ROUNDS SECONDS JAR JAR [JAR...]
#   WORKLOAD  a wrk script in bench/workloads (a name like w4_filter, or a path)
#   JAR       a jar, or a jar and the arguments to start it with, in one word
#             ("app.jar --some.property=value": the same jar with a setting changed),
#             after the JVM's options for that side if any ("-XX:+UseSerialGC app.jar":
#             they follow JAVA_OPTS, so leave out of JAVA_OPTS what they change)
#   Each jar starts on its own port (18081, 18082, ...) against SPRING_DATASOURCE_URL, is
#   warmed with WARM bursts of 15 s, then serves ROUNDS bursts of SECONDS, the order of
#   the jars reversed every other round (A B, B A, ...). One line per burst, then means.
#   Then all of it again with the jars started in the reverse order, and the means of both
#   (ORDERS=1: once, in the order given).
#
# Env: SPRING_DATASOURCE_URL (required; e.g. the database `bench/run.sh --keep` leaves, with
#        SPRING_DATASOURCE_USERNAME), APP_JWT_SECRET (required by the server; the kept one for
#        W5 update's TOKENS), TOKENS (for workloads that sign in, as in load.sh)
#      JAVA (java), JAVA_OPTS (the README's: -Xmx512m -Xms64m -XX:+UseG1GC)
#      CONNECTIONS (16), WARM (7: a JVM here compiles for about 75 s of load before its rate
#        settles; bench/RESULTS.md), PG_PID (the postmaster: adds PostgreSQL's CPU per burst)
# The jar started first served 1.6% to 4.3% more in each of this machine's three A/A and A/B
# runs (bench/RESULTS.md), from its place or from how each JVM compiled: one run cannot show
# a difference smaller than that, hence the second run in the other order.
# Prints e.g.: 3 [1] req/s=3070.17 p99=13.77ms cpu=102% pg=86% new.jar
#   cpu: the server's CPU over the burst, pg: all PostgreSQL processes' (100% = one core)
set -euo pipefail
usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 64
}
[ $# -ge 5 ] || usage
WL=$1 ROUNDS=$2 SECS=$3
shift 3
JARS=("$@")
: "${SPRING_DATASOURCE_URL:?set SPRING_DATASOURCE_URL to the database to read}"
: "${APP_JWT_SECRET:?set APP_JWT_SECRET (the server will not start without it)}"
HERE=$(cd "$(dirname "$0")" && pwd)

if [ "${ORDERS:-2}" != 1 ]; then
  runs=$(mktemp -d)
  ORDERS=1 "$0" "$WL" "$ROUNDS" "$SECS" "${JARS[@]}" | tee "$runs/1"
  reversed=()
  for ((i = ${#JARS[@]} - 1; i >= 0; i--)); do reversed+=("${JARS[$i]}"); done
  echo "== again, the jars started in the other order"
  ORDERS=1 "$0" "$WL" "$ROUNDS" "$SECS" "${reversed[@]}" | tee "$runs/2"
  # each run's means, one line per jar in its order: "JAR: req/s R, p99 P ms, ..."
  means() { sed -n '/^means over/,/^rounds where/p' "$1" | grep -F ': req/s ' | sed 's/.*: req\/s \([0-9.]*\), p99 \([0-9.]*\) ms.*/\1 \2/'; }
  mapfile -t first < <(means "$runs/1")
  mapfile -t second < <(means "$runs/2")
  n=${#JARS[@]}
  echo "means of both orders:"
  for i in "${!JARS[@]}"; do
    read -r r1 p1 <<<"${first[$i]}"
    read -r r2 p2 <<<"${second[$((n - 1 - i))]}"
    awk -v name="${JARS[$i]}" -v r1="$r1" -v r2="$r2" -v p1="$p1" -v p2="$p2" \
      'BEGIN { printf "%s: req/s %.2f (%.2f, %.2f), p99 %.2f ms\n", name, (r1 + r2) / 2, r1, r2, (p1 + p2) / 2 }'
  done
  rm -rf "$runs"
  exit 0
fi
JAVA=${JAVA:-java}
read -r -a OPTS <<<"${JAVA_OPTS:--Xmx512m -Xms64m -XX:+UseG1GC}"
CONNS=${CONNECTIONS:-16}
export SPRING_DATASOURCE_URL APP_JWT_SECRET

PIDS=() LOGS=
stop_all() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  # the servers' logs (a line per request) are kept only when something went wrong
  [ "$status" != 0 ] || [ -z "$LOGS" ] || rm -rf "$LOGS"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

url() { echo "http://127.0.0.1:$((18081 + $1))/graphql"; }
LOGS=$(mktemp -d)
for i in "${!JARS[@]}"; do
  read -r -a side <<<"${JARS[$i]}"
  jvm=()
  while [[ ${side[0]} == -* ]]; do jvm+=("${side[0]}") side=("${side[@]:1}"); done
  SERVER_ADDRESS=127.0.0.1 SERVER_PORT=$((18081 + i)) "$JAVA" "${OPTS[@]}" "${jvm[@]}" -jar "${side[@]}" \
    >"$LOGS/server-$i.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 300); do
    curl -sf -o /dev/null -H 'Content-Type: application/json' -d '{"query":"{__typename}"}' "$(url "$i")" && break
    kill -0 "${PIDS[$i]}" 2>/dev/null || { echo "ab.sh: ${JARS[$i]} stopped; its log:" >&2; cat "$LOGS/server-$i.log" >&2; exit 2; }
    sleep 0.2
  done
done
echo "servers: ${PIDS[*]} (their logs in $LOGS while this runs)"

pg_ticks() { # utime + stime of every PostgreSQL process, in clock ticks
  [ -n "${PG_PID:-}" ] || { echo 0; return; }
  local pids
  pids=$(ps -o pid= --ppid "$PG_PID" | tr '\n' ' ')
  # shellcheck disable=SC2086
  (cd /proc && cat "$PG_PID/stat" $(printf '%s/stat ' $pids) 2>/dev/null) | awk '{t += $14 + $15} END {print t + 0}'
}
HZ=$(getconf CLK_TCK)

for _ in $(seq "${WARM:-7}"); do
  for i in "${!JARS[@]}"; do
    WARMUP=0 WRK_CHECK=1 "$HERE/load.sh" "$(url "$i")" "$WL" "$CONNS" 15 >/dev/null \
      || { echo "ab.sh: bad responses from ${JARS[$i]} while warming" >&2; exit 1; }
  done
done

RESULTS=$LOGS/bursts.txt
for r in $(seq "$ROUNDS"); do
  order=("${!JARS[@]}")
  [ $((r % 2)) = 1 ] || mapfile -t order < <(printf '%s\n' "${!JARS[@]}" | tac)
  for i in "${order[@]}"; do
    before=$(pg_ticks)
    line=$(WARMUP=0 SERVER_PID=${PIDS[$i]} "$HERE/load.sh" "$(url "$i")" "$WL" "$CONNS" "$SECS")
    after=$(pg_ticks)
    pg=""
    [ -z "${PG_PID:-}" ] || pg=" pg=$(((after - before) * 100 / HZ / SECS))%"
    echo "$r [$i] $(awk '{print $3, $5, $7}' <<<"$line")$pg ${JARS[$i]}" | tee -a "$RESULTS"
  done
done

echo "means over $ROUNDS rounds of ${SECS} s at $CONNS connections:"
for i in "${!JARS[@]}"; do
  awk -v i="[$i]" -v name="${JARS[$i]}" '$2 == i {
      for (f = 3; f <= NF; f++) if (split($f, kv, "=") == 2 && kv[1] ~ /^(req\/s|p99|cpu|pg)$/) {
        v = kv[2]; sub(/[a-z%]+$/, "", v); s[kv[1]] += v }
      n++ }
    END { printf "%s: req/s %.2f, p99 %.2f ms, cpu %.0f%%", name, s["req/s"] / n, s["p99"] / n, s["cpu"] / n
          if ("pg" in s) printf ", pg %.0f%%", s["pg"] / n; printf "\n" }' "$RESULTS"
done
# the rounds one jar led in, against the first jar
if [ ${#JARS[@]} -ge 2 ]; then
  for i in $(seq 1 $((${#JARS[@]} - 1))); do
    awk -v a="[0]" -v b="[$i]" -v an="${JARS[0]}" -v bn="${JARS[$i]}" '
      $2 == a { split($3, kv, "="); A[$1] = kv[2] } $2 == b { split($3, kv, "="); B[$1] = kv[2] }
      END { for (r in A) if (r in B) { n++; if (B[r] + 0 > A[r] + 0) w++ }
            printf "rounds where %s served more than %s: %d of %d\n", bn, an, w, n }' "$RESULTS"
  done
fi
