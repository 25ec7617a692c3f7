namespace Ebm.Kernels.Energies;

/// <summary>
/// The work-items that evaluate an energy for a run of adjacent workspace slots together: one thread for its own slot
/// (<see cref="SingleSlot"/>), or a work-group for its slots (<see cref="GroupSlots"/>), which splits each layer's tiles among its
/// work-items and meets at a barrier after each layer.
/// </summary>
public interface IChainTeam
{
    /// <summary>The first slot of the run.</summary>
    int FirstSlot { get; }

    /// <summary>The slots of the run.</summary>
    int Slots { get; }

    /// <summary>The slot of this work-item's own chain or point.</summary>
    int OwnSlot { get; }

    /// <summary>This work-item's index in the team: it takes tiles Worker, Worker + Workers, ….</summary>
    int Worker { get; }

    /// <summary>The work-items of the team.</summary>
    int Workers { get; }

    /// <summary>Waits until every work-item of the team has reached this point (and sees what the others wrote before it).</summary>
    void Synchronize();
}
