#!/usr/bin/env bash
# Starts a jar of the service exactly as the image does: extracted (Spring Boot's
# `-Djarmode=tools extract`, so that every class comes from the class path and can be
# cached), with the Dockerfile's JVM_OPTIONS and ENV (read from the Dockerfile itself, so the
# two cannot drift apart) and the JDK AOT cache that the image bakes in, built here the same
# way (bin/aot-train.sh). The extraction and the cache are made before the first start of a
# jar and reused while the jar and the options are unchanged. Every other setting comes from
# the environment (SERVER_PORT, SPRING_DATASOURCE_*, AUTH_*, ...). It ends by exec'ing the
# JVM in the foreground, so its PID is the JVM's.
#
#   SPRING_DATASOURCE_URL=jdbc:postgresql://127.0.0.1:5432/posts SPRING_DATASOURCE_USERNAME=postgres \
#     bench/launch.sh target/posts-api-0.1.0-SNAPSHOT.jar
#
#   bench/launch.sh --prepare JAR    only extracts and trains (if needed) and exits, so that a
#                                    start-up time measured afterwards does not include it
#
# The extracted application and its cache go to JAR's name without .jar, plus -launch/
# (LAUNCH_DIR overrides). Training takes about a minute and needs the database the service
# will use (it trains in a schema of its own, dropped afterwards).
# Java 25 is needed: the first that pick_jdk --runtime (bin/lib.sh) finds ($JAVA_HOME, then
# /usr/lib/jvm/temurin-25-jdk-amd64, then /usr/lib/jvm/*), else java on the PATH.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$HERE/bin/lib.sh" # die, pick_jdk, image_jvm_options
PREPARE_ONLY=0
if [[ ${1:-} == --prepare ]]; then PREPARE_ONLY=1; shift; fi
JAR=${1:?usage: bench/launch.sh [--prepare] JAR}
[[ -f $JAR ]] || die "no such jar: $JAR"
if JDK=$(pick_jdk --runtime); then export JAVA_HOME=$JDK; fi
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

OPTIONS=$(image_jvm_options "$HERE") || exit 1
read -r -a JVM_OPTIONS <<<"$OPTIONS"
# the image's environment too (MALLOC_ARENA_MAX), for the training run and the service
for assignment in $(image_env "$HERE"); do export "$assignment"; done

DIR=${LAUNCH_DIR:-${JAR%.jar}-launch}
# the jar's size, modification time and inode (cheaper than a hash), and the options: a cache
# made with other options may not be used
STAMP="$(stat -L -c '%s %Y %i' "$JAR") $OPTIONS"
if [[ ! -s $DIR/app.aot || $(cat "$DIR/jar-stamp" 2>/dev/null) != "$STAMP" ]]; then
  rm -rf "$DIR"
  "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$DIR" --application-filename app.jar >/dev/null
  "$HERE/bin/aot-train.sh" "$DIR/app.jar" "$DIR/app.aot" "${JVM_OPTIONS[@]}"
  echo "$STAMP" >"$DIR/jar-stamp"
fi
[[ $PREPARE_ONLY == 0 ]] || exit 0
exec "$JAVA" "${JVM_OPTIONS[@]}" -XX:AOTCache="$DIR/app.aot" -jar "$DIR/app.jar"
