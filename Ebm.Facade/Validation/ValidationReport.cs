namespace Ebm.Facade.Validation;

/// <summary>Every check of a validation run, and the accelerator kinds that were asked for but are absent.</summary>
/// <param name="Checks">The checks, in the order they ran.</param>
/// <param name="Accelerators">The accelerators the checks ran on (ids).</param>
/// <param name="Absent">Requested accelerator kinds with no device here (e.g. <c>cuda</c>).</param>
public sealed record ValidationReport(IReadOnlyList<ValidationCheck> Checks, IReadOnlyList<string> Accelerators, IReadOnlyList<string> Absent)
{
    /// <summary>True when there was at least one check and every check passed.</summary>
    public bool Passed => Checks.Count > 0 && Checks.All(check => check.Passed);
}
