using Ebm.Facade.IO;
using Ebm.Facade.Models;

namespace Ebm.Cli;

/// <summary>Reads an [N, d] float32 or float64 NPY file of points, checked against a model dimension.</summary>
internal static class PointsFile
{
    /// <summary>The points in <paramref name="path"/> as float32, every one finite and of dimension <paramref name="dimension"/>.</summary>
    /// <param name="path">The NPY file.</param>
    /// <param name="option">The option that named it, for messages.</param>
    /// <param name="dimension">The model dimension d.</param>
    /// <returns>[N, d] points.</returns>
    public static float[,] Read(string path, string option, int dimension)
    {
        NpyArray array;
        try
        {
            array = NpyFile.Read(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"{option}: {path} does not exist", path, e);
        }
        string shape = $"[{string.Join(", ", array.Shape)}]";
        if (array.Shape.Count != 2)
            throw new ArgumentException($"{option}: {path} has shape {shape}; expected a 2-D [N, {dimension}] array of points");
        if (array.Shape[1] != dimension)
            throw new ArgumentException($"{option}: {path} holds points of dimension {array.Shape[1]} (shape {shape}); the model has dimension {dimension}");
        if (array.Shape[0] == 0)
            throw new ArgumentException($"{option}: {path} holds no points (shape {shape})");
        var points = new float[array.Shape[0], dimension];
        Buffer.BlockCopy(array.ToSingle(), 0, points, 0, points.Length * sizeof(float));
        PointBatch.Validate(points, dimension, path);
        return points;
    }
}
