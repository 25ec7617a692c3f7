namespace Ebm.Facade.Sampling;

/// <summary>
/// Stan's windowed warm-up: an initial fast interval (step size only), slow windows that double in length
/// (mass matrix estimated at the end of each), and a terminal fast interval (step size only).
/// </summary>
public static class WarmupSchedule
{
    /// <summary>The warm-up split into phases; each is (steps, whether it ends by estimating the mass matrix).</summary>
    /// <param name="warmup">Total warm-up steps.</param>
    /// <param name="adaptMass">Whether any mass matrix is estimated.</param>
    /// <returns>The phases, whose steps add up to <paramref name="warmup"/>.</returns>
    public static IReadOnlyList<(int Steps, bool EstimateMass)> Phases(int warmup, bool adaptMass)
    {
        if (!adaptMass || warmup < 20)
            return warmup > 0 ? [(warmup, false)] : [];
        int initial = 75, terminal = 50, window = 25;
        if (initial + terminal + window > warmup)
        {
            initial = (int)(0.15 * warmup);
            terminal = (int)(0.1 * warmup);
            window = warmup - initial - terminal;
        }
        var phases = new List<(int, bool)> { (initial, false) };
        int remaining = warmup - initial - terminal;
        while (remaining > 0)
        {
            int length = 2 * window <= remaining - window ? window : remaining; // the last window absorbs the rest
            phases.Add((length, true));
            remaining -= length;
            window *= 2;
        }
        phases.Add((terminal, false));
        return [.. phases.Where(phase => phase.Item1 > 0)];
    }
}
