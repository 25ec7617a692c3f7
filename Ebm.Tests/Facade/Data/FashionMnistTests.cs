using Ebm.Facade.Data;
using Ebm.Facade.IO;
using Ebm.Tests.Facade.IO;
using Ebm.Tests.Support;

namespace Ebm.Tests.Facade.Data;

/// <summary>
/// Fashion-MNIST from folders the tests write (the four gzip'd IDX files of a few images), and from Debian's package when
/// it is installed (CI installs it, and <c>EBM_REQUIRE_FASHION_MNIST=1</c> makes its absence a failure): its published
/// sizes, class balance and pixel statistics.
/// </summary>
[TestFixture]
public sealed class FashionMnistTests
{
    [Test]
    public void AWrittenFolderLoadsScaledRowMajorImagesAndTheirLabels()
    {
        using var folder = new TemporaryFolder();
        Write(folder, "t10k", images: 3, labels: [4, 0, 9]);
        var (images, labels) = FashionMnist.Load(DataSplitName.Test, folder.Path);
        Assert.That((images.GetLength(0), images.GetLength(1)), Is.EqualTo((3, 784)));
        Assert.That(labels, Is.EqualTo(new[] { 4, 0, 9 }));
        Assert.That(images[1, 5], Is.EqualTo(Pixel(784 + 5) / 255f).Within(1e-7), "image 1, row 0, column 5");
        Assert.That(images[2, 28 * 3 + 1], Is.EqualTo(Pixel(2 * 784 + 28 * 3 + 1) / 255f).Within(1e-7), "image 2, row 3, column 1");
        var binary = FashionMnist.Binarize(images);
        Assert.That(binary[0, 127], Is.EqualTo(0), "byte 127");
        Assert.That(binary[0, 128], Is.EqualTo(1), "byte 128");
    }

    [Test]
    public void MissingAndWrongFilesAreNamed()
    {
        using var folder = new TemporaryFolder();
        var missing = Assert.Throws<FileNotFoundException>(() => FashionMnist.Load(DataSplitName.Train, folder.Path))!;
        Assert.That(missing.Message, Does.Contain("train-images-idx3-ubyte.gz does not exist").And.Contain("apt-get install dataset-fashion-mnist"));

        Write(folder, "train", images: 2, labels: [1, 12]);
        Assert.That(() => FashionMnist.Load(DataSplitName.Train, folder.Path), Throws.InstanceOf<EbmFormatException>().With.Message.Contains("label 1 is 12"));
        Write(folder, "train", images: 2, labels: [1]);
        Assert.That(() => FashionMnist.Load(DataSplitName.Train, folder.Path), Throws.InstanceOf<EbmFormatException>().With.Message.Contains("labels are [2] unsigned bytes"));
        File.WriteAllBytes(folder.File("train-images-idx3-ubyte.gz"), IdxBytes.Gzip(IdxBytes.UInt8([2, 28, 27], Pixel)));
        Assert.That(() => FashionMnist.Load(DataSplitName.Train, folder.Path), Throws.InstanceOf<EbmFormatException>().With.Message.Contains("holds [2, 28, 27]"));
        Assert.That(() => FashionMnist.TryParse("fashion-mnist:valid", out _), Throws.ArgumentException.With.Message.Contains(":train and :test"));
    }

    [Test]
    public void TheInstalledPackageHoldsThePublishedSplits()
    {
        InstalledFashionMnist.Require();
        var (train, trainLabels) = FashionMnist.Load(DataSplitName.Train, FashionMnist.DefaultFolder);
        var (test, testLabels) = FashionMnist.Load(DataSplitName.Test, FashionMnist.DefaultFolder);
        Assert.That((train.GetLength(0), test.GetLength(0)), Is.EqualTo((60_000, 10_000)));
        Assert.That(trainLabels.GroupBy(label => label).Select(group => group.Count()), Is.All.EqualTo(6_000), "6,000 training images per class");
        Assert.That(testLabels.GroupBy(label => label).Select(group => group.Count()), Is.All.EqualTo(1_000), "1,000 test images per class");
        // The training pixels' mean and standard deviation as commonly quoted for normalisation: 0.2860 and 0.3530.
        double sum = 0, squares = 0;
        foreach (float pixel in train)
        {
            sum += pixel;
            squares += (double)pixel * pixel;
        }
        double mean = sum / train.Length;
        Assert.That(mean, Is.EqualTo(0.2860).Within(5e-5));
        Assert.That(Math.Sqrt(squares / train.Length - mean * mean), Is.EqualTo(0.3530).Within(5e-5));
    }

    private static byte Pixel(int i) => (byte)(i * 7 % 256);

    private static void Write(TemporaryFolder folder, string prefix, int images, byte[] labels)
    {
        File.WriteAllBytes(folder.File($"{prefix}-images-idx3-ubyte.gz"), IdxBytes.Gzip(IdxBytes.UInt8([images, 28, 28], Pixel)));
        File.WriteAllBytes(folder.File($"{prefix}-labels-idx1-ubyte.gz"), IdxBytes.Gzip(IdxBytes.Of(Ebm.Facade.IO.IdxDType.UInt8, [labels.Length], labels)));
    }
}
