using CommunityToolkit.HighPerformance;
using Ebm.Facade.Models;
using Ebm.Kernels.Random;
using Ebm.Kernels.Samplers;
using Ebm.Kernels.Training;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Energies;
using Ebm.Runtime.Memory;
using Ebm.Runtime.Random;
using Ebm.Runtime.Training;

namespace Ebm.Facade.Validation;

/// <summary>
/// Runs the same seeded inputs through the kernels on every requested accelerator and compares each result with a
/// float64 host reference (or, for integer random streams, with the host computation bit for bit).
/// </summary>
/// <remarks>
/// Tolerances are per kernel and justified next to each check. Device arithmetic is float32 (unit roundoff
/// u = 2⁻²⁴ ≈ 6e-8), references are float64. CUDA runs with <c>EnableAlgorithms</c>, which maps exp/log/sin/cos/tanh
/// to approximate PTX instructions (<c>ex2.approx</c>, <c>lg2.approx</c>, <c>sin.approx</c>, <c>tanh.approx</c>,
/// relative errors up to ~2⁻¹¹ for tanh), so some checks allow CUDA more.
/// </remarks>
public static class CrossAcceleratorValidator
{
    /// <summary>The seed every check draws its inputs from.</summary>
    public const ulong InputSeed = 20_260_501;

    /// <summary>Runs every check on the first device of each kind in <paramref name="kinds"/>.</summary>
    /// <param name="kinds">The kinds to check; absent kinds are listed in the report, not failed.</param>
    /// <param name="progress">Receives the name of each check as it starts.</param>
    /// <returns>The report.</returns>
    public static ValidationReport Run(IReadOnlyList<AcceleratorKind> kinds, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        var checks = new List<ValidationCheck>();
        var present = new List<string>();
        var absent = new List<string>();
        foreach (var kind in kinds.Distinct())
        {
            AcceleratorSession session;
            try
            {
                session = AcceleratorSession.Open(new AcceleratorRequest(kind, null));
            }
            catch (AcceleratorNotFoundException)
            {
                absent.Add(AcceleratorRequest.KindName(kind));
                continue;
            }
            using (session)
            {
                present.Add(session.Device.Id);
                checks.AddRange(RunOn(session, progress));
            }
        }
        return new ValidationReport(checks, present, absent);
    }

    /// <summary>Runs every check on one open session.</summary>
    /// <param name="session">The accelerator session.</param>
    /// <param name="progress">Receives the name of each check as it starts.</param>
    /// <returns>The checks.</returns>
    public static IReadOnlyList<ValidationCheck> RunOn(AcceleratorSession session, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var checks = new List<ValidationCheck>();
        foreach (var (name, spec) in ValidationEnergies.All())
        {
            progress?.Report($"energy {name}");
            checks.AddRange(CheckEnergy(session, name, spec));
        }
        progress?.Report("parameter gradients");
        checks.Add(CheckParameterGradient(session, "mlp-2-16-16-1-silu", MlpSpec.Initialize([2, 16, 16, 1], Kernels.Energies.ActivationKind.SiLU, 11)));
        checks.Add(CheckParameterGradient(session, "mlp-2-128-128-1-silu", ValidationEnergies.BenchmarkMlp()));
        checks.Add(CheckParameterGradient(session, "mlp-3-5-9-1-tanh", MlpSpec.Initialize([3, 5, 9, 1], Kernels.Energies.ActivationKind.Tanh, 3)));
        checks.Add(CheckParameterGradient(session, "conv-2x7x6-silu-avg", ValidationEnergies.SmallConv()));
        progress?.Report("reduction");
        checks.Add(CheckReduction(session));
        progress?.Report("adam");
        checks.Add(CheckAdam(session));
        progress?.Report("random streams");
        checks.Add(CheckRandomWords(session));
        checks.Add(CheckRandomNormals(session));
        progress?.Report("ula step");
        checks.Add(CheckLangevinStep(session));
        progress?.Report("hmc statistics");
        checks.Add(CheckHmcMean(session));
        return checks;
    }

