using Ebm.Facade.IO;

namespace Ebm.Facade.Data;

/// <summary>
/// Fashion-MNIST (Xiao, Rasul &amp; Vollgraf 2017): 60,000 training and 10,000 test images of 28 × 28 grayscale pixels
/// in 10 classes, read from the four gzip'd IDX files that Debian's <c>dataset-fashion-mnist</c> installs under
/// <see cref="DefaultFolder"/>, or from the folder <see cref="FolderVariable"/> names. Pixels are scaled to [0, 1]
/// (byte / 255); <see cref="Binarize"/> gives the RBMs' binary images.
/// </summary>
public static class FashionMnist
{
    /// <summary>The data set's name in <c>--data</c>: <c>fashion-mnist</c> (the training split), <c>fashion-mnist:train</c> or <c>fashion-mnist:test</c>.</summary>
    public const string Name = "fashion-mnist";

    /// <summary>Where Debian's package puts the files.</summary>
    public const string DefaultFolder = "/usr/share/datasets/fashion-mnist";

    /// <summary>The environment variable naming another folder with the same four files.</summary>
    public const string FolderVariable = "EBM_FASHION_MNIST";

    /// <summary>Rows and columns of an image.</summary>
    public const int Side = 28;

    /// <summary>Pixels of an image, 784.</summary>
    public const int Pixels = Side * Side;

    /// <summary>The number of classes.</summary>
    public const int Classes = 10;

    /// <summary>Whether <paramref name="data"/> names the data set, and which split.</summary>
    /// <param name="data">A --data value.</param>
    /// <param name="split">The split it names (train when none is given).</param>
    /// <returns>True for fashion-mnist, fashion-mnist:train and fashion-mnist:test (any case).</returns>
    /// <exception cref="ArgumentException">fashion-mnist:SOMETHING-ELSE.</exception>
    public static bool TryParse(string data, out DataSplitName split)
    {
        ArgumentNullException.ThrowIfNull(data);
        split = DataSplitName.Train;
        if (data.Equals(Name, StringComparison.OrdinalIgnoreCase))
            return true;
        if (!data.StartsWith(Name + ":", StringComparison.OrdinalIgnoreCase))
            return false;
        string part = data[(Name.Length + 1)..].ToLowerInvariant();
        split = part switch
        {
            "train" => DataSplitName.Train,
            "test" => DataSplitName.Test,
            _ => throw new ArgumentException($"--data {data}: the splits of {Name} are :train and :test"),
        };
        return true;
    }

    /// <summary>The folder the files are read from: <see cref="FolderVariable"/>'s value when set, else <see cref="DefaultFolder"/>.</summary>
    public static string Folder => Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder ? folder : DefaultFolder;

    /// <summary>Reads one split: its images [n, 784] in [0, 1], row by row, and their labels.</summary>
    /// <param name="split">Train (60,000 images) or test (10,000).</param>
    /// <param name="folder">The folder holding the files; <see cref="Folder"/> when null.</param>
    /// <returns>The images and labels.</returns>
    /// <exception cref="FileNotFoundException">A file is missing; the message says how to install the package.</exception>
    /// <exception cref="EbmFormatException">A file is not what Fashion-MNIST holds.</exception>
    public static (float[,] Images, int[] Labels) Load(DataSplitName split, string? folder = null)
    {
        folder ??= Folder;
        string prefix = split == DataSplitName.Train ? "train" : "t10k";
        string imagesPath = Require(Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"), folder);
        string labelsPath = Require(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz"), folder);
        var images = IdxFile.Read(imagesPath);
        var labels = IdxFile.Read(labelsPath);
        if (images.Type != IdxDType.UInt8 || images.Shape.Count != 3 || images.Shape[1] != Side || images.Shape[2] != Side || images.Shape[0] < 1)
            throw new EbmFormatException($"Fashion-MNIST images are [n, {Side}, {Side}] unsigned bytes; this file holds [{string.Join(", ", images.Shape)}] {images.Type}", imagesPath);
        if (labels.Type != IdxDType.UInt8 || labels.Shape.Count != 1 || labels.Shape[0] != images.Shape[0])
            throw new EbmFormatException($"Fashion-MNIST labels are [{images.Shape[0]}] unsigned bytes, one per image; this file holds [{string.Join(", ", labels.Shape)}] {labels.Type}", labelsPath);
        var classes = labels.ToInt32();
        int bad = Array.FindIndex(classes, label => label >= Classes);
        if (bad >= 0)
            throw new EbmFormatException($"label {bad} is {classes[bad]}; Fashion-MNIST has classes 0 … {Classes - 1}", labelsPath);
        int n = images.Shape[0];
        var flat = images.ToSingle(1.0 / 255);
        var pixels = new float[n, Pixels];
        Buffer.BlockCopy(flat, 0, pixels, 0, flat.Length * sizeof(float));
        return (pixels, classes);
    }

    /// <summary>The binary images of RBM papers' convention for grayscale data: a pixel is 1 when its value is at least 0.5 (byte ≥ 128), else 0.</summary>
    /// <param name="images">[n, d] values in [0, 1].</param>
    /// <returns>[n, d] of 0 and 1.</returns>
    public static float[,] Binarize(float[,] images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var binary = new float[images.GetLength(0), images.GetLength(1)];
        for (int i = 0; i < binary.GetLength(0); i++)
        {
            for (int j = 0; j < binary.GetLength(1); j++)
                binary[i, j] = images[i, j] >= 0.5f ? 1 : 0;
        }
        return binary;
    }

    private static string Require(string path, string folder)
    {
        if (File.Exists(path))
            return path;
        throw new FileNotFoundException(folder == DefaultFolder
            ? $"Fashion-MNIST is not installed: {path} does not exist (apt-get install dataset-fashion-mnist, or set {FolderVariable} to a folder with its four IDX files)"
            : $"Fashion-MNIST: {path} does not exist ({folder} needs the four IDX files of apt-get install dataset-fashion-mnist)", path);
    }
}
