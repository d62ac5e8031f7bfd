#!/usr/bin/env bash
# The service against its performance anchor, the bare Spring stack (../shared/peers/spring-bare:
# the same SQL and JSON with the least machinery Spring Boot offers), and optionally against the
# original (../shared/peers/fastapi-seed), in one bench/run.sh run: the three started here, one
# warm-up pass of every scenario on each, then each scenario on service, bare, original in turn,
# round after round, a warm-up before each measured run, medians of the rounds. See
# BENCHMARKS.md, "Against the bare Spring stack".
#
#   bench/vs-bare.sh [-r N] [-w S] [-p S] [-d S] [-s LIST] [--no-original] [--jar JAR] [--out DIR]
#                    [--ports P1,P2,P3] [-- RUN_SH_OPTION...]
#
# What it does, from the repository root:
#   - warns when the machine is not quiet (1-min load average above 1)
#   - builds the service jar if the default one is missing, and spring-bare's jar unless it is
#     newer than its sources
#   - creates the databases bench_vs_service, bench_vs_bare, bench_vs_original if missing, and
#     migrates bench_vs_bare by starting the service jar on it once (spring-bare has no
#     migrations) unless it already holds every migration of the jar
#   - bench/launch.sh --prepare JAR (the AOT cache, once per jar)
#   - bench/run.sh with the three launched (the service through bench/launch.sh, spring-bare
#     with the Dockerfile's JVM_OPTIONS and ENV, uvicorn with one worker), their tables reset, no cold run
# Its exit status is run.sh's (0 clean, 3 something FLAGGED, 1 setup error).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$ROOT/bin/lib.sh" # log, die, need, pick_jdk, use_jdk, http_status, wait_ready, image_jvm_options

usage() {
  cat <<'EOF'
Usage: bench/vs-bare.sh [options] [-- RUN_SH_OPTION...]

  -r, --rounds N        rounds                                          (default 2)
  -w, --warmup S        warm-up seconds before each measured run        (default 10)
  -p, --warmup-pass S   before round 1, every scenario on each side for S seconds, not
                        measured (default 30; 0: none): the service's JIT is still compiling
                        a minute into its load, the bare stack's after a few seconds
  -d, --duration S      measured seconds per run                        (default 15)
  -s, --scenarios LIST  comma-separated subset of the five the bare stack serves
                        (default read_one,list_all,create,unauth,login)
      --no-original     only the service and the bare stack (no Python original)
      --jar JAR         the service's jar (default target/posts-api-0.1.0-SNAPSHOT.jar, built
                        with ./mvnw package -DskipTests when missing)
      --out DIR         raw results (default bench/results/vs-bare-<timestamp>)
      --ports P1,P2,P3  the ports of service, bare, original (default 18711,18712,18713);
                        refused if one is taken
  -h, --help
Anything after -- goes to bench/run.sh as is (e.g. -- -c 64).
Environment: BARE_DIR, ORIGINAL_DIR (default ../shared/peers/spring-bare and
../shared/peers/fastapi-seed from the repository root); the service's own settings
(e.g. AUTH_JWT_ALGORITHM=HS256) are passed on to it.
EOF
}

ROUNDS=2 WARMUP=10 WARMUP_PASS=30 DURATION=15 SCENARIOS=read_one,list_all,create,unauth,login ORIGINAL=1
JAR="" OUT="" PORTS=18711,18712,18713 EXTRA=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -r|--rounds) ROUNDS=$2; shift 2 ;;
    -w|--warmup) WARMUP=$2; shift 2 ;;
    -p|--warmup-pass) WARMUP_PASS=$2; shift 2 ;;
    -d|--duration) DURATION=$2; shift 2 ;;
    -s|--scenarios) SCENARIOS=$2; shift 2 ;;
    --no-original) ORIGINAL=0; shift ;;
    --jar) JAR=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --ports) PORTS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; EXTRA=("$@"); break ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 1 ;;
  esac
