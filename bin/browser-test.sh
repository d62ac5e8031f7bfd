#!/usr/bin/env bash
# The documentation pages in a real browser: starts the service, drives headless Chromium
# through /docs (Authorize with the password flow, GET /users/me, the refresh flow) and
# /redoc, and checks that neither page fetches anything from outside the service. Works
# from a clean clone on a fresh machine: it installs what it needs (Debian's chromium,
# playwright-core from npm), and always stops the service it started.
#
#   bin/browser-test.sh [JAR]
#
# JAR   the service to test; without it target/posts-api-*.jar, built first if it is
#       missing or older than the sources. Unused with the embedded database.
#
# Environment (all optional):
#   BROWSER_TEST_DATABASE  auto (default): the PostgreSQL server at PGHOST:PGPORT if it
#                          answers (a scratch database, dropped afterwards), else the
#                          embedded PostgreSQL of `./mvnw spring-boot:test-run`;
#                          server or embedded to insist on one
#   PGHOST, PGPORT, PGUSER, PGPASSWORD   that server (127.0.0.1, 5432, postgres; the
#                          password defaults to TEST_DATABASE_PASSWORD, then postgres)
#   BROWSER_TEST_PORT      the service's port (default: a free one in 8700-8799)
#   BROWSER_TEST_START_TIMEOUT  seconds to wait for readiness (default 600)
#   CHROMIUM               the browser (default /usr/bin/chromium, installed if missing)
#
# Exits 0 only if every browser test passed. Screenshots of failures and the service's
# log are left in browser-test/artifacts/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
STARTED_AT=$SECONDS

. bin/lib.sh # log, die, apt_install, use_jdk, wait_ready

ARTIFACTS="$ROOT/browser-test/artifacts"
rm -rf "$ARTIFACTS"
mkdir -p "$ARTIFACTS"
SERVICE_LOG="$ARTIFACTS/service.log"

# --- what the run needs -------------------------------------------------------------

use_jdk || exit 1

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  log "Installing Chromium with apt-get (Debian's chromium package)"
  apt_install chromium
  [ -x "$CHROMIUM" ] || die "$CHROMIUM is still missing after apt-get install chromium"
fi
export CHROMIUM

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  log "Installing Node.js and npm with apt-get"
  apt_install nodejs npm
fi
if ! command -v curl >/dev/null 2>&1; then
  log "Installing curl with apt-get"
  apt_install curl
fi
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" -ge 20 ] || die "Node.js >= 20 is needed (playwright-core), found $(node --version)"

log "npm ci in browser-test/ (playwright-core; no browser download)"
(cd browser-test && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

# --- the database ---------------------------------------------------------------------

export PGHOST=${PGHOST:-127.0.0.1} PGPORT=${PGPORT:-5432} PGUSER=${PGUSER:-postgres}
export PGPASSWORD=${PGPASSWORD:-${TEST_DATABASE_PASSWORD:-postgres}}
MODE=${BROWSER_TEST_DATABASE:-auto}
DATABASE=""
server_answers() {
  command -v psql >/dev/null 2>&1 && psql -d postgres -qAt -c 'select 1' >/dev/null 2>&1
}
case "$MODE" in
  auto) if server_answers; then MODE=server; else MODE=embedded; fi ;;
  server) server_answers || die "no PostgreSQL answers at $PGUSER@$PGHOST:$PGPORT (psql)" ;;
  embedded) ;;
  *) die "BROWSER_TEST_DATABASE must be auto, server or embedded, not '$MODE'" ;;
esac

# --- the service ----------------------------------------------------------------------

free_port() { # a port in 8700-8799 that nothing listens on
  node -e '
    const net = require("node:net");
    const start = Math.floor(Math.random() * 100);
    const tryPort = (i) => {
      if (i === 100) { process.exit(1); }
      const port = 8700 + (start + i) % 100;
      const server = net.createServer();
      server.once("error", () => tryPort(i + 1));
      server.listen(port, () => server.close(() => console.log(port)));
    };
    tryPort(0);'
}
PORT=${BROWSER_TEST_PORT:-$(free_port)} || die "no free port in 8700-8799"
BASE_URL="http://127.0.0.1:$PORT"

