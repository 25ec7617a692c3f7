using CommunityToolkit.HighPerformance;
using Ebm.Facade.Models;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Discrete;
using Ebm.Runtime.Memory;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Models;

/// <summary>
/// Device Ising energies and RBM free energies (and the RBM's ∇θF) against the float64 host references, on every accelerator.
/// Ising bond sums are exact in float32, so only the final products round (tolerance 1e-5 relative); the RBM accumulates
/// V products and H softplus values in float32 (tolerance 2e-4 relative, as the continuous energies).
/// </summary>
public sealed class DiscreteModelTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    public static IEnumerable<TestCaseData> Lattices() =>
        new[] { (1, 1), (1, 2), (2, 1), (2, 2), (1, 5), (3, 4), (5, 7), (2, 6), (6, 1), (4, 4) }
            .Select(size => new TestCaseData(size.Item1, size.Item2).SetArgDisplayNames($"{size.Item1}x{size.Item2}"));

    [TestCaseSource(nameof(Lattices))]
    public void IsingEnergiesMatchTheFloat64Reference(int rows, int columns)
    {
        var spec = new IsingSpec(rows, columns, 0.37, -0.21);
        var states = RandomStates(29, spec.Sites, -1, seed: rows * 31 + columns);
        using var model = DiscreteModel.Create(spec, Session);
        float[] energies = model.Energy(states);
        for (int n = 0; n < energies.Length; n++)
        {
            double expected = spec.ReferenceEnergy(Row(states, n));
            Assert.That(energies[n], Is.EqualTo(expected).Within(1e-5 * (1 + Math.Abs(expected))), $"E(state {n})");
        }
    }

    [TestCaseSource(nameof(Lattices))]
    public void IsingGradientIsMinusTheLocalField(int rows, int columns)
    {
        var spec = new IsingSpec(rows, columns, 0.6, 0.15);
        var states = RandomStates(5, spec.Sites, -1, seed: 3);
        using var model = DiscreteModel.Create(spec, Session);
        using var deviceStates = new DeviceMatrix<float>(Session, 5, spec.Sites);
        deviceStates.CopyFrom(new ReadOnlySpan2D<float>(states));
        using var energies = new DeviceVector<float>(Session, 5);
        using var gradients = new DeviceMatrix<float>(Session, 5, spec.Sites);
        model.Device.EvaluateWithGradient(deviceStates, energies, gradients);
        var actual = gradients.ToArray();
        for (int n = 0; n < 5; n++)
        {
            for (int i = 0; i < spec.Sites; i++)
            {
                double neighbourSum = spec.Neighbours(i).Sum(j => (double)states[n, j]);
                Assert.That(actual[n, i], Is.EqualTo(-0.6 * neighbourSum - 0.15).Within(1e-6), $"∂E/∂s{i} of state {n}");
            }
        }
    }

    [TestCase(6, 4)]
    [TestCase(1, 1)]
    [TestCase(17, 9)]
    [TestCase(3, 40)]
    public void RbmFreeEnergiesMatchTheFloat64Reference(int visible, int hidden)
    {
        var spec = RbmSpec.Random(visible, hidden, 0.8, seed: (ulong)(visible * 100 + hidden));
        var states = RandomStates(37, visible, 0, seed: visible + hidden);
        using var model = DiscreteModel.Create(spec, Session);
        float[] energies = model.Energy(states);
        for (int n = 0; n < energies.Length; n++)
        {
            double expected = spec.ReferenceEnergy(Row(states, n));
            Assert.That(energies[n], Is.EqualTo(expected).Within(2e-4 * (1 + Math.Abs(expected))), $"F(state {n})");
        }
    }

    [TestCase(6, 4)]
    [TestCase(5, 11)]
    public void RbmParameterGradientsMatchTheFloat64Reference(int visible, int hidden)
    {
        var spec = RbmSpec.Random(visible, hidden, 0.8, seed: 21);
        const int count = 19;
        var states = RandomStates(count, visible, 0, seed: 8);
        using var device = (RbmDeviceEnergy)spec.CreateDevice(Session);
        using var deviceStates = new DeviceMatrix<float>(Session, count, visible);
        deviceStates.CopyFrom(new ReadOnlySpan2D<float>(states));
        using var energies = new DeviceVector<float>(Session, count);
        using var perSample = new DeviceMatrix<float>(Session, count, device.ParameterCount);
        device.EvaluateParameterGradients(deviceStates, energies, perSample);
        var actual = perSample.ToArray();
        float[] actualEnergies = energies.ToArray();
        var expected = new double[spec.ParameterCount];
        Assert.That(device.ParameterCount, Is.EqualTo(hidden * visible + visible + hidden));
        for (int n = 0; n < count; n++)
        {
            double energy = spec.ReferenceParameterGradient(Row(states, n), expected);
            Assert.That(actualEnergies[n], Is.EqualTo(energy).Within(2e-4 * (1 + Math.Abs(energy))), $"F(state {n})");
            for (int p = 0; p < expected.Length; p++)
                Assert.That(actual[n, p], Is.EqualTo(expected[p]).Within(1e-5), $"∂F/∂θ{p} at state {n}");
        }
    }

    [Test]
    public void StatesOutsideTheTwoLevelsAreRejected()
    {
        using var ising = DiscreteModel.Create(new IsingSpec(2, 2, 1, 0), Session);
        using var rbm = DiscreteModel.Create(RbmSpec.Random(3, 2, 1, 0), Session);
        Assert.Multiple(() =>
        {
            Assert.That(() => ising.Energy(new float[,] { { 1, -1, 0, 1 } }), Throws.ArgumentException.With.Message.Contains("[0, 2]").And.Message.Contains("-1 or 1"));
            Assert.That(() => rbm.Energy(new float[,] { { 1, 0, 0 }, { 0, -1, 1 } }), Throws.ArgumentException.With.Message.Contains("[1, 1]").And.Message.Contains("0 or 1"));
            Assert.That(() => rbm.Energy(new float[1, 4]), Throws.ArgumentException.With.Message.Contains("3"));
            Assert.That(() => rbm.Energy(new float[0, 3]), Throws.ArgumentException.With.Message.Contains("empty"));
        });
    }

    private static float[,] RandomStates(int count, int units, float lower, int seed)
    {
        var random = new Random(seed);
        var states = new float[count, units];
        for (int n = 0; n < count; n++)
            for (int i = 0; i < units; i++)
                states[n, i] = random.Next(2) == 1 ? 1 : lower;
        return states;
    }

    private static double[] Row(float[,] states, int n) => [.. Enumerable.Range(0, states.GetLength(1)).Select(i => (double)states[n, i])];
}
