# syntax=docker/dockerfile:1
# copilot-executor — build from the repository root: docker build -f deploy/docker/copilot-executor.Dockerfile -t copilot/copilot-executor .
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Project files first: the restore layer is reused until a dependency changes, not on every code change.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY ServiceDefaults/Copilot.ServiceDefaults/Copilot.ServiceDefaults.csproj ServiceDefaults/Copilot.ServiceDefaults/Copilot.ServiceDefaults.csproj
COPY ServiceDefaults/Copilot.Text/Copilot.Text.csproj ServiceDefaults/Copilot.Text/Copilot.Text.csproj
COPY services/Copilot.Contracts/Copilot.Contracts.csproj services/Copilot.Contracts/Copilot.Contracts.csproj
COPY services/Copilot.Messaging/Copilot.Messaging.csproj services/Copilot.Messaging/Copilot.Messaging.csproj
COPY services/Copilot.Usage.Client/Copilot.Usage.Client.csproj services/Copilot.Usage.Client/Copilot.Usage.Client.csproj
COPY services/Copilot.Chat/Copilot.Chat.csproj services/Copilot.Chat/Copilot.Chat.csproj
COPY services/Copilot.Executor/Copilot.Executor.csproj services/Copilot.Executor/Copilot.Executor.csproj
RUN dotnet restore services/Copilot.Executor/Copilot.Executor.csproj
COPY ServiceDefaults/ ServiceDefaults/
COPY services/ services/
RUN dotnet publish services/Copilot.Executor/Copilot.Executor.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
# bash_exec runs every command under bubblewrap (Executor:Sandbox:BubblewrapPath, /usr/bin/bwrap); without it the tool
# refuses. It needs unprivileged user namespaces where the pod runs: see deploy/README.md.
RUN apt-get update \
    && apt-get install -y --no-install-recommends bubblewrap \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
# The image's unprivileged "app" user (uid 1654); Kubernetes enforces it again with runAsNonRoot.
USER $APP_UID
# One explicit address (Kubernetes sets the same); the image's default HTTP_PORTS is cleared so nothing overrides it.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8080
ENTRYPOINT ["dotnet", "Copilot.Executor.dll"]
