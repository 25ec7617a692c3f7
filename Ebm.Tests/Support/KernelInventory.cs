using System.Reflection;
using ILGPU;

namespace Ebm.Tests.Support;

/// <summary>
/// Every kernel of Ebm.Kernels, found by reflection: public static methods whose first parameter is an
/// ILGPU index (implicitly grouped), or that carry <see cref="Ebm.Kernels.GroupedKernelAttribute"/> (explicitly grouped). Generic kernels are specialised for every public struct of Ebm.Kernels that meets their
/// constraints, so a new kernel or a new energy is covered without editing a list.
/// </summary>
public static class KernelInventory
{
    /// <summary>The kernels, specialised, with a readable name each.</summary>
    public static IEnumerable<(string Name, MethodInfo Kernel)> All()
    {
        var assembly = typeof(Ebm.Kernels.Random.Philox4x32).Assembly;
        var structs = assembly.GetExportedTypes().Where(type => type.IsValueType && !type.IsEnum && !type.IsGenericTypeDefinition).ToArray();
        foreach (var type in assembly.GetExportedTypes())
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (!IsKernel(method))
                    continue;
                if (!method.IsGenericMethodDefinition)
                {
                    yield return ($"{type.Name}.{method.Name}", method);
                    continue;
                }
                foreach (var arguments in Specialisations(method, structs))
                    yield return ($"{type.Name}.{method.Name}<{string.Join(",", arguments.Select(a => a.Name))}>", method.MakeGenericMethod(arguments));
            }
        }
    }

    /// <summary>Whether <paramref name="kernel"/> is explicitly grouped (launched with a group size, no index parameter).</summary>
    /// <param name="kernel">A kernel from <see cref="All"/>.</param>
    /// <returns>True for explicitly grouped kernels.</returns>
    public static bool IsGrouped(MethodInfo kernel) => kernel.IsDefined(typeof(Ebm.Kernels.GroupedKernelAttribute), false);

    private static bool IsKernel(MethodInfo method)
    {
        var parameters = method.GetParameters();
        return IsGrouped(method) || parameters.Length > 0 && parameters[0].ParameterType is var first
            && (first == typeof(Index1D) || first == typeof(Index2D) || first == typeof(Index3D));
    }

    private static IEnumerable<Type[]> Specialisations(MethodInfo method, Type[] structs)
    {
        IEnumerable<Type[]> partial = [[]];
        foreach (var parameter in method.GetGenericArguments())
        {
            var candidates = structs.Where(type => Satisfies(type, parameter)).ToArray();
            partial = partial.SelectMany(prefix => candidates.Select(candidate => prefix.Append(candidate).ToArray()));
        }
        return partial;
    }

    private static bool Satisfies(Type candidate, Type parameter) =>
        parameter.GetGenericParameterConstraints().All(constraint => constraint.IsAssignableFrom(candidate));
}
