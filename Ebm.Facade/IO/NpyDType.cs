namespace Ebm.Facade.IO;

/// <summary>The element types an NPY file may hold here: little-endian IEEE floats.</summary>
public enum NpyDType
{
    /// <summary>32-bit float, NumPy descr <c>'&lt;f4'</c>.</summary>
    Float32,

    /// <summary>64-bit float, NumPy descr <c>'&lt;f8'</c>.</summary>
    Float64,
}
