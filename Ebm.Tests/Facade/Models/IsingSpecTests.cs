using Ebm.Facade.Models;

namespace Ebm.Tests.Facade.Models;

/// <summary>
/// Exact Ising enumeration against independent closed forms: the periodic chain's transfer matrix (Z = λ₊ᴺ + λ₋ᴺ), which
/// also covers the 2 × 2 torus (a ring of four spins under the pair-once convention), the single bond of a 1 × 2 lattice,
/// a brute-force sum over the float64 reference energy, and ⟨E⟩ = −∂ log Z/∂β.
/// </summary>
[TestFixture]
public sealed class IsingSpecTests
{
    [TestCase(3, 0.3, 0.1, 1.0)]
    [TestCase(5, -0.7, 0.4, 1.5)]
    [TestCase(8, 1.0, -0.2, 0.8)]
    [TestCase(13, 0.45, 0.0, 1.0)]
    public void PeriodicChainMatchesTheTransferMatrix(int n, double coupling, double field, double temperature)
    {
        var spec = new IsingSpec(1, n, coupling, field) { Temperature = temperature };
        Assert.That(spec.ExactLogPartition(), Is.EqualTo(TransferMatrixLogZ(n, coupling, field, 1 / temperature)).Within(1e-10));
        // ⟨M⟩/N = (T/N) ∂ log Z/∂h, by central differences of the closed form.
        const double dh = 1e-5;
        double slope = (TransferMatrixLogZ(n, coupling, field + dh, 1 / temperature) - TransferMatrixLogZ(n, coupling, field - dh, 1 / temperature)) / (2 * dh);
        Assert.That(spec.ExactMoments().MeanMagnetisation, Is.EqualTo(temperature * slope / n).Within(1e-7));
    }

    [Test]
    public void TwoByTwoTorusIsARingOfFourSpins()
    {
        var spec = new IsingSpec(2, 2, 0.3, 0.1);
        Assert.That(spec.Bonds, Is.EqualTo(4));
        Assert.That(spec.ExactLogPartition(), Is.EqualTo(TransferMatrixLogZ(4, 0.3, 0.1, 1)).Within(1e-12));
    }

    [Test]
    public void OneByTwoLatticeHasASingleBond()
    {
        const double j = 0.8, h = -0.3, beta = 1 / 1.3;
        var spec = new IsingSpec(1, 2, j, h) { Temperature = 1.3 };
        double z = Math.Exp(beta * (j + 2 * h)) + Math.Exp(beta * (j - 2 * h)) + 2 * Math.Exp(-beta * j);
        Assert.That(spec.ExactLogPartition(), Is.EqualTo(Math.Log(z)).Within(1e-12));
    }

    [Test]
    public void SingleSiteIsAFreeSpin()
    {
        var spec = new IsingSpec(1, 1, 5, 0.4);
        var moments = spec.ExactMoments();
        Assert.That(moments.LogPartition, Is.EqualTo(Math.Log(2 * Math.Cosh(0.4))).Within(1e-12));
        Assert.That(moments.MeanMagnetisation, Is.EqualTo(Math.Tanh(0.4)).Within(1e-12));
    }

    [TestCase(1, 1, 0)]
    [TestCase(1, 2, 1)]
    [TestCase(1, 7, 7)]
    [TestCase(2, 2, 4)]
    [TestCase(2, 3, 9)]
    [TestCase(3, 3, 18)]
    [TestCase(4, 4, 32)]
    public void BondsCountEachNeighbourPairOnce(int rows, int columns, int bonds) =>
        Assert.That(new IsingSpec(rows, columns, 1, 0).Bonds, Is.EqualTo(bonds));

