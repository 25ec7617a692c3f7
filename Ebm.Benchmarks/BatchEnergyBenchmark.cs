using BenchmarkDotNet.Attributes;
using Ebm.Facade.Models;
using Ebm.Facade.Validation;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;

namespace Ebm.Benchmarks;

/// <summary>Batched E(x) and E(x)+∇ₓE(x) of one energy, one thread per point; subclasses choose the energies and batch sizes.</summary>
public abstract class BatchEnergyBenchmark
{
    private AcceleratorSession session = null!;
    private DeviceEnergy energy = null!;
    private DeviceMatrix<float> points = null!;
    private DeviceVector<float> energies = null!;
    private DeviceMatrix<float> gradients = null!;

    /// <summary>The accelerator.</summary>
    [ParamsSource(typeof(AcceleratorParameters), nameof(AcceleratorParameters.Present))]
    public string Accelerator { get; set; } = "cpu";

    /// <summary>N, the batch size.</summary>
    protected abstract int BatchSize { get; }

    /// <summary>The energy to evaluate.</summary>
    /// <returns>Its spec.</returns>
    protected abstract EnergySpec Spec();

    /// <summary>Allocates the batch, uploads the energy and compiles both kernels.</summary>
    [GlobalSetup]
    public void Setup()
    {
        session = AcceleratorSession.Open(Accelerator);
        var spec = Spec();
        energy = spec.CreateDevice(session);
        points = new DeviceMatrix<float>(session, BatchSize, spec.Dimension);
        points.CopyFrom(CrossAcceleratorValidator.Points(BatchSize, spec.Dimension, 2, 1));
        energies = new DeviceVector<float>(session, BatchSize);
        gradients = new DeviceMatrix<float>(session, BatchSize, spec.Dimension);
        Energy();
        EnergyAndGradient();
    }

    /// <summary>E at every point.</summary>
    [Benchmark]
    public void Energy()
    {
        energy.Evaluate(points, energies);
        session.Synchronize();
    }

    /// <summary>E and ∇ₓE at every point, one pass.</summary>
    [Benchmark]
    public void EnergyAndGradient()
    {
        energy.EvaluateWithGradient(points, energies, gradients);
        session.Synchronize();
    }

    /// <summary>Releases the device.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        gradients.Dispose();
        energies.Dispose();
        points.Dispose();
        energy.Dispose();
        session.Dispose();
    }
}
