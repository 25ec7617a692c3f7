namespace Ebm.Kernels.Training;

/// <summary>Scalars of one Adam (or SGD with momentum) update.</summary>
public struct AdamSettings
{
    /// <summary>Learning rate η.</summary>
    public float LearningRate;

    /// <summary>β₁ (momentum); 0 is the EBM default (Du &amp; Mordatch 2019).</summary>
    public float Beta1;

    /// <summary>β₂.</summary>
    public float Beta2;

    /// <summary>ε in the denominator.</summary>
    public float Epsilon;

    /// <summary>The 1-based update count t (for bias correction).</summary>
    public int Step;

    /// <summary>L2 weight decay λ: the gradient gains λθ.</summary>
    public float WeightDecay;
}
