#!/usr/bin/env bash
# Runs the fault-injection suite (tests/Copilot.FaultInjection.Tests): the platform under chat load while executors
# are killed or frozen, Redis, RabbitMQ and PostgreSQL are restarted and clients drop and resume. The suite starts and
# restarts infrastructure of its own (it never touches COPILOT_TEST_INFRA's shared servers): about 4 minutes a run on
# a two-core machine. ./test.sh runs it once with everything else; this script is for repeating it.
#
#   ./scripts/fault-injection.sh                 # build, then run the suite once
#   ./scripts/fault-injection.sh --repeat 3      # run it three times in a row (stops at the first failing run)
#   ./scripts/fault-injection.sh --filter "FullyQualifiedName~Redis"   # other arguments go to dotnet test
#
# Each run ends with a line "run i/N: passed|failed in S s"; service logs of every run are kept under
# tests/Copilot.FaultInjection.Tests/bin/Release/net10.0/fault-injection-logs/.
set -euo pipefail
cd "$(dirname "$0")/.."

repeat=1
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --repeat) repeat="$2"; shift 2 ;;
    --repeat=*) repeat="${1#*=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
if ! [[ "$repeat" =~ ^[1-9][0-9]*$ ]]; then
  echo "--repeat needs a positive whole number, not '$repeat'." >&2
  exit 2
fi

./scripts/install-prerequisites.sh
dotnet build tests/Copilot.FaultInjection.Tests -c Release -nologo -v quiet

for run in $(seq 1 "$repeat"); do
  started=$(date +%s)
  status=0
  dotnet test tests/Copilot.FaultInjection.Tests -c Release --no-build -nologo "${args[@]}" || status=$?
  elapsed=$(( $(date +%s) - started ))
  if [ "$status" -ne 0 ]; then
    echo "run $run/$repeat: failed in $elapsed s"
    exit "$status"
  fi
  echo "run $run/$repeat: passed in $elapsed s"
done
