using Ebm.Facade.Models;
using Ebm.Facade.Validation;
using Ebm.Facade.Partition;
using Ebm.Runtime.Accelerators;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Partition;

/// <summary>Grid quadrature of log Z against the closed forms, which in turn checks every analytic log Z.</summary>
public sealed class GridQuadratureTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    public static IEnumerable<TestCaseData> Cases()
    {
        yield return new TestCaseData(GaussianSpec.FromCovariance([0.5], new double[,] { { 2.89 } }), new[] { -17.0 }, new[] { 18.0 }, 1e-4).SetArgDisplayNames("gaussian-1d");
        yield return new TestCaseData(ValidationEnergies.Correlated(2), new[] { -8.0, -8.0 }, new[] { 8.0, 8.0 }, 1e-3).SetArgDisplayNames("gaussian-2d");
        yield return new TestCaseData(ValidationEnergies.Correlated(2) with { Temperature = 0.5 }, new[] { -8.0, -8.0 }, new[] { 8.0, 8.0 }, 1e-3).SetArgDisplayNames("gaussian-2d-T0.5");
        yield return new TestCaseData(ValidationEnergies.Ring(), new[] { -4.0, -4.0 }, new[] { 4.0, 4.0 }, 1e-3).SetArgDisplayNames("mixture-ring");
        yield return new TestCaseData(new DiagonalGaussianSpec([1, -1], [0.5, 2]) { Temperature = 3 }, new[] { -6.0, -25.0 }, new[] { 8.0, 23.0 }, 1e-3).SetArgDisplayNames("diagonal-T3");
        yield return new TestCaseData(new BananaSpec(2, 1, 10), new[] { -4.0, -3.0 }, new[] { 6.0, 37.0 }, 2e-3).SetArgDisplayNames("banana");
        yield return new TestCaseData(new FunnelSpec(2, 0.5), new[] { -4.0, -80.0 }, new[] { 4.0, 80.0 }, 2e-3).SetArgDisplayNames("funnel");
        yield return new TestCaseData(new FunnelSpec(2, 0.5) { Temperature = 1.5 }, new[] { -5.0, -150.0 }, new[] { 6.0, 150.0 }, 2e-3).SetArgDisplayNames("funnel-T1.5");
    }

    [TestCaseSource(nameof(Cases))]
    public void QuadratureMatchesTheClosedFormLogPartition(EnergySpec spec, double[] lower, double[] upper, double tolerance)
    {
        using var model = EnergyModel.Create(spec, Session);
        int resolution = spec.Dimension == 1 ? 4096 : 1024;
        var estimate = GridQuadrature.LogPartition(model, new QuadratureGrid(lower, upper, resolution));
        Assert.That(estimate.LogZ, Is.EqualTo(spec.LogPartition!.Value).Within(tolerance));
        Assert.That(estimate.StandardError, Is.LessThan(tolerance), "the halving error estimate");
    }

    [Test]
    public void MixtureDensityIntegratesToOne()
    {
        using var model = EnergyModel.Create(ValidationEnergies.Ring(), Session);
        var grid = new QuadratureGrid([-4, -4], [4, 4], 512);
        double mass = GridQuadrature.Densities(model, grid, logZ: 0).Sum() * grid.CellVolume;
        Assert.That(mass, Is.EqualTo(1).Within(1e-4));
    }
}
