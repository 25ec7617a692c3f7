using ILGPU;

namespace Ebm.Kernels.Energies;

/// <summary>Rosenbrock "banana" on coordinate pairs: E(x) = Σ over pairs (u, v) of (a − u)² + b (v − u²)².</summary>
/// <remarks>
/// Per pair, u ~ N(a, ½) and v | u ~ N(u², 1/(2b)) exactly, so log Z = (d/2)(log π − ½ log b),
/// E[u] = a, Var[u] = ½, E[v] = a² + ½ and Var[v] = 1/(2b) + 2a² + ½ are known in closed form.
/// </remarks>
/// <param name="dimension">d, even.</param>
/// <param name="a">Location of the first coordinate of each pair.</param>
/// <param name="b">Curvature: how tightly v follows u².</param>
public readonly struct BananaEnergy(int dimension, float a, float b) : IEnergy
{
    /// <inheritdoc/>
    public int Dimension => dimension;

    /// <inheritdoc/>
    public float Energy(PointView point, int slot)
    {
        float energy = 0;
        for (int i = 0; i < dimension; i += 2)
        {
            float u = point[i], v = point[i + 1];
            float offset = a - u, bend = v - u * u;
            energy += offset * offset + b * bend * bend;
        }
        return energy;
    }

    /// <inheritdoc/>
    public float EnergyAndGradient(PointView point, PointView gradient, int slot)
    {
        float energy = 0;
        for (int i = 0; i < dimension; i += 2)
        {
            float u = point[i], v = point[i + 1];
            float offset = a - u, bend = v - u * u;
            energy += offset * offset + b * bend * bend;
            gradient[i] = -2 * offset - 4 * b * bend * u;
            gradient[i + 1] = 2 * b * bend;
        }
        return energy;
    }
}
