#!/usr/bin/env bash
# The warm-up curves: how soon each way of starting the server serves at its full rate.
# The same preparation as the benchmark (bench/run.sh: the jar, PostgreSQL, the seed), then
# from each start in turn (the jar as packaged, `java -jar`; the extracted jar with its
# class-data sharing archive; on JDK 25 and newer the extracted jar with its AOT cache,
# trained by bench/aot-train.sh; with --peer, PostGraphile from its own cold start), W2 at
# 16 connections from the first answer on, one wrk run per window: good responses per
# second in each window of the first 120 s, the time to the first answer and the peak RSS.
# Then each window of the production start as a share of the steady state (the best mean of
# the last three windows of the JVM starts), and the targets: from the 20th second on, every
# window at least 0.90 of it; the first answer at most 0.50 times as late as `java -jar`'s.
#
# Usage: bench/warmup.sh [run.sh options], e.g.
#   bench/warmup.sh --no-build --java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java --peer ../shared/peer
#   --window S (10) --curve-seconds S (120) --aot-seconds S (the cache's training, 120)
#   and run.sh's --users, --java, --jvm-opts, --no-build, --peer, --report, --keep
# It takes about 12 minutes with the defaults (4 starts of 2 minutes each, the cache's
# training of 2 minutes and its writing, the preparation); a check that it works end to
# end: --window 2 --curve-seconds 20 --aot-seconds 20 --users 10000.
set -euo pipefail
exec "$(dirname "$0")/run.sh" --warmup-curves "$@"
