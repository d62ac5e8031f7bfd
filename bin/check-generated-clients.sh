#!/usr/bin/env bash
# Generates the clients a front end or another service would, from docs/openapi.json, with
# OpenAPI Generator from Maven Central (tools/clients/pom.xml), and proves them usable:
#   - java --library native compiles with -Xlint:all, and no warning in the code made from
#     the document (api/ and model/; the generator's fixed support files are its own);
#   - typescript-fetch compiles under strict with tools/clients/typescript/smoke.ts, which
#     is code written the natural way against it;
#   - with BASE_URL, the smoke script runs the whole Part 1 and 2 flow through the
#     generated TypeScript client against the service there, and
#     tools/clients/src/main/java/.../JavaClientSmoke.java every operation that answers
#     without a body through the Java one (which asks for problem details alone there).
# Needs a JDK 25 (bin/lib.sh finds or installs one) and Node.js 20.19 or newer with npm;
# the TypeScript compiler pinned in tools/clients/typescript is installed into target/.
#
#   bin/check-generated-clients.sh [BASE_URL]     e.g. http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib.sh # log, die, use_jdk
use_jdk || exit 1
base_url=${1:-}
clients=tools/clients
mkdir -p target
java_log=target/generated-clients.log

log "Generating typescript-fetch and java (native) clients from docs/openapi.json; compiling the Java one"
if ! ./mvnw -B -ntp -f "$clients/pom.xml" clean compile dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt >"$java_log" 2>&1; then
  cat "$java_log"
  die "generating or compiling the clients failed"
fi
echo "OpenAPI Generator $(sed -n 's/.*<openapi-generator.version>\(.*\)<.*/\1/p' "$clients/pom.xml")"
warnings=$(grep -E '^\[WARNING\] .*\.java:\[' "$java_log" || true)
echo "javac -Xlint:all: $(printf '%s' "$warnings" | grep -c . || true) warnings"
[ -z "$warnings" ] || printf '%s\n' "$warnings" | sed "s|$PWD/$clients/target/java-native/src/main/java/||"
if printf '%s' "$warnings" | grep -Eq '/client/(api|model)/'; then
  die "the Java client made from the document compiles with warnings"
fi

log "Compiling the typescript-fetch client with the smoke script (strict)"
pinned=$clients/typescript
installed=$clients/target/typescript-tools
if [ ! -x "$installed/node_modules/.bin/tsc" ] || ! cmp -s "$pinned/package-lock.json" "$installed/package-lock.json"; then
  rm -rf "$installed"
  mkdir -p "$installed"
  cp "$pinned/package.json" "$pinned/package-lock.json" "$installed/"
  npm ci --prefix "$installed" --ignore-scripts --no-audit --no-fund --loglevel=error
fi
echo "TypeScript $("$installed/node_modules/.bin/tsc" --version)"
"$installed/node_modules/.bin/tsc" -p "$pinned/tsconfig.json"
echo "tsc --strict: no errors"

if [ -n "$base_url" ]; then
  log "The smoke script, through the generated client only, against $base_url"
  node "$clients/target/typescript-smoke/typescript/smoke.js" "$base_url"
  log "The operations without a body, through the generated Java client only, against $base_url"
  java -cp "$clients/target/classes:$(cat "$clients/target/classpath.txt")" \
    dev.postsapi.clientsmoke.JavaClientSmoke "$base_url"
fi
