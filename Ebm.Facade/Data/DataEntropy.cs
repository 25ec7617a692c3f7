namespace Ebm.Facade.Data;

/// <summary>The exact differential entropy H(p) = −∫ p log p of the toy distributions where it is known.</summary>
public static class DataEntropy
{
    /// <summary>H in nats for <paramref name="name"/>, or null when the generator's density has no exact form here.</summary>
    /// <remarks>
    /// checkerboard: uniform on 8 squares of side 2, H = log 32. 8gaussians: an equal-weight mixture of eight
    /// isotropic Gaussians, integrated numerically in float64 (midpoint rule on a fine grid; error below 1e-6).
    /// </remarks>
    /// <param name="name">A toy data set name.</param>
    /// <returns>The entropy, or null.</returns>
    public static double? Of(string name) => name switch
    {
        "checkerboard" => Math.Log(32),
        "8gaussians" => EightGaussians(),
        _ => null,
    };

    private static double EightGaussians()
    {
        var (radius, scale) = ToyDatasets.EightGaussians;
        const int cells = 2000;
        double half = radius + 8 * scale, width = 2 * half / cells, entropy = 0;
        for (int i = 0; i < cells; i++)
        {
            double x = -half + (i + 0.5) * width;
            for (int j = 0; j < cells; j++)
            {
                double y = -half + (j + 0.5) * width, density = 0;
                for (int k = 0; k < 8; k++)
                {
                    double dx = x - radius * Math.Cos(k * Math.PI / 4), dy = y - radius * Math.Sin(k * Math.PI / 4);
                    density += Math.Exp(-(dx * dx + dy * dy) / (2 * scale * scale)) / (8 * 2 * Math.PI * scale * scale);
                }
                if (density > 0)
                    entropy -= density * Math.Log(density) * width * width;
            }
        }
        return entropy;
    }
}
