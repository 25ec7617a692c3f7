using Ebm.Facade.Models;
using Ebm.Kernels.Energies;
using Ebm.Kernels.Samplers;
using Ebm.Runtime.Accelerators;
using Ebm.Runtime.Chains;
using Ebm.Runtime.Energies;
using Ebm.Tests.Support;
using ILGPU;
using ILGPU.Runtime;

namespace Ebm.Tests.Kernels.Samplers;

/// <summary>
/// The leapfrog integrator (<see cref="LeapfrogIntegrator.Integrate{TEnergy}"/> through the <see cref="LeapfrogIntegrator.IntegrateChains{TEnergy}"/>
/// test kernel) on the harmonic oscillator E = ½|x|², H = E + ½|p|²: second-order energy error and time reversibility.
/// </summary>
public sealed class LeapfrogIntegratorTests(AcceleratorKind kind) : AcceleratorTestBase(kind)
{
    private const int Chains = 16;
    private const int Dimension = 2;

    [Test]
    public void EnergyErrorOverAFixedTrajectoryIsSecondOrderInTheStepSize()
    {
        // Leapfrog conserves the shadow Hamiltonian H̃ = ½|p|² + (1 − ε²/4)·½|x|² of the oscillator exactly, so
        // H − H̃ = ε²/8 |x|²: halving ε (and doubling L) divides the largest |ΔH| over the starting phases by ≈ 4.
        const double length = 1.6;
        double coarse = MaxEnergyError(0.1f, (int)Math.Round(length / 0.1));
        double fine = MaxEnergyError(0.05f, (int)Math.Round(length / 0.05));
        double finer = MaxEnergyError(0.025f, (int)Math.Round(length / 0.025));
        TestContext.Out.WriteLine($"max |ΔH|: ε = 0.1 → {coarse:G4}, 0.05 → {fine:G4}, 0.025 → {finer:G4}");
        Assert.Multiple(() =>
        {
            Assert.That(coarse, Is.GreaterThan(1e-4), "the error must be well above float round-off for the ratio to mean anything");
            Assert.That(coarse / fine, Is.InRange(3.0, 5.0), "halving ε divides the energy error by ≈ 4");
            Assert.That(fine / finer, Is.InRange(3.0, 5.0), "halving ε again divides it by ≈ 4 again");
        });
    }

    [Test]
    public void ForwardThenFlippedMomentumReturnsToTheStart()
    {
        const float epsilon = 0.05f;
        const int steps = 32;
        using var model = EnergyModel.Create(Oscillator, Session);
        var (x0, p0) = Start();
        using var pool = StartedPool(model, x0, p0, epsilon);
        Integrate(model.Device, pool, steps);
        var flipped = pool.ReadMomenta();
        for (int c = 0; c < Chains; c++)
            for (int j = 0; j < Dimension; j++)
                flipped[c, j] = -flipped[c, j];
        float[,] middle = pool.ReadPositions();
        pool.WriteMomenta(flipped);
        Integrate(model.Device, pool, steps);
        float[,] back = pool.ReadPositions(), momenta = pool.ReadMomenta();
        Assert.Multiple(() =>
        {
            Assert.That(Math.Abs(middle[0, 0] - x0[0, 0]), Is.GreaterThan(0.1), "the trajectory must move for the test to mean anything");
            for (int c = 0; c < Chains; c++)
                for (int j = 0; j < Dimension; j++)
                {
                    Assert.That(back[c, j], Is.EqualTo(x0[c, j]).Within(1e-5), $"x[{c}, {j}]");
                    Assert.That(momenta[c, j], Is.EqualTo(-p0[c, j]).Within(1e-5), $"p[{c}, {j}] (flipped)");
                }
        });
    }

    private static DiagonalGaussianSpec Oscillator => new([0, 0], [1, 1]);

    private ChainPool StartedPool(EnergyModel model, float[,] positions, float[,] momenta, float epsilon)
    {
        var pool = new ChainPool(Session, Chains, Dimension, seed: 1);
        pool.Initialize(model.Device, positions);
        pool.WriteMomenta(momenta);
        pool.SetStepSizes(epsilon);
        return pool;
    }

    // Chains start on the unit circle of phase space at different phases, one phase per coordinate.
    private static (float[,] Positions, float[,] Momenta) Start()
    {
        var x = new float[Chains, Dimension];
        var p = new float[Chains, Dimension];
        for (int c = 0; c < Chains; c++)
            for (int j = 0; j < Dimension; j++)
            {
                double phase = 2 * Math.PI * (c + 0.37 * j) / Chains;
                x[c, j] = (float)Math.Cos(phase);
                p[c, j] = (float)Math.Sin(phase);
            }
        return (x, p);
    }

    private double MaxEnergyError(float epsilon, int steps)
    {
        using var model = EnergyModel.Create(Oscillator, Session);
        var (x0, p0) = Start();
        using var pool = StartedPool(model, x0, p0, epsilon);
        float[] before = pool.Energies.ToArray();
        Integrate(model.Device, pool, steps);
        float[] after = pool.Energies.ToArray();
        float[,] p1 = pool.ReadMomenta();
        double worst = 0;
        for (int c = 0; c < Chains; c++)
        {
            double kinetic0 = 0, kinetic1 = 0;
            for (int j = 0; j < Dimension; j++)
            {
                kinetic0 += 0.5 * p0[c, j] * p0[c, j];
                kinetic1 += 0.5 * p1[c, j] * p1[c, j];
            }
            worst = Math.Max(worst, Math.Abs(after[c] + kinetic1 - (before[c] + kinetic0)));
        }
        return worst;
    }


    private static void Integrate(DeviceEnergy energy, ChainPool pool, int steps)
    {
        energy.Apply(new IntegrateLaunch(pool, steps));
        pool.Session.Synchronize();
    }

    private sealed class IntegrateLaunch(ChainPool pool, int steps) : IEnergyOperation<bool>
    {
        public bool Run<TEnergy>(DeviceEnergy<TEnergy> energy)
            where TEnergy : struct, IEnergy
        {
            var launch = energy.Session.Kernels.Get<Action<AcceleratorStream, Index1D, TEnergy, ChainState, int, float>>(
                (Action<Index1D, TEnergy, ChainState, int, float>)LeapfrogIntegrator.IntegrateChains);
            launch(energy.Session.Accelerator.DefaultStream, pool.Chains, energy.Bind(pool.Chains), pool.State, steps, 1f);
            return true;
        }
    }
}
