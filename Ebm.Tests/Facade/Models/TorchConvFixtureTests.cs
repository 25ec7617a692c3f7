using Ebm.Facade.IO;
using Ebm.Facade.Models;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using Ebm.Tests.Support;
using CommunityToolkit.HighPerformance;

namespace Ebm.Tests.Facade.Models;

/// <summary>
/// Convolutional networks built by PyTorch (Fixtures/torch_conv/make_fixtures.py: avg = Conv2d(2,3,3,1,1), SiLU,
/// Conv2d(3,4,3,2,1), SiLU, AdaptiveAvgPool2d(1), Flatten, Linear(4,1) on 2×7×6 images; sum = Conv2d(1,5,4,2,1), LeakyReLU,
/// Conv2d(5,2,3,1,0), LeakyReLU, LPPool2d(1, 2), Flatten, Linear(2,1) on 1×9×9) load through JSON specs and their state
/// dicts, and the energies, ∇ₓE and ∇θE match torch.autograd's in float64 from the same float32 weights.
/// </summary>
/// <remarks>
/// The float64 host reference must agree to 1e-12 (the same sums in another order). The device evaluates in float32:
/// the rounding error of a sum of n products is about n·u times the sum of their magnitudes, which is bounded by the
/// vector's largest component rather than by the component itself (components that cancel to near zero keep the error
/// of their terms). With n ≤ 45 and u = 6e-8 that is ≤ 3e-6 of the largest component; the checks allow 1e-5 of it
/// (energies: 1e-5 relative). A wrong index or derivative moves components by a sizeable fraction of their size.
/// </remarks>
public sealed class TorchConvFixtureTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private const double DeviceTolerance = 1e-5;

    public static IEnumerable<string> Networks => ["avg", "sum"];

    [TestCaseSource(nameof(Networks))]
    public void TheHostReferenceIsTorchsToRounding(string name)
    {
        var (spec, points, energies, gradients, parameterGradients) = Fixture(name);
        int d = spec.Dimension, p = spec.Parameters.Count;
        var gradient = new double[d];
        var parameterGradient = new double[p];
        for (int n = 0; n < energies.Length; n++)
        {
            double energy = spec.ReferenceEnergyAndParameterGradient(TestPoints.Row(points, n), gradient, parameterGradient);
            Assert.That(energy, Is.EqualTo(energies[n]).Within(1e-12 * (1 + Math.Abs(energies[n]))), $"E(point {n})");
            for (int j = 0; j < d; j++)
                Assert.That(gradient[j], Is.EqualTo(gradients[n, j]).Within(1e-12), $"∂E/∂x{j} at point {n}");
            for (int k = 0; k < p; k++)
                Assert.That(parameterGradient[k], Is.EqualTo(parameterGradients[n, k]).Within(1e-12), $"∂E/∂θ{k} at point {n}");
        }
    }

    [TestCaseSource(nameof(Networks))]
    public void DeviceEnergiesAndGradientsMatchTorch(string name)
    {
        var (spec, points, energies, gradients, parameterGradients) = Fixture(name);
        using var model = EnergyModel.Create(spec, Session);
        var (deviceEnergies, deviceGradients) = model.EnergyAndGradient(points);
        using var device = spec.CreateDevice(Session);
        var trainable = (ITrainableDeviceEnergy)device;
        using var devicePoints = new DeviceMatrix<float>(Session, points.GetLength(0), points.GetLength(1));
        devicePoints.CopyFrom(new ReadOnlySpan2D<float>(points));
        using var deviceEnergiesAgain = new DeviceVector<float>(Session, energies.Length);
        using var perRow = new DeviceMatrix<float>(Session, energies.Length, trainable.ParameterCount);
        trainable.EvaluateParameterGradients(devicePoints, deviceEnergiesAgain, perRow);
        var deviceParameterGradients = perRow.ToArray();
        for (int n = 0; n < energies.Length; n++)
        {
            Assert.That(deviceEnergies[n], Is.EqualTo(energies[n]).Within(DeviceTolerance * Math.Abs(energies[n])), $"E(point {n})");
            Within(Row(deviceGradients, n), Row(gradients, n), $"∇ₓE at point {n}");
            Within(Row(deviceParameterGradients, n), Row(parameterGradients, n), $"∇θE at point {n}");
        }
    }

    // Component by component within DeviceTolerance of the largest component.
    private static void Within(float[] actual, double[] expected, string what)
    {
        double scale = expected.Max(Math.Abs);
        for (int k = 0; k < expected.Length; k++)
            Assert.That(actual[k], Is.EqualTo(expected[k]).Within(DeviceTolerance * scale), $"{what}, component {k}");
    }

    private static T[] Row<T>(T[,] matrix, int n) => [.. Enumerable.Range(0, matrix.GetLength(1)).Select(j => matrix[n, j])];

    /// <summary>The spec, the points, and torch's energies, input gradients and parameter gradients.</summary>
    internal static (ConvSpec Spec, float[,] Points, double[] Energies, double[,] Gradients, double[,] ParameterGradients) Fixture(string name)
    {
        var spec = (ConvSpec)ModelSpecReader.Read(FixturePath.Of($"torch_conv/{name}.json"));
        var points = NpyFile.Read(FixturePath.Of($"torch_conv/{name}.points.npy"));
        Assert.That(points.DType, Is.EqualTo(NpyDType.Float32), "the points are float32, so both sides evaluate the same points");
        Assert.That(points.Shape, Is.EqualTo(new[] { 5, spec.Dimension }));
        var gradients = Matrix(NpyFile.Read(FixturePath.Of($"torch_conv/{name}.gradients.npy")), 5, spec.Dimension);
        var parameterGradients = Matrix(NpyFile.Read(FixturePath.Of($"torch_conv/{name}.parameter_gradients.npy")), 5, spec.Parameters.Count);
        var pointMatrix = new float[5, spec.Dimension];
        Buffer.BlockCopy(points.ToSingle(), 0, pointMatrix, 0, pointMatrix.Length * sizeof(float));
        return (spec, pointMatrix, NpyFile.Read(FixturePath.Of($"torch_conv/{name}.energies.npy")).ToDouble(), gradients, parameterGradients);
    }

    private static double[,] Matrix(NpyArray array, int rows, int columns)
    {
        Assert.That(array.Shape, Is.EqualTo(new[] { rows, columns }));
        var matrix = new double[rows, columns];
        Buffer.BlockCopy(array.ToDouble(), 0, matrix, 0, rows * columns * sizeof(double));
        return matrix;
    }
}
