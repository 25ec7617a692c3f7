namespace Ebm.Facade.Sampling;

/// <summary>
/// ChEES-HMC's tuning of the shared trajectory length T (Hoffman, Radul &amp; Sountsov 2021): gradient ascent on ChEES in
/// log T with Adam (learning rate 0.025, β₁ = 0, β₂ = 0.95, as the paper's experiments), and an averaged iterate
/// log T̄ with weight t^−½ (BlackJAX's decay rate) that is the length warm-up hands on.
/// </summary>
/// <param name="initialLength">T₀ &gt; 0.</param>
internal sealed class TrajectoryLengthTuner(double initialLength)
{
    private const double LearningRate = 0.025, Beta2 = 0.95, Epsilon = 1e-8, AveragingDecay = 0.5;
    private double logLength = Math.Log(initialLength), logLengthBar = Math.Log(initialLength), secondMoment;
    private int updates, averaged;

    /// <summary>The current T (what the next transition integrates for).</summary>
    public double Length => Math.Exp(logLength);

    /// <summary>The averaged T̄ of the current phase (the current T before any update of it).</summary>
    public double AveragedLength => Math.Exp(logLengthBar);

    /// <summary>
    /// One ascent step on ∂ChEES/∂log T, capped at <paramref name="longest"/>; a non-finite gradient is skipped. T has no
    /// floor at the step size: dual averaging tries step sizes ten times too large early in each phase, and a T pushed up
    /// to one of them would stay at a far local maximum of ChEES (it has one per half period); the transition takes at least
    /// one leapfrog step anyway. The cap keeps T where its leapfrog steps stop growing (on a funnel T otherwise runs away
    /// while the step size shrinks in the neck).
    /// </summary>
    /// <param name="logLengthGradient">The cross-chain estimate.</param>
    /// <param name="longest">The length of the most leapfrog steps at the current step size.</param>
    public void Update(double logLengthGradient, double longest)
    {
        if (!double.IsFinite(logLengthGradient))
            return;
        updates++;
        secondMoment = Beta2 * secondMoment + (1 - Beta2) * logLengthGradient * logLengthGradient;
        double corrected = secondMoment / (1 - Math.Pow(Beta2, updates));
        logLength = Math.Min(logLength + LearningRate * logLengthGradient / (Math.Sqrt(corrected) + Epsilon), Math.Log(longest));
        averaged++;
        double weight = Math.Pow(averaged, -AveragingDecay);
        logLengthBar = weight * logLength + (1 - weight) * logLengthBar;
    }

    /// <summary>Starts a new averaging phase from the averaged length (after the mass matrix changed).</summary>
    public void Restart()
    {
        logLength = logLengthBar;
        averaged = 0;
    }
}
