using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>
/// The work-group of an explicitly grouped kernel as a team: work-item t of the group owns slot (group index · group size + t),
/// and the group's slots are evaluated together.
/// </summary>
public readonly struct GroupSlots : IChainTeam
{
    /// <summary>The current work-group (call from an explicitly grouped kernel only: it synchronizes with barriers).</summary>
    public GroupSlots()
    {
        Worker = Group.IdxX;
        Workers = Group.DimX;
        FirstSlot = Grid.IdxX * Group.DimX;
    }

    /// <inheritdoc/>
    public int FirstSlot { get; }

    /// <inheritdoc/>
    public int Slots => Workers;

    /// <inheritdoc/>
    public int OwnSlot => FirstSlot + Worker;

    /// <inheritdoc/>
    public int Worker { get; }

    /// <inheritdoc/>
    public int Workers { get; }

    /// <inheritdoc/>
    public void Synchronize() => Group.Barrier();
}
