using System.Text.Json;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

[TestFixture]
public sealed class DevicesCommandTests
{
    [Test]
    public void ListsTheCpuAcceleratorAndMarksTheAutoChoice()
    {
        var run = CliRun.Of("devices");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Output, Does.Contain("cpu:0").And.Contain("auto picks"));
    }

    [Test]
    public void JsonNamesExactlyOneAutoDevice()
    {
        var run = CliRun.Of("devices", "--json");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var document = JsonDocument.Parse(run.Output);
        var devices = document.RootElement.GetProperty("devices").EnumerateArray().ToList();
        Assert.That(devices.Count(device => device.GetProperty("auto").GetBoolean()), Is.EqualTo(1));
        Assert.That(devices.Select(device => device.GetProperty("kind").GetString()), Does.Contain("cpu"));
    }

    [TestCase("bogus")]
    [TestCase("devices", "--no-such-option")]
    public void UnknownCommandsAndOptionsExitWithUsageError(params string[] args)
    {
        var run = CliRun.Of(args);
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.Contain("usage"));
    }

    [Test]
    public void VersionPrintsTheAssemblyVersion()
    {
        var run = CliRun.Of("--version");
        Assert.That(run.ExitCode, Is.EqualTo(0));
        Assert.That(run.Output.Trim(), Does.Match(@"^\d+\.\d+\.\d+"));
    }
}
