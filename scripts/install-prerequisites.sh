#!/usr/bin/env bash
# Installs what the run and test commands need on a Debian 12 machine that has the .NET 10 SDK and Node.js 20:
# Redis, RabbitMQ and PostgreSQL server packages (run as local processes, never as system services), bubblewrap, and with
# --with-browser Debian's chromium for the web client's browser tests.
set -euo pipefail

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet was not found on PATH)." >&2
  exit 1
fi

# Vite 7 (the web client's build) needs Node.js 20.19 or newer; Debian 12's own nodejs package is older.
if ! command -v npm >/dev/null 2>&1 || ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "Node.js 20.19+ with npm is required to build the web client (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)
# The sandbox of the executor's bash_exec tool (without it the tool stays disabled).
[ -x /usr/bin/bwrap ] || missing+=(bubblewrap)
if [ "${1:-}" = "--with-browser" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} ..."
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  # The packages' own system services must not start: the platform runs these servers itself on loopback ports, and
  # a system RabbitMQ would listen on every interface. Debian's maintainer scripts ask policy-rc.d first (101: no).
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee /usr/sbin/policy-rc.d >/dev/null
    "${sudo_cmd[@]}" chmod 755 /usr/sbin/policy-rc.d
    policy=/usr/sbin/policy-rc.d
  fi
  status=0
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || status=$?
  [ -z "$policy" ] || "${sudo_cmd[@]}" rm -f "$policy"
  [ "$status" -eq 0 ] || exit "$status"
fi
