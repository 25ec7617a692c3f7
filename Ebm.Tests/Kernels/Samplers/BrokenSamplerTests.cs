using Ebm.Facade.Diagnostics;
using Ebm.Facade.Models;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using Ebm.Tests.Support;

namespace Ebm.Tests.Kernels.Samplers;

/// <summary>
/// The statistical tests can fail: classic bugs (a flipped Metropolis ratio, MALA without its Hastings correction, a
/// leapfrog without its closing half-step, Langevin noise ε instead of √(2ε), NUTS's broken rules) are rejected by the
/// assertions the samplers' tests make (R̂ &lt; 1.01 and every first and second moment within 5 MCSE of the truth), and
/// the correct kernel, run with the same seed, settings and chain count, passes them.
/// </summary>
public sealed class BrokenSamplerTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private const int Chains = 64;

    // A 2-D Gaussian with unequal scales and a non-zero mean: precision λ = 1/s² per coordinate.
    private static readonly DiagonalGaussianSpec Target = new([0.5, -1], [1, 1.5]);

    [Test]
    public void WrongSignInTheMetropolisRatioIsRejected()
    {
        var settings = Settings(steps: 2000, thin: 2);
        var correct = Failures(Draws(1.0f, settings, new MetropolisTransition<GaussianRandomWalk>()), Target.Mean, Variances);
        var broken = Failures(Draws(1.0f, settings, new WrongSignMetropolisTransition()), Target.Mean, Variances);
        AssertCorrectPassesBrokenFails(correct, broken);
    }

    [Test]
    public void MalaWithoutItsHastingsCorrectionIsRejected()
    {
        var settings = Settings(steps: 2000, thin: 2);
        var correct = Failures(Draws(1.0f, settings, new MetropolisTransition<LangevinProposal>()), Target.Mean, Variances);
        var broken = Failures(Draws(1.0f, settings, new MetropolisTransition<UncorrectedLangevinProposal>()), Target.Mean, Variances);
        AssertCorrectPassesBrokenFails(correct, broken);
    }

    [Test]
    public void MissingLeapfrogHalfStepIsRejected()
    {
        var settings = Settings(steps: 1000, thin: 1);
        var hmc = new HmcTransition { Leapfrog = 5, DivergenceThreshold = 1000 };
        var correct = Failures(Draws(0.4f, settings, hmc), Target.Mean, Variances);
        var broken = Failures(Draws(0.4f, settings, new MissingHalfStepHmcTransition(hmc)), Target.Mean, Variances);
        AssertCorrectPassesBrokenFails(correct, broken);
    }

    [Test]
    public void LangevinNoiseScaledByEpsilonIsRejected()
    {
        // ULA's exact stationary law on a Gaussian: variance 2/(λ(2 − ελ)) per coordinate (with noise σ = ε it is ε/(λ(2 − ελ))).
        const float epsilon = 0.2f;
        double[] variances = [.. Target.Scales.Select(s => 2 / (1 / (s * s) * (2 - epsilon / (s * s))))];
        var settings = Settings(steps: 4000, thin: 8);
        var correct = Failures(Draws(epsilon, settings, new LangevinTransition()), Target.Mean, variances);
        var broken = Failures(Draws(epsilon, settings, new LangevinTransition { Noise = LangevinNoise.Fixed, NoiseScale = epsilon }), Target.Mean, variances); // BUG: σ = ε instead of √(2ε)
        AssertCorrectPassesBrokenFails(correct, broken);
    }

    [Test]
    public void NutsWithoutMultinomialWeightsIsRejected() => AssertBrokenNutsFails<UnweightedSelection>();

    [Test]
    public void NutsWithAOneSidedUTurnTestIsRejected() => AssertBrokenNutsFails<OneSidedUTurn>();

    // A fixed step size well inside the stability limit but with energy errors of order 1 per trajectory, which NUTS's
    // weights correct and the broken rules do not. The one-sided U-turn's bias is small (Var[x0] ≈ 1.03 for 1), so the run
    // is long enough to put it about 8 standard errors out.
    private void AssertBrokenNutsFails<TRules>()
        where TRules : struct, INutsRules
    {
        var settings = Settings(steps: 6000, thin: 1);
        var nuts = new TransitionChoice(SamplerKind.Nuts);
        var correct = Failures(Draws(1.2f, settings, pool => nuts.NutsFor(pool)), Target.Mean, Variances);
        var broken = Failures(Draws(1.2f, settings, pool => new BrokenNutsTransition<TRules>(nuts.NutsFor(pool))), Target.Mean, Variances);
        AssertCorrectPassesBrokenFails(correct, broken);
    }

    private static double[] Variances => [.. Target.Scales.Select(s => s * s)];

    private EnergyModel? model;

    private DeviceEnergy Model() => model!.Device;

    [SetUp]
    public void CreateModel() => model = EnergyModel.Create(Target, Session);

    [TearDown]
    public void DisposeModel() => model?.Dispose();

    private static SamplerSettings Settings(int steps, int thin) => new()
    {
        Steps = steps,
        Thin = thin,
        InverseTemperature = 1,
        TargetAcceptance = 0.8f,
    };

    // Fixed step size, no adaptation: a burn-in of Steps / 2 unrecorded steps, then Steps recorded ones; returns [d][chains, draws].
    private double[][,] Draws<TTransition>(float stepSize, SamplerSettings settings, TTransition transition)
        where TTransition : struct, ITransition =>
        Draws(stepSize, settings, _ => transition);

    // As above, with a transition made for the pool (NUTS keeps its trees there).
    private double[][,] Draws<TTransition>(float stepSize, SamplerSettings settings, Func<ChainPool, TTransition> transitionFor)
        where TTransition : struct, ITransition
    {
        const int d = 2;
        using var pool = new ChainPool(Session, Chains, d, seed: 31);
        pool.SetStepSizes(stepSize);
        pool.InitializeNormal(Model(), new float[d], 1);
        var transition = transitionFor(pool);
        var burn = settings;
        burn.Steps = settings.Steps / 2;
        burn.Thin = 0;
        ChainAdvance.Run(Model(), pool, transition, burn, null);
        int drawCount = settings.Steps / settings.Thin;
        using var buffer = new DeviceVector<float>(Session, (long)drawCount * Chains * d);
        ChainAdvance.Run(Model(), pool, transition, settings, buffer);
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
