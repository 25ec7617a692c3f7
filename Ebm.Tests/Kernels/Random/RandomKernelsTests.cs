using Ebm.Kernels.Random;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using Ebm.Runtime.Random;
using Ebm.Tests.Support;

namespace Ebm.Tests.Kernels.Random;

/// <summary>The random streams on each accelerator: bit equality with the host reference, independence from the stream count, normal moments.</summary>
public sealed class RandomKernelsTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private const ulong Seed = 0x0123456789ABCDEFul;

    [Test]
    public void WordsEqualTheHostReferenceBitForBit()
    {
        const int streams = 37, words = 11;
        uint[] device = FillWords(streams, words, step: 5);
        for (int stream = 0; stream < streams; stream++)
        {
            uint[] expected = ReferencePhilox.Words(Seed, (uint)stream, 5, words);
            Assert.That(device.AsSpan(stream * words, words).ToArray(), Is.EqualTo(expected), $"stream {stream}");
        }
    }

    [Test]
    public void AStreamDoesNotDependOnHowManyStreamsRun()
    {
        uint[] few = FillWords(3, 8, step: 9);
        uint[] many = FillWords(1000, 8, step: 9);
        Assert.That(many.AsSpan(0, few.Length).ToArray(), Is.EqualTo(few));
    }

    [Test]
    public void NormalMomentsMatchTheStandardNormal()
    {
        // 10^6 normals; each sample moment is compared with its exact value within 5 standard errors:
        // Var(x) = 1, Var(x²) = 2, Var(x³) = 15, Var(x⁴) = 96 for a standard normal.
        const int streams = 1000, perStream = 1000;
        float[] values = FillNormals(streams, perStream);
        double n = values.Length;
        double m1 = 0, m2 = 0, m3 = 0, m4 = 0;
        foreach (float v in values)
        {
            double x = v, x2 = x * x;
            m1 += x; m2 += x2; m3 += x2 * x; m4 += x2 * x2;
        }
        m1 /= n; m2 /= n; m3 /= n; m4 /= n;
        Assert.Multiple(() =>
        {
            Assert.That(m1, Is.EqualTo(0.0).Within(5 * Math.Sqrt(1 / n)), "mean");
            Assert.That(m2, Is.EqualTo(1.0).Within(5 * Math.Sqrt(2 / n)), "second moment");
            Assert.That(m3, Is.EqualTo(0.0).Within(5 * Math.Sqrt(15 / n)), "third moment");
            Assert.That(m4, Is.EqualTo(3.0).Within(5 * Math.Sqrt(96 / n)), "fourth moment");
        });
    }

    [Test]
    public void DifferentStreamsAreUncorrelated()
    {
        // Correlation of paired draws from streams 2k and 2k+1: under independence its standard error is 1/√n.
        const int streams = 2000, perStream = 250;
        float[] values = FillNormals(streams, perStream);
        double sum = 0;
        int pairs = 0;
        for (int stream = 0; stream < streams; stream += 2)
        {
            for (int i = 0; i < perStream; i++, pairs++)
                sum += values[stream * perStream + i] * (double)values[(stream + 1) * perStream + i];
        }
        double correlation = sum / pairs;
        Assert.That(correlation, Is.EqualTo(0.0).Within(5 / Math.Sqrt(pairs)));
    }

    [Test]
    public void NormalsEqualTheHostComputationOfTheSameStream()
    {
        // Same words ⇒ same Box–Muller inputs; the transcendental functions may differ by a few ulps per device.
        float[] device = FillNormals(4, 6);
        for (int stream = 0; stream < 4; stream++)
        {
            var host = new PhiloxStream(Seed, (uint)stream, 0);
            for (int i = 0; i < 6; i += 2)
            {
                float first = host.NextNormalPair(out float second);
                Assert.That(device[stream * 6 + i], Is.EqualTo(first).Within(1e-5f));
                Assert.That(device[stream * 6 + i + 1], Is.EqualTo(second).Within(1e-5f));
            }
        }
    }

    private uint[] FillWords(int streams, int words, ulong step)
    {
        using var output = new DeviceVector<uint>(Session, (long)streams * words);
        RandomStreams.FillWords(Session, output, words, Seed, step);
        return output.ToArray();
    }

    private float[] FillNormals(int streams, int values)
    {
        using var output = new DeviceVector<float>(Session, (long)streams * values);
        RandomStreams.FillNormals(Session, output, values, Seed, 0);
        return output.ToArray();
    }
}
