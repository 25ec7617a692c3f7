namespace Ebm.Facade.IO;

/// <summary>The safetensors element types supported here, named as in the file header.</summary>
public enum SafeTensorDType
{
    /// <summary>32-bit IEEE float (<see cref="float"/>).</summary>
    F32,

    /// <summary>64-bit IEEE float (<see cref="double"/>).</summary>
    F64,

    /// <summary>32-bit signed integer (<see cref="int"/>).</summary>
    I32,

    /// <summary>32-bit unsigned integer (<see cref="uint"/>).</summary>
    U32,

    /// <summary>64-bit signed integer (<see cref="long"/>).</summary>
    I64,
}
