using BenchmarkDotNet.Attributes;
using Ebm.Facade.Models;
using Ebm.Facade.Validation;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;

namespace Ebm.Benchmarks;

/// <summary>Batched E(x) and E(x)+∇ₓE(x): the MLP 2-128-128-1 SiLU and the 8-component ring mixture, one thread per point.</summary>
public class EnergyEvaluationBenchmarks
{
    private AcceleratorSession session = null!;
    private DeviceEnergy energy = null!;
    private DeviceMatrix<float> points = null!;
    private DeviceVector<float> energies = null!;
    private DeviceMatrix<float> gradients = null!;

    /// <summary>The accelerator.</summary>
    [ParamsSource(typeof(AcceleratorParameters), nameof(AcceleratorParameters.Present))]
    public string Accelerator { get; set; } = "cpu";

    /// <summary>The energy: <c>mlp</c> (2-128-128-1 SiLU) or <c>mixture</c> (8 components on a ring).</summary>
    [Params("mlp", "mixture")]
    public string Model { get; set; } = "mlp";

    /// <summary>N, the batch size.</summary>
    [Params(1024, 16384, 262144)]
    public int Points { get; set; }

    /// <summary>Allocates the batch, uploads the energy and compiles both kernels.</summary>
    [GlobalSetup]
    public void Setup()
    {
        session = AcceleratorSession.Open(Accelerator);
        EnergySpec spec = Model == "mlp" ? ValidationEnergies.BenchmarkMlp() : ValidationEnergies.Ring();
        energy = spec.CreateDevice(session);
        points = new DeviceMatrix<float>(session, Points, spec.Dimension);
        points.CopyFrom(CrossAcceleratorValidator.Points(Points, spec.Dimension, 2, 1));
        energies = new DeviceVector<float>(session, Points);
        gradients = new DeviceMatrix<float>(session, Points, spec.Dimension);
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
