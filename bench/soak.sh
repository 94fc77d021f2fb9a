#!/usr/bin/env bash
# Soak test: the packaged server (java -jar, embedded PostgreSQL in a fresh temporary data
# directory) under a read/write mix driven by wrk, in consecutive windows, reporting per window
# the requests, errors and latency percentiles, and the JVM's heap and RSS at start and end.
#
#   bench/soak.sh                 10 minutes, 60 s windows
#   bench/soak.sh --short         1 minute, 15 s windows
#   bench/soak.sh --duration 1800 --window 120 --connections 32 --threads 2
#
# Needs wrk (Debian: apt-get install -y wrk), curl, python3, and the JDK's jcmd. Builds the jar
# (without tests) when target/ has none. Everything listens on 127.0.0.1 only; every process it
# starts is stopped by its pid when it ends. Exit status 1 when any request failed.
# The JVM runs with the README's settings unless SOAK_JAVA_OPTS gives others.
set -euo pipefail
cd "$(dirname "$0")/.."

duration=600
window=60
connections=16
threads=2
seed_users=50
jar=""
while [ $# -gt 0 ]; do
  case "$1" in
    --short) duration=60; window=15 ;;
    --duration) duration="$2"; shift ;;
    --window) window="$2"; shift ;;
    --connections) connections="$2"; shift ;;
    --threads) threads="$2"; shift ;;
    --jar) jar="$2"; shift ;;
    -h|--help) sed -n 2,13p "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

for tool in wrk curl python3 jcmd; do
  command -v "$tool" >/dev/null || { echo "soak: $tool is missing (wrk: apt-get install -y wrk)" >&2; exit 2; }
done
if [ -z "$jar" ]; then
  jar=$(ls target/userprofiles-*.jar 2>/dev/null | grep -v original | head -1 || true)
  if [ -z "$jar" ]; then
    ./mvnw -q -B -DskipTests package
    jar=$(ls target/userprofiles-*.jar | grep -v original | head -1)
  fi
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/soak.XXXXXX")
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
port=$(free_port)
base="http://127.0.0.1:$port"
server=""
cleanup() {
  if [ -n "$server" ] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# shellcheck disable=SC2086
java ${SOAK_JAVA_OPTS:--Xmx512m -Xms64m -XX:+UseG1GC} -jar "$jar" --server.port="$port" \
  --app.embedded-postgres.data-directory="$work/pg" \
  --app.jwt.secret="soak-only-secret-0123456789abcdef0123456789abcdef" \
  --logging.level.root=warn >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 300); do
  if curl -fs "$base/actuator/health/readiness" >/dev/null 2>&1; then break; fi
  kill -0 "$server" 2>/dev/null || { echo "soak: the server exited" >&2; tail -40 "$work/server.log" >&2; exit 1; }
  sleep 0.5
done
curl -fs "$base/actuator/health/readiness" >/dev/null || { echo "soak: the server never got ready" >&2; exit 1; }

# Seed users with profiles; wrk's script reads "id token" lines.
for i in $(seq 1 "$seed_users"); do
  name="seed-$i"
  answer=$(curl -fs "$base/graphql" -H 'Content-Type: application/json' \
    -d "{\"query\":\"mutation(\$i: SignUpInput!) { signUp(input: \$i) { token user { id } } }\",\"variables\":{\"i\":{\"username\":\"$name\",\"email\":\"$name@example.com\",\"password\":\"seed password $i\"}}}")
  read -r id token < <(python3 -c 'import json,sys; d=json.load(sys.stdin)["data"]["signUp"]; print(d["user"]["id"], d["token"])' <<<"$answer")
  curl -fs "$base/graphql" -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
    -d "{\"query\":\"mutation { createProfile(input: { description: \\\"seed $i\\\" }) { id } }\"}" >/dev/null
  echo "$id $token" >>"$work/users.txt"
done

