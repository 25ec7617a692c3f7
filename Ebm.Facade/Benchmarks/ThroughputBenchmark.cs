using System.Diagnostics;
using Ebm.Facade.Models;
using Ebm.Facade.Validation;
using Ebm.Kernels.Random;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Energies;

namespace Ebm.Facade.Benchmarks;

/// <summary>
/// Times the workloads W1–W5 with fused K-step launches straight on a <see cref="ChainPool"/>: one untimed warm-up
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
                ValidationEnergies.Ring(), new TransitionChoice(SamplerKind.Ula), options.Chains ?? 16384, options.Steps ?? 200, 0.01f, options, StandardNormal, null, null),
            BenchmarkWorkload.W2 => Time(session, workload,
                "SGLD (ULA, step 0.01, noise 0.005) on an MLP 2-128-128-1 SiLU, PyTorch default init",
                ValidationEnergies.BenchmarkMlp(options.Seed), new TransitionChoice(SamplerKind.Ula) { NoiseScale = 0.005f }, options.Chains ?? 4096, options.Steps ?? 60, 0.01f, options, StandardNormal,
                3.0 * 2 * (2 * 128 + 128 * 128 + 128 * 1),
                "forward+backward = 3 x 2 x sum_l w_l*w_(l+1) = 6 x 16,768 multiply-adds-as-2 per gradient (biases and activations not counted)"),
            BenchmarkWorkload.W3 => Time(session, workload,
                "HMC (L = 10, step 0.2) on a 100-D AR(1) Gaussian (rho 0.5), dense precision",
                ValidationEnergies.AutoRegressive(100), new TransitionChoice(SamplerKind.Hmc) { Leapfrog = 10 }, options.Chains ?? 4096, options.Steps ?? 10, 0.2f, options, StandardNormal,
                2.0 * 100 * 100 + 3 * 100,
                "2 d^2 + 3 d per gradient (dense precision mat-vec plus the quadratic form), d = 100"),
            BenchmarkWorkload.W4 => Time(session, workload,
                "SGLD (ULA, step 0.01, noise 0.005, clamp [0, 1]) on an MLP 784-512-512-1 SiLU, PyTorch default init, uniform start",
                ValidationEnergies.ImageMlp(options.Seed), new TransitionChoice(SamplerKind.Ula) { NoiseScale = 0.005f, Clamp = (0, 1) },
                options.Chains ?? 1024, options.Steps ?? 20, 0.01f, options, UnitCube,
                3.0 * 2 * (784 * 512 + 512 * 512 + 512 * 1),
                "forward+backward = 3 x 2 x sum_l w_l*w_(l+1) = 6 x 663,552 multiply-adds-as-2 per gradient (biases and activations not counted)"),
            BenchmarkWorkload.W5 => Time(session, workload,
                $"SGLD (ULA, step 0.01, noise 0.005, clamp [0, 1]) on the conv energy {ValidationEnergies.ImageConvArchitecture}, PyTorch default init, uniform start",
                ValidationEnergies.ImageConv(options.Seed), new TransitionChoice(SamplerKind.Ula) { NoiseScale = 0.005f, Clamp = (0, 1) },
                options.Chains ?? 1024, options.Steps ?? 20, 0.01f, options, UnitCube,
                3.0 * 2 * ConvMultiplyAdds,
                "3 x 2 x the forward multiply-adds (W4's convention), sum_l C_out*H_out*W_out*C_in*k^2 = 548,928 (taps in the zero padding counted; biases, activations, pooling not)"),
            _ => throw new ArgumentOutOfRangeException(nameof(workload), workload, "unknown workload"),
        };
    }

    // Σ_l C_out·H_out·W_out·C_in·k² of the image conv energy: 16·14²·1·9 + 32·7²·16·9 + 64·4²·32·9.
    private const double ConvMultiplyAdds = 16 * 196 * 9 + 32 * 49 * 144 + 64 * 16 * 288;

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
        TransitionChoice sampler, int chains, int steps, float stepSize, BenchmarkOptions options,
        Action<ChainPool, DeviceEnergy> place, double? flopPerGradient, string? flopAssumption)
    {
        using var energy = spec.CreateDevice(session);
        using var pool = new ChainPool(session, chains, spec.Dimension, options.Seed);
        pool.SetStepSizes(stepSize);
        place(pool, energy);
        var settings = new SamplerSettings { Steps = 1, InverseTemperature = 1 };
        ChainAdvance.Run(energy, pool, sampler, settings, null);   // warm-up: compiles and touches every buffer
        session.Synchronize();
        settings.Steps = steps;
        var seconds = new double[options.Repeats];
        for (int repeat = 0; repeat < options.Repeats; repeat++)
        {
            var clock = Stopwatch.StartNew();
            ChainAdvance.Run(energy, pool, sampler, settings, null);
            session.Synchronize();
            seconds[repeat] = clock.Elapsed.TotalSeconds;
        }
        return new BenchmarkResult(workload, description, chains, steps, sampler.Kind == SamplerKind.Hmc ? sampler.Leapfrog : 1, seconds, flopPerGradient, flopAssumption);
    }

    private static void StandardNormal(ChainPool pool, DeviceEnergy energy) => pool.InitializeNormal(energy, new float[pool.Dimension], 1);

    // Uniform on [0, 1]^d: coordinate j of chain c is word j of Philox stream (seed, c) at counter 2⁶⁴ − 1, which no step uses.
    private static void UnitCube(ChainPool pool, DeviceEnergy energy)
    {
        var points = new float[pool.Chains, pool.Dimension];
        for (int c = 0; c < pool.Chains; c++)
        {
            var random = new PhiloxStream(pool.Seed, (uint)c, ulong.MaxValue);
            for (int j = 0; j < pool.Dimension; j++)
                points[c, j] = random.NextUniform();
        }
        pool.Initialize(energy, points);
    }
}
