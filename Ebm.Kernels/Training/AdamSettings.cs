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

    /// <summary>Adam's bias correction of the first moment at update t, 1 − β₁ᵗ (see <see cref="AtStep"/>).</summary>
    public float FirstBiasCorrection;

    /// <summary>Adam's bias correction of the second moment at update t, 1 − β₂ᵗ (see <see cref="AtStep"/>).</summary>
    public float SecondBiasCorrection;

    /// <summary>L2 weight decay λ: the gradient gains λθ.</summary>
    public float WeightDecay;

    /// <summary>
    /// These settings at update <paramref name="step"/>: the bias corrections computed once, in double precision on the
    /// host, so that every accelerator divides by the same two values (a device's pow is costly on PoCL, where it took more
    /// than the rest of the update, and approximate on CUDA).
    /// </summary>
    /// <param name="step">The 1-based update count t.</param>
    /// <returns>A copy with <see cref="FirstBiasCorrection"/> and <see cref="SecondBiasCorrection"/> set.</returns>
    public readonly AdamSettings AtStep(int step) => this with
    {
        FirstBiasCorrection = (float)(1 - Math.Pow(Beta1, step)),
        SecondBiasCorrection = (float)(1 - Math.Pow(Beta2, step)),
    };
}
