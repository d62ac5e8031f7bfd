#!/usr/bin/env bash
# Load benchmark of the posts API with wrk. See BENCHMARKS.md at the repository root.
#
#   bench/run.sh [options] URL_A [URL_B [URL_C]]
#
# With one URL: runs every scenario against it and prints req/s, p50/p99 latency and the
# count of unexpected statuses / socket errors per scenario. With two URLs (side-by-side):
# runs each scenario against A then B, round after round (A, B, A, B, ...), and prints the
# median req/s of each side and the ratio A/B of the medians. With three: A, B, C in turn,
# and C's median and the ratio A/C as well (bench/vs-bare.sh: the service, the bare Spring
# stack and the original). Before each run it waits (at most 30 s) until every side whose
# process it knows has gone idle: a side's queued logins go on hashing after wrk stops.
#
# With --launch-a/--launch-b it also starts the services itself and measures what a user
# meets after a (re)start: the time from start to ready, then read_one in the first --cold
# seconds of load, before any warm-up, against its steady rate. The whole issue table in one
# command (BENCHMARKS.md):
#
#   bench/launch.sh --prepare target/posts-api-0.1.0-SNAPSHOT.jar   # the AOT cache, once per jar
#   bench/run.sh -w 10 \
#     --launch-a 'SERVER_PORT=8000 SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/benchapp \
#                 SPRING_DATASOURCE_USERNAME=postgres bench/launch.sh target/posts-api-0.1.0-SNAPSHOT.jar' \
#     --launch-b 'cd ../shared/peers/fastapi-seed && DATABASE_URL=postgresql://postgres:postgres@127.0.0.1/seedpeer \
#                 exec python3 -m uvicorn main:app --host 127.0.0.1 --port 8001 --workers 1' --ready-b /docs \
#     --db-a postgresql://postgres@127.0.0.1/benchapp --reset-a \
#     --db-b postgresql://postgres:postgres@127.0.0.1/seedpeer --reset-b \
#     --label-a java --label-b python http://127.0.0.1:8000 http://127.0.0.1:8001
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$BENCH_DIR/../bin/lib.sh" # die, need, http_status, wait_ready
PY=${PYTHON:-python3}
CTL=("$PY" "$BENCH_DIR/lib/benchctl.py")
ALL_SCENARIOS="read_one,list_all,feed,vote,login,unauth,create"

usage() {
  cat <<'EOF'
Usage: bench/run.sh [options] URL_A [URL_B [URL_C]]

  URL_A, URL_B, URL_C   base URLs on this machine, e.g. http://127.0.0.1:8000
                        (loopback only: RSS is read from /proc and all share the cores).
                        With three, each scenario runs on A, B, C in turn and the table
                        adds C's req/s and A/C (bench/vs-bare.sh does this for the service,
                        the bare Spring stack and the original). Every -b option below has
                        a -c twin for C: --label-c, --pid-c, --db-c, --reset-c, --launch-c,
                        --ready-c, --ready-status-c.
Options:
  -d, --duration S      measured seconds per run                       (default 15)
  -w, --warmup S        warm-up seconds before each measured run, discarded (default 3)
      --warmup-pass S   before round 1, every scenario on every side for S seconds of
                        load, discarded (default 0: none). A large Spring application's JIT
                        is still compiling a minute into its load, long after a few seconds'
                        --warmup; the pass measures it warm, as it runs for its users.
  -c, --connections N   wrk connections                                (default 32)
  -t, --threads N       wrk threads (vote always uses one per connection) (default 2)
  -r, --rounds N        rounds; each round runs every scenario on A then B (then C)
                                                  (default 2 side-by-side, 1 with one URL)
  -s, --scenarios LIST  comma-separated subset of
                        read_one,list_all,feed,vote,login,unauth,create (default all)
      --timeout S       wrk request timeout; login uses at least 30   (default 10)
      --label-a NAME    name of A in the output (default A), --label-b likewise (default B)
      --pid-a PID       PID whose RSS and CPU per request (with its child processes) are
                        measured while A is loaded; default: the process listening on A's
                        port (ss -ltnp).
      --pid-b PID       likewise for B
      --db-a CONNINFO   psql connection string of A's database, e.g.
                        postgresql://postgres@127.0.0.1/benchapp . When given, the rows the
                        create scenario added are deleted after each create run, so the
                        tables do not grow from round to round.
      --db-b CONNINFO   likewise for B
      --reset-a         TRUNCATE votes, posts, users (CASCADE) in A's database before
                        starting (needs --db-a). Only for a benchmark database!
      --reset-b         likewise for B (e.g. the Python peer, whose posts.user_id has
                        no index, so leftover rows slow its list_all down)
      --rss-interval S  RSS sampling period                             (default 0.5)
      --launch-a CMD    start A with this shell command (run by bash, from the current
                        directory, in a process group of its own; stopped at the end). The
                        command must make A listen on URL_A's port. run.sh waits for it to
                        answer 200 at the ready path, reports the time from start to ready,
                        prepares the data and measures read_one cold (see --cold) before the
                        rounds. Its output goes to OUT/launch-A.log.
      --launch-b CMD    likewise for B
      --ready-a PATH    the path polled until A is ready (default /actuator/health/readiness);
                        the Python peer has no health endpoint: use /docs
      --ready-b PATH    likewise for B
      --ready-status-a N  the status that means ready at A's ready path (default 200); the
                        bare Spring stack has no open route: --ready-b /posts/all/
                        --ready-status-b 401 (it answers 401 without a token once up)
      --ready-status-b N  likewise for B
      --cold S          seconds of the cold read_one run of a launched side, measured with no
                        warm-up right after its data is prepared (default 10; 0 skips it)
      --out DIR         raw results (default bench/results/<timestamp>)
      --smoke           quick check: defaults become 2 s runs, 1 s warm-up, 4 connections,
                        1 round (explicit options still override them)
  -h, --help
