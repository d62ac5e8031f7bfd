#!/usr/bin/env bash
# Builds the JDK AOT cache of the service: starts JAR with -XX:AOTCacheOutput=CACHE, runs a
# short training workload through every kind of request (so the cache holds the classes the
# service loads and the method profiles the JIT would otherwise have to gather), and stops
# it; the JVM writes CACHE as it exits. The Dockerfile runs it while building the image, and
# bench/launch.sh the same way before its first start of a jar.
#
#   bin/aot-train.sh JAR CACHE [JVM_OPTION...]
#
# The database comes from SPRING_DATASOURCE_URL/_USERNAME/_PASSWORD; the training creates
# its tables in a schema of its own (aot_training), which it drops afterwards when psql is at
# hand. The options must be those the service will run with (bench/launch.sh passes the
# Dockerfile's JVM_OPTIONS): a cache is only used by a JVM started like the one that
# made it.
#
# It is self-contained (it does not source bin/lib.sh) because the Dockerfile copies it alone.
set -euo pipefail

JAR=${1:?usage: bin/aot-train.sh JAR CACHE [JVM_OPTION...]}
CACHE=${2:?usage: bin/aot-train.sh JAR CACHE [JVM_OPTION...]}
shift 2
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
PORT=${AOT_TRAINING_PORT:-18080}
URL=http://127.0.0.1:$PORT
# health where the service will serve it: on a management port of the training's own when
# the service has one (MANAGEMENT_SERVER_PORT), else beside the API
HEALTH=$URL/actuator/health/readiness
if [[ -n ${MANAGEMENT_SERVER_PORT:-} ]]; then
  export MANAGEMENT_SERVER_PORT=$((PORT + 1))
  HEALTH=http://127.0.0.1:$MANAGEMENT_SERVER_PORT/actuator/health/readiness
fi
SCHEMA=aot_training
: "${SPRING_DATASOURCE_URL:?SPRING_DATASOURCE_URL must name the database to train against}"
case "$SPRING_DATASOURCE_URL" in
  *\?*) TRAINING_URL="$SPRING_DATASOURCE_URL&currentSchema=$SCHEMA" ;;
  *) TRAINING_URL="$SPRING_DATASOURCE_URL?currentSchema=$SCHEMA" ;;
esac

log() { echo "aot-train: $*" >&2; }
for tool in curl "$JAVA"; do
  command -v "$tool" >/dev/null || { log "$tool not found"; exit 1; }
done

WORK=$(mktemp -d)
APP_PID=""
cleanup() {
  if [[ -n $APP_PID ]] && kill -0 "$APP_PID" 2>/dev/null; then kill -KILL "$APP_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

log "training $JAR into $CACHE"
rm -f "$CACHE"
SERVER_PORT=$PORT SPRING_DATASOURCE_URL=$TRAINING_URL AUTH_LIMITS_REGISTRATIONS_PER_ADDRESS=0 \
  "$JAVA" "$@" -XX:AOTCacheOutput="$CACHE" -jar "$JAR" >"$WORK/app.log" 2>&1 &
APP_PID=$!
for _ in $(seq 1 240); do
  curl -sf -o /dev/null "$HEALTH" && break
  kill -0 "$APP_PID" 2>/dev/null || { log "the service exited during start-up:"; tail -n 30 "$WORK/app.log" >&2; exit 1; }
  sleep 0.5
done
curl -sf -o /dev/null "$HEALTH" || { log "the service did not become ready"; exit 1; }

json() { sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p"; }
user=aot-$RANDOM$RANDOM password=aot-training-password
curl -sf -o /dev/null -X POST "$URL/users" -H 'Content-Type: application/json' \
  -d "{\"user_id\":\"$user\",\"email\":\"$user@aot.example.com\",\"password\":\"$password\"}"
login=$(curl -sf -X POST "$URL/login" -d "username=$user&password=$password")
token=$(json access_token <<<"$login")
refresh=$(json refresh_token <<<"$login")
post=$(curl -sf -X POST "$URL/posts" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"post_data":"training"}' | json post_id)

# the hot requests, many times each, through curl's parallel keep-alive connections
config=$WORK/requests.curl
request() { # method path [header...] [-- body]
  local method=$1 path=$2; shift 2
  printf 'next\nurl = "%s%s"\noutput = "/dev/null"\nwrite-out = "%%{http_code}\\n"\nrequest = "%s"\n' "$URL" "$path" "$method"
  while [[ $# -gt 0 && $1 != -- ]]; do printf 'header = "%s"\n' "$1"; shift; done
  if [[ $# -gt 1 ]]; then printf 'data = "%s"\n' "${2//\"/\\\"}"; fi
}
bearer="Authorization: Bearer $token" json="Content-Type: application/json"
{
  for i in $(seq 1 1500); do
    request GET "/posts/$post/" "$bearer"
    request GET /posts/all/ "$bearer"
    request GET /posts/all/
    if (( i % 3 == 0 )); then
      request POST /posts/ "$bearer" "$json" -- "{\"post_data\":\"training $i\"}"
      request GET "/posts/feed?limit=20" "$bearer"
      request POST /vote/ "$bearer" "$json" -- "{\"post_id\":$post,\"dir\":$(( (i / 3) % 2 ))}"
    fi
    if (( i % 50 == 0 )); then
      request GET /users/me "$bearer"
      request GET /posts/abc "$bearer"
      request POST /posts/ "$bearer" "$json" -- '{"post_data":""}'
    fi
  done
} | tail -n +2 >"$config"
for _ in 1 2; do
  curl --silent --no-progress-meter --parallel --parallel-max 8 --config "$config" || true
done >"$WORK/statuses"
log "trained on $(wc -l <"$WORK/statuses") requests; statuses: $(sort "$WORK/statuses" | uniq -c | awk '{printf "%s×%s ", $1, $2}')"
# the rarer paths, a few times each
for i in 1 2 3 4 5; do
  curl -s -o /dev/null -X POST "$URL/login" -d "username=$user&password=$password"
  curl -s -o /dev/null -X POST "$URL/login" -d "username=$user&password=wrong-password"
done
next=$(curl -sf -X POST "$URL/token/refresh" -H 'Content-Type: application/json' -d "{\"refresh_token\":\"$refresh\"}")
curl -s -o /dev/null -X PUT "$URL/posts/$post" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"post_data":"edited"}'
curl -s -o /dev/null "$URL/openapi.json"
curl -s -o /dev/null "$HEALTH"
curl -s -o /dev/null -X POST "$URL/logout" -H "Authorization: Bearer $(json access_token <<<"$next")"
curl -s -o /dev/null -X DELETE "$URL/posts/$post" -H "Authorization: Bearer $token"

log "stopping the training run; the JVM writes the cache as it exits"
kill -TERM "$APP_PID"
wait "$APP_PID" || true
APP_PID=""
[[ -s $CACHE ]] || { log "no cache was written:"; tail -n 30 "$WORK/app.log" >&2; exit 1; }
if command -v psql >/dev/null; then
  jdbc=${SPRING_DATASOURCE_URL#jdbc:}
  PGPASSWORD=${SPRING_DATASOURCE_PASSWORD:-} psql "${jdbc%%\?*}" ${SPRING_DATASOURCE_USERNAME:+-U "$SPRING_DATASOURCE_USERNAME"} \
    -qAt -c "DROP SCHEMA IF EXISTS $SCHEMA CASCADE" >/dev/null 2>&1 || log "(could not drop the schema $SCHEMA)"
fi
log "wrote $CACHE ($(du -h "$CACHE" | cut -f1))"
