#!/usr/bin/env bash
# Time from process start to ready: starts COMMAND, polls URL until it answers 200, prints
# the elapsed milliseconds and the RSS at that moment, then stops the process (SIGTERM to
# the PID it started; SIGKILL after 30 s). See BENCHMARKS.md.
#
#   bench/startup.sh [--url URL] [--repeat N] [--timeout S] [--keep] [--log FILE] -- COMMAND [ARGS...]
#
# Examples:
#   SERVER_PORT=8100 SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/benchapp \
#   SPRING_DATASOURCE_USERNAME=postgres \
#     bench/startup.sh --url http://127.0.0.1:8100/actuator/health/readiness --repeat 3 -- \
#       java -jar target/posts-api-0.1.0-SNAPSHOT.jar
#   (cd ../shared/peers/fastapi-seed && DATABASE_URL=postgresql://postgres:postgres@127.0.0.1/seedpeer \
#     ../../../main/bench/startup.sh --url http://127.0.0.1:8001/docs --repeat 3 -- \
#       /usr/bin/python3 -m uvicorn main:app --host 127.0.0.1 --port 8001 --workers 1)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../bin/lib.sh" # die, need, http_status, wait_ready

URL="" REPEAT=1 TIMEOUT=120 KEEP=0 LOG="" INTERVAL_MS=50
usage() {
  sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  cat <<'EOF'
Options:
  --url URL        polled until it answers 200 (required), e.g. .../actuator/health/readiness
                   for this service, .../docs for the Python peer
  --repeat N       start and stop N times, print each time and the median     (default 1)
  --timeout S      give up when not ready after S seconds                      (default 120)
  --interval-ms M  polling period                                             (default 50)
  --keep           leave the (last) process running instead of stopping it; its PID is printed
  --log FILE       the command's output (default: a temporary file, kept on failure)
EOF
}
while [[ $# -gt 0 ]]; do
  case "$1" in
    --url) URL=$2; shift 2 ;;
    --repeat) REPEAT=$2; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --interval-ms) INTERVAL_MS=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    --log) LOG=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; break ;;
    *) echo "unknown option: $1 (the command goes after --)" >&2; usage >&2; exit 1 ;;
  esac
done
[[ -n $URL && $# -gt 0 ]] || { usage >&2; exit 1; }
[[ $REPEAT =~ ^[1-9][0-9]*$ && $TIMEOUT =~ ^[1-9][0-9]*$ && $INTERVAL_MS =~ ^[1-9][0-9]*$ ]] \
  || die "--repeat, --timeout and --interval-ms must be positive integers"
need curl
[[ $(http_status "$URL") == 000 ]] || die "something already answers at $URL: stop it first"

CHILD=""
stop_child() {
  [[ -n $CHILD ]] || return 0
  if kill -0 "$CHILD" 2>/dev/null; then
    kill -TERM "$CHILD" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$CHILD" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$CHILD" 2>/dev/null; then
      echo "   PID $CHILD still running 30 s after SIGTERM: SIGKILL" >&2
      kill -KILL "$CHILD" 2>/dev/null || true
    fi
  fi
  wait "$CHILD" 2>/dev/null || true
  CHILD=""
}
trap stop_child EXIT
trap 'exit 130' INT TERM

rss_mib() {
  local kib
  kib=$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0)
  echo $(( ${kib:-0} / 1024 ))
}

TIMES=()
sleep_s=$(awk "BEGIN {print $INTERVAL_MS / 1000}")
for (( i = 1; i <= REPEAT; i++ )); do
  log=${LOG:-$(mktemp /tmp/startup-XXXXXX.log)}
  start=$(date +%s%N)
  "$@" >"$log" 2>&1 &
  CHILD=$!
  wait_ready --pid "$CHILD" --log "$log" --every "$sleep_s" "$URL" "$TIMEOUT" && rc=0 || rc=$?
  now=$(date +%s%N)
  if [[ $rc == 2 ]]; then
    wait "$CHILD" && rc=0 || rc=$?
    CHILD=""
    die "the command exited (status $rc); its output: $log"
  fi
  [[ $rc == 0 ]] || die "not ready; the command's output: $log"
  ms=$(( (now - start) / 1000000 ))
  TIMES+=("$ms")
  echo "start $i: ready after $ms ms (PID $CHILD, RSS at ready $(rss_mib "$CHILD") MiB)"
  if [[ $KEEP == 1 && $i == "$REPEAT" ]]; then
    echo "left running: PID $CHILD (output in $log)"
    CHILD=""
    break
  fi
  stop_child
  [[ -n $LOG ]] || rm -f "$log"
done
if (( REPEAT > 1 )); then
  median=$(printf '%s\n' "${TIMES[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
  echo "median of $REPEAT starts: $median ms (each: ${TIMES[*]} ms)"
fi