SERVICE_PID=""
WORKDIR=""
stop_service() {
  if [ -n "$SERVICE_PID" ]; then
    log "Stopping the service (process group $SERVICE_PID)"
    kill -TERM -- "-$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 60); do
      kill -0 -- "-$SERVICE_PID" 2>/dev/null || break
      sleep 0.5
    done
    if kill -0 -- "-$SERVICE_PID" 2>/dev/null; then
      echo "it did not stop within 30 s: killing it"
      kill -KILL -- "-$SERVICE_PID" 2>/dev/null || true
    fi
    SERVICE_PID=""
  fi
  if [ -n "$WORKDIR" ]; then
    # the embedded PostgreSQL runs detached (pg_ctl); the application stops it on the way
    # out, and if it could not, its postmaster is stopped here
    local pidfile="$WORKDIR/.data/postgres/postmaster.pid"
    if [ -f "$pidfile" ]; then
      local postmaster
      postmaster=$(head -1 "$pidfile")
      if [ -n "$postmaster" ] && kill -0 "$postmaster" 2>/dev/null; then
        echo "stopping the embedded PostgreSQL left running (pid $postmaster)"
        kill -INT "$postmaster" 2>/dev/null || true
        for _ in $(seq 1 20); do kill -0 "$postmaster" 2>/dev/null || break; sleep 0.5; done
      fi
    fi
    rm -rf "$WORKDIR"
    WORKDIR=""
  fi
  if [ -n "$DATABASE" ]; then
    psql -d postgres -qAt -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null 2>&1 ||
      echo "could not drop the database $DATABASE"
    DATABASE=""
  fi
}
trap 'status=$?; stop_service; exit $status' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# every setting the run needs, whatever the caller's environment says
SERVICE_ENV=(
  SERVER_PORT="$PORT"
  SERVER_ADDRESS=127.0.0.1
  AUTH_LIMITS_REGISTRATIONS_PER_ADDRESS=0
  AUTH_JWT_SECRET="$(node -p 'require("node:crypto").randomBytes(32).toString("base64")')"
)

if [ "$MODE" = server ]; then
  JAR=${1:-}
  if [ -z "$JAR" ]; then
    JAR=$(ls -t target/posts-api-*.jar 2>/dev/null | grep -v -- '-plain\.jar$' | head -1 || true)
    if [ -z "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -type f -print -quit)" ]; then
      log "Building the jar: ./mvnw package -DskipTests"
      ./mvnw -B -q -ntp package -DskipTests
      JAR=$(ls -t target/posts-api-*.jar | grep -v -- '-plain\.jar$' | head -1)
    fi
  fi
  [ -f "$JAR" ] || die "no jar at $JAR"
  DATABASE="posts_browser_test_$$"
  log "Starting $JAR on port $PORT against the PostgreSQL server at $PGHOST:$PGPORT (database $DATABASE)"
  psql -d postgres -qAt -v ON_ERROR_STOP=1 -c 'SET client_min_messages = warning' \
    -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" -c "CREATE DATABASE $DATABASE" >/dev/null
  setsid env "${SERVICE_ENV[@]}" \
    SPRING_DATASOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$DATABASE" \
    SPRING_DATASOURCE_USERNAME="$PGUSER" SPRING_DATASOURCE_PASSWORD="$PGPASSWORD" \
    java -jar "$JAR" </dev/null >"$SERVICE_LOG" 2>&1 &
  SERVICE_PID=$!
else
  [ -z "${1:-}" ] || echo "(the embedded database runs the sources with spring-boot:test-run: $1 is not used)"
  # a working directory of its own: a fresh embedded database in it, not the developer's .data/
  WORKDIR=$(mktemp -d "${TMPDIR:-/tmp}/posts-api-browser-test.XXXXXX")
  log "Starting the service on port $PORT with an embedded PostgreSQL: ./mvnw spring-boot:test-run"
  setsid env -u SPRING_DATASOURCE_URL -u SPRING_DATASOURCE_USERNAME -u SPRING_DATASOURCE_PASSWORD \
    "${SERVICE_ENV[@]}" \
    ./mvnw -B -ntp spring-boot:test-run -Dspring-boot.run.workingDirectory="$WORKDIR" \
    </dev/null >"$SERVICE_LOG" 2>&1 &
  SERVICE_PID=$!
fi

WAIT_STARTED=$SECONDS
wait_ready --pid "$SERVICE_PID" --log "$SERVICE_LOG" --every 1 "$BASE_URL/actuator/health/readiness" \
  "${BROWSER_TEST_START_TIMEOUT:-600}" || die "the service was not ready (its log: $SERVICE_LOG)"
echo "ready at $BASE_URL after $((SECONDS - WAIT_STARTED)) s"

# --- the browser test -----------------------------------------------------------------

log "Browser test: headless $("$CHROMIUM" --version 2>/dev/null | head -1) against $BASE_URL"
TEST_STATUS=0
(cd browser-test && BASE_URL="$BASE_URL" ARTIFACTS_DIR="$ARTIFACTS" node --test \
  --test-timeout=300000 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$ARTIFACTS/results.tap" \
  docs.test.mjs) || TEST_STATUS=$?

stop_service
PASSED=$(awk '/^# pass / { print $3 }' "$ARTIFACTS/results.tap" 2>/dev/null || true)
FAILED=$(awk '/^# fail / { print $3 }' "$ARTIFACTS/results.tap" 2>/dev/null || true)
if [ "$TEST_STATUS" != 0 ]; then
  echo "the service's log: $SERVICE_LOG; screenshots of failures: $ARTIFACTS/"
  [ "${FAILED:-0}" != 0 ] || FAILED=1
fi
echo "took $((SECONDS - STARTED_AT)) s"
echo "browser-test: ${PASSED:-0} passed, ${FAILED:-0} failed"
exit "$TEST_STATUS"
