using BenchmarkDotNet.Attributes;
using Ebm.Kernels.Random;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Memory;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Benchmarks;

/// <summary>Philox4x32-10 normals: one thread per stream, 64 normals each.</summary>
public class RandomBenchmarks
{
    private AcceleratorSession session = null!;
    private DeviceVector<float> output = null!;
    private Action<AcceleratorStream, Index1D, ArrayView<float>, int, ulong, ulong> fill = null!;

    /// <summary>The accelerator.</summary>
    [ParamsSource(typeof(AcceleratorParameters), nameof(AcceleratorParameters.Present))]
    public string Accelerator { get; set; } = "cpu";

    /// <summary>The number of streams.</summary>
    [Params(1024, 65536)]
    public int Streams { get; set; }

    /// <summary>Allocates and loads the kernel.</summary>
    [GlobalSetup]
    public void Setup()
    {
        session = AcceleratorSession.Open(Accelerator);
        output = new DeviceVector<float>(session, Streams * 64L);
        fill = session.Kernels.Get<Action<AcceleratorStream, Index1D, ArrayView<float>, int, ulong, ulong>>(
            (Action<Index1D, ArrayView<float>, int, ulong, ulong>)RandomKernels.FillNormals);
    }

    /// <summary>Fills 64 normals per stream.</summary>
    [Benchmark]
    public void Normals()
    {
        fill(session.Accelerator.DefaultStream, Streams, output.View, 64, 42, 0);
        session.Synchronize();
    }

    /// <summary>Releases the device.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        output.Dispose();
        session.Dispose();
    }
}
