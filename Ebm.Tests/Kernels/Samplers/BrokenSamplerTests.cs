using Ebm.Facade.Diagnostics;
using Ebm.Facade.Models;
using Ebm.Kernels.Energies;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using Ebm.Tests.Support;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Tests.Kernels.Samplers;

/// <summary>
/// The statistical tests can fail: three classic bugs (a flipped Metropolis ratio, a leapfrog without its
/// closing half-step, Langevin noise ε instead of √(2ε)) are rejected by the assertions the samplers' tests
/// make (R̂ &lt; 1.01 and every first and second moment within 5 MCSE of the truth), and the correct kernel,
/// run with the same seed, settings and chain count, passes them.
/// </summary>
public sealed class BrokenSamplerTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private const int Chains = 64;

    // A 2-D Gaussian with unequal scales and a non-zero mean: precision λ = 1/s² per coordinate.
    private static readonly DiagonalGaussianSpec Target = new([0.5, -1], [1, 1.5]);

    public enum Broken
    {
        WrongSignMetropolis,
        MissingHalfStepHmc,
    }

    [Test]
    public void WrongSignInTheMetropolisRatioIsRejected()
    {
        var settings = Settings(steps: 2000, thin: 2, leapfrog: 1);
        var correct = Failures(Draws(1.0f, settings, (pool, s, d) => ChainAdvance.Run(Model(), pool, SamplerKind.Rwmh, s, d)), Target.Mean, Variances);
        var broken = Failures(Draws(1.0f, settings, Launcher(Broken.WrongSignMetropolis)), Target.Mean, Variances);
        AssertCorrectPassesBrokenFails(correct, broken);
    }

    [Test]
    public void MissingLeapfrogHalfStepIsRejected()
    {
        var settings = Settings(steps: 1000, thin: 1, leapfrog: 5);
        var correct = Failures(Draws(0.4f, settings, (pool, s, d) => ChainAdvance.Run(Model(), pool, SamplerKind.Hmc, s, d)), Target.Mean, Variances);
        var broken = Failures(Draws(0.4f, settings, Launcher(Broken.MissingHalfStepHmc)), Target.Mean, Variances);
        AssertCorrectPassesBrokenFails(correct, broken);
    }

    [Test]
    public void LangevinNoiseScaledByEpsilonIsRejected()
    {
        // ULA's exact stationary law on a Gaussian: variance 2/(λ(2 − ελ)) per coordinate (with noise σ = ε it is ε/(λ(2 − ελ))).
        const float epsilon = 0.2f;
        double[] variances = [.. Target.Scales.Select(s => 2 / (1 / (s * s) * (2 - epsilon / (s * s))))];
        var exact = Settings(steps: 4000, thin: 8, leapfrog: 1);
        var brokenSettings = exact;
        brokenSettings.NoiseScale = epsilon; // BUG: σ = ε instead of √(2ε)
        var correct = Failures(Draws(epsilon, exact, (pool, s, d) => ChainAdvance.Run(Model(), pool, SamplerKind.Ula, s, d)), Target.Mean, variances);
        var broken = Failures(Draws(epsilon, brokenSettings, (pool, s, d) => ChainAdvance.Run(Model(), pool, SamplerKind.Ula, s, d)), Target.Mean, variances);
        AssertCorrectPassesBrokenFails(correct, broken);
    }

    private static double[] Variances => [.. Target.Scales.Select(s => s * s)];

    private EnergyModel? model;

    private DeviceEnergy Model() => model!.Device;

    [SetUp]
    public void CreateModel() => model = EnergyModel.Create(Target, Session);

    [TearDown]
    public void DisposeModel() => model?.Dispose();

    private static SamplerSettings Settings(int steps, int thin, int leapfrog) => new()
    {
        Steps = steps,
        Thin = thin,
        Leapfrog = leapfrog,
        InverseTemperature = 1,
        NoiseScale = -1,
        TargetAcceptance = 0.8f,
        DivergenceThreshold = 1000,
    };

    private Action<ChainPool, SamplerSettings, DeviceVector<float>?> Launcher(Broken broken) =>
        (pool, settings, draws) => Model().Apply(new BrokenLaunch(pool, broken, settings, draws));

    // Fixed step size, no adaptation: a burn-in of Steps / 2 unrecorded steps, then Steps recorded ones; returns [d][chains, draws].
    private double[][,] Draws(float stepSize, SamplerSettings settings, Action<ChainPool, SamplerSettings, DeviceVector<float>?> launch)
    {
        const int d = 2;
        using var pool = new ChainPool(Session, Chains, d, seed: 31);
        pool.SetStepSizes(stepSize);
        pool.InitializeNormal(Model(), new float[d], 1);
        var burn = settings;
        burn.Steps = settings.Steps / 2;
        burn.Thin = 0;
        launch(pool, burn, null);
        int drawCount = settings.Steps / settings.Thin;
        using var buffer = new DeviceVector<float>(Session, (long)drawCount * Chains * d);
        launch(pool, settings, buffer);
        float[] host = buffer.ToArray();
        var result = new double[d][,];
        for (int j = 0; j < d; j++)
        {
            result[j] = new double[Chains, drawCount];
            for (int c = 0; c < Chains; c++)
                for (int n = 0; n < drawCount; n++)
                    result[j][c, n] = host[((long)n * Chains + c) * d + j];
        }
        return result;
    }

    private sealed class BrokenLaunch(ChainPool pool, Broken broken, SamplerSettings settings, DeviceVector<float>? draws) : IEnergyOperation<bool>
    {
        public bool Run<TEnergy>(DeviceEnergy<TEnergy> energy)
            where TEnergy : struct, IEnergy
        {
            Action<Index1D, TEnergy, ChainState, SamplerSettings, ArrayView<float>> kernel = broken switch
            {
                Broken.WrongSignMetropolis => BrokenKernels.WrongSignMetropolis,
                _ => BrokenKernels.MissingHalfStepHmc,
            };
            var launch = energy.Session.Kernels.Get<Action<AcceleratorStream, Index1D, TEnergy, ChainState, SamplerSettings, ArrayView<float>>>(kernel);
            using var none = new DeviceVector<float>(energy.Session, 1);
            var launchSettings = settings;
            launchSettings.Seed = pool.Seed;
            launchSettings.FirstStep = pool.Step;
            launch(energy.Session.Accelerator.DefaultStream, pool.Chains, energy.Bind(pool.Chains), pool.State, launchSettings, (draws ?? none).View);
            energy.Session.Synchronize();
            pool.Step += (ulong)settings.Steps;
            return true;
        }
    }

    private static List<string> Failures(double[][,] draws, IReadOnlyList<double> means, double[] variances)
    {
        var failures = new List<string>();
        for (int j = 0; j < draws.Length; j++)
        {
            var values = draws[j];
            var diagnostics = ConvergenceDiagnostics.Compute(values);
            if (!(diagnostics.RHat < 1.01))
                failures.Add($"R̂ of x{j} is {diagnostics.RHat:F3}");
            if (!StatisticalBounds.IsWithin(values, means[j], out var mean))
                failures.Add($"E[x{j}] = {mean.Mean:G4} ± {mean.Mcse:G3}, truth {means[j]:G4}");
            var squares = Square(values, means[j]);
            if (!StatisticalBounds.IsWithin(squares, variances[j], out var variance))
                failures.Add($"Var[x{j}] = {variance.Mean:G4} ± {variance.Mcse:G3}, truth {variances[j]:G4}");
        }
        return failures;
    }

    private static double[,] Square(double[,] values, double mean)
    {
        var result = new double[values.GetLength(0), values.GetLength(1)];
        for (int c = 0; c < values.GetLength(0); c++)
            for (int n = 0; n < values.GetLength(1); n++)
                result[c, n] = Math.Pow(values[c, n] - mean, 2);
        return result;
    }

    private static void AssertCorrectPassesBrokenFails(List<string> correct, List<string> broken)
    {
        TestContext.Out.WriteLine($"correct: {(correct.Count == 0 ? "passes" : string.Join("; ", correct))}");
        TestContext.Out.WriteLine($"broken: {(broken.Count == 0 ? "passes" : string.Join("; ", broken))}");
        Assert.Multiple(() =>
        {
            Assert.That(correct, Is.Empty, "the correct sampler must pass the statistical assertions");
            Assert.That(broken, Is.Not.Empty, "the broken sampler must fail at least one statistical assertion");
        });
    }
}
