#!/usr/bin/env bash
# Lints docs/openapi.json with Spectral's spectral:oas rules (.spectral.yaml) and fails on
# any error or warning. Needs Node.js 18.18 or newer and npm; the first run installs the
# Spectral CLI pinned in tools/spectral (package-lock.json) into target/spectral.
# Usage: bin/lint-openapi.sh [file]    (default docs/openapi.json)
set -euo pipefail
cd "$(dirname "$0")/.."

document=${1:-docs/openapi.json}
pinned=tools/spectral
installed=target/spectral

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is needed to install the Spectral CLI: install Node.js 18.18 or newer" >&2
  exit 1
fi
if [ ! -x "$installed/node_modules/.bin/spectral" ] || ! cmp -s "$pinned/package-lock.json" "$installed/package-lock.json"; then
  echo "Installing the Spectral CLI pinned in $pinned into $installed"
  rm -rf "$installed"
  mkdir -p "$installed"
  cp "$pinned/package.json" "$pinned/package-lock.json" "$installed/"
  npm ci --prefix "$installed" --ignore-scripts --no-audit --no-fund --loglevel=error
fi

"$installed/node_modules/.bin/spectral" --version | sed 's/^/Spectral CLI /'
exec "$installed/node_modules/.bin/spectral" lint --ruleset .spectral.yaml --fail-severity=warn "$document"
