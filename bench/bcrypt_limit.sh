#!/usr/bin/env bash
# The machine's bcrypt limit: verifications per second at cost 12 on all cores, the ceiling
# of any POST /login/ throughput (each login verifies one bcrypt hash). Measures:
#   - python: the C bcrypt of Debian's python3-bcrypt (what the Python peer's passlib uses),
#     one process per core;
#   - libcrypt: the system's libcrypt (crypt_rn), what this service calls through FFM, one
#     process per core;
#   - java: Spring Security's BCrypt (this service's fallback where libcrypt has no bcrypt),
#     one thread per core, run as a single-file Java program against spring-security-crypto
#     (taken from the service's jar, or from ~/.m2).
#
#   bench/bcrypt_limit.sh [--seconds S] [--procs N] [--cost C] [--jar SERVICE_OR_CRYPTO_JAR]
#                         [--only python|libcrypt|java]
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SECONDS_=5 PROCS=$(nproc) COST=12 JAR="" ONLY=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) SECONDS_=$2; shift 2 ;;
    --procs) PROCS=$2; shift 2 ;;
    --cost) COST=$2; shift 2 ;;
    --jar) JAR=$2; shift 2 ;;
    --only) ONLY=$2; shift 2 ;;
    -h|--help) sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 1 ;;
  esac
done
echo "bcrypt cost $COST, $SECONDS_ s, $PROCS workers on $(nproc) cores (load average $(cut -d' ' -f1-3 /proc/loadavg))"
rc=0

PYBIN=""
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import bcrypt' 2>/dev/null; then PYBIN=$p; break; fi
done
for impl in python libcrypt; do
  [[ -z $ONLY || $ONLY == "$impl" ]] || continue
  if [[ -n $PYBIN ]]; then
    "$PYBIN" "$BENCH_DIR/lib/bcrypt_limit.py" --impl "$impl" --seconds "$SECONDS_" --procs "$PROCS" --cost "$COST" || rc=1
  else
    echo "$impl: skipped, no python3 with the bcrypt module (apt-get install python3-bcrypt)"
  fi
done

if [[ -z $ONLY || $ONLY == java ]]; then
  JAVA=""
  for j in "${JAVA_HOME:+$JAVA_HOME/bin/java}" /usr/lib/jvm/temurin-25-jdk-amd64/bin/java "$(command -v java || true)"; do
    if [[ -n $j && -x $j ]]; then JAVA=$j; break; fi
  done
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  CRYPTO=""
  name=""
  if [[ -n $JAR ]]; then
    [[ -f $JAR ]] || { echo "no such file: $JAR" >&2; exit 1; }
    name=$(unzip -Z1 "$JAR" 2>/dev/null | grep -m1 '^BOOT-INF/lib/spring-security-crypto-.*\.jar$' || true)
  fi
  if [[ -n $name ]]; then  # the service's Spring Boot jar: use the crypto jar nested in it
    unzip -p "$JAR" "$name" >"$tmp/crypto.jar"
    CRYPTO=$tmp/crypto.jar
  elif [[ -n $JAR ]]; then
    CRYPTO=$JAR
  else
    CRYPTO=$(ls -v "$HOME"/.m2/repository/org/springframework/security/spring-security-crypto/*/spring-security-crypto-*[0-9].jar 2>/dev/null | tail -1 || true)
  fi
  if [[ -z $JAVA ]]; then
    echo "java: skipped, no java found"
  elif [[ -z $CRYPTO || ! -f $CRYPTO ]]; then
    echo "java: skipped, spring-security-crypto jar not found (give --jar target/posts-api-*.jar)"
  else
    echo "java: $JAVA, $(basename "${name:-$CRYPTO}")"
    "$JAVA" -cp "$CRYPTO" "$BENCH_DIR/lib/BcryptLimit.java" "$SECONDS_" "$PROCS" "$COST" || rc=1
  fi
fi
exit $rc
