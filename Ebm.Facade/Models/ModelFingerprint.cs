using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ebm.Kernels.Random;

namespace Ebm.Facade.Models;

/// <summary>
/// A short digest of what a model computes, not of how its spec is written: the kind, the dimension, the temperature and
/// the float64 reference energies at eight fixed points (Philox, seed 0xF1A6, scaled normals). Two specs that differ in
/// any parameter the energy depends on get different fingerprints; reformatting a spec file changes nothing.
/// </summary>
public static class ModelFingerprint
{
    /// <summary>The fingerprint of <paramref name="spec"/>.</summary>
    /// <param name="spec">The model.</param>
    /// <returns>16 hex digits.</returns>
    public static string Of(EnergySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var text = new StringBuilder(FormattableString.Invariant($"{spec.Kind}|{spec.Dimension}|{spec.Temperature:R}"));
        var point = new double[spec.Dimension];
        var gradient = new double[spec.Dimension];
        for (int k = 0; k < 8; k++)
        {
            var random = new PhiloxStream(0xF1A6, (uint)k, 0);
            for (int j = 0; j < point.Length; j++)
                point[j] = (1 + k) * 0.5 * random.NextNormal();
            text.Append('|').Append(spec.ReferenceEnergy(point, gradient).ToString("R", CultureInfo.InvariantCulture));
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16].ToLowerInvariant();
    }
}
