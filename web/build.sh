#!/usr/bin/env bash
# Builds the web client into web/dist (served by the gateway at /), installing its npm packages from the lock file
# first, and writes a .br and a .gz copy of each text asset for the gateway to serve precompressed. Both steps are
# skipped when their inputs have not changed since the last run, so the run and test commands can call this every time.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

stamp=dist/index.html
if [ ! -f "$stamp" ] || [ -n "$(find src public scripts index.html package-lock.json vite.config.ts tsconfig.json -newer "$stamp" -print -quit)" ]; then
  npm run --silent build -- --logLevel warn
  node scripts/compress.mjs dist
fi
