using CommunityToolkit.HighPerformance;
using Ebm.Facade.Models;
using Ebm.Facade.Validation;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using Ebm.Tests.Support;

namespace Ebm.Tests.Runtime.Energies;

/// <summary>
/// Batches of points that work-groups evaluate together (<see cref="Ebm.Kernels.Energies.EnergyKernels.EnergiesInGroups{TEnergy}"/>,
/// its gradient twin, and the training rows' traces of <see cref="Ebm.Kernels.Energies.MlpKernels.TracesInGroups"/>) against the same
/// batch a point per thread, whose values the float64 references check elsewhere: energies, gradients and the weighted parameter
/// gradient must agree bit for bit, including the points of a last, partly filled group.
/// </summary>
public sealed class GroupedEvaluationTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    /// <summary>The validation MLPs and dense Gaussians (which have no traces: their trace results stay empty).</summary>
    public static IEnumerable<TestCaseData> Networks() =>
        ValidationEnergies.All().Where(entry => entry.Spec is MlpSpec or GaussianSpec).Select(entry => new TestCaseData(entry.Spec).SetArgDisplayNames(entry.Name));

    [TestCaseSource(nameof(Networks))]
    public void GroupsOfPointsEvaluateAsPointsAlone(EnergySpec spec)
    {
        const int rows = 45; // two groups of 16 and a tail of 13
        var alone = Evaluate(spec, rows, null);
        var grouped = Evaluate(spec, rows, 16);
        Assert.Multiple(() =>
        {
            Assert.That(grouped.Energies, Is.EqualTo(alone.Energies), "energies alone");
            Assert.That(grouped.EnergiesWithGradients, Is.EqualTo(alone.EnergiesWithGradients), "energies with gradients");
            Assert.That(grouped.Gradients, Is.EqualTo(alone.Gradients), "gradients");
            Assert.That(alone.Energies, Is.EqualTo(alone.EnergiesWithGradients), "both kernels give one energy");
            Assert.That(grouped.TracedEnergies, Is.EqualTo(alone.TracedEnergies), "energies with traces");
            Assert.That(grouped.ParameterGradient, Is.EqualTo(alone.ParameterGradient), "weighted parameter gradient");
            Assert.That(alone.TracedEnergies, Is.EqualTo(spec is MlpSpec ? alone.Energies : Array.Empty<float>()), "the trace kernel gives the same energy");
        });
    }

    private (float[] Energies, float[] EnergiesWithGradients, float[] Gradients, float[] TracedEnergies, float[] ParameterGradient) Evaluate(
        EnergySpec spec, int rows, int? groupSize)
    {
        using var scope = new ChainGroupSizeScope(Session.Kernels, groupSize);
        using var model = EnergyModel.Create(spec, Session);
        int d = model.Dimension;
        var values = new float[rows * d];
        for (int i = 0; i < values.Length; i++)
            values[i] = MathF.Cos(0.37f * i) * 2;
        using var points = new DeviceMatrix<float>(Session, rows, d);
        points.CopyFrom(new ReadOnlySpan2D<float>(values, rows, d));
        using var energies = new DeviceVector<float>(Session, rows);
        using var energiesWithGradients = new DeviceVector<float>(Session, rows);
        using var gradients = new DeviceMatrix<float>(Session, rows, d);
        model.Device.Evaluate(points, energies);
        model.Device.EvaluateWithGradient(points, energiesWithGradients, gradients);
        var g = new float[rows * d];
        gradients.CopyTo(g);
        if (model.Device is not ITrainableDeviceEnergy trainable)
            return (energies.ToArray(), energiesWithGradients.ToArray(), g, [], []);
        using var tracedEnergies = new DeviceVector<float>(Session, rows);
        using var weights = new DeviceVector<float>(Session, rows);
        using var parameterGradient = new DeviceVector<float>(Session, trainable.ParameterCount);
        weights.CopyFrom(Enumerable.Range(0, rows).Select(n => MathF.Sin(0.61f * n)).ToArray());
        using var batch = trainable.CreateBatchGradient(rows);
        batch.Evaluate(points, tracedEnergies);
        batch.Reduce(weights, parameterGradient);
        Session.Synchronize();
        return (energies.ToArray(), energiesWithGradients.ToArray(), g, tracedEnergies.ToArray(), parameterGradient.ToArray());
    }
}
