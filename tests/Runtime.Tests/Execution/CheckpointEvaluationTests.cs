using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Models;
using EnsDsl.Runtime.Randomness;
using EnsDsl.Runtime.Scoring;
using EnsDsl.Runtime.Torch;
using SkiaSharp;

namespace EnsDsl.Runtime.Tests.Execution;

/// <summary><c>ensdsl eval</c>'s engine on CIFAR-10 files of the official binary layout and sizes.</summary>
public class CheckpointEvaluationTests
{
    [Fact]
    public void A_checkpoint_is_scored_on_the_CIFAR10_test_split()
    {
        var dir = Directory.CreateTempSubdirectory("ensdsl-eval-cifar-").FullName;
        try
        {
            // Official sizes; every image black and of class 3, so a network's score is predictable only through its weights.
            var record = new byte[3073];
            record[0] = 3;
            var batch = Enumerable.Repeat(record, 10_000).SelectMany(r => r).ToArray();
            foreach (var name in Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin").Append("test_batch.bin"))
                File.WriteAllBytes(Path.Combine(dir, name), batch);
            var model = Networks.Create(Architecture.CifarResNet(8, 16), 10, Generators.For(1, "init"));
            var checkpoint = Path.Combine(dir, "weights.tensors");
            File.WriteAllBytes(checkpoint, TensorFile.Serialize(model.state_dict()));

            var result = CheckpointEvaluation.Run(checkpoint, "cifar-resnet8x16", $"cifar10:{dir}", "cpu", transform: "none");
            Assert.Equal((10_000, 10, "cifar10:" + dir), (result.Images, result.Classes, result.Data));
            // One image repeated: every prediction is the same, so accuracy is 0 or 1 and NLL is −log p(3).
            Assert.True(result.Scores.Accuracy is 0 or 1);
            Assert.True(result.Scores.Nll > 0);

            var wrong = Assert.Throws<EvaluationInputException>(() => CheckpointEvaluation.Run(checkpoint, "cifar-resnet8x16", $"cifar100:{dir}", "cpu"));
            Assert.Contains("has neither train.bin nor train", wrong.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void A_checkpoint_is_scored_on_an_image_folder()
    {
        var dir = Directory.CreateTempSubdirectory("ensdsl-eval-folder-").FullName;
        try
        {
            foreach (var split in new[] { "train", "test" })
                foreach (var (cls, colour) in new[] { ("blue", SKColors.Blue), ("red", SKColors.Red), ("white", SKColors.White) })
                    for (int i = 0; i < 2; i++)
                    {
                        using var bitmap = new SKBitmap(12, 12);
                        bitmap.Erase(colour);
                        Directory.CreateDirectory(Path.Combine(dir, split, cls));
                        using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
                        File.WriteAllBytes(Path.Combine(dir, split, cls, $"{i}.png"), png.ToArray());
                    }
            var model = Networks.Create(Architecture.CifarResNet(8, 16), 3, Generators.For(2, "init"));
            var checkpoint = Path.Combine(dir, "weights.tensors");
            File.WriteAllBytes(checkpoint, TensorFile.Serialize(model.state_dict()));
            var result = CheckpointEvaluation.Run(checkpoint, "cifar-resnet8x16", $"imagefolder:{dir}", "cpu");
            Assert.Equal((6, 3), (result.Images, result.Classes));
            Assert.InRange(result.Scores.Accuracy, 0, 1);
            Assert.True(double.IsFinite(result.Scores.CalibratedNll));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
