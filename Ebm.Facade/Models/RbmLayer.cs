namespace Ebm.Facade.Models;

/// <summary>A layer of a restricted Boltzmann machine: the one exact enumeration sums over.</summary>
public enum RbmLayer
{
    /// <summary>The visible units v (2ⱽ terms; the hiddens are summed analytically).</summary>
    Visible,

    /// <summary>The hidden units h (2ᴴ terms; the visibles are summed analytically).</summary>
    Hidden,
}
