using Ebm.Facade.Models;
using Ebm.Kernels.Energies;

namespace Ebm.Cli.Training;

/// <summary>Parses <c>mlp:2-128-128-1[:silu]</c>, the <c>--model</c> syntax of <c>ebm train</c>.</summary>
internal static class MlpArchitecture
{
    public static (int[] Layers, ActivationKind Activation) Parse(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length is < 2 or > 3 || parts[0] != "mlp")
            throw new ArgumentException($"--model must look like mlp:2-128-128-1 or mlp:2-128-128-1:silu; got '{text}'");
        int[] layers;
        try
        {
            layers = [.. parts[1].Split('-').Select(width => int.Parse(width, System.Globalization.CultureInfo.InvariantCulture))];
        }
        catch (FormatException)
        {
            throw new ArgumentException($"--model widths must be integers separated by '-', e.g. 2-128-128-1; got '{parts[1]}'");
        }
        if (layers.Length < 2 || layers[^1] != 1 || layers.Any(width => width < 1))
            throw new ArgumentException($"--model widths must be positive and end in 1; got '{parts[1]}'");
        return (layers, parts.Length == 3 ? ActivationNames.Parse(parts[2]) : ActivationKind.SiLU);
    }
}
