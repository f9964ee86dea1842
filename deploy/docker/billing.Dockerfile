# syntax=docker/dockerfile:1
# billing — build from the repository root: docker build -f deploy/docker/billing.Dockerfile -t copilot/billing .
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Project files first: the restore layer is reused until a dependency changes, not on every code change.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY ServiceDefaults/Copilot.ServiceDefaults/Copilot.ServiceDefaults.csproj ServiceDefaults/Copilot.ServiceDefaults/Copilot.ServiceDefaults.csproj
COPY ServiceDefaults/Copilot.Text/Copilot.Text.csproj ServiceDefaults/Copilot.Text/Copilot.Text.csproj
COPY services/Copilot.Contracts/Copilot.Contracts.csproj services/Copilot.Contracts/Copilot.Contracts.csproj
COPY services/Copilot.Messaging/Copilot.Messaging.csproj services/Copilot.Messaging/Copilot.Messaging.csproj
COPY services/Copilot.Billing/Copilot.Billing.csproj services/Copilot.Billing/Copilot.Billing.csproj
RUN dotnet restore services/Copilot.Billing/Copilot.Billing.csproj
COPY ServiceDefaults/ ServiceDefaults/
COPY services/ services/
RUN dotnet publish services/Copilot.Billing/Copilot.Billing.csproj -c Release -o /app --no-restore -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
WORKDIR /app
COPY --from=build /app .
# The image's unprivileged "app" user (uid 1654); Kubernetes enforces it again with runAsNonRoot.
USER $APP_UID
# One explicit address (Kubernetes sets the same); the image's default HTTP_PORTS is cleared so nothing overrides it.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 8080
ENTRYPOINT ["dotnet", "Copilot.Billing.dll"]
