using System.Diagnostics;

namespace Ebm.Tests.Packaging;

/// <summary>
/// <c>dotnet pack</c> produces the library packages and the <c>ebm</c> tool, and a tiny project that references
/// Ebm.Facade from a local folder feed builds and runs (it evaluates a Gaussian energy on the CPU accelerator).
/// </summary>
[TestFixture]
[Category("Packaging")]
public sealed class PackageConsumerTests
{
    [Test]
    public void ALocalFeedOfThePackagesServesAConsumerProject()
    {
        string root = RepositoryRoot();
        string work = Path.Combine(Path.GetTempPath(), "ebm-consumer-" + Guid.NewGuid().ToString("N"));
        string feed = Path.Combine(work, "feed"), app = Path.Combine(work, "app");
        Directory.CreateDirectory(app);
        try
        {
            Run(root, "dotnet", $"pack Ebm.sln -c Release --no-build -o \"{feed}\"");
            string[] packages = [.. Directory.GetFiles(feed, "*.nupkg").Select(Path.GetFileName)!];
            Assert.That(packages, Is.SupersetOf(new[] { "Ebm.Kernels.0.1.0.nupkg", "Ebm.Runtime.0.1.0.nupkg", "Ebm.Facade.0.1.0.nupkg", "ebm.0.1.0.nupkg" }));
            Assert.That(Directory.GetFiles(feed, "*.snupkg"), Has.Length.GreaterThanOrEqualTo(4), "symbol packages");

            string globalPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            File.WriteAllText(Path.Combine(app, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                    <RestoreAdditionalProjectSources>{feed}</RestoreAdditionalProjectSources>
                    <RestorePackagesPath>{Path.Combine(work, "packages")}</RestorePackagesPath>
                    <RestoreFallbackFolders>{globalPackages}</RestoreFallbackFolders>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Ebm.Facade" Version="0.1.0" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "Directory.Build.props"), "<Project />");
            File.WriteAllText(Path.Combine(app, "Directory.Packages.props"), "<Project />");

            // The README's embedding example compiles against the packages as published.
            File.WriteAllText(Path.Combine(app, "Program.cs"), ReadmeExample(root));
            Run(app, "dotnet", "build -c Release");

            File.WriteAllText(Path.Combine(app, "Program.cs"), """
                using Ebm.Facade.Models;
                using Ebm.Runtime.Accelerators;
                using var session = AcceleratorSession.Open("cpu");
                using var model = EnergyModel.Create(new DiagonalGaussianSpec([0, 0], [1, 2]), session);
                Console.WriteLine($"E = {model.Energy(new float[,] { { 1, 2 } })[0]:F4}");
                """);
            string output = Run(app, "dotnet", "run -c Release");
            Assert.That(output, Does.Contain("E = 1.0000")); // ½(1² + (2/2)²)
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static string ReadmeExample(string root)
    {
        string readme = File.ReadAllText(Path.Combine(root, "README.md"));
        int section = readme.IndexOf("## Embedding Ebm in research code", StringComparison.Ordinal);
        Assert.That(section, Is.GreaterThanOrEqualTo(0), "the README has an embedding example");
        int start = readme.IndexOf("```csharp", section, StringComparison.Ordinal) + "```csharp".Length;
        int end = readme.IndexOf("```", start, StringComparison.Ordinal);
        return readme[start..end];
    }

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Ebm.sln")))
            folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("Ebm.sln not found above the test folder");
    }

    private static string Run(string directory, string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
            process.Kill(entireProcessTree: true);
        Assert.That(process.ExitCode, Is.EqualTo(0), $"{program} {arguments} in {directory}:\n{output}\n{error.Result}");
        return output;
    }
}
