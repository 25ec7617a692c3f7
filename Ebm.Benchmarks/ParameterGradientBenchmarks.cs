using BenchmarkDotNet.Attributes;
using Ebm.Facade.Validation;
using Ebm.Kernels.Reductions;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Benchmarks;

/// <summary>
/// The contrastive-divergence gradient of the MLP 2-128-128-1 SiLU: per-sample ∇θE rows [N, P] (P = 16,897), then
/// their weighted column sums. N stops at 4,096 because the [N, P] buffer grows as 68 kB per point.
/// </summary>
public class ParameterGradientBenchmarks
{
    private AcceleratorSession session = null!;
    private DeviceEnergy energy = null!;
    private ITrainableDeviceEnergy trainable = null!;
    private DeviceMatrix<float> points = null!;
    private DeviceVector<float> energies = null!;
    private DeviceMatrix<float> rows = null!;
    private DeviceVector<float> weights = null!;
    private DeviceVector<float> gradient = null!;
    private Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>> reduce = null!;

    /// <summary>The accelerator.</summary>
    [ParamsSource(typeof(AcceleratorParameters), nameof(AcceleratorParameters.Present))]
    public string Accelerator { get; set; } = "cpu";

    /// <summary>N, data plus sample rows.</summary>
    [Params(1024, 4096)]
    public int Points { get; set; }

    /// <summary>Allocates, uploads the network and compiles both kernels.</summary>
    [GlobalSetup]
    public void Setup()
    {
        session = AcceleratorSession.Open(Accelerator);
        var spec = ValidationEnergies.BenchmarkMlp();
        energy = spec.CreateDevice(session);
        trainable = (ITrainableDeviceEnergy)energy;
        points = new DeviceMatrix<float>(session, Points, spec.Dimension);
        points.CopyFrom(CrossAcceleratorValidator.Points(Points, spec.Dimension, 2, 1));
        energies = new DeviceVector<float>(session, Points);
        rows = new DeviceMatrix<float>(session, Points, trainable.ParameterCount);
        weights = new DeviceVector<float>(session, Points);
        weights.CopyFrom([.. Enumerable.Range(0, Points).Select(n => n < Points / 2 ? 2f / Points : -2f / Points)]);
        gradient = new DeviceVector<float>(session, trainable.ParameterCount);
        reduce = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>>(
            (Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>>)ReductionKernels.WeightedColumnSums);
        GradientAndReduction();
    }

    /// <summary>Per-sample ∇θE only.</summary>
    [Benchmark]
    public void PerSampleGradients()
    {
        trainable.EvaluateParameterGradients(points, energies, rows);
        session.Synchronize();
    }

    /// <summary>Per-sample ∇θE, then the ± weighted column sums (the CD gradient).</summary>
    [Benchmark]
    public void GradientAndReduction()
    {
        trainable.EvaluateParameterGradients(points, energies, rows);
        reduce(session.Accelerator.DefaultStream, trainable.ParameterCount, rows.View, weights.View, gradient.View);
        session.Synchronize();
    }

    /// <summary>Releases the device.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        gradient.Dispose();
        weights.Dispose();
        rows.Dispose();
        energies.Dispose();
        points.Dispose();
        energy.Dispose();
        session.Dispose();
    }
}
