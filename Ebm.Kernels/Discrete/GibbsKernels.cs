using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using ILGPU;

namespace Ebm.Kernels.Discrete;

/// <summary>Gibbs samplers for discrete energies: checkerboard heat-bath sweeps of the Ising model and block Gibbs of an RBM.</summary>
/// <remarks>
/// <para>Random numbers: sweep t of chain c reads the stream <c>PhiloxStream(seed, c, t)</c>. An Ising site i uses word i
/// of it (random access), so the fused one-thread-per-chain kernel and the site-parallel colour launches make the
/// same moves and produce identical chains. An RBM step uses words 0…H−1 for the hidden units, then H…H+V−1 for the
/// visible ones.</para>
/// <para>Draws are recorded every Thin-th sweep as rows of a [K/Thin, C, width] buffer: for the Ising model the
/// summary and the lattice (E/N, M/N, s₀, …, s_{N−1}), width N + <see cref="IsingSummaryWidth"/>; for the RBM
/// (F(v), v₀, …, v_{V−1}), width V + 1.</para>
/// </remarks>
public static class GibbsKernels
{
    /// <summary>Floats before the spins in an Ising record: energy per site, magnetisation per site.</summary>
    public const int IsingSummaryWidth = 2;

    /// <summary>
    /// Advances chain <paramref name="chain"/> by <see cref="GibbsSettings.Sweeps"/> sweeps, each updating every black
    /// site (colour 0) then every white site by the heat bath, and leaves E at the final configuration in <paramref name="energies"/>.
    /// </summary>
    /// <param name="chain">The chain (one thread per chain).</param>
    /// <param name="model">The Ising model.</param>
    /// <param name="spins">[C, N] configurations, ±1, updated in place.</param>
    /// <param name="energies">[C] receives E at the final configurations.</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="draws">[K/Thin, C, N + 2] recorded (E/N, M/N, s); unused when Thin is 0.</param>
    public static void IsingSweeps(Index1D chain, IsingEnergy model, ArrayView<float> spins, ArrayView<float> energies,
        GibbsSettings settings, ArrayView<float> draws)
    {
        int c = chain.X, sites = model.Sites, chains = (int)energies.Length;
        var state = PointLayout.RowMajor(sites).Of(spins, c);
        for (int sweep = 0; sweep < settings.Sweeps; sweep++)
        {
            var random = new PhiloxStream(settings.Seed, (uint)c, settings.FirstSweep + (ulong)sweep);
            for (int colour = 0; colour < 2; colour++)
            {
                for (int first = 0; first < sites; first += 4)
                {
                    var block = random.BlockAt((uint)(first >> 2)); // words of sites first … first + 3
                    for (int k = 0; k < 4 && first + k < sites; k++)
                    {
                        if (model.Colour(first + k) == colour)
                            GibbsUpdate.HeatBath(model, state, first + k, settings.InverseTemperature, block.Word(k));
                    }
                }
            }
            long offset = GibbsUpdate.DrawOffset(settings, sweep, c, chains, sites + IsingSummaryWidth);
            if (offset >= 0)
                RecordIsing(model, state, draws, offset, c);
        }
        energies[c] = model.Energy(state, c);
    }

    /// <summary>
    /// Heat-bath update of every site of colour <paramref name="colour"/> of every chain at sweep
    /// <see cref="GibbsSettings.FirstSweep"/>: one thread per (site, chain). Sites of one colour must not be neighbours,
    /// so each lattice side must be even or 1 (checked by the launcher). A sweep is colour 0 then colour 1.
    /// </summary>
    /// <param name="index">X: the site, Y: the chain.</param>
    /// <param name="model">The Ising model.</param>
    /// <param name="spins">[C, N] configurations, updated in place.</param>
    /// <param name="settings">Seed, FirstSweep (this sweep) and InverseTemperature are read.</param>
    /// <param name="colour">0 (black) or 1 (white).</param>
    public static void IsingColourUpdate(Index2D index, IsingEnergy model, ArrayView<float> spins, GibbsSettings settings, int colour)
    {
        int site = index.X, c = index.Y;
        if (model.Colour(site) != colour)
            return;
        var random = new PhiloxStream(settings.Seed, (uint)c, settings.FirstSweep);
        int sites = model.Sites;
        GibbsUpdate.HeatBath(model, PointLayout.RowMajor(sites).Of(spins, c), site, settings.InverseTemperature, random.WordAt((uint)site));
    }

