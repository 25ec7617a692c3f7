namespace Ebm.Kernels;

/// <summary>
/// Marks an explicitly grouped kernel: one launched with a group size (a <c>KernelConfig</c>) whose work-items synchronize
/// at group barriers, so it takes no index parameter. Tools that enumerate the kernels (the offline compilation tests) find
/// it by this attribute.
/// </summary>
[AttributeUsage(AttributeTargets.Method, Inherited = false)]
public sealed class GroupedKernelAttribute : Attribute;
