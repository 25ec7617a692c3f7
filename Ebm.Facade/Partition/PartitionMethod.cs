namespace Ebm.Facade.Partition;

/// <summary>How <see cref="Likelihood.EstimateLogPartition(Models.EnergyModel, float[,], PartitionMethod, AnnealedImportanceSamplingOptions?, int)"/> obtains log Z.</summary>
public enum PartitionMethod
{
    /// <summary>The closed form where the spec has one, else quadrature for d ≤ 2, else annealed importance sampling.</summary>
    Auto,

    /// <summary>The spec's closed form (an error where there is none).</summary>
    Analytic,

    /// <summary>Grid quadrature (d ≤ 2).</summary>
    Quadrature,

    /// <summary>Annealed importance sampling.</summary>
    Ais,

    /// <summary>Exact enumeration (discrete specs).</summary>
    Exact,
}
