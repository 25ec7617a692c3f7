using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Facade.Validation;
using Ebm.Facade.Sampling;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Sampling;

/// <summary>Chain pool checkpoints: a run split by a save and a restore into a fresh pool draws exactly what the unbroken run draws.</summary>
public sealed class ChainCheckpointTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private static SamplerOptions Options(SamplerKind sampler, int steps) => new()
    {
        Kind = sampler,
        Chains = 16,
        Warmup = 100,
        Steps = steps,
        Leapfrog = 4,
        Seed = 77,
    };

    [TestCase(SamplerKind.Hmc)]
    [TestCase(SamplerKind.Mala)]
    [TestCase(SamplerKind.Nuts)]
    [TestCase(SamplerKind.Chees)]
    public void SplitRunThroughACheckpointIsBitIdentical(SamplerKind sampler)
    {
        const int steps = 200;
        var spec = ValidationEnergies.Correlated(3, rho: 0.7);
        using var model = EnergyModel.Create(spec, Session);
        float[] straight;
        using (var whole = new ChainSampler(model, Options(sampler, steps)))
        {
            whole.Initialize();
            straight = whole.Run().Draws;
        }

        string path = Path.Combine(Path.GetTempPath(), $"ebm-chains-{Guid.NewGuid():N}.safetensors");
        try
        {
            float[] firstHalf;
            using (var first = new ChainSampler(model, Options(sampler, steps / 2)))
            {
                first.Initialize();
                firstHalf = first.Run().Draws;
                ChainCheckpoint.Save(path, first.Pool, new Dictionary<string, string> { ["sampler"] = sampler.ToString() });
            }

            var content = ChainCheckpoint.Read(path);
            Assert.That(content.Metadata["sampler"], Is.EqualTo(sampler.ToString()));
            using var restored = ChainCheckpoint.Load(Session, content);
            Assert.That(restored.Step, Is.EqualTo(100UL + steps / 2), "warm-up and the first half advanced the step counter");
            using var second = new ChainSampler(model, Options(sampler, steps / 2));
            ChainCheckpoint.Restore(second.Pool, content);
            float[] secondHalf = second.Continue(steps / 2).Draws;
            Assert.That(firstHalf.Concat(secondHalf).ToArray(), Is.EqualTo(straight), "draws after the restore continue the unbroken run bit for bit");
            Assert.That(restored.StepSizes.ToArray(), Is.EqualTo(second.Pool.StepSizes.ToArray()), "Load and Restore give the same adapted step sizes");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void MismatchedPoolsAndForeignFilesAreRejected()
    {
        using var model = EnergyModel.Create(ValidationEnergies.Correlated(2), Session);
        using var pool = new ChainPool(Session, 4, 2, seed: 5);
        pool.InitializeNormal(model.Device, new float[2], 1);
        var content = ChainCheckpoint.ToSafeTensors(pool);
        using var otherSeed = new ChainPool(Session, 4, 2, seed: 6);
        using var otherShape = new ChainPool(Session, 8, 2, seed: 5);
        Assert.Multiple(() =>
        {
            Assert.That(() => ChainCheckpoint.Restore(otherSeed, content), Throws.TypeOf<EbmFormatException>().With.Message.Contains("seed"));
            Assert.That(() => ChainCheckpoint.Restore(otherShape, content), Throws.TypeOf<EbmFormatException>().With.Message.Contains("4 chains"));
        });
        string path = Path.Combine(Path.GetTempPath(), $"ebm-not-chains-{Guid.NewGuid():N}.safetensors");
        try
        {
            var foreign = new SafeTensors();
            foreign.Add("weight", SafeTensor.FromSingle([1f], 1));
            SafeTensorsFile.Write(path, foreign);
            Assert.That(() => ChainCheckpoint.Read(path), Throws.TypeOf<EbmFormatException>().With.Message.Contains("not a chain checkpoint"));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestCase("positions", float.NaN, "'positions' holds NaN")]
    [TestCase("step_sizes", 0f, "'step_sizes' holds 0 for chain 1")]
    [TestCase("step_sizes", -0.5f, "'step_sizes' holds -0.5 for chain 1")]
    public void HandMadeStateIsValidatedAsStrictlyAsFreshInput(string tensor, float value, string expected)
    {
        using var model = EnergyModel.Create(ValidationEnergies.Correlated(2), Session);
        using var pool = new ChainPool(Session, 4, 2, seed: 5);
        pool.InitializeNormal(model.Device, new float[2], 1);
        var content = ChainCheckpoint.ToSafeTensors(pool);
        var forged = new SafeTensors();
        foreach (var (key, entry) in content.Metadata)
            forged.Metadata[key] = entry;
        foreach (string name in content.Names)
        {
            var original = content[name];
            if (name != tensor)
            {
                forged.Add(name, original);
                continue;
            }
            float[] values = original.ToSingle();
            values[1] = value;
            forged.Add(name, SafeTensor.FromSingle(values, [.. original.Shape]));
        }
        Assert.That(() => ChainCheckpoint.Restore(pool, forged), Throws.TypeOf<EbmFormatException>().With.Message.Contains(expected));
    }
}
