namespace Ebm.Facade.IO;

/// <summary>One tensor as described by a safetensors header, before its data is read.</summary>
/// <param name="Name">The tensor's name.</param>
/// <param name="DType">The element type.</param>
/// <param name="Shape">The dimensions.</param>
/// <param name="Begin">The first byte, relative to the start of the data buffer.</param>
/// <param name="End">One past the last byte, relative to the start of the data buffer.</param>
internal sealed record SafeTensorEntry(string Name, SafeTensorDType DType, int[] Shape, long Begin, long End);