    /// <summary>Seeded points, uniform in [−<paramref name="half"/>, <paramref name="half"/>)^d, row-major.</summary>
    /// <param name="count">N.</param>
    /// <param name="dimension">d.</param>
    /// <param name="half">Half the side of the box.</param>
    /// <param name="stream">The Philox stream to draw from.</param>
    /// <returns>[N·d] values.</returns>
    public static float[] Points(int count, int dimension, float half, uint stream)
    {
        var random = new PhiloxStream(InputSeed, stream, 0);
        var points = new float[count * dimension];
        for (int i = 0; i < points.Length; i++)
            points[i] = (2 * random.NextUniform() - 1) * half;
        return points;
    }

    private static bool IsCuda(AcceleratorSession session) => session.Device.Kind == AcceleratorKind.Cuda;

    private static IEnumerable<ValidationCheck> CheckEnergy(AcceleratorSession session, string name, EnergySpec spec)
    {
        const int count = 256;
        int d = spec.Dimension;
        float[] host = Points(count, d, 2, 1);
        using var energy = spec.CreateDevice(session);
        using var points = new DeviceMatrix<float>(session, count, d);
        using var energies = new DeviceVector<float>(session, count);
        using var energiesWithGradient = new DeviceVector<float>(session, count);
        using var gradients = new DeviceMatrix<float>(session, count, d);
        points.CopyFrom(host);
        energy.Evaluate(points, energies);
        energy.EvaluateWithGradient(points, energiesWithGradient, gradients);
        session.Synchronize();
        var referenceEnergies = new double[count];
        var referenceGradients = new double[count * d];
        var point = new double[d];
        for (int n = 0; n < count; n++)
        {
            for (int j = 0; j < d; j++)
                point[j] = host[n * d + j];
            referenceEnergies[n] = spec.ReferenceEnergy(point, referenceGradients.AsSpan(n * d, d));
        }
        var gradientValues = new float[count * d];
        gradients.CopyTo(gradientValues);
        // Energies are O(1)–O(100) sums of at most a few hundred float32 terms (the 100-D Gaussian's quadratic form,
        // an MLP layer of 128): rounding stays below ~d·u ≈ 1e-5 relative, so 1e-4 leaves a 10× margin; below |E| = 1
        // the error is absolute. Networks chain two 128-wide layers (or convolutions) and activations: 2e-4. CUDA's approximate exp/log
        // (mixture log-sum-exp, SiLU, softplus, ELU) stay within that; tanh.approx (relative error ~5e-4) needs 2e-3.
        bool network = spec is NetworkSpec;
        bool approximate = IsCuda(session) && spec is MlpSpec { Activation: Kernels.Energies.ActivationKind.Tanh };
        double tolerance = approximate ? 2e-3 : network ? 2e-4 : 1e-4;
        double energyError = Math.Max(
            ValidationComparison.MaxRelativeError(energies.ToArray(), referenceEnergies, 1),
            ValidationComparison.MaxRelativeError(energiesWithGradient.ToArray(), referenceEnergies, 1));
        yield return new ValidationCheck($"energy {name}", session.Device.Id, energyError, tolerance, "rel (floor 1)");
        yield return new ValidationCheck($"grad_x {name}", session.Device.Id,
            ValidationComparison.MaxRelativeError(gradientValues, referenceGradients, 1), tolerance, "rel (floor 1)");
    }

    private static ValidationCheck CheckParameterGradient(AcceleratorSession session, string name, NetworkSpec spec)
    {
        const int count = 64;
        int d = spec.Dimension;
        float[] host = Points(count, d, 2, 2);
        using var energy = spec.CreateDevice(session);
        var trainable = (ITrainableDeviceEnergy)energy;
        int p = trainable.ParameterCount;
        using var points = new DeviceMatrix<float>(session, count, d);
        using var energies = new DeviceVector<float>(session, count);
        using var parameterGradients = new DeviceMatrix<float>(session, count, p);
        points.CopyFrom(host);
        trainable.EvaluateParameterGradients(points, energies, parameterGradients);
        session.Synchronize();
        var reference = new double[count * p];
        var row = new double[p];
        var point = new double[d];
        var gradient = new double[d];
        for (int n = 0; n < count; n++)
        {
            for (int j = 0; j < d; j++)
                point[j] = host[n * d + j];
            spec.ReferenceEnergyAndParameterGradient(point, gradient, row);
            row.CopyTo(reference, n * p);
        }
        var actual = new float[count * p];
        parameterGradients.CopyTo(actual);
        // ∇θE entries of a default-initialised network are O(0.01–1); the floor is 1% of the largest so that entries
        // which cancel to ~0 are compared absolutely. The backward pass is two matrix–vector products of width ≤ 128
        // and activation derivatives: float32 rounding ~√128·u·(condition) ≲ 1e-5 relative; 1e-3 bounds it with
        // margin and still catches any indexing or derivative error (those are O(1)). CUDA tanh.approx: 5e-3.
        double floor = Math.Max(0.01 * reference.Max(Math.Abs), 1e-12);
        bool approximate = IsCuda(session) && spec is MlpSpec { Activation: Kernels.Energies.ActivationKind.Tanh };
        return new ValidationCheck($"grad_theta {name}", session.Device.Id,
            ValidationComparison.MaxRelativeError(actual, reference, floor), approximate ? 5e-3 : 1e-3, "rel (floor 1% max)");
    }

