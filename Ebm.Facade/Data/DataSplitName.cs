namespace Ebm.Facade.Data;

/// <summary>The split of a data set that comes with one: its training or its test images.</summary>
public enum DataSplitName
{
    /// <summary>The training split.</summary>
    Train,

    /// <summary>The test split.</summary>
    Test,
}
