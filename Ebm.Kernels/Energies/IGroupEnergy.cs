namespace Ebm.Kernels.Energies;

/// <summary>
/// An energy that a work-group of chains evaluates together (explicitly grouped kernels, <see cref="GroupSlots"/>): each
/// work-item stages its point in its workspace slot, the whole group evaluates every staged point, sharing each weight it
/// loads among several chains, then each work-item reads its own result.
/// </summary>
/// <remarks>
/// Every work-item of the group must call <see cref="EvaluateStaged"/> the same number of times with the same argument, since it
/// synchronizes at barriers; a work-item with no chain stages some finite point and ignores its result. The results equal
/// <see cref="IEnergy.EnergyAndGradient"/> and <see cref="IEnergy.Energy"/> bit for bit.
/// </remarks>
public interface IGroupEnergy : IEnergy
{
    /// <summary>Copies a point into slot <paramref name="slot"/> for the next <see cref="EvaluateStaged"/>.</summary>
    /// <param name="point">The point.</param>
    /// <param name="slot">This work-item's slot (its global index).</param>
    void Stage(PointView point, int slot);

    /// <summary>Evaluates the points staged in every slot of the work-group (called by every work-item of the group).</summary>
    /// <param name="withGradient">Whether ∇ₓE is wanted as well as E.</param>
    void EvaluateStaged(bool withGradient);

    /// <summary>E at the point staged in <paramref name="slot"/>, and ∇ₓE into <paramref name="gradient"/> when it was evaluated.</summary>
    /// <param name="point">The point that was staged (for terms evaluated alone, such as a base term).</param>
    /// <param name="gradient">Receives ∇ₓE when <paramref name="withGradient"/>.</param>
    /// <param name="slot">This work-item's slot.</param>
    /// <param name="withGradient">As given to <see cref="EvaluateStaged"/>.</param>
    /// <returns>The energy.</returns>
    float StagedResult(PointView point, PointView gradient, int slot, bool withGradient);
}