    private static ValidationCheck CheckReduction(AcceleratorSession session)
    {
        const int rows = 1024, columns = 1000;
        float[] values = Points(rows, columns, 1, 3);
        var weights = new float[rows];
        for (int r = 0; r < rows; r++)
            weights[r] = r < rows / 2 ? 1f / (rows / 2) : -1f / (rows / 2);   // +1/N_data on data rows, −1/N_samples on samples
        using var rowBuffer = new DeviceMatrix<float>(session, rows, columns);
        using var weightBuffer = new DeviceVector<float>(session, rows);
        using var output = new DeviceVector<float>(session, columns);
        rowBuffer.CopyFrom(values);
        weightBuffer.CopyFrom(weights);
        ColumnReduction.WeightedSums(session, rowBuffer, weightBuffer, output);
        session.Synchronize();
        var reference = new double[columns];
        var scales = new double[columns];
        for (int c = 0; c < columns; c++)
        {
            for (int r = 0; r < rows; r++)
            {
                double term = (double)weights[r] * values[r * columns + c];
                reference[c] += term;
                scales[c] += Math.Abs(term);
            }
        }
        // A recursive float32 sum of R terms errs by at most γ_R·Σ|terms| with γ_R ≈ R·u (Higham, Accuracy and
        // Stability, §4.2): the error scaled by Σ|wᵣ·rowsᵣ| must stay below R·2⁻²⁴ ≈ 6.1e-5. This bound holds on
        // every accelerator (no transcendental functions) and the CD difference of means cancels, so a plain relative
        // error would be meaningless.
        return new ValidationCheck("cd reduction (WeightedColumnSums)", session.Device.Id,
            ValidationComparison.MaxScaledError(output.ToArray(), reference, scales), rows * (double)RandomBits.UnitSpacing, "|err|/Σ|terms|");
    }

    private static ValidationCheck CheckAdam(AcceleratorSession session)
    {
        const int count = 4096;
        float[] theta = Points(count, 1, 1, 4), gradient = Points(count, 1, 1, 5), m = Points(count, 1, 0.1f, 6), v = Points(count, 1, 0.005f, 7);
        for (int i = 0; i < count; i++)
            v[i] += 0.005f;   // v ∈ [0, 0.01): a second moment after some steps
        const int step = 10;
        var settings = new AdamSettings { LearningRate = 1e-3f, Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f, WeightDecay = 1e-4f }.AtStep(step);
        const float gradientScale = 0.5f;
        using var thetaBuffer = new DeviceVector<float>(session, count);
        using var gradientBuffer = new DeviceVector<float>(session, count);
        using var mBuffer = new DeviceVector<float>(session, count);
        using var vBuffer = new DeviceVector<float>(session, count);
        using var scale = new DeviceVector<float>(session, 1);
        using var health = new DeviceVector<int>(session, TrainingHealth.Length);
        scale.CopyFrom([gradientScale]);
        health.Clear();
        thetaBuffer.CopyFrom(theta);
        gradientBuffer.CopyFrom(gradient);
        mBuffer.CopyFrom(m);
        vBuffer.CopyFrom(v);
        OptimizerSteps.Adam(session, thetaBuffer, gradientBuffer, mBuffer, vBuffer, scale.View, health.View, settings);
        session.Synchronize();
        float[] newTheta = thetaBuffer.ToArray(), newM = mBuffer.ToArray(), newV = vBuffer.ToArray();
        double worst = 0;
        double beta1 = settings.Beta1, beta2 = settings.Beta2, rate = settings.LearningRate;
        for (int i = 0; i < count; i++)
        {
            double g = gradientScale * (double)gradient[i] + settings.WeightDecay * (double)theta[i];
            double mi = beta1 * m[i] + (1 - beta1) * g;
            double vi = beta2 * v[i] + (1 - beta2) * g * g;
            double update = rate * (mi / (1 - Math.Pow(beta1, step))) / (Math.Sqrt(vi / (1 - Math.Pow(beta2, step))) + settings.Epsilon);
            // θ's change is compared relative to η (the update's scale): storing θ ∈ (−1, 1) in float32 costs at most
            // 2⁻²⁵ ≈ 3e-8, i.e. 3e-5 of η = 1e-3; m and v (a few flops each) relatively, with floors at 1% of their
            // typical size (m ~ 0.1, v ~ 0.01) because β₁m + (1 − β₁)g can cancel to ~0.
            // The bias corrections 1 − β^t are the host's (AdamSettings.AtStep), the same on every device; 2e-4 covers the
            // rest with margin.
            worst = Math.Max(worst, Math.Abs((newTheta[i] - (double)theta[i]) + update) / rate);
            worst = Math.Max(worst, Math.Abs(newM[i] - mi) / Math.Max(Math.Abs(mi), 1e-3));
            worst = Math.Max(worst, Math.Abs(newV[i] - vi) / Math.Max(Math.Abs(vi), 1e-4));
            if (!float.IsFinite(newTheta[i]))
                worst = double.PositiveInfinity;
        }
        return new ValidationCheck("adam update (θ, m, v)", session.Device.Id, worst, 2e-4, "Δθ/η, rel m v");
    }

