#!/usr/bin/env bash
# Checks the Docker Compose deployment where no container can run:
#   1. docker-compose.yml is valid Compose (docker compose config, or docker-compose config);
#   2. it refuses to start without AUTH_JWT_SECRET;
#   3. what it promises: two replicas, the one address they trust for X-Forwarded-For is
#      nginx's fixed one (outside Docker's dynamic range), management on its own
#      unpublished port, a healthcheck with bash only, a stop grace period above 20 s;
#   4. deploy/nginx.conf passes nginx -t (included in a minimal http {} as the image does);
#   5. with --management-port PORT: the app's healthcheck command, run by bash as in the
#      container, against a service running here with MANAGEMENT_SERVER_PORT=PORT.
#
#   deploy/validate.sh [--management-port PORT]
#
# Needs: docker compose or docker-compose (Debian: apt-get install docker-compose), nginx
# (apt-get install nginx-light), python3 with PyYAML. No Docker engine.
set -euo pipefail
cd "$(dirname "$0")/.."

MANAGEMENT_PORT=""
[[ ${1:-} == --management-port ]] && MANAGEMENT_PORT=$2

if docker compose version >/dev/null 2>&1; then COMPOSE=(docker compose)
elif command -v docker-compose >/dev/null; then COMPOSE=(docker-compose)
else echo "no docker compose nor docker-compose" >&2; exit 1; fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "1. ${COMPOSE[*]} config"
AUTH_JWT_SECRET=dGVzdC1vbmx5LXNpZ25pbmcta2V5LTAxMjM0NTY3ODlhYmNkZWY= "${COMPOSE[@]}" config > "$work/compose.yml"
echo "   valid"

echo "2. without AUTH_JWT_SECRET"
if env -u AUTH_JWT_SECRET "${COMPOSE[@]}" config > /dev/null 2> "$work/err"; then
  echo "   FAIL: accepted" >&2; exit 1
fi
echo "   refused: $(head -c 160 "$work/err" | head -1)..."

echo "3. what the deployment promises"
python3 - "$work/compose.yml" "$work/healthcheck" <<'EOF2'
import ipaddress, re, sys
try:
    import yaml
except ImportError:
    sys.exit("   needs PyYAML (apt-get install python3-yaml, or pip install pyyaml)")
config = yaml.safe_load(open(sys.argv[1]))
app, nginx, network = config["services"]["app"], config["services"]["nginx"], config["networks"]["backend"]
env = app["environment"]
regex = env["SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES"]
proxy = ipaddress.ip_address(nginx["networks"]["backend"]["ipv4_address"])
subnet = ipaddress.ip_network(network["ipam"]["config"][0]["subnet"])
dynamic = ipaddress.ip_network(network["ipam"]["config"][0]["ip_range"])
test = app["healthcheck"]["test"]
port = str(env.get("MANAGEMENT_SERVER_PORT"))
checks = {
    f"{app['deploy']['replicas']} replicas of app (at least 2), one AUTH_JWT_SECRET for all":
        app["deploy"]["replicas"] >= 2 and "AUTH_JWT_SECRET" in env,
    f"trusted proxies {regex!r} match nginx's fixed {proxy}": re.fullmatch(regex, str(proxy)) is not None,
    f"and no other address of {subnet}": not any(re.fullmatch(regex, str(a)) for a in subnet.hosts() if a != proxy),
    f"{proxy} is outside Docker's dynamic range {dynamic}": proxy in subnet and proxy not in dynamic
        and dynamic.subnet_of(subnet),
    "forwarded headers read natively (Tomcat's RemoteIpValve)": env["SERVER_FORWARD_HEADERS_STRATEGY"] == "native",
    f"management on {port}, not published; only nginx publishes a port":
        "ports" not in app and port in map(str, app.get("expose", [])) and "ports" in nginx,
    f"healthcheck: bash (no curl/wget in the image) on the management port {port}":
        test[:3] == ["CMD", "bash", "-c"] and f"/dev/tcp/127.0.0.1/{port}" in test[3]
        and "/actuator/health/readiness" in test[3],
    "stop grace period above the 20 s graceful shutdown": app["stop_grace_period"] in ("30s", "25s", "1m"),
    "every service restarts after a crash or a daemon restart": all(
        service.get("restart") in ("unless-stopped", "always") for service in config["services"].values()),
}
for what, ok in checks.items():
    print(f"   {'ok  ' if ok else 'FAIL'} {what}")
open(sys.argv[2], "w").write(test[3].replace(f"/{port}", "/MANAGEMENT_PORT"))
sys.exit(0 if all(checks.values()) else 1)
EOF2

echo "4. nginx -t"
mkdir -p "$work/logs"
sed "s#/var/log/nginx/access.log#$work/logs/access.log#" deploy/nginx.conf > "$work/default.conf"
cat > "$work/nginx.conf" <<EOF
pid $work/nginx.pid;
error_log $work/logs/error.log;
events {}
http {
    client_body_temp_path $work/body; proxy_temp_path $work/proxy; fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
    include $work/default.conf;
}
EOF
nginx -t -c "$work/nginx.conf" -p "$work" 2>&1 | sed 's/^/   /'

if [[ -n $MANAGEMENT_PORT ]]; then
  echo "5. the app's healthcheck, run by bash, against 127.0.0.1:$MANAGEMENT_PORT"
  command=$(sed "s/MANAGEMENT_PORT/$MANAGEMENT_PORT/" "$work/healthcheck")
  echo "   bash -c \"$command\""
  if bash -c "$command"; then echo "   healthy (exit 0)"; else echo "   unhealthy (exit $?)"; exit 1; fi
fi
echo "all checks passed"
