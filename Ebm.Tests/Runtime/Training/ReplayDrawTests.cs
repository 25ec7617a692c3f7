using Ebm.Kernels.Random;
using Ebm.Kernels.Training;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using Ebm.Runtime.Training;
using Ebm.Tests.Support;

namespace Ebm.Tests.Runtime.Training;

/// <summary>The rows a training iteration reads, drawn on the device: the same on every accelerator as on the host, and the same for a member of a sharded run as for one process.</summary>
public sealed class ReplayDrawTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    [Test]
    public void DataRowsAreTheIterationsPhiloxWordsWithinEachRowsStratum()
    {
        const int batch = 37, dataCount = 1001;
        using var rows = new DeviceVector<int>(Session, batch);
        ReplayRows.DrawData(Session, rows, RowStrata.For(batch, dataCount), seed: 9, iteration: 4);
        var random = new PhiloxStream(9, ReplayKernels.DataStream, 4);
        int[] expected = [.. Enumerable.Range(0, batch).Select(g =>
        {
            int start = g * dataCount / batch, size = (g + 1) * dataCount / batch - start;
            return start + (int)(random.NextUInt() % (uint)size);
        })];
        Assert.That(rows.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void FewerDataThanRowsGivesEachRowItsStratumsStart()
    {
        const int batch = 20, dataCount = 7;
        using var rows = new DeviceVector<int>(Session, batch);
        ReplayRows.DrawData(Session, rows, RowStrata.For(batch, dataCount), seed: 1, iteration: 0);
        Assert.That(rows.ToArray(), Is.EqualTo(Enumerable.Range(0, batch).Select(g => g * dataCount / batch).ToArray()));
    }

    [TestCase(0, 13)]
    [TestCase(13, 12)]
    [TestCase(25, 15)]
    public void AMembersRowsAreTheRunsWithinItsBlock(int first, int count)
    {
        const int batch = 40, dataCount = 1234, bufferSize = 555;
        const float restart = 0.3f;
        using var runData = new DeviceVector<int>(Session, batch);
        using var runGather = new DeviceVector<int>(Session, batch);
        using var runScatter = new DeviceVector<int>(Session, batch);
        using var memberData = new DeviceVector<int>(Session, count);
        using var memberGather = new DeviceVector<int>(Session, count);
        using var memberScatter = new DeviceVector<int>(Session, count);
        var dataStrata = RowStrata.For(batch, dataCount, first);
        var slotStrata = RowStrata.For(batch, bufferSize, first);
        int dataEnd = RowStrata.StratumStart(first + count, batch, dataCount), slotEnd = RowStrata.StratumStart(first + count, batch, bufferSize);
        for (ulong t = 0; t < 5; t++)
        {
            ReplayRows.DrawData(Session, runData, RowStrata.For(batch, dataCount), seed: 5, iteration: t);
            ReplayRows.DrawData(Session, memberData, dataStrata, seed: 5, iteration: t);
            ReplayRows.DrawSlots(Session, runGather, runScatter, RowStrata.For(batch, bufferSize), restart, seed: 5, iteration: t);
            ReplayRows.DrawSlots(Session, memberGather, memberScatter, slotStrata, restart, seed: 5, iteration: t);
            var member = memberData.ToArray();
            Assert.That(member.Select(row => row + dataStrata.FirstStoreRow), Is.EqualTo(runData.ToArray()[first..(first + count)]), $"iteration {t}: data rows");
            Assert.That(member, Is.All.InRange(0, dataEnd - dataStrata.FirstStoreRow - 1), $"iteration {t}: within the member's block of the data");
            var slots = memberScatter.ToArray();
            Assert.That(slots.Select(slot => slot + slotStrata.FirstStoreRow), Is.EqualTo(runScatter.ToArray()[first..(first + count)]), $"iteration {t}: slots");
            Assert.That(slots, Is.All.InRange(0, slotEnd - slotStrata.FirstStoreRow - 1), $"iteration {t}: within the member's block of the buffer");
            Assert.That(memberGather.ToArray().Select(slot => slot < 0 ? -1 : slot + slotStrata.FirstStoreRow), Is.EqualTo(runGather.ToArray()[first..(first + count)]), $"iteration {t}: restarts");
        }
    }

    [Test]
    public void BufferSlotsAreDistinctUniformInTheirStrataAndRestartAtTheirRate()
    {
        const int batch = 50, bufferSize = 200, iterations = 400;
        const float restart = 0.25f;
        using var gather = new DeviceVector<int>(Session, batch);
        using var scatter = new DeviceVector<int>(Session, batch);
        var hits = new int[bufferSize];
        int restarts = 0;
        for (int t = 0; t < iterations; t++)
        {
            ReplayRows.DrawSlots(Session, gather, scatter, RowStrata.For(batch, bufferSize), restart, seed: 3, iteration: (ulong)t);
            int[] slots = scatter.ToArray(), starts = gather.ToArray();
            Assert.That(slots.Distinct().Count(), Is.EqualTo(batch), $"iteration {t}: distinct slots");
            for (int g = 0; g < batch; g++)
            {
                Assert.That(slots[g], Is.InRange(g * bufferSize / batch, (g + 1) * bufferSize / batch - 1), $"iteration {t}, row {g}: its stratum");
                Assert.That(starts[g], Is.EqualTo(slots[g]).Or.EqualTo(-1), $"iteration {t}, row {g}");
                hits[slots[g]]++;
            }
            restarts += starts.Count(start => start < 0);
        }
        // Each of a stratum's 4 slots is hit with probability 1/4 per iteration: binomial counts.
        double expectedHits = iterations / 4.0, hitBound = 5 * Math.Sqrt(expectedHits * 0.75);
        Assert.That(hits, Is.All.InRange(expectedHits - hitBound, expectedHits + hitBound));
        double expected = batch * iterations * restart, bound = 5 * Math.Sqrt(expected * (1 - restart));
        Assert.That(restarts, Is.EqualTo(expected).Within(bound));
    }

    [Test]
    public void DataNoiseIsEachRowsRunWideStreamAndIsClamped()
    {
        const int rows = 5, d = 7, firstRow = 11;
        var values = Enumerable.Range(0, rows * d).Select(k => k % 3 == 0 ? 0.999f : 0.5f).ToArray();
        using var batch = new DeviceVector<float>(Session, values.Length);
        batch.CopyFrom(values);
        ReplayRows.AddNoise(Session, batch.View, rows, d, 0.1f, (0f, 1f), seed: 8, iteration: 3, firstRow);
        var noisy = batch.ToArray();
        for (int i = 0; i < rows; i++)
        {
            var random = new PhiloxStream(8, ReplayKernels.DataNoiseStreams | (uint)(firstRow + i), 3);
            for (int j = 0; j < d; j++)
            {
                float expected = Math.Clamp(values[i * d + j] + 0.1f * random.NextNormal(), 0f, 1f);
                Assert.That(noisy[i * d + j], Is.EqualTo(expected).Within(1e-6f), $"row {i}, value {j}");
            }
        }
        Assert.That(noisy.Count(value => value == 1f), Is.GreaterThan(0), "some values pushed past 1 are clamped");
    }
}
