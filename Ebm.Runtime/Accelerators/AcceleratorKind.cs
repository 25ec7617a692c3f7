namespace Ebm.Runtime.Accelerators;

/// <summary>The families of accelerators the engine runs on.</summary>
public enum AcceleratorKind
{
    /// <summary>ILGPU's CPU accelerator: scalar, one OS thread per simulated thread; best for debugging.</summary>
    Cpu,

    /// <summary>An NVIDIA GPU through ILGPU's PTX backend.</summary>
    Cuda,

    /// <summary>An OpenCL 2.0+ device (a GPU, or a CPU runtime such as PoCL) through ILGPU's OpenCL C backend.</summary>
    OpenCL,
}
