using Ebm.Facade.Models;
using Ebm.Facade.Training;
using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Tests.Facade.IO;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Training;

/// <summary>The training loop the CLI runs, driven from C#: evaluation cadence, checkpoints, and an exact resume.</summary>
public sealed class NetworkTrainingRunTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    [Test]
    public void EvaluatesOnScheduleAndResumesFromItsCheckpointExactly()
    {
        using var folder = new TemporaryFolder();
        var straight = NetworkTrainingRun.Prepare(Request(iterations: 8, folder.File("straight.safetensors"), resume: null));
        var progress = new List<TrainingProgress>();
        var evaluations = new List<TrainingEvaluation>();
        straight.Execute(Session, new Collect<TrainingProgress>(progress), new Collect<TrainingEvaluation>(evaluations), CancellationToken.None);

        var first = NetworkTrainingRun.Prepare(Request(iterations: 5, folder.File("split.safetensors"), resume: null));
        first.Execute(Session, null, null, CancellationToken.None);
        var rest = NetworkTrainingRun.Prepare(Request(iterations: 8, folder.File("split.safetensors"), resume: folder.File("split.safetensors")));
        rest.Execute(Session, null, null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(progress.Select(p => p.Iteration), Is.EqualTo(Enumerable.Range(1, 8)));
            Assert.That(evaluations.Select(e => e.Iteration), Is.EqualTo(new[] { 3, 6, 8 }), "every 3 iterations and at the end");
            Assert.That(evaluations.Select(e => e.TestNll), Is.All.Matches<double>(double.IsFinite));
            Assert.That(straight.CompletedIterations, Is.EqualTo(8));
            Assert.That(rest.CompletedIterations, Is.EqualTo(3), "the resumed run continues from iteration 5");
            Assert.That(straight.Train.GetLength(0), Is.EqualTo(2000));
            Assert.That(straight.Test.GetLength(0), Is.EqualTo(500));
            Assert.That(File.Exists(folder.File("straight.safetensors")), "the final checkpoint is written");
            Assert.That(rest.Trained!.Parameters, Is.EqualTo(straight.Trained!.Parameters), "5 + 3 iterations give the bits of 8");
        });
    }

    private static NetworkTrainingRequest Request(int iterations, string checkpoint, string? resume) => new(
        "8gaussians", new MlpArchitecture([2, 16, 16, 1], ActivationKind.SiLU), BaseScale: 0.5,
        new TrainerOptions { BatchSize = 64, BufferSize = 256, SamplerSteps = 5, StepSize = 0.01f, LearningRate = 1e-2, Seed = 4 },
        iterations, EvaluateEvery: 3, TrainCount: 2000, TestCount: 500, CheckpointPath: checkpoint, ResumePath: resume);

    // Collects synchronously (Progress<T> would post to a thread pool).
    private sealed class Collect<T>(List<T> items) : IProgress<T>
    {
        public void Report(T value) => items.Add(value);
    }
}
