namespace Ebm.Facade.IO;

/// <summary>Element sizes and header names of <see cref="SafeTensorDType"/> values.</summary>
internal static class SafeTensorDTypeInfo
{
    /// <summary>The names as written in the header, for error messages.</summary>
    public const string SupportedNames = "F32, F64, I32, U32, I64";

    /// <summary>Bytes per element.</summary>
    public static int Size(SafeTensorDType dtype) => dtype is SafeTensorDType.F64 or SafeTensorDType.I64 ? 8 : 4;

    /// <summary>Maps a header dtype name to the enum; only the exact upper-case names are accepted.</summary>
    public static bool TryParse(string name, out SafeTensorDType dtype)
    {
        (bool known, dtype) = name switch
        {
            "F32" => (true, SafeTensorDType.F32),
            "F64" => (true, SafeTensorDType.F64),
            "I32" => (true, SafeTensorDType.I32),
            "U32" => (true, SafeTensorDType.U32),
            "I64" => (true, SafeTensorDType.I64),
            _ => (false, default),
        };
        return known;
    }
}
