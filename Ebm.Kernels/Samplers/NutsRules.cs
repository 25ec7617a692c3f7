namespace Ebm.Kernels.Samplers;

/// <summary>NUTS as published: the generalised U-turn on both ends, and multinomial selection by weight.</summary>
public readonly struct NutsRules : INutsRules
{
    /// <inheritdoc/>
    public bool Turned(float towardsFirst, float towardsLast) => !(towardsFirst > 0) || !(towardsLast > 0);

    /// <inheritdoc/>
    public float LogSelection(float logWeight, float logReference) => logWeight - logReference;
}
