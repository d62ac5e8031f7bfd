# The shell helpers of bench/, bin/ and .ci/run, in one place (bash). Source it, from bin/
# or from bench/:
#
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#   . "$(dirname "${BASH_SOURCE[0]}")/../bin/lib.sh"
#
# It only defines functions: no shell options, no variables, no output.
# (bin/aot-train.sh does without it: the Dockerfile copies that script alone.)
#
#   log MESSAGE...            a heading on stdout: a blank line, then ==> MESSAGE
#   die MESSAGE...            SCRIPT: MESSAGE on stderr, then exit 1
#   need COMMAND [HINT]       die unless COMMAND is found
#   as_root COMMAND...        runs it as root (through sudo unless root already)
#   apt_install PACKAGE...    apt-get update and install, quietly, as root
#   java_major HOME           the major Java version at HOME (nothing if none)
#   pick_jdk [--runtime]      prints the first JDK >= 25 among $JAVA_HOME,
#                             /usr/lib/jvm/temurin-25-jdk-amd64, /usr/lib/jvm/*; status 1
#                             if none. --runtime: a JRE will do (no javac needed)
#   use_jdk                   exports JAVA_HOME = pick_jdk's (apt-get installing
#                             openjdk-25-jdk-headless if there is none), its bin/ first on PATH
#   http_status URL [MAX_S]   the status URL answers (curl), 000 if none within MAX_S (2) s
#   wait_ready [--pid PID] [--log FILE] [--every S] URL [TIMEOUT_S]
#                             polls URL (e.g. .../actuator/health/readiness) every S (0.5)
#                             seconds until it answers 200: status 0 then; 1 after TIMEOUT_S
#                             (300) seconds; 2 as soon as process PID has ended. On failure
#                             it says why on stderr, with the last 60 lines of FILE.
#   image_jvm_options ROOT    the JVM options of ROOT/Dockerfile's ARG JVM_OPTIONS="..." line
#                             (what the image runs with); dies if there is none
#   image_env ROOT            the image's ENV NAME=VALUE lines of ROOT/Dockerfile, as
#                             NAME=VALUE words (MALLOC_ARENA_MAX=2), for env or export

log() { printf '\n==> %s\n' "$*"; }

die() {
  printf '%s: %s\n' "${0##*/}" "$*" >&2
  exit 1
}

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 not found${2:+ ($2)}"
}

image_jvm_options() {
  local options
  options=$(sed -n 's/^ARG JVM_OPTIONS="\(.*\)"$/\1/p' "$1/Dockerfile")
  [[ -n $options ]] || die "no ARG JVM_OPTIONS=\"...\" line in $1/Dockerfile"
  echo "$options"
}

image_env() {
  sed -n 's/^ENV \([A-Z_]*=[^ ]*\)$/\1/p' "$1/Dockerfile"
}

as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

apt_install() {
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 "$@" >/dev/null
}

java_major() { # from HOME/release when it is there: no JVM started
  local major
  major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null || true)
  if [[ -z $major && -x $1/bin/java ]]; then
    major=$("$1/bin/java" -XshowSettings:properties -version 2>&1 |
      awk -F'= ' '/java.specification.version/ { split($2, v, "."); print v[1] }')
  fi
  echo "$major"
}

pick_jdk() {
  local tool=javac candidate major
  [[ ${1:-} != --runtime ]] || tool=java
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [[ -n $candidate && -x $candidate/bin/$tool && -x $candidate/bin/java ]] || continue
    major=$(java_major "$candidate")
    if [[ $major =~ ^[0-9]+$ ]] && ((major >= 25)); then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

use_jdk() {
  local home
  if ! home=$(pick_jdk); then
    log "No JDK >= 25 found; installing one with apt-get"
    apt_install openjdk-25-jdk-headless || true
    home=$(pick_jdk) || {
      echo "no JDK >= 25 could be found or installed (this machine kind has Temurin 25 in /usr/lib/jvm)" >&2
      return 1
    }
  fi
  export JAVA_HOME=$home PATH="$home/bin:$PATH"
}

http_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-2}" "$1" 2>/dev/null || true
}

wait_ready() {
  local pid="" file="" every=0.5
  while [[ $# -gt 0 ]]; do
    case $1 in
      --pid) pid=$2; shift 2 ;;
      --log) file=$2; shift 2 ;;
      --every) every=$2; shift 2 ;;
      *) break ;;
    esac
  done
  local url=${1:?usage: wait_ready [--pid PID] [--log FILE] [--every S] URL [TIMEOUT_S]} timeout=${2:-300}
  local deadline=$(($(date +%s) + timeout)) status
  until [[ $(http_status "$url") == 200 ]]; do
    status=0
    if [[ -n $pid ]] && ! kill -0 "$pid" 2>/dev/null; then
      status=2
      echo "the process $pid ended before $url answered 200" >&2
    elif (($(date +%s) >= deadline)); then
      status=1
      echo "$url did not answer 200 within $timeout s" >&2
    fi
    if ((status)); then
      [[ -z $file ]] || { echo "the last lines of $file:" >&2; tail -n 60 "$file" >&2; }
      return "$status"
    fi
    sleep "$every"
  done
}
