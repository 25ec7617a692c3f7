using System.Reflection;
using Ebm.Tests.Support;

namespace Ebm.Tests.Kernels;

/// <summary>Every kernel compiles to PTX (SM 7.5 and 9.0) and OpenCL C without a GPU.</summary>
[TestFixture]
public sealed class KernelCompilationTests
{
    private OfflineKernelCompiler compiler = null!;

    /// <summary>Every (kernel, target) pair.</summary>
    public static IEnumerable<TestCaseData> Cases() =>
        from kernel in KernelInventory.All()
        from target in OfflineKernelCompiler.Targets
        select new TestCaseData(kernel.Kernel, target).SetName($"Compiles({kernel.Name}, {target})");

    [OneTimeSetUp]
    public void CreateCompiler() => compiler = new OfflineKernelCompiler();

    [OneTimeTearDown]
    public void DisposeCompiler() => compiler.Dispose();

    [Test]
    public void InventoryFindsKernels() => Assert.That(KernelInventory.All().Count(), Is.GreaterThanOrEqualTo(2));

    [TestCaseSource(nameof(Cases))]
    public void Compiles(MethodInfo kernel, string target)
    {
        string source = compiler.Compile(kernel, target);
        string marker = target.StartsWith("ptx") ? ".entry" : "kernel void";
        Assert.That(source, Does.Contain(marker));
    }
}
