using System.Diagnostics;
using System.Globalization;

namespace Ebm.Tests.Support.Fuzzing;

/// <summary>
/// Feeds seeded mutants of valid files to one reader or command and checks the outcome of each: a result or a
/// documented rejection, never another exception, and memory bounded by a stated budget (bytes the GC allocated while
/// the mutant ran, and the growth of the process's peak resident size, which also counts device buffers). The quick
/// run in CI uses a few hundred or thousand mutants; <c>EBM_FUZZ_MUTANTS=100000</c> runs that many instead, the quick
/// run's mutants first.
/// </summary>
/// <param name="name">The campaign's name in the report.</param>
/// <param name="seeds">Valid files to mutate, used in turn.</param>
/// <param name="frame">Where a file's header is.</param>
/// <param name="seed">The seed of the mutations.</param>
/// <param name="quickMutants">How many mutants the quick run tries.</param>
internal sealed class FuzzCampaign(string name, IReadOnlyList<byte[]> seeds, Func<byte[], HeaderFrame> frame, int seed, int quickMutants)
{
    /// <summary>The environment variable that sets the number of mutants of every campaign.</summary>
    public const string MutantsVariable = "EBM_FUZZ_MUTANTS";

    /// <summary>The label of an input that was accepted.</summary>
    public const string Accepted = "accepted";

    /// <summary>The most bytes the GC may allocate for one mutant.</summary>
    public long AllocationBound { get; init; } = 16L << 20;

    /// <summary>The most the process's peak resident size may grow for one mutant.</summary>
    public long ResidentBound { get; init; } = 512L << 20;

    /// <summary>The number of mutants this run tries.</summary>
    public int Mutants { get; } = int.TryParse(Environment.GetEnvironmentVariable(MutantsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count > 0
        ? count
        : quickMutants;

    /// <summary>
    /// An attempt that calls <paramref name="read"/> and labels the outcome <see cref="Accepted"/>, or with the name of
    /// the exception when it is one of <paramref name="documented"/>; other exceptions escape (and fail the campaign).
    /// </summary>
    public static Func<byte[], string> Reading(Action<byte[]> read, params Type[] documented) => bytes =>
    {
        try
        {
            read(bytes);
            return Accepted;
        }
        catch (Exception e) when (documented.Any(type => type.IsInstanceOfType(e)))
        {
            return e.GetType().Name;
        }
    };

    /// <summary>
    /// Runs every mutant through <paramref name="attempt"/>, which labels a documented outcome or throws, prints the
    /// report and asserts that nothing failed, memory stayed within the bounds, and that some mutants were accepted and
    /// some rejected (so the mutations neither always nor never leave a valid file).
    /// </summary>
    public void Run(Func<byte[], string> attempt)
    {
        var mutator = new Mutator(new Random(seed), frame);
        var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        var (allocation, resident, slowest) = (new Extreme(), new Extreme(), new Extreme());
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < Mutants; i++)
        {
            var (bytes, description) = mutator.Mutate(seeds[i % seeds.Count]);
            long residentBefore = PeakMemory.Reset();
            long allocatedBefore = GC.GetTotalAllocatedBytes();
            long started = Stopwatch.GetTimestamp();
            string outcome;
            try
            {
                outcome = attempt(bytes);
            }
            catch (Exception e)
            {
                outcome = "failed";
                if (failures.Count < 20)
                    failures.Add($"mutant {i} ({description}): {e.GetType().Name}: {e.Message}");
            }
            slowest.Offer(Stopwatch.GetElapsedTime(started).Ticks, i);
            allocation.Offer(GC.GetTotalAllocatedBytes() - allocatedBefore, i);
            resident.Offer(Math.Max(0, PeakMemory.Peak() - residentBefore), i);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        TestContext.Out.WriteLine(
            $"{name}: {Mutants:N0} mutants in {clock.Elapsed.TotalSeconds:F1} s: {string.Join(", ", outcomes.Select(o => $"{o.Value:N0} {o.Key}"))}; " +
            $"most GC allocation {Mib(allocation.Value)} (mutant {allocation.Mutant}), most peak-resident growth " +
            (PeakMemory.Available ? $"{Mib(resident.Value)} (mutant {resident.Mutant})" : "not measured on this platform") +
            $", slowest {TimeSpan.FromTicks(slowest.Value).TotalMilliseconds:F1} ms (mutant {slowest.Mutant})");
        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures));
        Assert.That(allocation.Value, Is.LessThanOrEqualTo(AllocationBound), $"mutant {allocation.Mutant} allocated {Mib(allocation.Value)}");
        Assert.That(resident.Value, Is.LessThanOrEqualTo(ResidentBound), $"mutant {resident.Mutant} grew the peak resident size by {Mib(resident.Value)}");
        Assert.That(outcomes.GetValueOrDefault(Accepted), Is.Positive, "no mutant was accepted: the mutations never leave a valid file");
        Assert.That(outcomes.Keys.Any(outcome => outcome != Accepted), "no mutant was rejected");
    }

    private static string Mib(long bytes) => $"{bytes / 1048576.0:F2} MiB";

    private sealed class Extreme
    {
        public long Value { get; private set; } = -1;

        public int Mutant { get; private set; }

        public void Offer(long value, int mutant)
        {
            if (value > Value)
                (Value, Mutant) = (value, mutant);
        }
    }
}
