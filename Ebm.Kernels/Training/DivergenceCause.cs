namespace Ebm.Kernels.Training;

/// <summary>What made training stop: the first non-finite value an iteration produced.</summary>
public enum DivergenceCause
{
    /// <summary>Nothing: training is healthy.</summary>
    None,

    /// <summary>An energy of the data batch.</summary>
    DataEnergy,

    /// <summary>An energy of the negative samples.</summary>
    SampleEnergy,

    /// <summary>The parameter gradient's norm.</summary>
    ParameterGradient,
}
