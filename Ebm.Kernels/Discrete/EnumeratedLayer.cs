namespace Ebm.Kernels.Discrete;

/// <summary>The layer of an RBM whose configurations an exact sum enumerates; the other layer is summed analytically.</summary>
public enum EnumeratedLayer
{
    /// <summary>The visible units.</summary>
    Visible,

    /// <summary>The hidden units.</summary>
    Hidden,
}
