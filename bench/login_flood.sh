#!/usr/bin/env bash
# What a refused login costs: logins/s a legitimate client gets, alone and while another
# client address floods one account with wrong passwords (refused with 429 after the
# per-account-and-address limit). See BENCHMARKS.md.
#
#   bench/login_flood.sh [-d SECONDS] [-c FLOOD_CONNECTIONS] [--limits-off] URL
#
# --limits-off: for comparison, against a service started with the login limits switched off
# (AUTH_LIMITS_LOGIN_FAILURES_PER_ACCOUNT_AND_ADDRESS=0 and the others): the flood's wrong
# passwords are then each checked with bcrypt and answered 401.
#
# The service must trust this host as its reverse proxy, so that each wrk can speak from
# its own client address through X-Forwarded-For:
#   SERVER_FORWARD_HEADERS_STRATEGY=native SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES='127\.0\.0\.1' ...
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$BENCH_DIR/../bin/lib.sh" # die, need
DURATION=20 FLOOD=32 LEGIT=8 FLOOD_STATUS=429
while [[ $# -gt 1 ]]; do
  case "$1" in
    -d) DURATION=$2; shift 2 ;;
    -c) FLOOD=$2; shift 2 ;;
    --limits-off) FLOOD_STATUS=401; shift ;;
    *) die "unknown option $1" ;;
  esac
done
URL=${1:?usage: bench/login_flood.sh [-d SECONDS] [-c FLOOD_CONNECTIONS] URL}
URL=${URL%/}
need wrk "apt-get install wrk"

stamp=$(date +%s%N | tail -c 9)
legit=flood-legit-$stamp victim=flood-victim-$stamp password=bench-password-12345
register() {
  curl -sf -o /dev/null -X POST "$URL/users/" -H "X-Forwarded-For: 192.0.2.$((RANDOM % 250 + 1))" \
    -H 'Content-Type: application/json' \
    -d "{\"user_id\":\"$1\",\"email\":\"$1@bench.example.com\",\"password\":\"$password\"}" \
    || die "registering $1 failed"
}
register "$legit"
register "$victim"

flood_address=203.0.113.$((RANDOM % 250 + 1)) legit_address=198.51.100.$((RANDOM % 250 + 1))
for _ in $(seq 12); do
  last=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/login/" -H "X-Forwarded-For: $flood_address" \
    -d "username=$victim&password=wrong-password")
done
if [[ $last != "$FLOOD_STATUS" ]]; then
  echo "after 12 wrong passwords the flood's address got $last, not $FLOOD_STATUS:" >&2
  echo "does the service trust 127.0.0.1 as a proxy, and are the limits as the options say? (see the header)" >&2
  exit 1
fi

run() { # label connections form forwarded-for expected seconds
  BENCH_LUA_DIR="$BENCH_DIR/lua/" BENCH_METHOD=POST BENCH_PATH=/login/ BENCH_EXPECT=$5 \
    BENCH_CONTENT_TYPE=application/x-www-form-urlencoded BENCH_BODY=$3 BENCH_FORWARDED_FOR=$4 \
    wrk -t 2 -c "$2" -d "${6}s" --timeout 30s -s "$BENCH_DIR/lua/static.lua" "$URL" 2>&1 |
    python3 "$BENCH_DIR/lib/benchctl.py" wrk-line --label "$1"
}

legit_form="username=$legit&password=$password"
flood_form="username=$victim&password=wrong-password"
echo "== bench/login_flood.sh $(date -u +%FT%TZ) $URL, $DURATION s per phase, load average $(cut -d' ' -f1-3 /proc/loadavg)"
run "warm-up (discarded)" "$LEGIT" "$legit_form" "$legit_address" 200 5 >/dev/null
run "logins alone ($LEGIT connections)" "$LEGIT" "$legit_form" "$legit_address" 200 "$DURATION"
run "flood ($FLOOD connections, $FLOOD_STATUS)" "$FLOOD" "$flood_form" "$flood_address" "$FLOOD_STATUS" $((DURATION + 4)) &
flood_pid=$!
sleep 2
run "logins during the flood" "$LEGIT" "$legit_form" "$legit_address" 200 "$DURATION"
wait "$flood_pid"
