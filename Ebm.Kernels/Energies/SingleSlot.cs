namespace Ebm.Kernels.Energies;

/// <summary>A team of one: the thread evaluates its own slot, with no barrier (implicitly grouped kernels).</summary>
/// <param name="slot">The slot.</param>
public readonly struct SingleSlot(int slot) : IChainTeam
{
    /// <inheritdoc/>
    public int FirstSlot => slot;

    /// <inheritdoc/>
    public int Slots => 1;

    /// <inheritdoc/>
    public int OwnSlot => slot;

    /// <inheritdoc/>
    public int Worker => 0;

    /// <inheritdoc/>
    public int Workers => 1;

    /// <inheritdoc/>
    public void Synchronize()
    {
    }
}
