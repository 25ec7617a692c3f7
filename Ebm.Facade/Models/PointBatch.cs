namespace Ebm.Facade.Models;

/// <summary>Checks a host batch of points before it reaches a device: shape and finiteness, with messages naming the bad point.</summary>
public static class PointBatch
{
    /// <summary>Throws unless <paramref name="points"/> is a non-empty [N, <paramref name="dimension"/>] batch of finite values.</summary>
    /// <param name="points">The batch.</param>
    /// <param name="dimension">The model dimension.</param>
    /// <param name="name">The argument name for messages.</param>
    /// <exception cref="ArgumentException">Empty, wrong dimension, or a NaN/infinite coordinate (the first one is named).</exception>
    public static void Validate(float[,] points, int dimension, string name = "points")
    {
        ArgumentNullException.ThrowIfNull(points, name);
        if (points.GetLength(0) == 0)
            throw new ArgumentException($"{name} is an empty batch: pass at least one point", name);
        if (points.GetLength(1) != dimension)
            throw new ArgumentException($"{name} have {points.GetLength(1)} coordinates; the model has dimension {dimension}", name);
        for (int n = 0; n < points.GetLength(0); n++)
        {
            for (int j = 0; j < dimension; j++)
            {
                if (!float.IsFinite(points[n, j]))
                    throw new ArgumentException($"{name}[{n}, {j}] is {points[n, j]}: every coordinate must be finite", name);
            }
        }
    }
}
