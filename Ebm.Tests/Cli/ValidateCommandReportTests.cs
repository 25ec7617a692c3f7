namespace Ebm.Tests.Cli;

[TestFixture]
public sealed class ValidateCommandReportTests
{
    [TestCase(false)]
    [TestCase(true)]
    public void AFailedCheckExitsWithOneAndIsShown(bool asJson)
    {
        var output = new StringWriter();
        var console = new Ebm.Cli.CommandConsole(output, new StringWriter());
        var report = new Ebm.Facade.Validation.ValidationReport(
            [new("energy good", "cpu:0", 1e-7, 1e-4, "rel (floor 1)"), new("energy wrong reference", "cpu:0", 0.01, 1e-4, "rel (floor 1)")],
            ["cpu:0"], ["cuda"]);
        int code = Ebm.Cli.Commands.ValidateCommand.Write(console, report, asJson);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output.ToString(), asJson ? Does.Contain("\"passed\": false") : Does.Contain("FAIL").And.Contain("1 of 2 checks FAILED"));
    }
}
