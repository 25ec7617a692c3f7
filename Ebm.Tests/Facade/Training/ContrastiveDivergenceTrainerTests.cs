using Ebm.Facade.Data;
using Ebm.Facade.Models;
using Ebm.Facade.Training;
using Ebm.Kernels.Energies;
using Ebm.Kernels.Training;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Training;

public sealed class ContrastiveDivergenceTrainerTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private static readonly TrainerOptions Small = new() { BatchSize = 32, SamplerSteps = 5, BufferSize = 200, Seed = 5, DecayIterations = 6 };

    [Test]
    public void ResumingFromACheckpointContinuesBitForBit()
    {
        var data = ToyDatasets.Generate("moons", 500, 1);
        var spec = MlpSpec.Initialize([2, 8, 8, 1], ActivationKind.SiLU, 3, GaussianBase.AroundData(data, 1));
        float[] straight = TrainedParameters(spec, data, iterations: 6, checkpointAfter: null);
        float[] resumed = TrainedParameters(spec, data, iterations: 6, checkpointAfter: 3);
        Assert.That(resumed, Is.EqualTo(straight));
    }

    [Test]
    public void PersistentCdRecoversTheMeanAndCovarianceOfGaussianData()
    {
        // Data from N(m, S); the maximum-likelihood Gaussian is the sample mean and covariance. MALA negatives
        // make the model expectation exact. Parameters are averaged over the last 200 of 800 iterations; each
        // update sees 128 data points, so the optimisation noise of the average is far below σ/√128, and the
        // bound used is 5·σ/√128 per coordinate (and the analogous scale for covariances).
        const int n = 4000;
        var random = new Random(9);
        var data = new float[n, 2];
        for (int i = 0; i < n; i++)
        {
            double z1 = Gaussian(random), z2 = Gaussian(random);
            data[i, 0] = (float)(1.0 + 1.0 * z1);
            data[i, 1] = (float)(-0.5 + 0.6 * z1 + 0.663 * z2);
        }
        var (mean, covariance) = Moments(data);
        var options = new TrainerOptions
        {
            Sampler = SamplerKind.Mala, StepSize = 0.1f, SamplerSteps = 5, BatchSize = 128, BufferSize = 2000,
            ReinitProbability = 0.05, EnergyRegularization = 0, GradientClip = double.PositiveInfinity, LearningRate = 0.02, Beta1 = 0.5, Seed = 1,
        };
        using var model = EnergyModel.Create(TrainableGaussianSpec.StandardNormal(2), Session);
        using var trainer = new ContrastiveDivergenceTrainer(model, data, options);
        trainer.Train(600);
        var average = new double[trainer.Parameters.Length];
        for (int i = 0; i < 200; i++)
        {
            trainer.Step();
            float[] current = trainer.Parameters.ToArray();
            for (int p = 0; p < average.Length; p++)
                average[p] += current[p] / 200.0;
        }
        var learned = new TrainableGaussianSpec(2, [.. average.Select(value => (float)value)]);
        var learnedCovariance = GaussianSpec.FromPrecision(learned.Mean(), learned.Precision()).Covariance;
        double bound = 5 / Math.Sqrt(options.BatchSize);
        Assert.Multiple(() =>
        {
            for (int i = 0; i < 2; i++)
            {
                Assert.That(learned.Mean()[i], Is.EqualTo(mean[i]).Within(bound * Math.Sqrt(covariance[i, i])), $"mean {i}");
                for (int j = 0; j < 2; j++)
                    Assert.That(learnedCovariance[i, j], Is.EqualTo(covariance[i, j]).Within(bound * Math.Sqrt(covariance[i, i] * covariance[j, j] + covariance[i, j] * covariance[i, j])), $"covariance {i},{j}");
            }
        });
    }

    [Test]
    public void DivergenceNamesTheIterationKeepsTheLastGoodParametersAndStopsTheTrainer()
    {
        // ULA on the base term c/2·|x|² is stable only for ε·c < 2; with σ₀ = half the data's spread and ε = 3 the persistent chains grow by
        // a factor of about |1 − εc| each step until their energies or the gradient overflow, some iterations in.
        var data = ToyDatasets.Generate("8gaussians", 500, 1);
        var spec = MlpSpec.Initialize([2, 8, 8, 1], ActivationKind.SiLU, 3, GaussianBase.AroundData(data, 0.5));
        using var model = EnergyModel.Create(spec, Session);
        var blowUp = Small with { StepSize = 3 };
        using var trainer = new ContrastiveDivergenceTrainer(model, data, blowUp);
        var reported = new List<TrainingProgress>();
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Train(50, new Collect(reported)))!;
        float[] kept = trainer.Parameters.ToArray();
        using var replayModel = EnergyModel.Create(spec, Session);
        using var replay = new ContrastiveDivergenceTrainer(replayModel, data, blowUp);
        replay.Train(error.Iteration - 1);
        Assert.Multiple(() =>
        {
            Assert.That(error.Iteration, Is.GreaterThan(1), "a divergence some iterations in");
            Assert.That(error.Cause, Is.Not.EqualTo(DivergenceCause.None));
            Assert.That(error.Message, Does.Contain($"at iteration {error.Iteration}"));
            Assert.That(reported.Select(r => r.Iteration), Is.EqualTo(Enumerable.Range(1, error.Iteration - 1)), "every iteration before it is reported");
            Assert.That(kept, Is.EqualTo(replay.Parameters.ToArray()), "θ of the last good iteration");
            Assert.That(trainer.Diverged);
            Assert.That(() => trainer.Train(1), Throws.InvalidOperationException);
            Assert.That(() => TrainingCheckpoint.Save(Path.Combine(Path.GetTempPath(), "never.safetensors"), trainer, "{}"), Throws.InvalidOperationException);
        });
    }

    [TestCase("iteration", "'iteration' holds 4611686018427387904")]
    [TestCase("replay_buffer", "'replay_buffer' holds Infinity at flat index 0")]
    public void HandMadeCheckpointStateIsRejectedByName(string tensor, string expected)
    {
        var data = ToyDatasets.Generate("moons", 100, 1);
        var spec = MlpSpec.Initialize([2, 4, 1], ActivationKind.SiLU, 3);
        string path = Path.Combine(Path.GetTempPath(), $"ebm-ckpt-{Guid.NewGuid():N}.safetensors");
        try
        {
            using var model = EnergyModel.Create(spec, Session);
            using var trainer = new ContrastiveDivergenceTrainer(model, data, Small);
            trainer.Train(1);
            TrainingCheckpoint.Save(path, trainer, "{}");
            var saved = TrainingCheckpoint.Read(path);
            var forged = new Ebm.Facade.IO.SafeTensors();
            foreach (var (key, value) in saved.Metadata)
                forged.Metadata[key] = value;
            foreach (string name in saved.Names)
                forged.Add(name, name != tensor ? saved[name] : tensor == "iteration" ? Ebm.Facade.IO.SafeTensor.FromInt64([1L << 62], 1) : Infinite(saved[name]));
            Assert.That(() => TrainingCheckpoint.Restore(trainer, forged), Throws.InstanceOf<Ebm.Facade.IO.EbmFormatException>().With.Message.Contains(expected));
        }
        finally
        {
            File.Delete(path);
        }
    }

    // The tensor with its first value replaced by +∞.
    private static Ebm.Facade.IO.SafeTensor Infinite(Ebm.Facade.IO.SafeTensor tensor)
    {
        float[] values = tensor.ToSingle();
        values[0] = float.PositiveInfinity;
        return Ebm.Facade.IO.SafeTensor.FromSingle(values, [.. tensor.Shape]);
    }

    [Test]
    public void AnEnergyWithoutParametersIsRejected()
    {
        using var model = EnergyModel.Create(new DiagonalGaussianSpec([0, 0], [1, 1]), Session);
        Assert.That(() => new ContrastiveDivergenceTrainer(model, new float[,] { { 0, 0 } }, Small), Throws.ArgumentException.With.Message.Contains("no trainable parameters"));
    }

    [Test]
    public void InvalidOptionsAndDataAreNamed()
    {
        using var model = EnergyModel.Create(MlpSpec.Initialize([2, 4, 1], ActivationKind.Tanh, 1), Session);
        Assert.That(() => new ContrastiveDivergenceTrainer(model, new float[,] { { 0, 0 } }, Small with { StepSize = -1 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("StepSize"));
        Assert.That(() => new ContrastiveDivergenceTrainer(model, new float[,] { { 0, 0 }, { float.NaN, 1 } }, Small),
            Throws.ArgumentException.With.Message.Contains("[1, 0]"));
    }

    private float[] TrainedParameters(MlpSpec spec, float[,] data, int iterations, int? checkpointAfter)
    {
        string folder = Path.Combine(Path.GetTempPath(), "ebm-ckpt-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var model = EnergyModel.Create(spec, Session);
            using var trainer = new ContrastiveDivergenceTrainer(model, data, Small);
            if (checkpointAfter is not int half)
            {
                trainer.Train(iterations);
                return trainer.Parameters.ToArray();
            }
            trainer.Train(half);
            string path = Path.Combine(folder, "checkpoint.safetensors");
            TrainingCheckpoint.Save(path, trainer, "{}");
            using var freshModel = EnergyModel.Create(spec, Session);
            using var resumed = new ContrastiveDivergenceTrainer(freshModel, data, Small);
            TrainingCheckpoint.Restore(resumed, TrainingCheckpoint.Read(path));
            Assert.That(resumed.Iteration, Is.EqualTo(half));
            resumed.Train(iterations - half);
            return resumed.Parameters.ToArray();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class Collect(List<TrainingProgress> items) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => items.Add(value);
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static (double[] Mean, double[,] Covariance) Moments(float[,] data)
    {
        int n = data.GetLength(0);
        var mean = new double[2];
        var covariance = new double[2, 2];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < 2; j++)
                mean[j] += data[i, j] / (double)n;
        for (int i = 0; i < n; i++)
            for (int a = 0; a < 2; a++)
                for (int b = 0; b < 2; b++)
                    covariance[a, b] += (data[i, a] - mean[a]) * (data[i, b] - mean[b]) / n;
        return (mean, covariance);
    }
}
