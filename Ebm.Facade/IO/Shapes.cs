namespace Ebm.Facade.IO;

/// <summary>Checks and describes the C-order shapes given to the writers and tensor factories.</summary>
internal static class Shapes
{
    /// <summary>The shape written as <c>[2, 3]</c>, or <c>[]</c> for a scalar.</summary>
    public static string Describe(ReadOnlySpan<int> shape) => $"[{string.Join(", ", shape.ToArray())}]";

    /// <summary>Throws <see cref="ArgumentException"/> unless every dimension is non-negative and their product is <paramref name="length"/>.</summary>
    /// <param name="length">The number of values supplied.</param>
    /// <param name="shape">The dimensions claimed for them.</param>
    /// <param name="paramName">The argument that holds the shape.</param>
    public static void RequireMatch(int length, ReadOnlySpan<int> shape, string paramName)
    {
        long count = 1;
        foreach (int dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Shape {Describe(shape)} has a negative dimension.", paramName);
            }

            count = Math.Min(count * dimension, (long)int.MaxValue + 1); // saturate: a count beyond int cannot match
        }

        if (count != length)
        {
            throw new ArgumentException($"Shape {Describe(shape)} holds {count} elements but the data has {length}.", paramName);
        }
    }
}
