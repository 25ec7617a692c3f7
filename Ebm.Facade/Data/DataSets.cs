using Ebm.Facade.IO;

namespace Ebm.Facade.Data;

/// <summary>Training data from a toy generator name, an image set (<see cref="FashionMnist"/>) or an NPY file, checked for finiteness.</summary>
public static class DataSets
{
    /// <summary>
    /// Loads <paramref name="nameOrPath"/>: a toy set name (see <see cref="ToyDatasets.Names"/>), a split of Fashion-MNIST
    /// (<c>fashion-mnist[:train|:test]</c>: all of its images, [n, 784] in [0, 1]) or a path to an [n, d] NPY file.
    /// </summary>
    /// <param name="nameOrPath">The name or path.</param>
    /// <param name="count">Points to generate for a toy set.</param>
    /// <param name="seed">The seed for a toy set.</param>
    /// <returns>[n, d] points.</returns>
    /// <exception cref="ArgumentException">Unknown name, a file that is not [n, d], or non-finite values (the first bad row is named).</exception>
    /// <exception cref="FileNotFoundException">Fashion-MNIST is not installed.</exception>
    public static float[,] Load(string nameOrPath, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (FashionMnist.TryParse(nameOrPath, out var split))
            return FashionMnist.Load(split).Images;
        if (!nameOrPath.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
            return ToyDatasets.Generate(nameOrPath, count, seed);
        var array = NpyFile.Read(nameOrPath);
        if (array.Shape.Count != 2 || array.Shape[0] < 1 || array.Shape[1] < 1)
            throw new ArgumentException($"{nameOrPath}: data must be a non-empty [n, d] array, got shape [{string.Join(", ", array.Shape)}]", nameof(nameOrPath));
        int n = array.Shape[0], d = array.Shape[1];
        float[] flat = array.ToSingle();
        var data = new float[n, d];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                float value = flat[i * d + j];
                if (!float.IsFinite(value))
                    throw new ArgumentException($"{nameOrPath}: row {i} holds a non-finite value ({value}) in column {j}", nameof(nameOrPath));
                data[i, j] = value;
            }
        }
        return data;
    }
}