Exit status: 0 all runs clean, 3 something was FLAGGED (unexpected status, socket error,
failed probe), 1 usage or setup error.
EOF
}

DURATION=15 WARMUP=3 WARMUP_PASS=0 CONNECTIONS=32 THREADS=2 ROUNDS="" SCENARIOS=$ALL_SCENARIOS TIMEOUT=10
LABEL_A=A LABEL_B=B PID_A="" PID_B="" DB_A="" DB_B="" RESET_A=0 RESET_B=0 RSS_INTERVAL=0.5
OUT="" SMOKE=0 URLS=() LAUNCH_A="" LAUNCH_B="" READY_A=/actuator/health/readiness
READY_B=/actuator/health/readiness COLD=10
LABEL_C=C PID_C="" DB_C="" RESET_C=0 LAUNCH_C="" READY_C=/actuator/health/readiness
READY_STATUS_A=200 READY_STATUS_B=200 READY_STATUS_C=200
# --smoke only changes the defaults: options given explicitly still win, wherever they stand
for arg in "$@"; do
  if [[ $arg == --smoke ]]; then SMOKE=1 DURATION=2 WARMUP=1 CONNECTIONS=4 ROUNDS=1; fi
done

while [[ $# -gt 0 ]]; do
  case "$1" in
    -d|--duration) DURATION=$2; shift 2 ;;
    -w|--warmup) WARMUP=$2; shift 2 ;;
    --warmup-pass) WARMUP_PASS=$2; shift 2 ;;
    -c|--connections) CONNECTIONS=$2; shift 2 ;;
    -t|--threads) THREADS=$2; shift 2 ;;
    -r|--rounds) ROUNDS=$2; shift 2 ;;
    -s|--scenarios) SCENARIOS=$2; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --label-a) LABEL_A=$2; shift 2 ;;
    --label-b) LABEL_B=$2; shift 2 ;;
    --pid-a) PID_A=$2; shift 2 ;;
    --pid-b) PID_B=$2; shift 2 ;;
    --db-a) DB_A=$2; shift 2 ;;
    --db-b) DB_B=$2; shift 2 ;;
    --reset-a) RESET_A=1; shift ;;
    --reset-b) RESET_B=1; shift ;;
    --label-c) LABEL_C=$2; shift 2 ;;
    --pid-c) PID_C=$2; shift 2 ;;
    --db-c) DB_C=$2; shift 2 ;;
    --reset-c) RESET_C=1; shift ;;
    --launch-c) LAUNCH_C=$2; shift 2 ;;
    --ready-c) READY_C=$2; shift 2 ;;
    --ready-status-a) READY_STATUS_A=$2; shift 2 ;;
    --ready-status-b) READY_STATUS_B=$2; shift 2 ;;
    --ready-status-c) READY_STATUS_C=$2; shift 2 ;;
    --rss-interval) RSS_INTERVAL=$2; shift 2 ;;
    --launch-a) LAUNCH_A=$2; shift 2 ;;
    --launch-b) LAUNCH_B=$2; shift 2 ;;
    --ready-a) READY_A=$2; shift 2 ;;
    --ready-b) READY_B=$2; shift 2 ;;
    --cold) COLD=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --smoke) shift ;; # handled above
    -h|--help) usage; exit 0 ;;
    -*) echo "unknown option: $1" >&2; usage >&2; exit 1 ;;
    *) URLS+=("$1"); shift ;;
  esac
