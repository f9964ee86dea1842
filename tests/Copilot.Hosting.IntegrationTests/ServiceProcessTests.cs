using Copilot.Testing;
using FluentAssertions;

namespace Copilot.Hosting.IntegrationTests;

public sealed class ServiceProcessTests
{
    [Fact]
    public async Task Starting_a_service_that_was_not_built_explains_how_to_build_it()
    {
        var options = new ServiceProcessOptions("services/NeverBuilt") { RepositoryRoot = Path.GetTempPath(), BuildConfiguration = "Release" };

        var start = () => ServiceProcess.StartAsync(options);

        await start.Should().ThrowAsync<FileNotFoundException>()
            .WithMessage("*services/NeverBuilt/bin/Release/net10.0/NeverBuilt.dll does not exist*dotnet build services/NeverBuilt -c Release*");
    }
}
