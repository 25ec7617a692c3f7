namespace Ebm.Facade.Training;

/// <summary>What one training iteration measured.</summary>
/// <param name="Iteration">The 1-based iteration just completed.</param>
/// <param name="Loss">mean E(x⁺) − mean E(x⁻) + α(mean E(x⁺)² + mean E(x⁻)²).</param>
/// <param name="PositiveEnergy">Mean energy of the data batch.</param>
/// <param name="NegativeEnergy">Mean energy of the negative samples.</param>
/// <param name="GradientNorm">‖∇θL‖ before clipping.</param>
/// <param name="Acceptance">Acceptance rate of the negative sampler (NaN for ULA).</param>
/// <param name="Seconds">Wall time since training started.</param>
public sealed record TrainingProgress(int Iteration, double Loss, double PositiveEnergy, double NegativeEnergy, double GradientNorm, double Acceptance, double Seconds);
