# syntax=docker/dockerfile:1
# gateway — build from the repository root: docker build -f deploy/docker/gateway.Dockerfile -t copilot/gateway .
ARG DOTNET_VERSION=10.0

# The web client, served by the gateway from wwwroot.
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY web/ ./
RUN npm run build -- --logLevel warn

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Project files first: the restore layer is reused until a dependency changes, not on every code change.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY ServiceDefaults/Copilot.ServiceDefaults/Copilot.ServiceDefaults.csproj ServiceDefaults/Copilot.ServiceDefaults/Copilot.ServiceDefaults.csproj
COPY ServiceDefaults/Copilot.Text/Copilot.Text.csproj ServiceDefaults/Copilot.Text/Copilot.Text.csproj
COPY gateway/Copilot.Gateway/Copilot.Gateway.csproj gateway/Copilot.Gateway/Copilot.Gateway.csproj
RUN dotnet restore gateway/Copilot.Gateway/Copilot.Gateway.csproj
COPY ServiceDefaults/ ServiceDefaults/
COPY gateway/ gateway/
# The project copies web/dist next to its binaries as wwwroot when it exists.
COPY --from=web /src/web/dist web/dist/
RUN dotnet publish gateway/Copilot.Gateway/Copilot.Gateway.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /app .
# The image's unprivileged "app" user (uid 1654); Kubernetes enforces it again with runAsNonRoot.
USER $APP_UID
# One explicit address (Kubernetes sets the same); the image's default HTTP_PORTS is cleared so nothing overrides it.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8080
ENTRYPOINT ["dotnet", "Copilot.Gateway.dll"]
