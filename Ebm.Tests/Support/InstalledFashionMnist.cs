using Ebm.Facade.Data;

namespace Ebm.Tests.Support;

/// <summary>The real Fashion-MNIST of Debian's package, for the tests that need it (CI installs it).</summary>
internal static class InstalledFashionMnist
{
    /// <summary>Ignores the test when the package is not installed, or fails it when <c>EBM_REQUIRE_FASHION_MNIST=1</c> (CI).</summary>
    public static void Require()
    {
        if (File.Exists(Path.Combine(FashionMnist.DefaultFolder, "train-images-idx3-ubyte.gz")))
            return;
        if (Environment.GetEnvironmentVariable("EBM_REQUIRE_FASHION_MNIST") == "1")
            Assert.Fail("EBM_REQUIRE_FASHION_MNIST=1 but dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist)");
        Assert.Ignore("dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist)");
    }
}
