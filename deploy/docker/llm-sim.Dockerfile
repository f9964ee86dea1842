# syntax=docker/dockerfile:1
# llm-sim — build from the repository root: docker build -f deploy/docker/llm-sim.Dockerfile -t copilot/llm-sim .
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Project files first: the restore layer is reused until a dependency changes, not on every code change.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY ServiceDefaults/Copilot.ServiceDefaults/Copilot.ServiceDefaults.csproj ServiceDefaults/Copilot.ServiceDefaults/Copilot.ServiceDefaults.csproj
COPY ServiceDefaults/Copilot.Text/Copilot.Text.csproj ServiceDefaults/Copilot.Text/Copilot.Text.csproj
COPY tools/Copilot.LlmSim/Copilot.LlmSim.csproj tools/Copilot.LlmSim/Copilot.LlmSim.csproj
RUN dotnet restore tools/Copilot.LlmSim/Copilot.LlmSim.csproj
COPY ServiceDefaults/ ServiceDefaults/
COPY tools/Copilot.LlmSim/ tools/Copilot.LlmSim/
RUN dotnet publish tools/Copilot.LlmSim/Copilot.LlmSim.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /app .
# The image's unprivileged "app" user (uid 1654); Kubernetes enforces it again with runAsNonRoot.
USER $APP_UID
# One explicit address (Kubernetes sets the same); the image's default HTTP_PORTS is cleared so nothing overrides it.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8080
ENTRYPOINT ["dotnet", "Copilot.LlmSim.dll"]
