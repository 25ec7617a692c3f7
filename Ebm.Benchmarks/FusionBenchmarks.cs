using BenchmarkDotNet.Attributes;
using Ebm.Facade.Validation;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Energies;

namespace Ebm.Benchmarks;

/// <summary>What step fusion buys: 50 ULA steps on the ring mixture as one launch looping 50 steps, or as 50 one-step launches.</summary>
public class FusionBenchmarks
{
    private const int Steps = 50;
    private AcceleratorSession session = null!;
    private DeviceEnergy energy = null!;
    private ChainPool pool = null!;
    private SamplerSettings settings;

    /// <summary>The accelerator.</summary>
    [ParamsSource(typeof(AcceleratorParameters), nameof(AcceleratorParameters.Present))]
    public string Accelerator { get; set; } = "cpu";

    /// <summary>C.</summary>
    [Params(1024, 16384)]
    public int Chains { get; set; }

    /// <summary>Allocates the pool, places the chains and compiles the kernel.</summary>
    [GlobalSetup]
    public void Setup()
    {
        session = AcceleratorSession.Open(Accelerator);
        var spec = ValidationEnergies.Ring();
        energy = spec.CreateDevice(session);
        pool = new ChainPool(session, Chains, spec.Dimension, 1);
        pool.SetStepSizes(0.01f);
        pool.InitializeNormal(energy, new float[spec.Dimension], 1);
        settings = new SamplerSettings { Steps = 1, InverseTemperature = 1 };
        ChainAdvance.Run(energy, pool, new LangevinTransition(), settings, null);
        session.Synchronize();
    }

    /// <summary>One launch, 50 steps per chain in registers.</summary>
    [Benchmark(Baseline = true)]
    public void Fused()
    {
        var fused = settings;
        fused.Steps = Steps;
        ChainAdvance.Run(energy, pool, new LangevinTransition(), fused, null);
        session.Synchronize();
    }

    /// <summary>50 launches of one step each.</summary>
    [Benchmark]
    public void OneLaunchPerStep()
    {
        for (int step = 0; step < Steps; step++)
            ChainAdvance.Run(energy, pool, new LangevinTransition(), settings, null);
        session.Synchronize();
    }

    /// <summary>Releases the device.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        pool.Dispose();
        energy.Dispose();
        session.Dispose();
    }
}
