using Ebm.Kernels.Energies;
using Ebm.Kernels.Random;
using ILGPU;

namespace Ebm.Kernels.Discrete;

/// <summary>Pieces shared by the Gibbs kernels: conditional draws of one unit and draw bookkeeping.</summary>
public static class GibbsUpdate
{
    /// <summary>1 with probability σ(<paramref name="logit"/>), else 0, from one random word.</summary>
    /// <param name="logit">The log-odds of a 1.</param>
    /// <param name="word">A random word (its top 24 bits give u ∈ [0, 1)).</param>
    /// <returns>1 or 0.</returns>
    public static float Bernoulli(float logit, uint word) => RandomBits.ToUniform(word) < Activation.Sigmoid(logit) ? 1f : 0f;

    /// <summary>Heat-bath update of an Ising spin: +1 with probability σ(2β(J nᵢ + h)), else −1.</summary>
    /// <param name="localField">J nᵢ + h.</param>
    /// <param name="beta">β.</param>
    /// <param name="word">A random word.</param>
    /// <returns>+1 or −1.</returns>
    public static float Spin(float localField, float beta, uint word) =>
        RandomBits.ToUniform(word) < Activation.Sigmoid(2 * beta * localField) ? 1f : -1f;

    /// <summary>Sets site <paramref name="site"/> of <paramref name="spins"/> by the heat bath, with the site's own word of the sweep.</summary>
    /// <param name="model">The Ising model.</param>
    /// <param name="spins">The chain's configuration.</param>
    /// <param name="site">i.</param>
    /// <param name="beta">β.</param>
    /// <param name="word">Word i of the chain's stream at this sweep.</param>
    public static void HeatBath(IsingEnergy model, PointView spins, int site, float beta, uint word) =>
        spins[site] = Spin(model.LocalField(spins, site), beta, word);

    /// <summary>
    /// Where sweep <paramref name="sweep"/> of the launch is recorded in a [K/Thin, C, width] draws buffer: the offset of
    /// the chain's row of draw (sweep + 1)/Thin − 1, or −1 when the sweep is not recorded.
    /// </summary>
    /// <param name="settings">The launch settings.</param>
    /// <param name="sweep">The sweep within the launch.</param>
    /// <param name="chain">The chain.</param>
    /// <param name="chains">C.</param>
    /// <param name="width">Floats recorded per chain and draw.</param>
    /// <returns>The offset, or −1.</returns>
    public static long DrawOffset(GibbsSettings settings, int sweep, int chain, int chains, int width)
    {
        if (settings.Thin <= 0 || (sweep + 1) % settings.Thin != 0)
            return -1;
        long draw = (sweep + 1) / settings.Thin - 1;
        return (draw * chains + chain) * width;
    }
}
