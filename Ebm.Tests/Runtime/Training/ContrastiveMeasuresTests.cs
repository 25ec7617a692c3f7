using Ebm.Kernels.Training;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using Ebm.Runtime.Training;
using Ebm.Tests.Support;

namespace Ebm.Tests.Runtime.Training;

/// <summary>The contrastive weights, loss and divergence record computed on the device, against the host formulas.</summary>
public sealed class ContrastiveMeasuresTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private const int Batch = 5;
    private const float Alpha = 0.25f;

    [Test]
    public void WeightsLossAndAcceptanceFollowTheFormulas()
    {
        float[] energies = [0.5f, -1, 2, 0, 1.5f, 3, -2, 0.25f, 1, -0.5f];
        int[] accepted = [4, 5, 0, 2, 3];
        using var deviceEnergies = new DeviceVector<float>(Session, 2 * Batch);
        using var weights = new DeviceVector<float>(Session, 2 * Batch);
        using var deviceAccepted = new DeviceVector<int>(Session, Batch);
        using var monitor = new TrainingMonitor(Session);
        deviceEnergies.CopyFrom(energies);
        deviceAccepted.CopyFrom(accepted);
        ContrastiveMeasures.Weights(Session, deviceEnergies, weights, Alpha);
        ContrastiveMeasures.Measure(Session, deviceEnergies, deviceAccepted, 5, Alpha, monitor, iteration: 1);
        double positive = energies.Take(Batch).Average(), negative = energies.Skip(Batch).Average();
        double squares = energies.Sum(e => (double)e * e) / Batch;
        var row = monitor.ReadRows(1, 1)[0];
        Assert.Multiple(() =>
        {
            float[] w = weights.ToArray();
            for (int n = 0; n < 2 * Batch; n++)
                Assert.That(w[n], Is.EqualTo(((n < Batch ? 1 : -1) + 2 * Alpha * energies[n]) / Batch).Within(1e-7), $"weight {n}");
            Assert.That(row[(int)TrainingMetric.Loss], Is.EqualTo(positive - negative + Alpha * squares).Within(1e-6));
            Assert.That(row[(int)TrainingMetric.PositiveEnergy], Is.EqualTo(positive).Within(1e-6));
            Assert.That(row[(int)TrainingMetric.NegativeEnergy], Is.EqualTo(negative).Within(1e-6));
            Assert.That(row[(int)TrainingMetric.Acceptance], Is.EqualTo(14.0 / 25).Within(1e-6));
            Assert.That(monitor.ReadHealth(), Is.EqualTo((0, DivergenceCause.None)));
        });
    }

    [Test]
    public void TheFirstNonFiniteEnergyIsRecordedAndKept()
    {
        using var energies = new DeviceVector<float>(Session, 2 * Batch);
        using var monitor = new TrainingMonitor(Session);
        energies.CopyFrom([0, 0, 0, 0, 0, 0, float.PositiveInfinity, 0, 0, 0]);
        ContrastiveMeasures.Measure(Session, energies, null, 1, Alpha, monitor, iteration: 7);
        energies.CopyFrom([float.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        ContrastiveMeasures.Measure(Session, energies, null, 1, Alpha, monitor, iteration: 8);
        Assert.That(monitor.ReadHealth(), Is.EqualTo((7, DivergenceCause.SampleEnergy)));
        Assert.That(monitor.ReadRows(7, 7)[0][(int)TrainingMetric.Acceptance], Is.NaN, "no acceptance without counts");
    }
}
