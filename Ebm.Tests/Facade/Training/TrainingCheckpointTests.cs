using Ebm.Facade.IO;
using Ebm.Facade.Training;

namespace Ebm.Tests.Facade.Training;

[TestFixture]
public sealed class TrainingCheckpointTests
{
    [Test]
    public void AFileOfAnotherFormatOrVersionIsRejected()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ebm-{Guid.NewGuid():N}.safetensors");
        try
        {
            var content = new SafeTensors();
            content.Metadata["format"] = TrainingCheckpoint.Format;
            content.Metadata["version"] = "999";
            SafeTensorsFile.Write(path, content);
            Assert.That(() => TrainingCheckpoint.Read(path), Throws.InstanceOf<EbmFormatException>().With.Message.Contains("version '999'"));
            content.Metadata["format"] = "something-else";
            SafeTensorsFile.Write(path, content);
            Assert.That(() => TrainingCheckpoint.Read(path), Throws.InstanceOf<EbmFormatException>().With.Message.Contains("not a training checkpoint"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
