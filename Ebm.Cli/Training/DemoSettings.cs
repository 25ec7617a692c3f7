using Ebm.Facade.Training;
using Ebm.Kernels.Energies;

namespace Ebm.Cli.Training;

/// <summary>
/// The 2-D training schedule of <c>ebm demo</c> and the defaults of <c>ebm train</c>: the default run (a few minutes
/// on a 2-core CPU) and the <c>--quick</c> smoke test (under a minute).
/// </summary>
/// <remarks>
/// <para>Smaller than the trainer's literature defaults (MLP 2-128-128-1, batch 256, 60 ULA steps, buffer 10,000,
/// lr 1e-3), which need ~1 GFLOP per iteration: a CPU runs ~1–2 GFLOP/s of this scalar code, so they reach a few hundred
/// iterations in a few minutes. What reaches a density within ~0.1 nat of the data's entropy on 8gaussians in that
/// time (measured over seeds; see the README): MLP 2-64-64-1 SiLU with a Gaussian base term half a data standard
/// deviation wide (it outgrows the network's at most linear fall in far directions, so no mass escapes into the tails
/// and log Z by quadrature stays exact; at one standard deviation up to 7% of the mass did), batch 128, a 1,000-point
/// replay buffer (each chain gets ~2.6 ULA steps per iteration instead of 0.26 with 10,000 points, so chains keep up
/// with the model and mode weights are learned), 20 true-ULA steps of ε = 0.01, Adam lr 1e-2 with a cosine decay to
/// 1e-3 over the run.</para>
/// </remarks>
/// <param name="Layers">MLP widths.</param>
/// <param name="BaseScale">σ₀ of the Gaussian base term in data standard deviations, or null for none.</param>
/// <param name="Iterations">Training iterations (the learning rate decays over all of them).</param>
/// <param name="Options">Trainer options (their <see cref="TrainerOptions.DecayIterations"/> is set from <see cref="Iterations"/>).</param>
/// <param name="EvaluateEvery">Test-NLL evaluations every this many iterations (0 = only at the end of the demo).</param>
/// <param name="SampleChains">Fresh chains drawn from the trained model.</param>
/// <param name="SampleWarmup">Their MALA warm-up steps (step size adapted).</param>
/// <param name="SampleSteps">Their MALA sampling steps; the last state of each chain is one sample.</param>
internal sealed record DemoSettings(int[] Layers, double? BaseScale, int Iterations, TrainerOptions Options, int EvaluateEvery,
    int SampleChains, int SampleWarmup, int SampleSteps)
{
    /// <summary>The activation of the demo network.</summary>
    public ActivationKind Activation => ActivationKind.SiLU;

    /// <summary>The trainer options with the learning rate decaying over <see cref="Iterations"/>.</summary>
    public TrainerOptions ScheduledOptions => Options with { DecayIterations = Iterations };

    /// <summary>The default schedule.</summary>
    public static DemoSettings Default(ulong seed) => new(
        [2, 64, 64, 1], BaseScale: 0.5, Iterations: 1500,
        new TrainerOptions
        {
            BatchSize = 128, BufferSize = 1000, SamplerSteps = 20, StepSize = 0.01f, LearningRate = 1e-2, Seed = seed,
        },
        EvaluateEvery: 250, SampleChains: 2000, SampleWarmup: 150, SampleSteps: 50);

    /// <summary>The smoke test.</summary>
    public static DemoSettings Quick(ulong seed) => new(
        [2, 32, 32, 1], BaseScale: 0.5, Iterations: 60,
        new TrainerOptions { BatchSize = 128, SamplerSteps = 10, BufferSize = 1000, StepSize = 0.01f, LearningRate = 5e-3, Seed = seed },
        EvaluateEvery: 30, SampleChains: 500, SampleWarmup: 50, SampleSteps: 50);
}
