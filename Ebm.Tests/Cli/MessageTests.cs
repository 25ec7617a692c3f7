using Ebm.Cli;
using Ebm.Facade.Models;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

/// <summary>Error messages echo user input only as one short, printable line, and absurd spec files are refused unread.</summary>
[TestFixture]
public sealed class MessageTests
{
    [Test]
    public void TerminalEscapesFromAFileReachTheTerminalEscaped()
    {
        using var folder = new CliFolder();
        string points = folder.File("evil.npy");
        string header = "{'descr': '\u001b[2J\u001b[31m', 'fortran_order': False, 'shape': (2, 2), }";
        header = header.PadRight(117) + "\n";
        File.WriteAllBytes(points, [0x93, .. "NUMPY"u8.ToArray(), 1, 0, (byte)header.Length, 0, .. System.Text.Encoding.ASCII.GetBytes(header), .. new byte[16]]);
        var run = CliRun.Of("energy", "--model", folder.Spec("model.json", """{"energy": "diagonal_gaussian", "mean": [0, 0], "scales": [1, 1]}"""),
            "--points", points, "--out", folder.File("e.npy"), "--accelerator", "cpu");
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Error);
        Assert.That(run.Error, Does.Not.Contain("\u001b"), "no raw escape character");
        Assert.That(run.Error, Does.Contain("\\u001b[2J"), "shown escaped");
    }

    [Test]
    public void AHugeEchoedStringIsCutToAPrefix()
    {
        using var folder = new CliFolder();
        string name = new('x', 50_000);
        var run = CliRun.Of("energy", "--model", folder.Spec("model.json", $$"""{"energy": "{{name}}"}"""), "--points", folder.Points("p.npy", new double[,] { { 0 } }),
            "--out", folder.File("e.npy"), "--accelerator", "cpu");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        string line = run.Error.TrimEnd('\n');
        Assert.That(line.Split('\n'), Has.Length.EqualTo(1));
        Assert.That(line.Length, Is.LessThan(CommandConsole.MaxMessageLength + 100));
        Assert.That(line, Does.Match(@"… \([0-9,]+ more characters\)$"));
    }

    [Test]
    public void ASpecFileOverTheLimitIsRefusedBeforeParsing()
    {
        using var folder = new CliFolder();
        string spec = folder.File("huge.json");
        using (var file = File.Create(spec))
            file.SetLength(ModelSpecReader.MaxSpecBytes + 1);
        var run = CliRun.Of("energy", "--model", spec, "--points", folder.Points("p.npy", new double[,] { { 0 } }), "--out", folder.File("e.npy"));
        CliFolder.AssertUsageError(run, "a spec is at most 67,108,864");
    }
}
