using Ebm.Facade.Training;
using Ebm.Kernels.Energies;

namespace Ebm.Cli.Training;

/// <summary>The demo's schedule: the default run (a few minutes on a 2-core CPU) and the <c>--quick</c> smoke test (under a minute).</summary>
/// <remarks>
/// The default is smaller than the trainer's literature defaults (MLP 2-128-128-1, batch 256, 60 steps): ILGPU's CPU
/// accelerator runs about 16k MLP chain-steps/s on 2 cores, so a 2-64-64-1 network with batch 128, 20 ULA steps
/// and a larger learning rate is what reaches a good density within the time budget there.
/// </remarks>
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
        [2, 64, 64, 1], 1000,
        new TrainerOptions { BatchSize = 128, SamplerSteps = 20, StepSize = 0.01f, LearningRate = 1e-2, Seed = seed },
        EvaluateEvery: 200, SampleChains: 2000, SampleWarmup: 150, SampleSteps: 50);

    /// <summary>The smoke test.</summary>
    public static DemoSettings Quick(ulong seed) => new(
        [2, 32, 32, 1], 60,
        new TrainerOptions { BatchSize = 128, SamplerSteps = 10, BufferSize = 2000, StepSize = 0.01f, LearningRate = 5e-3, Seed = seed },
        EvaluateEvery: 30, SampleChains: 500, SampleWarmup: 50, SampleSteps: 50);
}
