using System.Diagnostics;
using Ebm.Facade.Models;
using Ebm.Facade.Validation;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;

namespace Ebm.Facade.Benchmarks;

/// <summary>
/// Times the workloads W1–W3 with fused K-step launches straight on a <see cref="ChainPool"/>: one untimed warm-up
/// launch (compiles the kernel, touches the buffers), then <see cref="BenchmarkOptions.Repeats"/> timed launches, each
/// ended by a synchronize.
/// </summary>
public static class ThroughputBenchmark
{
    /// <summary>The chain counts of the W1 scaling sweep: 1,024 × 4ᵏ up to 1,048,576.</summary>
    public static IReadOnlyList<int> ScalingChains { get; } = [1024, 4096, 16384, 65536, 262144, 1048576];

    /// <summary>Runs one workload.</summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="workload">The workload.</param>
    /// <param name="options">Repeats and overrides.</param>
    /// <returns>The timings.</returns>
    public static BenchmarkResult Run(AcceleratorSession session, BenchmarkWorkload workload, BenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return workload switch
        {
            BenchmarkWorkload.W1 => Time(session, workload,
                "ULA on the 8-component 2-D mixture (sigma 0.3, radius 2), step 0.01",
                ValidationEnergies.Ring(), SamplerKind.Ula, options.Chains ?? 16384, options.Steps ?? 200, 0.01f, -1, 1, options, null, null),
            BenchmarkWorkload.W2 => Time(session, workload,
                "SGLD (ULA, step 0.01, noise 0.005) on an MLP 2-128-128-1 SiLU, PyTorch default init",
                ValidationEnergies.BenchmarkMlp(options.Seed), SamplerKind.Ula, options.Chains ?? 4096, options.Steps ?? 60, 0.01f, 0.005f, 1, options,
                3.0 * 2 * (2 * 128 + 128 * 128 + 128 * 1),
                "forward+backward = 3 x 2 x sum_l w_l*w_(l+1) = 6 x 16,768 multiply-adds-as-2 per gradient (biases and activations not counted)"),
            BenchmarkWorkload.W3 => Time(session, workload,
                "HMC (L = 10, step 0.2) on a 100-D AR(1) Gaussian (rho 0.5), dense precision",
                ValidationEnergies.AutoRegressive(100), SamplerKind.Hmc, options.Chains ?? 4096, options.Steps ?? 10, 0.2f, -1, 10, options,
                2.0 * 100 * 100 + 3 * 100,
                "2 d^2 + 3 d per gradient (dense precision mat-vec plus the quadratic form), d = 100"),
            _ => throw new ArgumentOutOfRangeException(nameof(workload), workload, "unknown workload"),
        };
    }

    /// <summary>W1 at every chain count of <see cref="ScalingChains"/> (chain override ignored).</summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="options">Repeats and the step override.</param>
    /// <returns>One result per chain count.</returns>
    public static IReadOnlyList<BenchmarkResult> Scale(AcceleratorSession session, BenchmarkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return [.. ScalingChains.Select(chains => Run(session, BenchmarkWorkload.W1, options with { Chains = chains }))];
    }

    private static BenchmarkResult Time(AcceleratorSession session, BenchmarkWorkload workload, string description, EnergySpec spec,
        SamplerKind kind, int chains, int steps, float stepSize, float noiseScale, int leapfrog, BenchmarkOptions options,
        double? flopPerGradient, string? flopAssumption)
    {
        using var energy = spec.CreateDevice(session);
        using var pool = new ChainPool(session, chains, spec.Dimension, options.Seed);
        pool.SetStepSizes(stepSize);
        pool.InitializeNormal(energy, new float[spec.Dimension], 1);
        var settings = new SamplerSettings
        {
            Steps = 1,
            InverseTemperature = 1,
            NoiseScale = noiseScale,
            Leapfrog = leapfrog,
            DivergenceThreshold = 1000,
        };
        ChainAdvance.Run(energy, pool, kind, settings, null);   // warm-up: compiles and touches every buffer
        session.Synchronize();
        settings.Steps = steps;
        var seconds = new double[options.Repeats];
        for (int repeat = 0; repeat < options.Repeats; repeat++)
        {
            var clock = Stopwatch.StartNew();
            ChainAdvance.Run(energy, pool, kind, settings, null);
            session.Synchronize();
            seconds[repeat] = clock.Elapsed.TotalSeconds;
        }
        return new BenchmarkResult(workload, description, chains, steps, kind == SamplerKind.Hmc ? leapfrog : 1, seconds, flopPerGradient, flopAssumption);
    }
}
