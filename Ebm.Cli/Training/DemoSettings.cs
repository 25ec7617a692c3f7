using Ebm.Facade.Training;
using Ebm.Kernels.Energies;

namespace Ebm.Cli.Training;

/// <summary>The demo's schedule: the default run (a few minutes on a 2-core CPU) and the <c>--quick</c> smoke test (under a minute).</summary>
/// <param name="Layers">MLP widths.</param>
/// <param name="Iterations">Training iterations.</param>
/// <param name="Options">Trainer options.</param>
/// <param name="EvaluateEvery">Test-NLL evaluations every this many iterations.</param>
/// <param name="SampleChains">Fresh chains drawn from the trained model.</param>
/// <param name="SampleWarmup">Their MALA warm-up steps (step size adapted).</param>
/// <param name="SampleSteps">Their MALA sampling steps; the last state of each chain is one sample.</param>
internal sealed record DemoSettings(int[] Layers, int Iterations, TrainerOptions Options, int EvaluateEvery, int SampleChains, int SampleWarmup, int SampleSteps)
{
    /// <summary>The activation of the demo network.</summary>
    public ActivationKind Activation => ActivationKind.SiLU;

    /// <summary>The default demo.</summary>
    public static DemoSettings Default(ulong seed) => new(
        [2, 64, 64, 1], 1500,
        new TrainerOptions { SamplerSteps = 30, StepSize = 0.01f, LearningRate = 5e-3, Seed = seed },
        EvaluateEvery: 100, SampleChains: 4000, SampleWarmup: 300, SampleSteps: 300);

    /// <summary>The smoke test.</summary>
    public static DemoSettings Quick(ulong seed) => new(
        [2, 32, 32, 1], 60,
        new TrainerOptions { BatchSize = 128, SamplerSteps = 10, BufferSize = 2000, StepSize = 0.01f, LearningRate = 5e-3, Seed = seed },
        EvaluateEvery: 30, SampleChains: 500, SampleWarmup: 50, SampleSteps: 50);
}
