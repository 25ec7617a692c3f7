using Ebm.Facade.Data;

namespace Ebm.Tests.Facade.Data;

[TestFixture]
public sealed class ToyDatasetsTests
{
    [TestCaseSource(typeof(ToyDatasets), nameof(ToyDatasets.Names))]
    public void EverySetIsDeterministicFiniteAndSpread(string name)
    {
        var first = ToyDatasets.Generate(name, 2000, 7);
        var second = ToyDatasets.Generate(name, 2000, 7);
        var other = ToyDatasets.Generate(name, 2000, 8);
        Assert.That(second, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
        Assert.That(first.Cast<float>().All(float.IsFinite));
        double spread = first.Cast<float>().Select(value => (double)value).Max() - first.Cast<float>().Select(value => (double)value).Min();
        Assert.That(spread, Is.InRange(1.0, 20.0));
    }

    [Test]
    public void EightGaussiansHasItsModesOnTheCircle()
    {
        var data = ToyDatasets.Generate("8gaussians", 20000, 1);
        var (radius, scale) = ToyDatasets.EightGaussians;
        double meanRadius = Enumerable.Range(0, 20000).Average(i => Math.Sqrt(data[i, 0] * data[i, 0] + data[i, 1] * data[i, 1]));
        Assert.That(meanRadius, Is.EqualTo(radius).Within(5 * scale / Math.Sqrt(20000) + scale * scale / radius));
    }

    [Test]
    public void CheckerboardEntropyIsLogOfItsArea() => Assert.That(DataEntropy.Of("checkerboard"), Is.EqualTo(Math.Log(32)).Within(1e-12));

    [Test]
    public void EightGaussiansEntropyMatchesAMonteCarloEstimateFromTheGenerator()
    {
        // H = E[−log p(x)] with x from the generator itself and p the mixture density: an independent estimate
        // whose standard error is sd(−log p)/√n; the quadrature value must lie within 5 of them.
        const int n = 200_000;
        var data = ToyDatasets.Generate("8gaussians", n, 3);
        var (radius, scale) = ToyDatasets.EightGaussians;
        var values = new double[n];
        for (int i = 0; i < n; i++)
        {
            double density = 0;
            for (int k = 0; k < 8; k++)
            {
                double dx = data[i, 0] - radius * Math.Cos(k * Math.PI / 4), dy = data[i, 1] - radius * Math.Sin(k * Math.PI / 4);
                density += Math.Exp(-(dx * dx + dy * dy) / (2 * scale * scale)) / (8 * 2 * Math.PI * scale * scale);
            }
            values[i] = -Math.Log(density);
        }
        double mean = values.Average(), sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (n - 1));
        Assert.That(DataEntropy.Of("8gaussians")!.Value, Is.EqualTo(mean).Within(5 * sd / Math.Sqrt(n)));
    }

    [Test]
    public void UnknownNamesListTheKnownOnes() =>
        Assert.That(() => ToyDatasets.Generate("spirals3", 10, 1), Throws.ArgumentException.With.Message.Contains("8gaussians"));
}
