#!/usr/bin/env bash
# Builds the benchmark, and through its reference to the AppHost every service, in Release, then runs it; arguments
# go to the benchmark (--help lists them), e.g. ./bench/run.sh --scenario steady --duration 60. Without --gateway it
# starts the real AppHost in its own process (Aspire's testing builder), whose DCP launches the services.
# The idle-streams scenario holds thousands of sockets: the gateway needs two descriptors per stream (client and
# upstream), so the open-file limit is raised to 65536 where allowed (root with CAP_SYS_RESOURCE), else to the hard
# limit. The services inherit it from this shell, through the benchmark and DCP.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-prerequisites.sh
dotnet build bench/Copilot.Bench -c Release -nologo -v quiet
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec dotnet bench/Copilot.Bench/bin/Release/net10.0/Copilot.Bench.dll "$@"
