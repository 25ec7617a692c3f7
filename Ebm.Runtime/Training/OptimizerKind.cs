namespace Ebm.Runtime.Training;

/// <summary>The parameter optimisers.</summary>
public enum OptimizerKind
{
    /// <summary>Adam with bias correction.</summary>
    Adam,

    /// <summary>Stochastic gradient descent with heavy-ball momentum.</summary>
    Sgd,
}
