#!/usr/bin/env bash
# Lints docs/openapi.json with two linters, each failing on any error or warning:
# Spectral's spectral:oas rules (.spectral.yaml) and Redocly's recommended rules
# (redocly.yaml). Needs Node.js 20.19 or newer and npm; the first run installs each CLI
# pinned in tools/<name> (package.json with its package-lock.json) into target/<name>.
# Usage: bin/lint-openapi.sh [file]    (default docs/openapi.json)
set -euo pipefail
cd "$(dirname "$0")/.."

document=${1:-docs/openapi.json}

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed to install the linters: install Node.js 20.19 or newer" >&2
  exit 1
fi

# installs tools/$1 into target/$1 unless the same lock file is installed there already
install_pinned() {
  local pinned=tools/$1 installed=target/$1
  if [ ! -x "$installed/node_modules/.bin/$2" ] || ! cmp -s "$pinned/package-lock.json" "$installed/package-lock.json"; then
    echo "Installing the CLI pinned in $pinned into $installed"
    rm -rf "$installed"
    mkdir -p "$installed"
    cp "$pinned/package.json" "$pinned/package-lock.json" "$installed/"
    npm ci --prefix "$installed" --ignore-scripts --no-audit --no-fund --loglevel=error
  fi
}
install_pinned spectral spectral
install_pinned redocly redocly

target/spectral/node_modules/.bin/spectral --version | sed 's/^/Spectral CLI /'
target/spectral/node_modules/.bin/spectral lint --ruleset .spectral.yaml --fail-severity=warn "$document"

# no telemetry, no update notice: nothing leaves the machine but the install
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
echo "Redocly CLI $(target/redocly/node_modules/.bin/redocly --version 2>/dev/null | head -1)"
# the summary lists each rule broken with its severity; the boxed notice about Node.js
# versions is left out. Redocly exits 0 on warnings: here a warning fails as an error does
redocly_report=$(target/redocly/node_modules/.bin/redocly lint --config redocly.yaml --format=summary "$document" 2>&1 |
  grep -v '[║╔╚]') || true
echo "$redocly_report"
if ! echo "$redocly_report" | grep -q 'Your API description is valid'; then
  exit 1
fi
if echo "$redocly_report" | grep -Eq '^ *warning |[0-9]+ warnings?'; then
  echo "Redocly reported warnings: they fail the lint as errors do" >&2
  exit 1
fi
