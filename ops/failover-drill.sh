#!/usr/bin/env bash
# Failover drill: Debian's pg_auto_failover (a monitor and two PostgreSQL 15 nodes with
# synchronous replication) under the packaged server, whose pool and listening connection use
# the multi-host URL with targetServerType=primary. Under sign-ups, profile writes and a
# profileChanged subscriber (ops/failover-load.mjs), it kills the primary node (its postmaster
# and its pg_autoctl keeper, kill -9), waits for the monitor to promote the secondary, and checks:
#   - no request took longer than 15 s;
#   - writes resumed within 10 s of the new primary accepting writes;
#   - every error answer was SERVICE_UNAVAILABLE in an HTTP 200 (no other code, no 5xx);
#   - the subscriber receives an event for a change made after the failover;
#   - every sign-up answered with data is on the new primary.
#
#   ops/failover-drill.sh                    as root (it runs PostgreSQL as postgres) or as postgres
#   ops/failover-drill.sh --clients 6 --keep --jar target/userprofiles-0.1.0-SNAPSHOT.jar
#   ops/failover-drill.sh --default-timeouts      pg_auto_failover's own timeouts (about a minute)
#
# Needs Debian's pg-auto-failover-cli and postgresql-15-auto-failover (PostgreSQL 15), psql,
# java 17+, node 20+ with e2e/node_modules (npm ci in e2e/), curl. Builds the jar (without tests)
# when target/ has none. Listens on 127.0.0.1 only: PostgreSQL 25600-25602, the server 18200.
# Lowers pg_auto_failover's timeouts for the drill (docs/deploying.md says which and why). Its
# files go to a new temporary directory, removed at the end unless --keep; every process it
# starts is stopped by its pid when it ends, also on failure. Takes about two minutes.
# Exit status 1 when a check fails.
set -euo pipefail
cd "$(dirname "$0")/.."

clients=4
jar=target/userprofiles-0.1.0-SNAPSHOT.jar
keep=false
lower_timeouts=true
while [ $# -gt 0 ]; do
	case "$1" in
	--clients) clients="$2"; shift ;;
	--jar) jar="$2"; shift ;;
	--keep) keep=true ;;
	--default-timeouts) lower_timeouts=false ;;
	-h | --help) sed -n 2,23p "$0"; exit 0 ;;
	*) echo "unknown option: $1" >&2; exit 2 ;;
	esac
	shift
done

pg_bin=/usr/lib/postgresql/15/bin
monitor_port=25600
node_port=(0 25601 25602)
server_port=18200
for tool in pg_autoctl psql java node curl; do
	command -v "$tool" >/dev/null || { echo "drill: $tool is missing" >&2; exit 2; }
done
[ -x "$pg_bin/pg_ctl" ] || { echo "drill: $pg_bin/pg_ctl is missing (postgresql-15)" >&2; exit 2; }
for port in "$monitor_port" "${node_port[1]}" "${node_port[2]}" "$server_port"; do
	if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
		echo "drill: port $port is taken" >&2
		exit 2
	fi
done
if [ ! -f "$jar" ]; then
	./mvnw -B -q package -DskipTests
fi
[ -d e2e/node_modules/graphql-ws ] || (cd e2e && npm ci --prefer-offline --no-audit --no-fund)

work=$(mktemp -d "${TMPDIR:-/tmp}/failover-drill.XXXXXX")
# pg_autoctl keeps its configuration and state under XDG_*: in the work directory too, which is
# also its working directory (the checkout may be closed to postgres).
run_as_postgres=(env)
if [ "$(id -u)" = 0 ]; then
	chown postgres: "$work"
	run_as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups env)
elif [ "$(id -un)" != postgres ]; then
	echo "drill: run as root or as postgres (PostgreSQL refuses root)" >&2
	exit 2
fi
run_as_postgres+=(-C "$work" HOME="$work" XDG_CONFIG_HOME="$work/xdg/config" XDG_DATA_HOME="$work/xdg/data"
	XDG_RUNTIME_DIR="$work/xdg/run" PATH="$pg_bin:$PATH")
monitor_url="postgres://autoctl_node@127.0.0.1:$monitor_port/pg_auto_failover?sslmode=disable"
app_password=$(head -c 18 /dev/urandom | base64 | tr '+/' '-_')

