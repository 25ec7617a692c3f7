namespace Ebm.Facade.IO;

/// <summary>A Python tuple literal read by <see cref="PythonLiteralParser"/>, kept apart from lists.</summary>
/// <param name="Items">The elements, in order.</param>
internal sealed record PythonTuple(IReadOnlyList<object?> Items);
