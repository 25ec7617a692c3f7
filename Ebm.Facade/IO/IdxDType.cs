namespace Ebm.Facade.IO;

/// <summary>The element types of an IDX file, by the type code in its third byte.</summary>
public enum IdxDType : byte
{
    /// <summary>0x08: unsigned byte.</summary>
    UInt8 = 0x08,

    /// <summary>0x09: signed byte.</summary>
    Int8 = 0x09,

    /// <summary>0x0B: big-endian 16-bit integer.</summary>
    Int16 = 0x0B,

    /// <summary>0x0C: big-endian 32-bit integer.</summary>
    Int32 = 0x0C,

    /// <summary>0x0D: big-endian float32.</summary>
    Float32 = 0x0D,

    /// <summary>0x0E: big-endian float64.</summary>
    Float64 = 0x0E,
}