now_ms() { date +%s%3N; }
log() { echo "drill: $(date -u +%H:%M:%S.%3N) $*"; }
# Running, not a zombie waiting to be reaped.
alive() { [ -e "/proc/$1" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }
# Waits up to $2 seconds for process $1 to end.
await_exit() {
	for _ in $(seq 1 $(($2 * 10))); do
		alive "$1" || return 0
		sleep 0.1
	done
	return 1
}
descendants() {
	local child
	for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		echo "$child"
		descendants "$child"
	done
}
keeper=(0 0 0)
monitor=""
server=""
load=""
cleanup() {
	local status=$? pid pids
	trap - EXIT
	for pid in $load $server; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in $load $server; do
		await_exit "$pid" 30 || kill -KILL "$pid" 2>/dev/null || true
	done
	# pg_autoctl stops its PostgreSQL (fast) on SIGTERM; whatever is left after 20 s is killed.
	for pid in "${keeper[1]}" "${keeper[2]}" $monitor; do
		[ "$pid" != 0 ] && kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in "${keeper[1]}" "${keeper[2]}" $monitor; do
		[ "$pid" = 0 ] && continue
		if ! await_exit "$pid" 20; then
			pids="$pid $(descendants "$pid")"
			# shellcheck disable=SC2086
			kill -KILL $pids 2>/dev/null || true
		fi
	done
	# A postmaster that outlived its keeper (the killed node's children are gone with it).
	for data in "$work/node1" "$work/node2" "$work/monitor"; do
		[ -f "$data/postmaster.pid" ] || continue
		pid=$(head -1 "$data/postmaster.pid")
		if grep -qs -- "$data" "/proc/$pid/cmdline"; then
			kill -KILL "$pid" $(descendants "$pid") 2>/dev/null || true
		fi
		# The killed postmaster's System V segment (its key and id on line 7), once unused.
		read -r _ shmid < <(sed -n 7p "$data/postmaster.pid") || true
		if [ -n "${shmid:-}" ] && ipcs -m -i "$shmid" 2>/dev/null | grep -q 'nattch=0'; then
			ipcrm -m "$shmid" 2>/dev/null || true
		fi
	done
	if [ "$status" != 0 ]; then
		for file in "$work"/server.log "$work"/node*.log "$work"/monitor.log; do
			[ -f "$file" ] && { echo "--- last lines of $file"; tail -15 "$file"; }
		done
	fi
	if $keep; then echo "drill: files kept in $work"; else rm -rf "$work"; fi
	exit "$status"
}
trap cleanup EXIT
trap 'exit 143' TERM INT HUP

monitor_sql() {
	psql -X -q -At -h 127.0.0.1 -p "$monitor_port" -U postgres -d pg_auto_failover -v ON_ERROR_STOP=1 "$@"
}
node_state() {
	monitor_sql -c "SELECT reportedstate FROM pgautofailover.node WHERE nodename = 'node$1'" 2>/dev/null || true
}
# Waits up to $1 seconds for a condition (the rest of the arguments).
wait_for() {
	local seconds=$1 what=$2
	shift 2
	for _ in $(seq 1 $((seconds * 5))); do
		"$@" && return 0
		sleep 0.2
	done
	echo "drill: timed out after ${seconds}s waiting for $what" >&2
	return 1
}

# The monitor. Only what the drill needs is changed: listening on loopback, a small shared_buffers
# (pg_autoctl sizes it to a quarter of the machine's memory, three times over here), and the
# timeouts that decide how fast a dead primary is replaced.
log "work directory $work; pg_autoctl $(pg_autoctl --version | head -1 | awk '{print $3}')"
"${run_as_postgres[@]}" pg_autoctl create monitor --pgdata "$work/monitor" --pgport "$monitor_port" \
	--hostname 127.0.0.1 --auth trust --no-ssl --pgctl "$pg_bin/pg_ctl" >"$work/monitor-create.log" 2>&1
"${run_as_postgres[@]}" pg_autoctl config set --pgdata "$work/monitor" postgresql.listen_addresses 127.0.0.1 >/dev/null
echo "shared_buffers = '128MB'" >>"$work/monitor/postgresql.conf"
"${run_as_postgres[@]}" pg_autoctl run --pgdata "$work/monitor" >"$work/monitor.log" 2>&1 &
monitor=$!
wait_for 60 "the monitor" "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$monitor_port"
$lower_timeouts && monitor_sql >/dev/null <<-SQL
	ALTER SYSTEM SET pgautofailover.health_check_period = 1000;
	ALTER SYSTEM SET pgautofailover.health_check_timeout = 1000;
	ALTER SYSTEM SET pgautofailover.health_check_max_retries = 1;
	ALTER SYSTEM SET pgautofailover.health_check_retry_delay = 500;
	ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = 3000;
	ALTER SYSTEM SET pgautofailover.primary_demote_timeout = 5000;
	SELECT pg_reload_conf();
SQL
log "monitor on 127.0.0.1:$monitor_port: $(monitor_sql -c "SELECT string_agg(replace(name, 'pgautofailover.', '') || '=' || setting, ' ' ORDER BY name) FROM pg_settings WHERE name ~ '^pgautofailover\.(health|node_considered|primary_demote)'")"

# A data node. A primary that loses the monitor and its standby demotes itself after
# network_partition_timeout; it stays below the monitor's primary_demote_timeout, as by default.
start_node() {
	local n=$1
	"${run_as_postgres[@]}" pg_autoctl create postgres --pgdata "$work/node$n" --pgport "${node_port[$n]}" \
		--listen 127.0.0.1 --hostname 127.0.0.1 --name "node$n" --dbname app --monitor "$monitor_url" \
		--auth trust --no-ssl --pgctl "$pg_bin/pg_ctl" >"$work/node$n-create.log" 2>&1
	if $lower_timeouts; then
		"${run_as_postgres[@]}" pg_autoctl config set --pgdata "$work/node$n" timeout.network_partition_timeout 3 >/dev/null
	fi
	if [ "$n" = 1 ]; then
		echo "shared_buffers = '128MB'" >>"$work/node1/postgresql.conf"
		# The server's role needs its password (first match wins); pg_autoctl's own roles
		# keep trust on 127.0.0.1. node2 gets both files with its base backup.
		sed -i '1i host app app 127.0.0.1/32 scram-sha-256' "$work/node1/pg_hba.conf"
	fi
	"${run_as_postgres[@]}" pg_autoctl run --pgdata "$work/node$n" >"$work/node$n.log" 2>&1 &
	keeper[n]=$!
}
start_node 1
wait_for 60 "node1 to run alone" eval '[ "$(node_state 1)" = single ] && "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "${node_port[1]}"'
psql -X -q -h 127.0.0.1 -p "${node_port[1]}" -U postgres -d app -v ON_ERROR_STOP=1 \
	-v password="$app_password" >/dev/null <<-'SQL'
	CREATE ROLE app LOGIN PASSWORD :'password';
	ALTER DATABASE app OWNER TO app;
SQL
start_node 2
wait_for 120 "node1 primary and node2 secondary" \
	eval '[ "$(node_state 1)" = primary ] && [ "$(node_state 2)" = secondary ]'
sync_names=$(psql -X -At -h 127.0.0.1 -p "${node_port[1]}" -U postgres -d app -c 'SHOW synchronous_standby_names')
log "node1 primary on 127.0.0.1:${node_port[1]}, node2 secondary on 127.0.0.1:${node_port[2]};" \
	"synchronous_standby_names on node1: $sync_names; network_partition_timeout" \
	"$("${run_as_postgres[@]}" pg_autoctl config get --pgdata "$work/node1" timeout.network_partition_timeout) s"
[ -n "$sync_names" ] || { echo "drill: replication is not synchronous" >&2; exit 1; }

url="jdbc:postgresql://127.0.0.1:${node_port[1]},127.0.0.1:${node_port[2]}/app?targetServerType=primary"
SPRING_DATASOURCE_URL="$url" APP_DATABASE_LISTEN_URL="$url" SPRING_DATASOURCE_USERNAME=app \
	SPRING_DATASOURCE_PASSWORD="$app_password" APP_JWT_SECRET="$(head -c 48 /dev/urandom | base64)" \
	SERVER_ADDRESS=127.0.0.1 SERVER_PORT="$server_port" \
	java -Xmx256m -Xms64m -jar "$jar" >"$work/server.log" 2>&1 &
server=$!
base="http://127.0.0.1:$server_port"
wait_for 180 "the server's readiness" eval 'curl -fs -o /dev/null "$base/actuator/health/readiness" || ! alive "$server"'
alive "$server" || { echo "drill: the server exited" >&2; exit 1; }
log "server (pid $server) on $base, SPRING_DATASOURCE_URL and APP_DATABASE_LISTEN_URL $url"

node ops/failover-load.mjs "$base" "$work" "$clients" &
load=$!
wait_for 90 "the load to warm up" eval 'test -f "$work/ready" || ! alive "$load"'
alive "$load" || { echo "drill: the load ended before the failover" >&2; exit 1; }
sleep 5

# Kill the primary's node: its keeper (with its children) and its postmaster (with its backends),
# listed before the first kill so no process escapes by being re-parented.
primary=$(monitor_sql -c "SELECT nodename FROM pgautofailover.node WHERE reportedstate = 'primary'")
[ "$primary" = node1 ] || { echo "drill: expected node1 primary, found '$primary'" >&2; exit 1; }
postmaster=$(head -1 "$work/node1/postmaster.pid")
victims=$(printf '%s\n' "${keeper[1]}" $(descendants "${keeper[1]}") "$postmaster" $(descendants "$postmaster") | sort -nu)
killed=$(now_ms)
# shellcheck disable=SC2086
kill -KILL $victims 2>/dev/null || true # a backend may have ended meanwhile
echo "$killed" >"$work/killed"
log "killed node1: keeper ${keeper[1]} and postmaster $postmaster, $(wc -w <<<"$victims") processes in all"
for pid in $victims; do
	await_exit "$pid" 5 || { echo "drill: process $pid outlived kill -9" >&2; exit 1; }
done

# "Accepting writes": node2 is out of recovery and no longer read-only (pg_auto_failover keeps a
# promoted standby read-only in stop_replication until the old primary is deemed demoted).
promoted=""
accepting=""
for _ in $(seq 1 1200); do
	answer=$(PGCONNECT_TIMEOUT=1 PGOPTIONS='-c statement_timeout=1000' psql -X -At -h 127.0.0.1 \
		-p "${node_port[2]}" -U postgres -d app \
		-c "SELECT NOT pg_is_in_recovery(), current_setting('transaction_read_only') = 'off'" 2>/dev/null || true)
	[ -z "$promoted" ] && [ "${answer%%|*}" = t ] && promoted=$(now_ms)
	if [ "$answer" = "t|t" ]; then
		accepting=$(now_ms)
		break
	fi
	[ $(( $(now_ms) - killed )) -gt 120000 ] && break
	sleep 0.1
done
[ -n "$accepting" ] || { echo "drill: node2 did not accept writes within 120 s of the kill" >&2; exit 1; }
echo "$accepting" >"$work/accepting"
log "node2 out of recovery $(( promoted - killed )) ms after the kill, accepting writes $(( accepting - killed )) ms after it"

# Load on the new primary for a while, then the figures.
sleep 15
touch "$work/stop"
status=0
await_exit "$load" 120 || kill -KILL "$load"
wait "$load" || status=$?
load=""
log "monitor: $(monitor_sql -c "SELECT string_agg(nodename || ' ' || reportedstate, ', ' ORDER BY nodeid) FROM pgautofailover.node")"

# No acknowledged sign-up lost: each is on the new primary.
acked=$(sort -u "$work/acked.txt" | wc -l)
PGPASSWORD="$app_password" psql -X -At -h 127.0.0.1 -p "${node_port[2]}" -U app -d app \
	-c "SELECT username FROM site_user" | sort -u >"$work/present.txt"
missing=$(sort -u "$work/acked.txt" | comm -23 - "$work/present.txt" | wc -l)
if [ "$missing" = 0 ] && [ "$acked" -gt 0 ]; then result=PASS; else result=FAIL; status=1; fi
echo "$result acknowledged sign-ups: $acked; on the new primary: $((acked - missing)); missing: $missing"
sort -u "$work/acked.txt" | comm -23 - "$work/present.txt" | head -5 | sed 's/^/  missing: /'

errors=$(grep -c ' ERROR ' "$work/server.log" || true)
log "server log: $errors ERROR lines, $(grep -c ' WARN ' "$work/server.log" || true) WARN lines"
grep ' ERROR ' "$work/server.log" | head -3 || true
if [ "$status" = 0 ]; then log "failover drill passed"; else log "failover drill FAILED"; fi
exit "$status"
