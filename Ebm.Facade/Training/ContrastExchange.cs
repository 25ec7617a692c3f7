using Ebm.Facade.Distributed;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;

namespace Ebm.Facade.Training;

/// <summary>
/// What the members of a data-parallel run exchange every iteration, through the host: each member's share of the
/// θ-gradient, summed in rank order so that every member applies the same update, and the batch's energies and
/// acceptance counts, gathered in the run's row order so that every member measures (and detects divergence in) the
/// run's batch as one process would.
/// </summary>
internal sealed class ContrastExchange : IDisposable
{
    private readonly ChainShard rows;

    /// <summary>Allocates the run-wide batch's energies and counts on <paramref name="session"/>.</summary>
    /// <param name="session">The member's session.</param>
    /// <param name="rows">The member's block of the run's batch rows.</param>
    public ContrastExchange(AcceleratorSession session, ChainShard rows)
    {
        this.rows = rows;
        Energies = new DeviceVector<float>(session, 2 * rows.TotalChains);
        Accepted = new DeviceVector<int>(session, rows.TotalChains);
    }

    /// <summary>[2B]: the run's data rows, then its negatives, as of the last <see cref="Combine"/>.</summary>
    public DeviceVector<float> Energies { get; }

    /// <summary>[B]: the run's accepted proposals per chain, as of the last <see cref="Combine"/> given counts.</summary>
    public DeviceVector<int> Accepted { get; }

    /// <summary>Replaces <paramref name="gradient"/> by the run's, and fills <see cref="Energies"/> and <see cref="Accepted"/>; a collective call.</summary>
    /// <param name="energies">[2b]: the member's data rows, then its negatives.</param>
    /// <param name="accepted">[b] the member's counts, or null when the sampler has none (every member alike).</param>
    /// <param name="gradient">[P]: the member's share in, the run's sum out.</param>
    public void Combine(DeviceVector<float> energies, DeviceVector<int>? accepted, DeviceVector<float> gradient)
    {
        gradient.CopyFrom(rows.Sum(gradient.ToArray()));
        Energies.CopyFrom(rows.Gather(energies.ToArray(), outer: 2));
        if (accepted is not null)
            Accepted.CopyFrom(rows.Gather(accepted.ToArray()));
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Energies.Dispose();
        Accepted.Dispose();
    }
}