done
for s in ${SCENARIOS//,/ }; do
  [[ ,read_one,list_all,create,unauth,login, == *",$s,"* ]] ||
    die "the bare stack does not serve '$s' (it serves read_one, list_all, create, unauth, login)"
done
IFS=, read -r PORT_SERVICE PORT_BARE PORT_ORIGINAL <<<"$PORTS"
for p in "$PORT_SERVICE" "$PORT_BARE" "$PORT_ORIGINAL"; do
  [[ $p =~ ^[0-9]+$ ]] || die "--ports takes three port numbers, comma-separated (got '$PORTS')"
done
# paths given relative to where it was called from; then everything runs from the root
[[ -z $JAR ]] || JAR=$(realpath -m "$JAR")
[[ -z $OUT ]] || OUT=$(realpath -m "$OUT")
cd "$ROOT"
JAR=${JAR:-$ROOT/target/posts-api-0.1.0-SNAPSHOT.jar}
OUT=${OUT:-$ROOT/bench/results/vs-bare-$(date +%Y%m%d-%H%M%S)}
BARE_DIR=$(realpath -m "${BARE_DIR:-$ROOT/../shared/peers/spring-bare}")
ORIGINAL_DIR=$(realpath -m "${ORIGINAL_DIR:-$ROOT/../shared/peers/fastapi-seed}")
[[ -f $BARE_DIR/pom.xml ]] || die "no spring-bare at $BARE_DIR (BARE_DIR)"
[[ $ORIGINAL == 0 || -f $ORIGINAL_DIR/main.py ]] || die "no original at $ORIGINAL_DIR (ORIGINAL_DIR)"
need psql
need ss

PG=postgresql://postgres:postgres@127.0.0.1
JDBC=jdbc:postgresql://127.0.0.1:5432
SECRET=$(printf 'bars-fixed-secret-for-acceptance-runs-0123456789abcdef' | base64 -w0)
DB_SERVICE=bench_vs_service DB_BARE=bench_vs_bare DB_ORIGINAL=bench_vs_original

# --- a quiet machine, free ports
load=$(cut -d' ' -f1 /proc/loadavg)
if awk "BEGIN { exit !($load > 1) }"; then
  echo "WARNING: the 1-min load average is $load (> 1): something else is using the $(nproc) cores;" \
    "the numbers will be skewed" >&2
fi
ports=("$PORT_SERVICE" "$PORT_BARE")
[[ $ORIGINAL == 0 ]] || ports+=("$PORT_ORIGINAL")
for p in "${ports[@]}"; do
  [[ -z $(ss -ltnH "sport = :$p") ]] || die "port $p is taken (ss -ltnp 'sport = :$p'); choose others with --ports"
done

# --- the jars
if [[ ! -f $JAR ]]; then
  [[ $JAR == "$ROOT/target/posts-api-0.1.0-SNAPSHOT.jar" ]] || die "no such jar: $JAR"
  log "Building the service jar (./mvnw package -DskipTests)"
  (use_jdk && ./mvnw -B -q -ntp package -DskipTests)
fi
BARE_JAR=$BARE_DIR/target/spring-bare.jar
if [[ ! -f $BARE_JAR || -n $(find "$BARE_DIR/src" "$BARE_DIR/pom.xml" -newer "$BARE_JAR" -print -quit) ]]; then
  log "Building spring-bare ($BARE_DIR)"
  (use_jdk && cd "$BARE_DIR" && ./mvnw -B -q -ntp package -DskipTests)
else
  echo "spring-bare: $BARE_JAR is newer than its sources, not rebuilt"
fi
JAVA=$(pick_jdk --runtime)/bin/java || die "no Java 25 found"
OPTIONS=$(image_jvm_options "$ROOT") || exit 1

# --- the databases
dbs=("$DB_SERVICE" "$DB_BARE")
[[ $ORIGINAL == 0 ]] || dbs+=("$DB_ORIGINAL")
for db in "${dbs[@]}"; do
  if [[ -z $(psql "$PG/postgres" -qAt -c "SELECT 1 FROM pg_database WHERE datname = '$db'") ]]; then
    echo "creating database $db"
    psql "$PG/postgres" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" >/dev/null
  fi
done

log "bench/launch.sh --prepare $JAR (extract + AOT cache, once per jar)"
SPRING_DATASOURCE_URL=$JDBC/$DB_SERVICE SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD=postgres \
  AUTH_JWT_SECRET=$SECRET bench/launch.sh --prepare "$JAR"

# spring-bare has no migrations: the service's Flyway migrates its database, unless it already
# holds every migration of the jar
jar_versions=$(python3 - "$JAR" <<'EOF'
import re, sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
print("\n".join(sorted({m.group(1).replace("_", ".") for n in names if (m := re.search(r"db/migration/V([0-9_.]+)__[^/]*\.sql$", n))})))
EOF
)
db_versions=$(psql "$PG/$DB_BARE" -qAt -c "DO \$\$ BEGIN
    IF to_regclass('flyway_schema_history') IS NULL THEN CREATE TEMP TABLE flyway_schema_history (version text, success boolean); END IF; END \$\$" \
  -c "SELECT version FROM flyway_schema_history WHERE success" | sort)
missing=$(comm -23 <(sort <<<"$jar_versions") <(echo "$db_versions"))
if [[ -n $missing ]]; then
  log "Migrating $DB_BARE with the service jar (missing: $(echo $missing))"
  mlog=$(mktemp /tmp/vs-bare-migrate-XXXXXX.log)
  SERVER_PORT=$PORT_BARE SPRING_DATASOURCE_URL=$JDBC/$DB_BARE SPRING_DATASOURCE_USERNAME=postgres \
    SPRING_DATASOURCE_PASSWORD=postgres AUTH_JWT_SECRET=$SECRET setsid bench/launch.sh "$JAR" >"$mlog" 2>&1 &
  mpid=$!
  trap 'kill -TERM -- -$mpid 2>/dev/null || true' EXIT
  wait_ready --pid "$mpid" --log "$mlog" "http://127.0.0.1:$PORT_BARE/actuator/health/readiness" 300 ||
    die "the service did not become ready on $DB_BARE (log: $mlog)"
  kill -TERM -- "-$mpid" 2>/dev/null || true
  wait "$mpid" 2>/dev/null || true
  trap - EXIT
  rm -f "$mlog"
  echo "migrated"
else
  echo "$DB_BARE holds every migration of the jar"
fi

# the registration limit's counters are rows of the service's database (rate_limits), which
# the reset keeps: each run registers 3 users, so many runs an hour would meet 429s
psql "$PG/$DB_SERVICE" -qAt -v ON_ERROR_STOP=1 -c "DO \$\$ BEGIN
    IF to_regclass('rate_limits') IS NOT NULL THEN DELETE FROM rate_limits; END IF; END \$\$" >/dev/null

# --- the run
q() { printf '%q' "$1"; }
LAUNCH_SERVICE="SERVER_PORT=$PORT_SERVICE SPRING_DATASOURCE_URL=$JDBC/$DB_SERVICE SPRING_DATASOURCE_USERNAME=postgres \
SPRING_DATASOURCE_PASSWORD=postgres AUTH_JWT_SECRET=$SECRET exec bench/launch.sh $(q "$JAR")"
LAUNCH_BARE="cd $(q "$BARE_DIR") && SERVER_PORT=$PORT_BARE SPRING_DATASOURCE_URL=$JDBC/$DB_BARE \
SPRING_DATASOURCE_USERNAME=postgres SPRING_DATASOURCE_PASSWORD=postgres AUTH_JWT_SECRET=$SECRET \
$(image_env "$ROOT" | tr '\n' ' ')exec $(q "$JAVA") $OPTIONS -jar target/spring-bare.jar"
LAUNCH_ORIGINAL="cd $(q "$ORIGINAL_DIR") && DATABASE_URL=$PG/$DB_ORIGINAL \
exec /usr/bin/python3 -m uvicorn main:app --host 127.0.0.1 --port $PORT_ORIGINAL --workers 1"

args=(-r "$ROUNDS" -w "$WARMUP" --warmup-pass "$WARMUP_PASS" -d "$DURATION" -s "$SCENARIOS" --cold 0 --out "$OUT"
  --launch-a "$LAUNCH_SERVICE" --db-a "$PG/$DB_SERVICE" --reset-a --label-a service
  --launch-b "$LAUNCH_BARE" --ready-b /posts/all/ --ready-status-b 401 --db-b "$PG/$DB_BARE" --reset-b --label-b bare)
urls=("http://127.0.0.1:$PORT_SERVICE" "http://127.0.0.1:$PORT_BARE")
if [[ $ORIGINAL == 1 ]]; then
  args+=(--launch-c "$LAUNCH_ORIGINAL" --ready-c /docs --db-c "$PG/$DB_ORIGINAL" --reset-c --label-c original)
  urls+=("http://127.0.0.1:$PORT_ORIGINAL")
fi
log "bench/run.sh: service, bare$([[ $ORIGINAL == 1 ]] && echo ', original') in turn"
exec bench/run.sh "${args[@]}" "${EXTRA[@]}" "${urls[@]}"
