using BenchmarkDotNet.Attributes;
using Ebm.Facade.Validation;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;

namespace Ebm.Benchmarks;

/// <summary>
/// The contrastive-divergence gradient as the trainer computes it for the MLP 2-128-128-1 SiLU: each row's trace (a row per
/// thread, or work-groups of rows evaluated together), then one outer-product sum per parameter. 512 rows is a training
/// iteration's data and sample rows at batch 256.
/// </summary>
public class TracedGradientBenchmarks
{
    private AcceleratorSession session = null!;
    private DeviceEnergy energy = null!;
    private IBatchParameterGradient batch = null!;
    private DeviceMatrix<float> points = null!;
    private DeviceVector<float> energies = null!;
    private DeviceVector<float> weights = null!;
    private DeviceVector<float> gradient = null!;

    /// <summary>The accelerator.</summary>
    [ParamsSource(typeof(AcceleratorParameters), nameof(AcceleratorParameters.Present))]
    public string Accelerator { get; set; } = "cpu";

    /// <summary>N, data plus sample rows.</summary>
    [Params(512, 4096)]
    public int Points { get; set; }

    /// <summary>Rows evaluated in work-groups (the accelerator's chain group size, where it has one) or a row per thread.</summary>
    [Params(true, false)]
    public bool Groups { get; set; }

    /// <summary>Allocates, uploads the network and compiles the kernels.</summary>
    [GlobalSetup]
    public void Setup()
    {
        session = AcceleratorSession.Open(Accelerator);
        if (!Groups)
            session.Kernels.ChainGroupSize = null;
        var spec = ValidationEnergies.BenchmarkMlp();
        energy = spec.CreateDevice(session);
        var trainable = (ITrainableDeviceEnergy)energy;
        points = new DeviceMatrix<float>(session, Points, spec.Dimension);
        points.CopyFrom(CrossAcceleratorValidator.Points(Points, spec.Dimension, 2, 1));
        energies = new DeviceVector<float>(session, Points);
        weights = new DeviceVector<float>(session, Points);
        weights.CopyFrom([.. Enumerable.Range(0, Points).Select(n => n < Points / 2 ? 2f / Points : -2f / Points)]);
        gradient = new DeviceVector<float>(session, trainable.ParameterCount);
        batch = trainable.CreateBatchGradient(Points);
        TracesAndReduction();
    }

    /// <summary>The rows' traces only.</summary>
    [Benchmark]
    public void Traces()
    {
        batch.Evaluate(points, energies);
        session.Synchronize();
    }

    /// <summary>The rows' traces, then the ± weighted sums (the CD gradient).</summary>
    [Benchmark]
    public void TracesAndReduction()
    {
        batch.Evaluate(points, energies);
        batch.Reduce(weights, gradient);
        session.Synchronize();
    }

    /// <summary>Releases the device.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        batch.Dispose();
        gradient.Dispose();
        weights.Dispose();
        energies.Dispose();
        points.Dispose();
        energy.Dispose();
        session.Dispose();
    }
}
