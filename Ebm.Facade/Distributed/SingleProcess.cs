namespace Ebm.Facade.Distributed;

/// <summary>The group of one: the run is not sharded.</summary>
public sealed class SingleProcess : IChainGroup
{
    /// <summary>The one instance.</summary>
    public static SingleProcess Instance { get; } = new();

    private SingleProcess()
    {
    }

    /// <inheritdoc/>
    public int Rank => 0;

    /// <inheritdoc/>
    public int Size => 1;

    /// <inheritdoc/>
    public byte[] AllGather(ReadOnlySpan<byte> local) => local.ToArray();
}
