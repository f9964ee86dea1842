#!/usr/bin/env bash
# Starts the whole platform on its embedded default under .NET Aspire: local Redis, RabbitMQ and PostgreSQL processes,
# the LLM simulator (unless OPENROUTER_API_KEY or Llm__BaseUrl is set), every service, and the Aspire dashboard
# (its login URL is printed). Arguments are passed to the AppHost (e.g. --external, --gateway-port, --help).
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-prerequisites.sh
# The gateway serves the web client at / (its build copies web/dist next to its binaries).
./web/build.sh
# Building the AppHost builds every service it runs.
dotnet build AppHost/Copilot.AppHost -c Release -nologo -v quiet
# Not `dotnet run`: that would apply no launch profile here anyway, and exec lets Ctrl+C and SIGTERM reach the AppHost.
exec dotnet AppHost/Copilot.AppHost/bin/Release/net10.0/Copilot.AppHost.dll "$@"
