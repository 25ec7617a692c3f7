using Ebm.Kernels.Discrete;
using Ebm.Runtime.Energies;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Runtime.Discrete;

/// <summary>Ising chains: spins ±1 on the lattice of an <see cref="IsingEnergy"/>, advanced by checkerboard heat-bath sweeps.</summary>
/// <remarks>Both <see cref="IsingUpdate"/> modes make the same moves (see <see cref="GibbsKernels"/>): only the launch shape differs.</remarks>
public sealed class IsingChains : DiscreteChains
{
    /// <summary>Allocates the chains (spins uniformly random).</summary>
    /// <param name="energy">The Ising energy (borrowed).</param>
    /// <param name="chains">C ≥ 1.</param>
    /// <param name="seed">The seed.</param>
    /// <param name="update">The launch shape.</param>
    /// <exception cref="ArgumentException"><see cref="IsingUpdate.ColourLaunches"/> on a lattice with an odd side above 1.</exception>
    public IsingChains(DeviceEnergy<IsingEnergy> energy, int chains, ulong seed, IsingUpdate update = IsingUpdate.FusedSweeps)
        : base(energy, chains, seed, -1)
    {
        Model = energy.Bind(1);
        if (update == IsingUpdate.ColourLaunches && !SupportsColourLaunches(Model.Rows, Model.Columns))
            throw new ArgumentException($"colour launches need each lattice side even or 1; the lattice is {Model.Rows} × {Model.Columns}", nameof(update));
        Update = update;
    }

    /// <summary>The model.</summary>
    public IsingEnergy Model { get; }

    /// <summary>The launch shape.</summary>
    public IsingUpdate Update { get; }

    /// <inheritdoc/>
    public override int RecordWidth => Units + GibbsKernels.IsingSummaryWidth;

    /// <summary>Whether sites of one checkerboard colour are never neighbours: each side even or 1.</summary>
    /// <param name="rows">Lattice rows.</param>
    /// <param name="columns">Lattice columns.</param>
    /// <returns>True when colour launches are valid.</returns>
    public static bool SupportsColourLaunches(int rows, int columns) => (rows == 1 || rows % 2 == 0) && (columns == 1 || columns % 2 == 0);

    /// <inheritdoc/>
    protected override void Launch(GibbsSettings settings, ArrayView<float> draws)
    {
        var kernels = Session.Kernels;
        var stream = Session.Accelerator.DefaultStream;
        if (Update == IsingUpdate.FusedSweeps)
        {
            var sweeps = kernels.Get<Action<AcceleratorStream, Index1D, IsingEnergy, ArrayView<float>, ArrayView<float>, GibbsSettings, ArrayView<float>>>(
                (Action<Index1D, IsingEnergy, ArrayView<float>, ArrayView<float>, GibbsSettings, ArrayView<float>>)GibbsKernels.IsingSweeps);
            sweeps(stream, Chains, Model, States.View, Energies.View, settings, draws);
            return;
        }
        var colourUpdate = kernels.Get<Action<AcceleratorStream, Index2D, IsingEnergy, ArrayView<float>, GibbsSettings, int>>(
            (Action<Index2D, IsingEnergy, ArrayView<float>, GibbsSettings, int>)GibbsKernels.IsingColourUpdate);
        var record = kernels.Get<Action<AcceleratorStream, Index1D, IsingEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>>(
            (Action<Index1D, IsingEnergy, ArrayView<float>, ArrayView<float>, ArrayView<float>, int>)GibbsKernels.IsingRecord);
        var extent = new Index2D(Units, Chains);
        var sweep = settings;
        for (int k = 0; k < settings.Sweeps; k++)
        {
            sweep.FirstSweep = settings.FirstSweep + (ulong)k;
            colourUpdate(stream, extent, Model, States.View, sweep, 0);
            colourUpdate(stream, extent, Model, States.View, sweep, 1);
            int draw = settings.Thin > 0 && (k + 1) % settings.Thin == 0 ? (k + 1) / settings.Thin - 1 : -1;
            if (draw >= 0 || k == settings.Sweeps - 1)
                record(stream, Chains, Model, States.View, Energies.View, draws, draw);
        }
    }
}
