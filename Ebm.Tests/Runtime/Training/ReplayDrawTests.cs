using Ebm.Kernels.Random;
using Ebm.Kernels.Training;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using Ebm.Runtime.Training;
using Ebm.Tests.Support;

namespace Ebm.Tests.Runtime.Training;

/// <summary>The rows a training iteration reads, drawn on the device: the same on every accelerator as on the host.</summary>
public sealed class ReplayDrawTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    [Test]
    public void DataRowsAreTheIterationsPhiloxWordsModuloN()
    {
        const int batch = 37, dataCount = 1001;
        using var rows = new DeviceVector<int>(Session, batch);
        ReplayRows.DrawData(Session, rows, dataCount, seed: 9, iteration: 4);
        var random = new PhiloxStream(9, ReplayKernels.DataStream, 4);
        int[] expected = [.. Enumerable.Range(0, batch).Select(_ => (int)(random.NextUInt() % dataCount))];
        Assert.That(rows.ToArray(), Is.EqualTo(expected));
    }

    [Test]
    public void BufferSlotsAreDistinctAndRestartAtTheirRate()
    {
        const int batch = 200, bufferSize = 1000, iterations = 20;
        const float restart = 0.25f;
        using var gather = new DeviceVector<int>(Session, batch);
        using var scatter = new DeviceVector<int>(Session, batch);
        int restarts = 0;
        for (int t = 0; t < iterations; t++)
        {
            ReplayRows.DrawSlots(Session, gather, scatter, bufferSize, restart, seed: 3, iteration: (ulong)t);
            int[] slots = scatter.ToArray(), starts = gather.ToArray();
            var permutation = new KeyedPermutation(bufferSize, 3, ReplayKernels.SlotStream, (ulong)t);
            Assert.That(slots, Is.EqualTo(Enumerable.Range(0, batch).Select(permutation.Apply).ToArray()), $"iteration {t}: the host permutation");
            Assert.That(slots.Distinct().Count(), Is.EqualTo(batch), $"iteration {t}: distinct slots");
            for (int i = 0; i < batch; i++)
                Assert.That(starts[i], Is.EqualTo(slots[i]).Or.EqualTo(-1), $"iteration {t}, row {i}");
            restarts += starts.Count(start => start < 0);
        }
        double expected = batch * iterations * restart, bound = 5 * Math.Sqrt(expected * (1 - restart));
        Assert.That(restarts, Is.EqualTo(expected).Within(bound));
    }
}
