namespace Ebm.Kernels.Training;

/// <summary>The values the device records for each training iteration, in the order of a metrics row.</summary>
public enum TrainingMetric
{
    /// <summary>mean E(x⁺) − mean E(x⁻) + α(mean E(x⁺)² + mean E(x⁻)²).</summary>
    Loss,

    /// <summary>Mean energy of the data batch.</summary>
    PositiveEnergy,

    /// <summary>Mean energy of the negatives.</summary>
    NegativeEnergy,

    /// <summary>‖∇θL‖ before clipping.</summary>
    GradientNorm,

    /// <summary>Acceptance rate of the negative sampler (NaN where it has none).</summary>
    Acceptance,
}