rss_kb() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status"; }
# The heap's lines only (G1 prints one, the serial collector one per generation).
heap_used_kb() {
  jcmd "$1" GC.heap_info 2>/dev/null | grep -v -i -e metaspace -e 'class space' | grep -o 'used [0-9]*K' \
    | tr -dc '0-9\n' | awk '{ kb += $1 } END { print kb + 0 }'
}
heap_after_gc_kb() { jcmd "$1" GC.run >/dev/null 2>&1; heap_used_kb "$1"; }
postgres_rss_kb() {
  local pm
  pm=$(head -1 "$work/pg/postmaster.pid")
  { rss_kb "$pm"; for child in $(ps -o pid= --ppid "$pm"); do rss_kb "$child" 2>/dev/null || true; done; } | awk '{ s += $1 } END { print s }'
}

echo "soak: $(date -u +%Y-%m-%dT%H:%M:%SZ) $jar on 127.0.0.1:$port; ${duration}s in ${window}s windows;" \
  "wrk -t$threads -c$connections; $seed_users seeded users; mix: 80% reads, 18% updateProfile, 2% signUp"
start_heap=$(heap_after_gc_kb "$server")
start_rss=$(rss_kb "$server")
start_pg=$(postgres_rss_kb)
echo "start: heap used after GC ${start_heap} KiB, JVM RSS ${start_rss} KiB, PostgreSQL RSS ${start_pg} KiB"
printf '%-7s %9s %8s %8s %9s %9s %9s %7s %10s %10s\n' window end_s requests req_s p50_ms p99_ms max_ms errors heap_KiB rss_KiB

total=0
errors=0
elapsed=0
n=0
while [ "$elapsed" -lt "$duration" ]; do
  n=$((n + 1))
  seconds=$(( duration - elapsed < window ? duration - elapsed : window ))
  SOAK_USERS="$work/users.txt" wrk -t"$threads" -c"$connections" -d"${seconds}s" --timeout 10s \
    -s bench/mix.lua "$base/graphql" >"$work/wrk-$n.txt" 2>&1 || true
  elapsed=$((elapsed + seconds))
  line=$(grep '^SOAK requests=' "$work/wrk-$n.txt" || true)
  if [ -z "$line" ]; then echo "soak: wrk gave no result:"; cat "$work/wrk-$n.txt"; exit 1; fi
  get() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" <<<"$line"; }
  requests=$(get requests)
  bad=$(( $(get non2xx_or_non200) + $(get graphql_errors) + $(get socket_errors) + $(get timeouts) ))
  total=$((total + requests))
  errors=$((errors + bad))
  printf '%-7s %9s %8s %8s %9s %9s %9s %7s %10s %10s\n' "$n" "$elapsed" "$requests" \
    "$(( requests / seconds ))" \
    "$(awk -v u="$(get p50_us)" 'BEGIN { printf "%.1f", u / 1000 }')" \
    "$(awk -v u="$(get p99_us)" 'BEGIN { printf "%.1f", u / 1000 }')" \
    "$(awk -v u="$(get max_us)" 'BEGIN { printf "%.1f", u / 1000 }')" \
    "$bad" "$(heap_used_kb "$server")" "$(rss_kb "$server")"
  grep '^SOAK first unexpected' "$work/wrk-$n.txt" || true
done

end_heap=$(heap_after_gc_kb "$server")
end_rss=$(rss_kb "$server")
end_pg=$(postgres_rss_kb)
echo "end:   heap used after GC ${end_heap} KiB, JVM RSS ${end_rss} KiB, PostgreSQL RSS ${end_pg} KiB"
echo "total: $total requests, $errors errors (non-200, GraphQL errors, socket errors, timeouts)"
if grep -q ' ERROR ' "$work/server.log"; then
  echo "server log ERROR lines: $(grep -c ' ERROR ' "$work/server.log")"
  grep ' ERROR ' "$work/server.log" | head -5
fi
[ "$errors" -eq 0 ]
