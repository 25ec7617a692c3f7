namespace Ebm.Tests.Support;

/// <summary>Paths of the fixture files copied next to the test assembly.</summary>
public static class FixturePath
{
    /// <summary>The full path of <c>Fixtures/<paramref name="relative"/></c>.</summary>
    /// <param name="relative">The path under the Fixtures folder.</param>
    /// <returns>The absolute path.</returns>
    public static string Of(string relative) =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", relative);
}
