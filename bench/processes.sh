# Process and port helpers shared by bench/run.sh and bench/start.sh (sourced, not run).
stop_pid() { # PID [signal]: signal it and wait (up to 60 s) until it is gone
  local pid=$1 i
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "-${2:-TERM}" "$pid" 2>/dev/null || true
  for i in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  wait "$pid" 2>/dev/null || true
}
free_port() { # the first port from $1 up that nothing on 127.0.0.1 listens on
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}
now_ms() { date +%s%3N; }
