#!/usr/bin/env bash
# Builds everything, starts one Redis/RabbitMQ/PostgreSQL for the whole run (shared by every test project, each
# test isolating itself by database, virtual host and key), runs every test project, and ends with the line
# "N passed, N failed, N skipped". Extra arguments go to `dotnet test` (e.g. --filter).
# The web client is built first: its browser tests drive Debian's chromium against the gateway serving web/dist.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-prerequisites.sh --with-browser
./web/build.sh

dotnet build Copilot.sln -c Release -nologo -v quiet

work=$(mktemp -d)
# PostgreSQL and RabbitMQ run as their own users and must be able to reach their data directories inside.
chmod 755 "$work"
state="$work/infra.json"
dotnet AppHost/Copilot.AppHost/bin/Release/net10.0/Copilot.AppHost.dll \
  --infra-only --state-file "$state" --data-dir "$work/infra" > "$work/infra.log" 2>&1 &
infra=$!
cleanup() {
  kill -TERM "$infra" 2>/dev/null && wait "$infra" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for _ in $(seq 1 240); do
  [ -s "$state" ] && break
  if ! kill -0 "$infra" 2>/dev/null; then
    echo "The test infrastructure failed to start:" >&2
    cat "$work/infra.log" >&2
    exit 1
  fi
  sleep 0.5
done
[ -s "$state" ] || { echo "The test infrastructure did not start within 120 s." >&2; cat "$work/infra.log" >&2; exit 1; }

set +e
# One test project at a time (-m:1): each integration project already runs its tests in parallel and starts whole
# service stacks; two projects' stacks at once overload a 2-core machine into timeouts.
COPILOT_TEST_INFRA="$state" dotnet test Copilot.sln -c Release --no-build -nologo -m:1 "$@" 2>&1 | tee "$work/test.log"
status=${PIPESTATUS[0]}
set -e

sum() { grep -oE "$1: +[0-9]+" "$work/test.log" | awk '{ total += $2 } END { print total + 0 }'; }
passed=$(sum Passed)
failed=$(sum Failed)
skipped=$(sum Skipped)
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A test host that crashed reports no counts; the run still failed.
  failed=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