done

[[ ${#URLS[@]} -ge 1 && ${#URLS[@]} -le 3 ]] || { usage >&2; exit 1; }
[[ -n $ROUNDS ]] || ROUNDS=$(( ${#URLS[@]} >= 2 ? 2 : 1 ))
for n in "$DURATION" "$CONNECTIONS" "$THREADS" "$ROUNDS" "$TIMEOUT"; do
  [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || die "durations, counts and the timeout must be positive integers (got '$n')"
done
[[ $WARMUP =~ ^[0-9]+$ ]] || die "--warmup must be an integer"
[[ $WARMUP_PASS =~ ^[0-9]+$ ]] || die "--warmup-pass must be an integer"
[[ $COLD =~ ^[0-9]+$ ]] || die "--cold must be an integer"
for n in "$READY_STATUS_A" "$READY_STATUS_B" "$READY_STATUS_C"; do
  [[ $n =~ ^[1-5][0-9][0-9]$ ]] || die "--ready-status-a/-b/-c must be an HTTP status (got '$n')"
done
(( THREADS <= CONNECTIONS )) || die "--threads ($THREADS) must not exceed --connections ($CONNECTIONS)"
IFS=, read -r -a SCENARIO_LIST <<<"$SCENARIOS"
for s in "${SCENARIO_LIST[@]}"; do
  [[ ,$ALL_SCENARIOS, == *",$s,"* ]] || die "unknown scenario '$s' (known: $ALL_SCENARIOS)"
done
# run in the canonical order (create last: it adds rows), whatever order was given
ORDERED=()
for s in ${ALL_SCENARIOS//,/ }; do
  [[ ,$SCENARIOS, == *",$s,"* ]] && ORDERED+=("$s")
done

need wrk "apt-get install wrk"
need "$PY"
[[ $RESET_A == 0 || -n $DB_A ]] || die "--reset-a needs --db-a"
[[ $RESET_B == 0 || -n $DB_B ]] || die "--reset-b needs --db-b"
[[ $RESET_C == 0 || -n $DB_C ]] || die "--reset-c needs --db-c"
if [[ -n $DB_A$DB_B$DB_C ]]; then need psql "needed for --db-a/--db-b/--db-c"; fi

# host and port of a base URL; only loopback targets are accepted
url_port() {
  local url=$1 host port
  [[ $url =~ ^http://(\[[0-9a-fA-F:]+\]|[^/:]+)(:([0-9]+))?/?$ ]] || die "not a base URL (http://host:port): $url"
  host=${BASH_REMATCH[1]} port=${BASH_REMATCH[3]:-80}
  case "$host" in
    localhost|127.*|\[::1\]) ;;
    *) die "$url: only loopback targets (127.0.0.0/8, localhost, [::1]) are supported" ;;
  esac
  echo "$port"
}

SIDES=(A B C)
SIDES=("${SIDES[@]:0:${#URLS[@]}}")
declare -A URL LABEL PID DB RESET STATE LAUNCH READY READY_STATUS
for side in A B C; do
  if [[ ${#SIDES[@]} == 1 && $side == B ]] || [[ ${#SIDES[@]} -lt 3 && $side == C ]]; then
    launch_var=LAUNCH_$side
    [[ -z ${!launch_var} ]] || die "--launch-${side,,} needs URL_$side"
    continue
  fi
  for var in LABEL PID DB RESET LAUNCH READY READY_STATUS; do
    name=${var}_$side
    printf -v "$var[$side]" '%s' "${!name}"
  done
done
i=0
for side in "${SIDES[@]}"; do URL[$side]=${URLS[i]%/}; i=$((i + 1)); done
for a in "${SIDES[@]}"; do
  for b in "${SIDES[@]}"; do
    if [[ $a < $b && ${URL[$a]} == "${URL[$b]}" ]]; then die "URL_$a and URL_$b are the same"; fi
  done
done
for side in "${SIDES[@]}"; do url_port "${URL[$side]}" >/dev/null; done

OUT=${OUT:-$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"
RESULTS=$OUT/results.jsonl
: >"$RESULTS"

SAMPLER_PID=""
LAUNCHED=()
cleanup() {
  if [[ -n $SAMPLER_PID ]]; then kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; fi
  local pid
  for pid in "${LAUNCHED[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${LAUNCHED[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'echo "interrupted" >&2; exit 130' INT TERM

loadavg() { cut -d' ' -f1 /proc/loadavg; }

echo "== bench/run.sh  $(date -u +%Y-%m-%dT%H:%M:%SZ)  host: $(nproc) cores, $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   $DURATION s per run after a $WARMUP s warm-up, $CONNECTIONS connections, wrk threads $THREADS, $ROUNDS round(s)$([[ $SMOKE == 1 ]] && echo ', SMOKE RUN (not a result)')"
echo "   scenarios: ${ORDERED[*]}"
echo "   raw results: $OUT"
(( WARMUP_PASS > 0 )) && echo "   a warm-up pass first: every scenario on every side for $WARMUP_PASS s, not recorded"
echo "   expected time: about $(( (${#ORDERED[@]} * ${#URLS[@]} * (ROUNDS * (WARMUP + DURATION + 4) + (WARMUP_PASS > 0 ? WARMUP_PASS + 2 : 0)) + 59) / 60 )) min"

# --- one measured run of one scenario on one side
run_one() {
  local side=$1 scenario=$2 round=$3 recorded=${4:-$2}
  local state=${STATE[$side]} url=${URL[$side]} label=${LABEL[$side]}
  local avail
  avail=$("${CTL[@]}" get --state "$state" "available.$scenario")
  local rec=(--results "$RESULTS" --side "$side" --label "$label" --url "$url" --scenario "$recorded"
             --round "$round" --connections "$CONNECTIONS" --duration "$DURATION")
  if [[ $avail != ok ]]; then
    [[ $round == pass ]] && return # the report says n/a for the rounds
    "${CTL[@]}" record "${rec[@]}" --threads "$THREADS" --status "$avail"
    return
  fi

  local script=static.lua threads=$THREADS timeout=$TIMEOUT role=reader
  local -a env=(BENCH_LUA_DIR="$BENCH_DIR/lua/" BENCH_EXPECT=200 BENCH_METHOD=GET)
  case $scenario in
    read_one) env+=(BENCH_PATH="/posts/$("${CTL[@]}" get --state "$state" read_post_id)/") ;;
    list_all) env+=(BENCH_PATH=/posts/all/) ;;
    feed)     env+=(BENCH_PATH=/posts/feed/) ;;
    create)   role=writer
              env+=(BENCH_METHOD=POST BENCH_PATH=/posts/ BENCH_EXPECT=201 BENCH_CONTENT_TYPE=application/json
                    BENCH_BODY='{"post_id":0,"post_data":"benchmark post","user_id":"x"}') ;;
    vote)     script=vote.lua threads=$CONNECTIONS
              env+=(BENCH_PATH=/vote/ BENCH_EXPECT=201,204
                    BENCH_VOTE_POSTS="$("${CTL[@]}" get --state "$state" vote_post_csv)") ;;
    login)    role="" timeout=$(( TIMEOUT > 30 ? TIMEOUT : 30 ))
              env+=(BENCH_METHOD=POST BENCH_PATH=/login/ BENCH_CONTENT_TYPE=application/x-www-form-urlencoded
                    BENCH_BODY="$("${CTL[@]}" get --state "$state" login_form)") ;;
    unauth)   role="" env+=(BENCH_PATH=/posts/all/ BENCH_EXPECT=401) ;;
  esac
  local token=""
  if [[ -n $role ]]; then
    token=$("${CTL[@]}" token --state "$state" --role "$role") || die "login on $url failed"
  fi
  env+=(BENCH_TOKEN="$token")
  local wrk_args=(-t "$threads" -c "$CONNECTIONS" --timeout "${timeout}s" -s "$BENCH_DIR/lua/$script" "$url")
  local base=$OUT/r${round}-$side-$recorded

  if [[ $scenario == vote ]]; then BENCH_TOKEN=$token "${CTL[@]}" reset-votes --state "$state"; fi
  if [[ $round == pass ]]; then # the warm-up pass: load, nothing recorded
    env "${env[@]}" wrk -d "${WARMUP_PASS}s" "${wrk_args[@]}" >"$OUT/pass-$side-$recorded.txt" 2>&1 || true
    sleep 1
  else
    if (( WARMUP > 0 )); then
      env "${env[@]}" wrk -d "${WARMUP}s" "${wrk_args[@]}" >"$base.warmup.txt" 2>&1 || true
      sleep 1 # let requests cut off by the end of the warm-up finish
    fi
    if [[ $scenario == vote ]]; then BENCH_TOKEN=$token "${CTL[@]}" reset-votes --state "$state"; fi

    local load rc=0 rss_file="" cpu=()
    load=$(loadavg)
    if [[ -n ${PID[$side]} ]]; then
      cpu=(--cpu-before "$("${CTL[@]}" cpu-seconds --pid "${PID[$side]}")")
      rss_file=$base.rss
      "${CTL[@]}" sample-rss --pid "${PID[$side]}" --interval "$RSS_INTERVAL" --out "$rss_file" &
      SAMPLER_PID=$!
    fi
    env "${env[@]}" wrk -d "${DURATION}s" "${wrk_args[@]}" >"$base.txt" 2>&1 || rc=$?
    [[ -z ${PID[$side]} ]] || cpu+=(--cpu-after "$("${CTL[@]}" cpu-seconds --pid "${PID[$side]}")")
    if [[ -n $SAMPLER_PID ]]; then
      kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=""
    fi
    "${CTL[@]}" record "${rec[@]}" --threads "$threads" --status ok --wrk-output "$base.txt" --wrk-exit "$rc" \
      --loadavg "$load" ${rss_file:+--rss-file "$rss_file"} "${cpu[@]}"
  fi

  if [[ $scenario == create && -n ${DB[$side]} ]]; then
    local writer
    writer=$("${CTL[@]}" get --state "$state" users.writer.user_id)
    sleep 1
    psql "${DB[$side]}" -v ON_ERROR_STOP=1 -qAt -c "DELETE FROM posts WHERE user_id = '$writer'" \
      -c "VACUUM ANALYZE posts" >/dev/null || echo "   (deleting the created posts failed)" >&2
  fi
  # a vote run adds and removes tens of thousands of rows: vacuum them now, as autovacuum
  # would in a minute (it is off on some machines, e.g. this project's), or every later
  # query that counts votes (feed, read_one) walks the dead ones
  if [[ $scenario == vote && -n ${DB[$side]} ]]; then
    psql "${DB[$side]}" -v ON_ERROR_STOP=1 -qAt -c "VACUUM ANALYZE votes" >/dev/null ||
      echo "   (vacuuming the votes failed)" >&2
  fi
}

now_ms() { date +%s%3N; }

# before each run: wait (at most 30 s) until every side has gone idle. A side keeps working
# after wrk stops (its queued logins still hash their passwords, seconds of CPU), and that
# work would land in the warm-up or the measured run of the next side.
settle() {
  local args=() side waited rc=0
  for side in "${SIDES[@]}"; do [[ -z ${PID[$side]} ]] || args+=(--pid "${PID[$side]}"); done
  [[ ${#args[@]} -gt 0 ]] || return 0
  waited=$("${CTL[@]}" settle "${args[@]}") || rc=$?
  if (( rc == 3 )); then
    echo "   (the sides were still busy after $waited s; the next run shares the cores with them)"
  elif (( rc == 0 && waited > 2 )); then
    echo "   (waited $waited s for the sides to go idle)"
  fi
}

# wait_ready (bin/lib.sh) for a ready status other than 200: polls URL until it answers
# STATUS; fails when PID ends or after 300 s, with the end of LOG
wait_status() {
  local pid=$1 log=$2 url=$3 status=$4 deadline=$(( $(date +%s) + 300 ))
  until [[ $(http_status "$url") == "$status" ]]; do
    if ! kill -0 "$pid" 2>/dev/null || (( $(date +%s) >= deadline )); then
      echo "$url did not answer $status (process $pid ended or 300 s passed); the last lines of $log:" >&2
      tail -n 60 "$log" >&2
      return 1
    fi
    sleep 0.05
  done
}

# start a side's --launch command and wait until its ready path answers 200 (or its
# --ready-status)
launch() {
  local side=$1 url=${URL[$1]} ready=${URL[$1]}${READY[$1]} log=$OUT/launch-$1.log start pid
  local want=${READY_STATUS[$1]}
  if [[ $(http_status "$url/") != 000 ]]; then
    die "something already listens at $url: stop it before launching ${LABEL[$side]}"
  fi
  echo "   launching: ${LAUNCH[$side]}"
  start=$(now_ms)
  setsid bash -c "${LAUNCH[$side]}" >"$log" 2>&1 &
  pid=$!
  LAUNCHED+=("$pid")
  if [[ $want == 200 ]]; then
    wait_ready --pid "$pid" --log "$log" --every 0.05 "$ready" 300 || die "${LABEL[$side]} did not become ready (log: $log)"
  else
    wait_status "$pid" "$log" "$ready" "$want" || die "${LABEL[$side]} did not become ready (log: $log)"
  fi
  local ready_ms=$(( $(now_ms) - start ))
  echo "   ready after $ready_ms ms ($ready answered $want)"
  "${CTL[@]}" record-startup --results "$RESULTS" --side "$side" --label "${LABEL[$side]}" --url "$url" \
    --ready-ms "$ready_ms" --ready-path "${READY[$side]}" --ready-status "$want"
  PID[$side]=$pid
}

# --- prepare each side: reset (optional), launch (optional), users and posts, probes, PID for RSS
for side in "${SIDES[@]}"; do
  port=$(url_port "${URL[$side]}")
  echo "== $side = ${LABEL[$side]}: ${URL[$side]}"
  if [[ ${RESET[$side]} == 1 ]]; then
    echo "   TRUNCATE votes, posts, users CASCADE on ${DB[$side]} (if they exist: a new database has none yet)"
    psql "${DB[$side]}" -v ON_ERROR_STOP=1 -qAt -c "DO \$\$ BEGIN
        IF to_regclass('votes') IS NOT NULL THEN TRUNCATE votes, posts, users CASCADE; END IF; END \$\$" >/dev/null
  fi
  [[ -z ${LAUNCH[$side]} ]] || launch "$side"
  if [[ -z ${PID[$side]} ]]; then
    PID[$side]=$("${CTL[@]}" find-pid --port "$port" || true)
  fi
  if [[ -n ${PID[$side]} ]]; then
    [[ -r /proc/${PID[$side]}/status ]] || die "no process ${PID[$side]} (--pid-${side,,})"
    echo "   RSS sampled from PID ${PID[$side]} ($(tr '\0' ' ' </proc/${PID[$side]}/cmdline | cut -c1-100)) and its children"
  else
    echo "   RSS not sampled: no process found listening on port $port (give --pid-${side,,})"
  fi
  STATE[$side]=$OUT/state-$side.json
  "${CTL[@]}" prepare --url "${URL[$side]}" --state "${STATE[$side]}" --posts 20 --vote-posts "$CONNECTIONS" \
    || die "preparing data on ${URL[$side]} failed"
  if [[ -n ${LAUNCH[$side]} ]] && (( COLD > 0 )); then
    echo "   read_one cold: the first $COLD s of load, no warm-up"
    WARMUP_SAVED=$WARMUP DURATION_SAVED=$DURATION
    WARMUP=0 DURATION=$COLD
    run_one "$side" read_one 0 read_one_cold
    WARMUP=$WARMUP_SAVED DURATION=$DURATION_SAVED
  fi
done
if [[ ${#SIDES[@]} == 2 && $RESET_B == 0 ]]; then
  echo "   REMINDER: B's tables were not reset. For the Python peer (no index on posts.user_id) run first:"
  echo "     psql postgresql://postgres:postgres@127.0.0.1/seedpeer -c 'TRUNCATE votes, posts, users'"
  echo "   or pass --db-b CONNINFO --reset-b."
fi
if [[ ${#SIDES[@]} == 3 && $RESET_C == 0 ]]; then
  echo "   REMINDER: C's tables were not reset (--db-c CONNINFO --reset-c); for the Python peer"
  echo "   (no index on posts.user_id) rows left by earlier runs slow its list_all down."
fi

if (( WARMUP_PASS > 0 )); then
  echo "== warm-up pass: every scenario on every side for $WARMUP_PASS s, not recorded"
  for scenario in "${ORDERED[@]}"; do
    for side in "${SIDES[@]}"; do
      settle
      run_one "$side" "$scenario" pass
    done
  done
fi
for (( round = 1; round <= ROUNDS; round++ )); do
  for scenario in "${ORDERED[@]}"; do
    for side in "${SIDES[@]}"; do
      settle
      run_one "$side" "$scenario" "$round"
    done
  done
done
if [[ -z $DB_A$DB_B$DB_C ]] && [[ ,$SCENARIOS, == *,create,* ]]; then
  echo "   note: the posts made by 'create' were kept (no --db-a/--db-b); they accumulate over runs"
fi

rc=0
"${CTL[@]}" report --results "$RESULTS" | tee "$OUT/summary.txt" || rc=$?
exit "$rc"
