using System.Text;
using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Kernels.Energies;
using Ebm.Tests.Support;
using Ebm.Tests.Support.Fuzzing;

namespace Ebm.Tests.Facade.IO;

/// <summary>
/// Seeded mutants of valid NPY, safetensors, IDX, model and JSON spec files: every reader returns a result or throws its
/// documented exception (<see cref="EbmFormatException"/>, <see cref="InvalidModelSpecException"/>), never another
/// type, an out-of-memory or a hang, and allocates a bounded amount. <c>EBM_FUZZ_MUTANTS</c> sets a longer run.
/// </summary>
[TestFixture]
public sealed class FileFormatFuzzTests
{
    [Test]
    public void NpyReader_OnMutatedFiles_SucceedsOrThrowsEbmFormatException()
    {
        string[] fixtures = ["f4_2x3.npy", "f8_2x3x4.npy", "f8_scalar.npy", "f4_2x3_v3.npy", "f4_empty_0x3.npy"];
        var seeds = fixtures.Select(name => File.ReadAllBytes(FixturePath.Of("npy/" + name))).ToList();
        using var written = new MemoryStream();
        NpyFile.Write(written, Enumerable.Range(0, 24).Select(i => (float)i).ToArray(), [2, 1, 3, 4]);
        seeds.Add(written.ToArray());

        new FuzzCampaign("NPY", seeds, HeaderFrame.Npy, seed: 20240601, quickMutants: 3000)
            .Run(FuzzCampaign.Reading(bytes => NpyFile.Read(new MemoryStream(bytes)), typeof(EbmFormatException)));
    }

    [Test]
    public void SafeTensorsReader_OnMutatedFiles_SucceedsOrThrowsEbmFormatException()
    {
        var content = new SafeTensors();
        content.Add("w", SafeTensor.FromDouble([1.0, 2.0, 3.0, 4.0], 2, 2));
        content.Add("step", SafeTensor.FromInt64([12]));
        content.Metadata["seed"] = "7";
        using var written = new MemoryStream();
        SafeTensorsFile.Write(written, content);
        List<byte[]> seeds = [File.ReadAllBytes(FixturePath.Of("safetensors/mixed.safetensors")), written.ToArray()];

        new FuzzCampaign("safetensors", seeds, _ => HeaderFrame.SafeTensors, seed: 20240602, quickMutants: 3000)
            .Run(FuzzCampaign.Reading(bytes => SafeTensorsFile.Read(new MemoryStream(bytes)), typeof(EbmFormatException)));
    }

    [Test]
    public void IdxReader_OnMutatedFiles_SucceedsOrThrowsEbmFormatException()
    {
        using var folder = new TemporaryFolder();
        var plain = IdxBytes.UInt8([3, 4, 5], i => (byte)(i * 37));
        List<byte[]> seeds = [plain, IdxBytes.Gzip(plain), IdxBytes.Of(IdxDType.Float32, [2, 2], new byte[16]), IdxBytes.Of(IdxDType.Int16, [3], [0, 1, 0, 2, 0xFF, 0xFF])];
        string path = folder.File("mutant.idx");

        new FuzzCampaign("IDX", seeds, _ => HeaderFrame.WholeFile, seed: 20261203, quickMutants: 3000)
            .Run(FuzzCampaign.Reading(bytes =>
            {
                File.WriteAllBytes(path, bytes);
                IdxFile.Read(path).ToSingle();
            }, typeof(EbmFormatException)));
    }

    [Test]
    public void ModelFileReader_OnMutatedSavedModels_SucceedsOrThrowsEbmFormatException()
    {
        using var folder = new TemporaryFolder();
        var seeds = new NetworkSpec[]
        {
            MlpSpec.Initialize([2, 8, 1], ActivationKind.SiLU, seed: 3),
            MlpSpec.Initialize([3, 4, 4, 1], ActivationKind.LeakyRelu, seed: 4, new GaussianBase([0.5, -1, 2], 1.5)),
            ConvSpec.Initialize(ConvArchitecture.Parse("conv:1x5x5:2k3s2,3k1:silu:sum"), 5),
        }.Select(spec =>
        {
            using var stream = new MemoryStream();
            SafeTensorsFile.Write(stream, spec.ToSafeTensors());
            return stream.ToArray();
        }).ToList();
        string path = folder.File("model.safetensors");

        new FuzzCampaign("saved model", seeds, _ => HeaderFrame.SafeTensors, seed: 20261202, quickMutants: 1500)
            .Run(FuzzCampaign.Reading(bytes =>
            {
                File.WriteAllBytes(path, bytes);
                ModelFiles.Load(path);
            }, typeof(EbmFormatException), typeof(InvalidModelSpecException)));
    }

    [Test]
    public void ModelSpecReader_OnMutatedSpecs_SucceedsOrThrowsInvalidModelSpecException()
    {
        using var folder = new TemporaryFolder();
        MlpParameterFile.Write(folder.File("w.safetensors"), MlpSpec.Initialize([2, 8, 1], ActivationKind.SiLU, seed: 5));
        SafeTensorsFile.Write(folder.File("rbm.safetensors"), RbmSpec.Random(5, 3, 0.4, seed: 8).ToSafeTensors());
        string[] specs =
        [
            """{"energy": "gaussian", "mean": [0, 1], "covariance": [[1, 0.5], [0.5, 2]]}""",
            """{"energy": "diagonal_gaussian", "mean": [0, 0, 1], "scales": [1, 2, 0.5]}""",
            """{"energy": "mixture", "weights": [1, 2], "means": [[-2, 0], [2, 0]], "scales": [[0.5, 0.5], [1, 0.25]]}""",
            """{"energy": "banana", "dim": 3, "a": 1, "b": 100}""",
            """{"energy": "funnel", "dim": 4, "sigma": 3}""",
            """{"energy": "mlp", "layers": [2, 8, 1], "activation": "silu", "parameters": "w.safetensors", "output_scale": 1, "base_scale": 2, "base_mean": [0, 1]}""",
            """{"energy": "ising", "rows": 4, "cols": 3, "coupling": 0.44, "field": 0.1, "temperature": 2}""",
            """{"energy": "rbm", "visible": 5, "hidden": 3, "parameters": "rbm.safetensors"}""",
        ];

        new FuzzCampaign("JSON spec", [.. specs.Select(Encoding.UTF8.GetBytes)], _ => HeaderFrame.WholeFile, seed: 20261203, quickMutants: 3000)
            .Run(FuzzCampaign.Reading(bytes => ModelSpecReader.ParseAny(Encoding.UTF8.GetString(bytes), folder.Path), typeof(InvalidModelSpecException)));
    }
}