    private static ValidationCheck CheckRandomWords(AcceleratorSession session)
    {
        const int streams = 4096, words = 16;
        const ulong seed = 0x1234_5678_9ABC_DEF0, step = (1UL << 33) + 5;   // both key words and the counter's high word in play
        using var output = new DeviceVector<uint>(session, (long)streams * words);
        RandomStreams.FillWords(session, output, words, seed, step);
        session.Synchronize();
        var reference = new uint[streams * words];
        for (int s = 0; s < streams; s++)
        {
            var random = new PhiloxStream(seed, (uint)s, step);
            for (int i = 0; i < words; i++)
                reference[s * words + i] = random.NextUInt();
        }
        // Integer arithmetic: every accelerator must reproduce the host words exactly (hence each other).
        return new ValidationCheck("philox words (FillWords)", session.Device.Id,
            ValidationComparison.Mismatches(output.ToArray(), reference), 0, "mismatches");
    }

    private static ValidationCheck CheckRandomNormals(AcceleratorSession session)
    {
        const int streams = 4096, values = 16;
        const ulong seed = 99, step = 3;
        using var output = new DeviceVector<float>(session, (long)streams * values);
        RandomStreams.FillNormals(session, output, values, seed, step);
        session.Synchronize();
        var reference = new double[streams * values];
        for (int s = 0; s < streams; s++)
        {
            var random = new PhiloxStream(seed, (uint)s, step);
            for (int i = 0; i < values; i += 2)
            {
                uint radiusBits = random.NextUInt(), angleBits = random.NextUInt();
                double radius = Math.Sqrt(-2 * Math.Log(RandomBits.ToUniformOpenLow(radiusBits)));
                double angle = 2 * Math.PI * RandomBits.ToUniform(angleBits);
                reference[s * values + i] = radius * Math.Cos(angle);
                reference[s * values + i + 1] = radius * Math.Sin(angle);
            }
        }
        // Box–Muller from identical words with BoxMullerMath's polynomials on every accelerator, and a correctly rounded
        // sqrt and division (PTX's sqrt.rn/div.rn). Only the float32 rounding differs from the float64 reference, and
        // where a compiler fuses multiply-adds. Absolute error (floor 1, normals are O(1)): a few ulps, ~1e-6.
        return new ValidationCheck("philox normals (FillNormals)", session.Device.Id,
            ValidationComparison.MaxRelativeError(output.ToArray(), reference, 1), 1e-5, "rel (floor 1)");
    }

