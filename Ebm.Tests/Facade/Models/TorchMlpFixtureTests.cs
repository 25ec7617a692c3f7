using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Runtime.Accelerators;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Models;

/// <summary>
/// A network built by PyTorch (Fixtures/torch/make_fixtures.py: nn.Sequential of Linear(2,16), SiLU, Linear(16,16),
/// SiLU, Linear(16,1), seed 20261129) loads through a JSON spec and its safetensors state dict, and the device energies
/// and input gradients match torch.autograd's, evaluated in float64 from the same float32 weights.
/// </summary>
/// <remarks>
/// The device evaluates in float32: with at most 17 terms per sum the relative error stays near 1e-7; the check is
/// 1e-5 relative, component by component (no component of these gradients is near zero). The float64 host reference
/// is checked against the same fixture to 1e-12 in <see cref="ModelSpecReaderTests"/>.
/// </remarks>
public sealed class TorchMlpFixtureTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private const double DeviceTolerance = 1e-5;

    [Test]
    public void EnergiesAndGradientsMatchTorch()
    {
        var spec = (MlpSpec)ModelSpecReader.Read(FixturePath.Of("torch/model.json"));
        var (points, energies, gradients) = Fixtures();
        using var model = EnergyModel.Create(spec, Session);
        var (deviceEnergies, deviceGradients) = model.EnergyAndGradient(points);
        double worst = 0;
        for (int n = 0; n < energies.Length; n++)
        {
            worst = Math.Max(worst, Math.Abs(deviceEnergies[n] - energies[n]) / Math.Abs(energies[n]));
            Assert.That(deviceEnergies[n], Is.EqualTo(energies[n]).Within(DeviceTolerance * Math.Abs(energies[n])), $"E(point {n})");
            for (int j = 0; j < 2; j++)
            {
                worst = Math.Max(worst, Math.Abs(deviceGradients[n, j] - gradients[n, j]) / Math.Abs(gradients[n, j]));
                Assert.That(deviceGradients[n, j], Is.EqualTo(gradients[n, j]).Within(DeviceTolerance * Math.Abs(gradients[n, j])), $"∂E/∂x{j} at point {n}");
            }
        }
        TestContext.Out.WriteLine($"{Kind}: largest relative error {worst:G3}");
    }

    /// <summary>The fixture points, torch's energies and torch's gradients.</summary>
    internal static (float[,] Points, double[] Energies, double[,] Gradients) Fixtures()
    {
        var pointsFile = NpyFile.Read(FixturePath.Of("torch/points.npy"));
        var energiesFile = NpyFile.Read(FixturePath.Of("torch/energies.npy"));
        var gradientsFile = NpyFile.Read(FixturePath.Of("torch/gradients.npy"));
        Assert.That(pointsFile.Shape, Is.EqualTo(new[] { 7, 2 }));
        Assert.That(pointsFile.DType, Is.EqualTo(NpyDType.Float32), "the points are float32, so both sides evaluate the same points");
        Assert.That(energiesFile.Shape, Is.EqualTo(new[] { 7 }));
        Assert.That(gradientsFile.Shape, Is.EqualTo(new[] { 7, 2 }));
        var points = new float[7, 2];
        var gradients = new double[7, 2];
        Buffer.BlockCopy(pointsFile.ToSingle(), 0, points, 0, 14 * sizeof(float));
        Buffer.BlockCopy(gradientsFile.ToDouble(), 0, gradients, 0, 14 * sizeof(double));
        return (points, energiesFile.ToDouble(), gradients);
    }
}
