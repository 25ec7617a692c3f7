using System.Reflection;
using ILGPU;

namespace Ebm.Tests.Support;

/// <summary>
/// Every kernel of Ebm.Kernels, found by reflection: public static methods whose first parameter is an
/// ILGPU index (implicitly grouped), or that carry <see cref="Ebm.Kernels.GroupedKernelAttribute"/> (explicitly grouped). Generic kernels are specialised for every public struct of Ebm.Kernels that meets their
/// constraints (generic transitions closed over their proposals), so a new kernel or a new energy is covered without editing a list.
/// </summary>
public static class KernelInventory
{
    /// <summary>The kernels, specialised, with a readable name each.</summary>
    public static IEnumerable<(string Name, MethodInfo Kernel)> All()
    {
        var assembly = typeof(Ebm.Kernels.Random.Philox4x32).Assembly;
        var structs = Structs(assembly);
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
                    yield return ($"{type.Name}.{method.Name}<{string.Join(",", arguments.Select(Readable))}>", method.MakeGenericMethod(arguments));
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

    // The public structs, with each generic transition (over its proposal) closed over every non-generic struct that meets
    // its constraints. Other generic structs (an annealed energy over its base) are left open: closing them would multiply
    // the kernels without new code to compile.
    private static Type[] Structs(Assembly assembly)
    {
        var types = assembly.GetExportedTypes().Where(type => type.IsValueType && !type.IsEnum).ToArray();
        var plain = types.Where(type => !type.IsGenericTypeDefinition).ToArray();
        var closed = from definition in types
                     where definition.IsGenericTypeDefinition && definition.GetGenericArguments().Length == 1
                         && definition.GetInterfaces().Contains(typeof(Ebm.Kernels.Samplers.ITransition))
                     from argument in plain
                     where Satisfies(argument, definition.GetGenericArguments()[0])
                     select definition.MakeGenericType(argument);
        return [.. plain, .. closed];
    }

    private static string Readable(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`')]}<{string.Join(",", type.GetGenericArguments().Select(Readable))}>" : type.Name;

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
