using Ebm.Runtime.Accelerators;

namespace Ebm.Tests.Support;

/// <summary>
/// The accelerator kinds kernel tests run on: every kind is a fixture case, so CUDA and OpenCL
/// cases are reported as ignored (with the reason) where absent, never silently passed.
/// <c>EBM_REQUIRE=opencl</c> (comma-separated kinds) turns an absent kind into a failure, for CI.
/// </summary>
public static class AcceleratorCases
{
    /// <summary>The environment variable listing kinds that must be present.</summary>
    public const string RequireVariable = "EBM_REQUIRE";

    /// <summary>Fixture arguments: one per kind.</summary>
    public static IEnumerable<AcceleratorKind> Kinds =>
        [AcceleratorKind.Cpu, AcceleratorKind.OpenCL, AcceleratorKind.Cuda];

    /// <summary>Opens the best device of <paramref name="kind"/>, or ignores (or fails) the test when there is none.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>An open session.</returns>
    public static AcceleratorSession OpenOrIgnore(AcceleratorKind kind)
    {
        try
        {
            return AcceleratorSession.Open(new AcceleratorRequest(kind, null));
        }
        catch (AcceleratorNotFoundException error)
        {
            if (IsRequired(kind))
                Assert.Fail($"{RequireVariable} requires {AcceleratorRequest.KindName(kind)}: {error.Message}");
            Assert.Ignore($"no {AcceleratorRequest.KindName(kind)} device here ({error.Message})");
            throw;
        }
    }

    private static bool IsRequired(AcceleratorKind kind)
    {
        string required = Environment.GetEnvironmentVariable(RequireVariable) ?? "";
        return required.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Contains(AcceleratorRequest.KindName(kind), StringComparer.OrdinalIgnoreCase);
    }
}
