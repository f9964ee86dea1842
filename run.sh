#!/usr/bin/env bash
# Starts the whole platform on its embedded default: local Redis, RabbitMQ and PostgreSQL processes, the LLM
# simulator (unless OPENROUTER_API_KEY or Llm__BaseUrl is set), every service, and the dashboard.
# Arguments are passed to the AppHost (e.g. --external, --verbose, --help).
set -euo pipefail
cd "$(dirname "$0")"
./scripts/install-prerequisites.sh
# The gateway serves the web client at / (its build copies web/dist next to its binaries).
./web/build.sh
dotnet build AppHost/Copilot.AppHost -c Release -nologo -v quiet
exec dotnet AppHost/Copilot.AppHost/bin/Release/net10.0/Copilot.AppHost.dll "$@"
