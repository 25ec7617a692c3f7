namespace Ebm.Kernels.Energies;

/// <summary>What an MLP's backward pass writes.</summary>
[Flags]
public enum BackwardTargets
{
    /// <summary>Nothing: the deltas are only propagated (by a work-item that helps its group without a row of its own).</summary>
    None = 0,

    /// <summary>∇ₓE.</summary>
    Input = 1,

    /// <summary>∇θE, one row's worth.</summary>
    Parameters = 2,

    /// <summary>The output deltas of every layer, into the row's trace.</summary>
    Trace = 4,
}
