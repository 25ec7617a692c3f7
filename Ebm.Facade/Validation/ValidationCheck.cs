namespace Ebm.Facade.Validation;

/// <summary>One row of a validation report: a kernel on one accelerator against its reference.</summary>
/// <param name="Kernel">What was checked, e.g. <c>energy+grad mixture-ring</c>.</param>
/// <param name="Accelerator">The accelerator id, e.g. <c>cpu:0</c>.</param>
/// <param name="MaxError">The largest error found (its definition depends on the check; see <see cref="Metric"/>).</param>
/// <param name="Tolerance">The largest error allowed.</param>
/// <param name="Metric">How <see cref="MaxError"/> is measured, e.g. <c>rel (floor 1)</c>, <c>mismatches</c>, <c>|err|/MCSE</c>.</param>
public sealed record ValidationCheck(string Kernel, string Accelerator, double MaxError, double Tolerance, string Metric)
{
    /// <summary>True when <see cref="MaxError"/> is finite and at most <see cref="Tolerance"/>.</summary>
    public bool Passed => double.IsFinite(MaxError) && MaxError <= Tolerance;
}
