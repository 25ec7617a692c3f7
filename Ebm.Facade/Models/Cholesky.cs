namespace Ebm.Facade.Models;

/// <summary>Cholesky factorisation of symmetric positive-definite matrices, in float64 on the host.</summary>
public static class Cholesky
{
    /// <summary>Lower-triangular L with A = L Lᵀ.</summary>
    /// <param name="matrix">A, symmetric.</param>
    /// <param name="name">The field name used in error messages.</param>
    /// <returns>L.</returns>
    /// <exception cref="ArgumentException">A is not symmetric or not positive definite.</exception>
    public static double[,] Factor(double[,] matrix, string name)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.GetLength(0);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < i; j++)
            {
                double scale = Math.Max(Math.Abs(matrix[i, j]), Math.Abs(matrix[j, i]));
                if (Math.Abs(matrix[i, j] - matrix[j, i]) > 1e-10 * Math.Max(scale, 1e-300))
                    throw new ArgumentException($"{name} is not symmetric: [{i}, {j}] = {matrix[i, j]} but [{j}, {i}] = {matrix[j, i]}", name);
            }
        }
        var lower = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double diagonal = matrix[j, j];
            for (int k = 0; k < j; k++)
                diagonal -= lower[j, k] * lower[j, k];
            if (!(diagonal > 0))
                throw new ArgumentException($"{name} is not positive definite (Cholesky pivot {j} is {diagonal:G4})", name);
            lower[j, j] = Math.Sqrt(diagonal);
            for (int i = j + 1; i < n; i++)
            {
                double sum = matrix[i, j];
                for (int k = 0; k < j; k++)
                    sum -= lower[i, k] * lower[j, k];
                lower[i, j] = sum / lower[j, j];
            }
        }
        return lower;
    }

    /// <summary>log det A = 2 Σ log Lᵢᵢ.</summary>
    /// <param name="lower">L.</param>
    /// <returns>log det(L Lᵀ).</returns>
    public static double LogDeterminant(double[,] lower)
    {
        double sum = 0;
        for (int i = 0; i < lower.GetLength(0); i++)
            sum += 2 * Math.Log(lower[i, i]);
        return sum;
    }

    /// <summary>A⁻¹ from L, by solving L Lᵀ X = I column by column.</summary>
    /// <param name="lower">L.</param>
    /// <returns>(L Lᵀ)⁻¹, symmetrised.</returns>
    public static double[,] Inverse(double[,] lower)
    {
        int n = lower.GetLength(0);
        var inverse = new double[n, n];
        var column = new double[n];
        for (int c = 0; c < n; c++)
        {
            for (int i = 0; i < n; i++) // forward: L y = e_c
            {
                double sum = i == c ? 1 : 0;
                for (int k = 0; k < i; k++)
                    sum -= lower[i, k] * column[k];
                column[i] = sum / lower[i, i];
            }
            for (int i = n - 1; i >= 0; i--) // backward: Lᵀ x = y
            {
                double sum = column[i];
                for (int k = i + 1; k < n; k++)
                    sum -= lower[k, i] * column[k];
                column[i] = sum / lower[i, i];
            }
            for (int i = 0; i < n; i++)
                inverse[i, c] = column[i];
        }
        for (int i = 0; i < n; i++)
            for (int j = 0; j < i; j++)
                inverse[i, j] = inverse[j, i] = 0.5 * (inverse[i, j] + inverse[j, i]);
        return inverse;
    }
}
