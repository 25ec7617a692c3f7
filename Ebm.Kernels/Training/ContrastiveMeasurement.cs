namespace Ebm.Kernels.Training;

/// <summary>The scalars <see cref="ContrastiveKernels.Measure"/> needs.</summary>
public struct ContrastiveMeasurement
{
    /// <summary>B, the data rows (and the negative rows).</summary>
    public int Batch;

    /// <summary>α of the energy-magnitude regulariser.</summary>
    public float Alpha;

    /// <summary>The 1-based iteration measured.</summary>
    public int Iteration;

    /// <summary>Proposals each chain made this iteration (the acceptance rate's denominator per chain).</summary>
    public int ProposalsPerChain;
}
