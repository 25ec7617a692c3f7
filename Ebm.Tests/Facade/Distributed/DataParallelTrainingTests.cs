using Ebm.Facade.Data;
using Ebm.Facade.Distributed;
using Ebm.Facade.Models;
using Ebm.Facade.Training;
using Ebm.Kernels.Energies;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Distributed;

/// <summary>
/// Data-parallel training over the members of a <see cref="ThreadGroup"/> (each with its own session of the fixture's
/// kind): every member holds the same parameters after every iteration, and they follow the one-process run with the
/// same global batch up to the rounding of the gradient's sum, which the members add in another order.
/// </summary>
public sealed class DataParallelTrainingTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private static readonly float[,] Data = ToyDatasets.Generate("moons", 600, 4);
    private static readonly MlpSpec Initial = MlpSpec.Initialize([2, 16, 16, 1], ActivationKind.SiLU, 3, GaussianBase.AroundData(Data, 1));

    // A pointwise conv network on the 2-D points: its batch θ-gradient is the general per-row one, not the MLP's traces.
    private static readonly ConvSpec Convolutional = ConvSpec.Initialize(ConvArchitecture.Parse("conv:1x1x2:12k1,8k1:silu:sum"), 3);

    [TestCase(ContrastiveMethod.Persistent, SamplerKind.Ula, 2, false)]
    [TestCase(ContrastiveMethod.Persistent, SamplerKind.Mala, 3, false)]
    [TestCase(ContrastiveMethod.ContrastiveDivergence, SamplerKind.Ula, 2, false)]
    [TestCase(ContrastiveMethod.Persistent, SamplerKind.Ula, 3, true)]
    [TestCase(ContrastiveMethod.Persistent, SamplerKind.Ula, 2, true, true)]
    public void MembersAgreeAndFollowTheOneProcessRun(ContrastiveMethod method, SamplerKind sampler, int members, bool imageRecipeParts, bool convolutional = false)
    {
        var options = new TrainerOptions { Method = method, Sampler = sampler, BatchSize = 40, SamplerSteps = 5, BufferSize = 300, Seed = 7, DecayIterations = 30 };
        if (imageRecipeParts)
            options = options with { DataNoise = 0.05, Clamp = (-1.5f, 2.5f), NoiseScale = 0.05f }; // noisy data and clamped SGLD, the image recipe's parts
        EnergySpec network = convolutional ? Convolutional : Initial;
        var whole = Train(options, SingleProcess.Instance, 30, network);
        using var group = new ThreadGroup(members);
        var shards = group.Run(member => Train(options, member, 30, network));
        foreach (var shard in shards)
            Assert.That(shard.Parameters, Is.EqualTo(shards[0].Parameters), "every member holds the same parameters");
        double scale = whole.Parameters.Max(Math.Abs);
        double largest = whole.Parameters.Zip(shards[0].Parameters, (a, b) => Math.Abs(a - b)).Max();
        TestContext.Out.WriteLine($"{network.Kind} {method} {sampler} over {members} (image parts {imageRecipeParts}): max |Δθ| = {largest:E2} of max |θ| = {scale:F3}");
        // Measured: one or two float32 ulps of |θ| after 30 iterations; the bound leaves room for longer runs and other devices.
        Assert.That(largest, Is.LessThan(1e-5 * scale));
        for (int i = 0; i < whole.Progress.Length; i++)
        {
            var (one, member) = (whole.Progress[i], shards[0].Progress[i]);
            Assert.That(member.Loss, Is.EqualTo(one.Loss).Within(1e-5 * (1 + Math.Abs(one.Loss))), $"iteration {i + 1}: loss");
            Assert.That(member.GradientNorm, Is.EqualTo(one.GradientNorm).Within(1e-5 * one.GradientNorm), $"iteration {i + 1}: the run's gradient");
            Assert.That(member.Acceptance, Is.EqualTo(one.Acceptance), $"iteration {i + 1}: the run's acceptance");
        }
    }

    [Test]
    public void CheckpointsAreOneProcesssAndResumeOnAnyNumberOfMembers()
    {
        var options = new TrainerOptions { BatchSize = 40, SamplerSteps = 5, BufferSize = 300, Seed = 2, DecayIterations = 12 };
        string sharded = Path.Combine(Path.GetTempPath(), $"ebm-dp-{Guid.NewGuid():N}.safetensors"), single = sharded.Replace(".safetensors", ".one.safetensors");
        try
        {
            using var group = new ThreadGroup(2);
            var straight = group.Run(member => Run(options, member, trainer =>
            {
                trainer.Train(6);
                TrainingCheckpoint.Save(sharded, trainer, "{}");
                trainer.Train(6);
                return trainer.Parameters.ToArray();
            }))[0];
            var oneProcess = Run(options, SingleProcess.Instance, trainer =>
            {
                trainer.Train(6);
                TrainingCheckpoint.Save(single, trainer, "{}");
                return trainer.Parameters.ToArray();
            });
            var fromSharded = Run(options, SingleProcess.Instance, trainer => Resume(trainer, sharded));
            var fromSingle = group.Run(member => Run(options, member, trainer => Resume(trainer, single)));
            double bound = 1e-5 * straight.Max(Math.Abs);
            Assert.That(TrainingCheckpoint.Read(sharded)["replay_buffer"].Shape, Is.EqualTo(new[] { 300, 2 }), "the whole buffer, gathered");
            Assert.That(TrainingCheckpoint.Read(sharded)["parameters"].ToSingle(), Is.EqualTo(oneProcess).Within(bound), "the checkpoint one process writes");
            Assert.That(fromSharded, Is.EqualTo(straight).Within(bound), "a sharded run's checkpoint resumed by one process");
            Assert.That(fromSingle[1], Is.EqualTo(fromSingle[0]), "members agree after resuming");
            Assert.That(fromSingle[0], Is.EqualTo(straight).Within(bound), "one process's checkpoint resumed by two members");
        }
        finally
        {
            File.Delete(sharded);
            File.Delete(single);
        }

        static float[] Resume(ContrastiveDivergenceTrainer trainer, string path)
        {
            TrainingCheckpoint.Restore(trainer, TrainingCheckpoint.Read(path));
            trainer.Train(6);
            return trainer.Parameters.ToArray();
        }
    }

    [Test]
    public void FewerDataThanTheBatchAreRefused()
    {
        using var group = new ThreadGroup(2);
        var messages = group.Run(member => Assert.Throws<ArgumentException>(() => Run(new TrainerOptions { BatchSize = 40, BufferSize = 300 }, member, _ => 0, ToyDatasets.Generate("moons", 30, 1)))!.Message);
        Assert.That(messages[0], Does.Contain("at least as many training points as the batch (30 < 40)"));
        var small = group.Run(member => Assert.Throws<ArgumentException>(() => Run(new TrainerOptions { BatchSize = 1, BufferSize = 300 }, member, _ => 0))!.Message);
        Assert.That(small[1], Does.Contain("a batch of 1 cannot be shared by 2 members"));
    }

    private (float[] Parameters, TrainingProgress[] Progress) Train(TrainerOptions options, IChainGroup group, int iterations, EnergySpec? network = null) => Run(options, group, trainer =>
    {
        var progress = new List<TrainingProgress>();
        for (int i = 0; i < iterations; i++)
            progress.Add(trainer.Step());
        return (trainer.Parameters.ToArray(), progress.ToArray());
    }, network: network);

    private T Run<T>(TrainerOptions options, IChainGroup group, Func<ContrastiveDivergenceTrainer, T> work, float[,]? data = null, EnergySpec? network = null)
    {
        using var session = AcceleratorCases.OpenOrIgnore(Kind);
        using var model = EnergyModel.Create(network ?? Initial, session);
        using var trainer = new ContrastiveDivergenceTrainer(model, data ?? Data, options, group);
        return work(trainer);
    }
}
