namespace Ebm.Facade.Sampling;

/// <summary>A named scalar computed from one recorded Gibbs draw row (see <see cref="GibbsResult.Record"/>).</summary>
/// <param name="Name">The name, e.g. <c>abs_magnetisation</c>.</param>
/// <param name="Value">Maps a record row to the scalar.</param>
public sealed record DrawStatistic(string Name, Func<ReadOnlySpan<float>, double> Value);