    /// <summary>Writes E of chain <paramref name="chain"/> into <paramref name="energies"/> and, when <paramref name="draw"/> ≥ 0, (E/N, M/N, s) into that draw's row.</summary>
    /// <param name="chain">The chain (one thread per chain).</param>
    /// <param name="model">The Ising model.</param>
    /// <param name="spins">[C, N] configurations.</param>
    /// <param name="energies">[C] receives E.</param>
    /// <param name="draws">[draws, C, N + 2].</param>
    /// <param name="draw">The draw index, or −1 to record nothing.</param>
    public static void IsingRecord(Index1D chain, IsingEnergy model, ArrayView<float> spins, ArrayView<float> energies, ArrayView<float> draws, int draw)
    {
        int c = chain.X, sites = model.Sites;
        var state = PointLayout.RowMajor(sites).Of(spins, c);
        energies[c] = model.Energy(state, c);
        if (draw >= 0)
            RecordIsing(model, state, draws, ((long)draw * energies.Length + c) * (sites + IsingSummaryWidth), c);
    }

    /// <summary>
    /// Advances chain <paramref name="chain"/> by <see cref="GibbsSettings.Sweeps"/> block-Gibbs steps h ~ p(h | v),
    /// v ~ p(v | h) and leaves F at the final visibles in <paramref name="energies"/>.
    /// </summary>
    /// <param name="chain">The chain (one thread per chain).</param>
    /// <param name="model">The RBM.</param>
    /// <param name="visible">[C, V] visible units in {0, 1}, updated in place.</param>
    /// <param name="hidden">[C, H] hidden units, overwritten (the last hidden sample).</param>
    /// <param name="energies">[C] receives F(v).</param>
    /// <param name="settings">The launch settings.</param>
    /// <param name="draws">[K/Thin, C, V + 1] recorded (F(v), v); unused when Thin is 0.</param>
    public static void RbmSteps(Index1D chain, RbmEnergy model, ArrayView<float> visible, ArrayView<float> hidden,
        ArrayView<float> energies, GibbsSettings settings, ArrayView<float> draws)
    {
        int c = chain.X, v = model.Visible, h = model.Hidden, chains = (int)energies.Length;
        var visibleUnits = PointLayout.RowMajor(v).Of(visible, c);
        var hiddenUnits = PointLayout.RowMajor(h).Of(hidden, c);
        float beta = settings.InverseTemperature;
        for (int sweep = 0; sweep < settings.Sweeps; sweep++)
        {
            var random = new PhiloxStream(settings.Seed, (uint)c, settings.FirstSweep + (ulong)sweep);
            for (int j = 0; j < h; j++)
                hiddenUnits[j] = GibbsUpdate.Bernoulli(beta * model.HiddenInput(visibleUnits, j), random.NextUInt());  // h ~ σ(β(c + Wv))
            for (int k = 0; k < v; k++)
                visibleUnits[k] = GibbsUpdate.Bernoulli(beta * model.VisibleInput(hiddenUnits, k), random.NextUInt()); // v ~ σ(β(b + Wᵀh))
            long offset = GibbsUpdate.DrawOffset(settings, sweep, c, chains, v + 1);
            if (offset >= 0)
            {
                draws[offset] = model.Energy(visibleUnits, c);
                for (int k = 0; k < v; k++)
                    draws[offset + 1 + k] = visibleUnits[k];
            }
        }
        energies[c] = model.Energy(visibleUnits, c);
    }

    private static void RecordIsing(IsingEnergy model, PointView state, ArrayView<float> draws, long offset, int slot)
    {
        float sites = model.Sites;
        draws[offset] = model.Energy(state, slot) / sites;
        draws[offset + 1] = model.Magnetisation(state) / sites;
        for (int i = 0; i < model.Sites; i++)
            draws[offset + IsingSummaryWidth + i] = state[i];
    }
}
