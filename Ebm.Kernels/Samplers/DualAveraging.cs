namespace Ebm.Kernels.Samplers;

/// <summary>Nesterov dual averaging of log ε towards a target acceptance (Hoffman &amp; Gelman 2014, as Stan and NumPyro).</summary>
/// <remarks>
/// H̄ₜ = (1 − 1/(t + t₀)) H̄ₜ₋₁ + (δ − αₜ)/(t + t₀);  log εₜ = μ − √t/γ · H̄ₜ;
/// log ε̄ₜ = t^−κ log εₜ + (1 − t^−κ) log ε̄ₜ₋₁, with μ = log(10 ε₀), γ = 0.05, t₀ = 10, κ = 0.75.
/// After warm-up the sampler uses ε̄.
/// </remarks>
public static class DualAveraging
{
    /// <summary>γ, the shrinkage towards μ.</summary>
    public const float Gamma = 0.05f;

    /// <summary>t₀, which damps the first iterations.</summary>
    public const float T0 = 10f;

    /// <summary>κ, the decay of the averaging weight.</summary>
    public const float Kappa = 0.75f;

    /// <summary>One update; returns the new log ε and updates H̄ and log ε̄ in place.</summary>
    /// <param name="iteration">t ≥ 1.</param>
    /// <param name="acceptance">αₜ, the acceptance probability of the transition (NaN counts as 0).</param>
    /// <param name="target">δ.</param>
    /// <param name="mu">μ = log(10 ε₀).</param>
    /// <param name="hBar">H̄, updated.</param>
    /// <param name="logStepBar">log ε̄, updated.</param>
    /// <returns>log εₜ.</returns>
    public static float Update(int iteration, float acceptance, float target, float mu, ref float hBar, ref float logStepBar)
    {
        float alpha = float.IsNaN(acceptance) ? 0 : MathF.Min(MathF.Max(acceptance, 0), 1);
        float t = iteration;
        float weight = 1 / (t + T0);
        hBar = (1 - weight) * hBar + weight * (target - alpha);
        float logStep = mu - MathF.Sqrt(t) / Gamma * hBar;
        float eta = MathF.Pow(t, -Kappa);
        logStepBar = eta * logStep + (1 - eta) * logStepBar;
        return logStep;
    }
}
