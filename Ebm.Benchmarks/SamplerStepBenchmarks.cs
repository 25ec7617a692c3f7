using BenchmarkDotNet.Attributes;
using Ebm.Facade.Validation;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Energies;

namespace Ebm.Benchmarks;

/// <summary>One fused launch of 10 steps of each sampler on an AR(1) Gaussian (ρ = 0.5) of dimension d (HMC: L = 5).</summary>
public class SamplerStepBenchmarks
{
    private const int Steps = 10;
    private AcceleratorSession session = null!;
    private DeviceEnergy energy = null!;
    private ChainPool pool = null!;
    private SamplerSettings settings;

    /// <summary>The accelerator.</summary>
    [ParamsSource(typeof(AcceleratorParameters), nameof(AcceleratorParameters.Present))]
    public string Accelerator { get; set; } = "cpu";

    /// <summary>The sampler.</summary>
    [Params(SamplerKind.Ula, SamplerKind.Mala, SamplerKind.Hmc, SamplerKind.Rwmh)]
    public SamplerKind Sampler { get; set; }

    /// <summary>C.</summary>
    [Params(1024, 16384)]
    public int Chains { get; set; }

    /// <summary>d.</summary>
    [Params(2, 32)]
    public int Dimension { get; set; }

    /// <summary>Allocates the pool, places the chains and compiles the kernel (one warm-up launch).</summary>
    [GlobalSetup]
    public void Setup()
    {
        session = AcceleratorSession.Open(Accelerator);
        var spec = ValidationEnergies.AutoRegressive(Dimension);
        energy = spec.CreateDevice(session);
        pool = new ChainPool(session, Chains, Dimension, 1);
        pool.SetStepSizes(0.1f);
        pool.InitializeNormal(energy, new float[Dimension], 1);
        settings = new SamplerSettings { Steps = Steps, InverseTemperature = 1 };
        Step();
    }

    /// <summary>10 fused steps of every chain.</summary>
    [Benchmark(OperationsPerInvoke = Steps)]
    public void Step()
    {
        ChainAdvance.Run(energy, pool, new TransitionChoice(Sampler) { Leapfrog = 5 }, settings, null);
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
