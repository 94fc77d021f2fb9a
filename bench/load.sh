#!/usr/bin/env bash
# Drive one GraphQL endpoint with one workload through wrk; one line per run.
#
# Usage: bench/load.sh URL WORKLOAD [CONNECTIONS="16 64"] [SECONDS=20]
#   WORKLOAD  a wrk script in bench/workloads (a name like w2_point, or a path)
# Each run (one per connection count): RESET if given, a WARMUP-second wrk run that
# checks every response, then the measured run, `wrk -t THREADS -c C -d SECONDS
# --latency`, then VERIFY if given.
#
# Env: THREADS (2), WARMUP (5; 0 skips it), ID_MAX (100000: ids go 1..ID_MAX),
#      WRK_TIMEOUT  wrk's --timeout (wrk's default, 2s: a slower answer counts as bad)
#      TOKENS       the token file, for workloads that sign in (MintTokens.java)
#      WRK_CHECK=1  also check every response of the measured run (costs wrk CPU)
#      SERVER_PID   also report the server's peak RSS (sampled every 0.5 s during the
#                   measured run) and its CPU over the measured run (100% = one core)
#      RESET        shell command run before each run (W5 delete needs a reseed)
#      VERIFY       shell command run after each run, with REQUESTS set to the number of
#                   responses of warm-up + measured run; its failure counts as 1 bad
# Prints e.g.: w2_point c=16 req/s=2846.50 p50=4.80ms p99=33.27ms rss=253MB cpu=97% bad=0
#   bad = responses found bad by a check + non-2xx + socket errors and timeouts
#         + requests that found no unused id + a failed VERIFY
# Exit: 0 all good; 1 some run had bad responses; 2 wrk, RESET or setup failed; 64 usage.
set -euo pipefail
trap 'echo "load.sh: failed at line $LINENO" >&2' ERR
usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 64
}
[ $# -ge 2 ] && [ $# -le 4 ] || usage
URL=$1 WL=$2 CONNS=${3:-16 64} SECS=${4:-20}
TIMEOUT=(${WRK_TIMEOUT:+--timeout "$WRK_TIMEOUT"})
HERE=$(cd "$(dirname "$0")" && pwd)
[ -f "$WL" ] || WL=$HERE/workloads/$WL.lua
[ -f "$WL" ] || { echo "load.sh: no workload $2" >&2; usage; }
command -v wrk >/dev/null || { echo "load.sh: wrk not found (apt-get install -y wrk)" >&2; exit 2; }
export LUA_PATH="$HERE/?.lua;;" WRK_THREADS=${THREADS:-2}
WARMUP=${WARMUP:-5}
name=$(basename "$WL" .lua)

# wrk prints latencies as 850.00us, 8.52ms, 1.02s or 1.00m: print milliseconds
ms() {
  awk -v t="$1" 'BEGIN { v = t + 0; u = t; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.2fms", v * f }'
}
# bad responses in one wrk output: the Lua check's count, non-2xx, socket errors
# (connect, read, write, timeout) and requests that ran out of ids
bad_of() {
  awk '/^check:/ {n += $2} /^exhausted:/ {n += $2} /^  Non-2xx/ {n += $NF}
    /Socket errors/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<<"$1"
}
requests_of() { awk '/ requests in / {n = $1} END {print n + 0}' <<<"$1"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# wrk exits 0 even when every request failed; a failure to run at all is reported here
run_wrk() {
  local out
  if ! out=$(wrk "$@" 2>&1); then
    echo "load.sh: wrk failed: $out" >&2
    exit 2
  fi
  printf '%s\n' "$out"
}

# the RSS sampler and its file, also when this script fails or is interrupted mid-run (the
# sampler would otherwise poll the server until it stops, and the file stay in the temp dir)
sampler= rssfile=
stop_sampler() {
  [ -z "$sampler" ] || { kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; }
  [ -z "$rssfile" ] || rm -f "$rssfile"
  sampler= rssfile=
}
trap stop_sampler EXIT
trap 'exit 130' INT TERM

status=0
for c in $CONNS; do
  if [ -n "${RESET:-}" ]; then
    bash -c "$RESET" >/dev/null || { echo "load.sh: RESET failed" >&2; exit 2; }
  fi
  bad=0 requests=0
  if [ "$WARMUP" -gt 0 ]; then
    out=$(BENCH_PHASE=warmup WRK_CHECK=1 run_wrk -t"$WRK_THREADS" -c"$c" -d"${WARMUP}s" "${TIMEOUT[@]}" -s "$WL" "$URL")
    bad=$(bad_of "$out") requests=$(requests_of "$out")
    [ "$bad" -eq 0 ] || grep -m1 -E '^ *(first bad|exhausted|Non-2xx|Socket errors)' <<<"$out" >&2 || true
  fi

  sampler= rssfile=
  if [ -n "${SERVER_PID:-}" ]; then
    rssfile=$(mktemp)
    t0=$(cpu_ticks "$SERVER_PID")
    (
      max=0
      while r=$(ps -o rss= -p "$SERVER_PID"); do
        if [ "$r" -gt "$max" ]; then max=$r; echo "$max" >"$rssfile"; fi
        sleep 0.5
      done
    ) &
    sampler=$!
  fi
  out=$(BENCH_PHASE=measure run_wrk -t"$WRK_THREADS" -c"$c" -d"${SECS}s" "${TIMEOUT[@]}" --latency -s "$WL" "$URL")
  measured_bad=$(bad_of "$out")
  [ "$measured_bad" -eq 0 ] || grep -m1 -E '^ *(first bad|exhausted|Non-2xx|Socket errors)' <<<"$out" >&2 || true
  bad=$((bad + measured_bad)) requests=$((requests + $(requests_of "$out")))

  line="$name c=$c req/s=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  line="$line p50=$(ms "$(awk '$1 == "50%" {print $2}' <<<"$out")")"
  line="$line p99=$(ms "$(awk '$1 == "99%" {print $2}' <<<"$out")")"
  if [ -n "$sampler" ]; then
    t1=$(cpu_ticks "$SERVER_PID")
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    line="$line rss=$(($(cat "$rssfile" 2>/dev/null || echo 0) / 1024))MB"
    line="$line cpu=$(((t1 - t0) * 100 / $(getconf CLK_TCK) / SECS))%"
    stop_sampler
  fi
  if [ -n "${VERIFY:-}" ] && ! REQUESTS=$requests bash -c "$VERIFY" >&2; then
    echo "load.sh: VERIFY failed after $name c=$c" >&2
    bad=$((bad + 1))
  fi
  echo "$line bad=$bad"
  [ "$bad" -eq 0 ] || status=1
done
exit $status