    [TestCase(3, 3, 0.3, 0.1, 1.0)]
    [TestCase(2, 3, -0.5, 0.2, 0.7)]
    [TestCase(3, 4, 0.44, -0.05, 1.0)]
    [TestCase(4, 4, 0.3, 0.1, 1.0)]
    public void EnumerationMatchesABruteForceSumOfTheReferenceEnergy(int rows, int columns, double coupling, double field, double temperature)
    {
        var spec = new IsingSpec(rows, columns, coupling, field) { Temperature = temperature };
        int n = spec.Sites;
        var energies = new double[1 << n];
        var magnetisations = new double[1 << n];
        var spins = new double[n];
        for (int code = 0; code < 1 << n; code++)
        {
            for (int i = 0; i < n; i++)
                spins[i] = (code >> i & 1) == 1 ? 1 : -1;
            energies[code] = spec.ReferenceEnergy(spins);
            magnetisations[code] = spins.Sum() / n;
        }
        double shift = energies.Min(), z = 0, energy = 0, absM = 0;
        for (int code = 0; code < 1 << n; code++)
        {
            double w = Math.Exp(-(energies[code] - shift) / temperature);
            z += w;
            energy += w * energies[code] / n;
            absM += w * Math.Abs(magnetisations[code]);
        }
        var moments = spec.ExactMoments();
        Assert.Multiple(() =>
        {
            Assert.That(moments.LogPartition, Is.EqualTo(Math.Log(z) - shift / temperature).Within(1e-9));
            Assert.That(moments.MeanEnergyPerSite, Is.EqualTo(energy / z).Within(1e-10));
            Assert.That(moments.MeanAbsMagnetisation, Is.EqualTo(absM / z).Within(1e-10));
        });
    }

    [Test]
    public void MeanEnergyIsMinusTheBetaDerivativeOfLogZ()
    {
        // ⟨E⟩ = −∂ log Z/∂β, central differences in β = 1/T.
        const double beta = 1.1, db = 1e-5;
        var spec = new IsingSpec(3, 4, 0.35, 0.15) { Temperature = 1 / beta };
        double LogZ(double b) => (spec with { Temperature = 1 / b }).ExactLogPartition();
        double derivative = (LogZ(beta + db) - LogZ(beta - db)) / (2 * db);
        Assert.That(spec.ExactMoments().MeanEnergyPerSite * spec.Sites, Is.EqualTo(-derivative).Within(1e-6));
    }

    [Test]
    public void ReferenceEnergyOfTheAllUpStateCountsEveryBond()
    {
        var spec = new IsingSpec(3, 5, 0.5, 0.25);
        var up = Enumerable.Repeat(1.0, spec.Sites).ToArray();
        Assert.That(spec.ReferenceEnergy(up), Is.EqualTo(-0.5 * 30 - 0.25 * 15).Within(1e-12));
    }

    [Test]
    public void InvalidSpecsAreRejected()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new IsingSpec(0, 3, 1, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new IsingSpec(3, -1, 1, 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new IsingSpec(3, 3, double.NaN, 0), Throws.ArgumentException.With.Message.Contains("coupling"));
            Assert.That(() => new IsingSpec(3, 3, 1, double.PositiveInfinity), Throws.ArgumentException.With.Message.Contains("field"));
            Assert.That(() => new IsingSpec(2, 2, 1, 0) { Temperature = 0 }.ExactMoments(), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => new IsingSpec(5, 5, 1, 0).ExactLogPartition(), Throws.InvalidOperationException.With.Message.Contains("2^25"));
        });
    }

    // Z of the periodic chain of n spins with n bonds: λ₊ⁿ + λ₋ⁿ, λ± = e^{βJ} cosh βh ± √(e^{2βJ} sinh² βh + e^{−2βJ}).
    private static double TransferMatrixLogZ(int n, double coupling, double field, double beta)
    {
        double a = Math.Exp(beta * coupling) * Math.Cosh(beta * field);
        double root = Math.Sqrt(Math.Exp(2 * beta * coupling) * Math.Pow(Math.Sinh(beta * field), 2) + Math.Exp(-2 * beta * coupling));
        double plus = a + root, minus = a - root;
        return n * Math.Log(plus) + Math.Log(1 + Math.Pow(minus / plus, n));
    }
}
