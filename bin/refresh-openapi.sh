#!/usr/bin/env bash
# Rewrites docs/openapi.json from the service's /openapi.json, by running
# OpenApiSnapshotIntegrationTests in its write mode: the application on a random port
# against an embedded PostgreSQL, like every integration test, so only a JDK 25 is needed.
# Review the diff and commit the file with the change that caused it.
set -euo pipefail
cd "$(dirname "$0")/.."
. bin/lib.sh # die, pick_jdk
JAVA_HOME=$(pick_jdk) || die "no JDK >= 25 in \$JAVA_HOME or /usr/lib/jvm"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

echo "Writing docs/openapi.json from the service's /openapi.json (about a minute)"
./mvnw -B -ntp -q verify -DskipUnitTests -Dit.test=OpenApiSnapshotIntegrationTests \
  -Dopenapi.snapshot.write=true -Dspring-javaformat.validate.skip=true \
  -Dmaven.test.redirectTestOutputToFile=true "$@"
git status --short -- docs/openapi.json
echo "Done; git diff docs/openapi.json shows what changed"