    private static ValidationCheck CheckLangevinStep(AcceleratorSession session)
    {
        const int chains = 1024;
        const float stepSize = 0.05f;
        var spec = ValidationEnergies.Ring();
        int d = spec.Dimension;
        float[] start = Points(chains, d, 2.5f, 8);
        using var energy = spec.CreateDevice(session);
        using var pool = new ChainPool(session, chains, d, InputSeed);
        pool.SetStepSizes(stepSize);
        pool.Initialize(energy, new ReadOnlySpan2D<float>(start, chains, d));
        var settings = new SamplerSettings { Steps = 1, InverseTemperature = 1 };
        ChainAdvance.Run(energy, pool, new LangevinTransition(), settings, null);
        session.Synchronize();
        float[] positions = [.. pool.ReadPositions().Cast<float>()];
        float[] energies = pool.Energies.ToArray();
        var expected = new double[chains * d];
        var expectedEnergies = new double[chains];
        var point = new double[d];
        var gradient = new double[d];
        double noise = Math.Sqrt(2.0 * stepSize);
        for (int c = 0; c < chains; c++)
        {
            for (int j = 0; j < d; j++)
                point[j] = start[c * d + j];
            spec.ReferenceEnergy(point, gradient);
            var random = new PhiloxStream(InputSeed, (uint)c, 0);
            for (int j = 0; j < d; j += 2)
            {
                double first = random.NextNormalPair(out float second);
                expected[c * d + j] = point[j] - stepSize * gradient[j] + noise * first;
                if (j + 1 < d)
                    expected[c * d + j + 1] = point[j + 1] - stepSize * gradient[j + 1] + noise * second;
            }
            expectedEnergies[c] = spec.ReferenceEnergy(expected.AsSpan(c * d, d), gradient);
        }
        // x' = x − ε∇E(x) + √(2ε)ξ with ξ from the same Philox words (host float32 Box–Muller). Positions are O(1):
        // float32 rounding ~1e-7, ∇E of the ring (|∇E| ≲ 25) times ε = 0.05 keeps it ~1e-6; E at x' amplifies a
        // position error by |∇E| ≲ 25. 1e-4 (absolute below 1) covers this and CUDA's approximate log/sin/cos/exp.
        double error = Math.Max(
            ValidationComparison.MaxRelativeError(positions, expected, 1),
            ValidationComparison.MaxRelativeError(energies, expectedEnergies, 1));
        return new ValidationCheck("ula step (mixture-ring)", session.Device.Id, error, 1e-4, "rel (floor 1)");
    }

    private static ValidationCheck CheckHmcMean(AcceleratorSession session)
    {
        const int chains = 256, warmup = 40, draws = 200;
        double[] mean = [1, -0.5];
        var spec = GaussianSpec.FromCovariance(mean, new double[,] { { 1, 0.5 }, { 0.5, 2 } });
        using var energy = spec.CreateDevice(session);
        using var pool = new ChainPool(session, chains, 2, InputSeed + 1);
        pool.SetStepSizes(0.3f);
        pool.InitializeNormal(energy, [1f, -0.5f], 1);
        var hmc = new HmcTransition { Leapfrog = 8, Jitter = TrajectoryJitter.Uniform, DivergenceThreshold = 1000 };
        var settings = new SamplerSettings { Steps = warmup, InverseTemperature = 1 };
        ChainAdvance.Run(energy, pool, hmc, settings, null);
        using var buffer = new DeviceVector<float>(session, (long)draws * chains * 2);
        settings.Steps = draws;
        settings.Thin = 1;
        ChainAdvance.Run(energy, pool, hmc, settings, buffer);
        session.Synchronize();
        float[] values = buffer.ToArray();
        double worst = 0;
        for (int j = 0; j < 2; j++)
        {
            // Chains are independent, so the MCSE of the grand mean is sd(chain means)/√C — no autocorrelation model needed.
            var chainMeans = new double[chains];
            for (int c = 0; c < chains; c++)
            {
                double sum = 0;
                for (int k = 0; k < draws; k++)
                    sum += values[((long)k * chains + c) * 2 + j];
                chainMeans[c] = sum / draws;
            }
            double grand = chainMeans.Average();
            double sd = Math.Sqrt(chainMeans.Sum(value => (value - grand) * (value - grand)) / (chains - 1));
            double mcse = sd / Math.Sqrt(chains);
            worst = Math.Max(worst, Math.Abs(grand - mean[j]) / mcse);
        }
        // A correct sampler puts the estimate within 5 MCSE of the truth except with probability ~6e-7 per coordinate.
        return new ValidationCheck("hmc mean (2-D Gaussian)", session.Device.Id, worst, 5, "|err|/MCSE");
    }
}
