using System.Text.Json;
using Ebm.Facade.Data;
using Ebm.Facade.Models;
using Ebm.Tests.Support;

namespace Ebm.Tests.Cli;

/// <summary>
/// <c>ebm train --data fashion-mnist</c> and <c>ebm sample --plot</c> on image models: an RBM trained on the real images,
/// whose AIS log Z agrees with the exact sum on the device, and a grid of its samples; and the errors that name a
/// missing data set or a model of the wrong size. The real-data test needs Debian's package (CI installs it).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class FashionMnistCommandTests
{
    [Test]
    public void AnRbmTrainedOnTheRealImagesHasAnAisLogZWithinErrorOfTheExactSumAndDrawsAGrid()
    {
        InstalledFashionMnist.Require();
        using var folder = new CliFolder();
        string model = folder.File("rbm.safetensors");
        var run = CliRun.Of("train", "--data", "fashion-mnist", "--model", "rbm:784-10", "--method", "cd", "--iterations", "150", "--seed", "4",
            "--accelerator", "cpu", "--json", "--out", model);
        Assert.That(run.ExitCode, Is.Zero, run.Error);
        using (var json = JsonDocument.Parse(run.Output))
        {
            var root = json.RootElement;
            double ais = root.GetProperty("log_z").GetDouble(), error = root.GetProperty("log_z_error").GetDouble(), exact = root.GetProperty("exact_log_z").GetDouble();
            TestContext.Out.WriteLine($"AIS {ais} ± {error}, exact {exact}, test LL {root.GetProperty("test_log_likelihood").GetDouble()}");
            Assert.That(root.GetProperty("test_rows").GetInt32(), Is.EqualTo(10_000), "held out: the test split");
            Assert.That(ais, Is.EqualTo(exact).Within(5 * error), "AIS within 5 standard errors of the exact sum over 2^10 hidden states");
            Assert.That(root.GetProperty("test_log_likelihood").GetDouble(), Is.GreaterThan(-784 * Math.Log(2) + 100), "at least 100 nats better than a fair coin per pixel");
        }
        string grid = folder.File("grid.png");
        var sample = CliRun.Of("sample", "--model", model, "--sampler", "gibbs", "--chains", "64", "--steps", "20", "--accelerator", "cpu", "--quiet",
            "--out", folder.File("draws.npy"), "--plot", grid);
        Assert.That(sample.ExitCode, Is.Zero, sample.Error);
        using var image = SkiaSharp.SKBitmap.Decode(grid);
        Assert.That((image.Width, image.Height), Is.EqualTo((8 * (28 * 3 + 4) + 4, 44 + 8 * (28 * 3 + 4) + 4)), "8 × 8 images of 28 × 28 pixels, magnified 3 times, under the title");
    }

    [Test]
    public void AMissingDataSetAndAModelOfTheWrongSizeAreNamed()
    {
        using var folder = new CliFolder();
        string? saved = Environment.GetEnvironmentVariable(FashionMnist.FolderVariable);
        try
        {
            Environment.SetEnvironmentVariable(FashionMnist.FolderVariable, folder.File("empty"));
            var missing = CliRun.Of("train", "--data", "fashion-mnist:test", "--model", "rbm:784-10", "--iterations", "1", "--out", folder.File("a.safetensors"));
            Assert.That(missing.ExitCode, Is.EqualTo(2));
            Assert.That(missing.Error, Does.Contain("t10k-images-idx3-ubyte.gz does not exist").And.Contain("apt-get install dataset-fashion-mnist"));
            var wrongSize = CliRun.Of("train", "--data", "fashion-mnist", "--model", "rbm:100-10", "--iterations", "1", "--out", folder.File("b.safetensors"));
            Assert.That(wrongSize.ExitCode, Is.EqualTo(2));
            Assert.That(wrongSize.Error, Does.Contain("has 784 pixels (28 × 28): use rbm:784-H"));
            var badSplit = CliRun.Of("train", "--data", "fashion-mnist:valid", "--model", "rbm:784-10", "--iterations", "1", "--out", folder.File("c.safetensors"));
            Assert.That(badSplit.Error, Does.Contain("the splits of fashion-mnist are :train and :test"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(FashionMnist.FolderVariable, saved);
        }
    }

    [TestCase("mlp:784-16-1", typeof(MlpSpec))]
    [TestCase("conv:1x28x28:4k3s2,8k3s2:silu:avg", typeof(ConvSpec))]
    public void ANetworkTrainsOnImagesByTheImageRecipeAndPicturesItsCheckpoints(string network, Type kind)
    {
        using var folder = new CliFolder();
        var random = new Random(3);
        string images = folder.File("images");
        Directory.CreateDirectory(images);
        foreach (var (prefix, count) in new[] { ("train", 120), ("t10k", 30) })
        {
            File.WriteAllBytes(Path.Combine(images, $"{prefix}-images-idx3-ubyte.gz"), IdxBytes.Gzip(IdxBytes.UInt8([count, 28, 28], _ => (byte)random.Next(256))));
            File.WriteAllBytes(Path.Combine(images, $"{prefix}-labels-idx1-ubyte.gz"), IdxBytes.Gzip(IdxBytes.UInt8([count], i => (byte)(i % 10))));
        }
        string? saved = Environment.GetEnvironmentVariable(FashionMnist.FolderVariable);
        try
        {
            Environment.SetEnvironmentVariable(FashionMnist.FolderVariable, images);
            string model = folder.File("m.safetensors");
            var run = CliRun.Of("train", "--data", "fashion-mnist", "--model", network, "--iterations", "3", "--k", "4", "--batch", "16", "--buffer", "64",
                "--accelerator", "cpu", "--json", "--out", model, "--plot", folder.File("curves.png"));
            Assert.That(run.ExitCode, Is.Zero, run.Error);
            var buffer = Ebm.Facade.IO.SafeTensorsFile.Read(folder.File("m.checkpoint.safetensors"))["replay_buffer"].ToSingle();
            Assert.That(buffer, Is.All.InRange(0f, 1f), "restarts uniform in [0, 1] and ULA steps of 2.5 clamped to it");
            Assert.That(buffer.Distinct().Count(), Is.GreaterThan(buffer.Length / 2), "the buffer holds noise and chains, not a constant");
            foreach (var (name, width, height) in new[] { ("m.samples.png", 8 * (28 * 3 + 4) + 4, 44 + 2 * (28 * 3 + 4) + 4), ("m.energies.png", 900, 500), ("curves.png", 1000, 900) })
            {
                using var picture = SkiaSharp.SKBitmap.Decode(folder.File(name));
                Assert.That((picture.Width, picture.Height), Is.EqualTo((width, height)), name);
            }
            Assert.That(ModelFiles.Load(model), Is.TypeOf(kind), "the saved model loads as what was trained");
            var sample = CliRun.Of("sample", "--model", model, "--sampler", "mala", "--chains", "64", "--steps", "3", "--accelerator", "cpu", "--quiet",
                "--out", folder.File("draws.npy"), "--plot", folder.File("grid.png"));
            Assert.That(sample.ExitCode, Is.Zero, sample.Error);
            using (var grid = SkiaSharp.SKBitmap.Decode(folder.File("grid.png")))
                Assert.That(grid.Width, Is.EqualTo(8 * (28 * 3 + 4) + 4), "ebm sample draws an image model's grid");
            var mala = CliRun.Of("train", "--data", "fashion-mnist", "--model", network, "--sampler", "mala", "--iterations", "1", "--out", folder.File("x.safetensors"));
            Assert.That(mala.ExitCode, Is.EqualTo(2));
            Assert.That(mala.Error, Does.Contain("Clamp must be used with the ULA sampler only"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(FashionMnist.FolderVariable, saved);
        }
    }

    [TestCase(10, 200)]
    [TestCase(64, 1280)]
    [TestCase(500, 10_000)]
    [TestCase(2000, 10_000)]
    public void TheDefaultAisPathGrowsWithTheHiddenLayer(int hidden, int temperatures) =>
        Assert.That(Ebm.Cli.Commands.RbmTraining.DefaultAisTemperatures(hidden), Is.EqualTo(temperatures));
}
