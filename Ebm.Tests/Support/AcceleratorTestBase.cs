using Ebm.Runtime.Accelerators;

namespace Ebm.Tests.Support;

/// <summary>Base of fixtures that run kernels: one fixture instance per accelerator kind, one session per fixture.</summary>
[TestFixtureSource(typeof(AcceleratorCases), nameof(AcceleratorCases.Kinds))]
[Category("Accelerator")]
public abstract class AcceleratorTestBase(AcceleratorKind kind)
{
    private AcceleratorSession? session;

    /// <summary>The kind this fixture instance runs on.</summary>
    protected AcceleratorKind Kind { get; } = kind;

    /// <summary>The open session (valid inside tests).</summary>
    protected AcceleratorSession Session => session ?? throw new InvalidOperationException("no session");

    /// <summary>Opens the session or ignores the fixture.</summary>
    [OneTimeSetUp]
    public void OpenSession() => session = AcceleratorCases.OpenOrIgnore(Kind);

    /// <summary>Closes the session.</summary>
    [OneTimeTearDown]
    public void CloseSession() => session?.Dispose();
}
