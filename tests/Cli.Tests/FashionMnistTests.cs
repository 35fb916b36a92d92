using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// Fashion-MNIST from Debian's dataset-fashion-mnist (.ci/run installs it) through the real CLI (Fixtures/run/fashion.csx):
/// a model trained on a few images of three classes learns them; the plan counts the subset's images; a folder
/// without the files is named at the script's line, with the package that provides them.
/// </summary>
public class FashionMnistTests
{
    [Fact]
    public void A_small_model_learns_three_classes_from_twenty_images_each()
    {
        Assert.True(File.Exists("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"),
            "Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist (.ci/run does)");
        using var w = new Workspace("fashion.csx");
        var plan = JObject.Parse(w.Run("plan", "fashion.csx", "--json").Out);
        var train = plan["nodes"]!.Single(n => (string?)n["kind"] == "train");
        Assert.Equal("fashion-mnist:/usr/share/datasets/fashion-mnist?classes=1,7..8&per_class=20&per_class_seed=1", (string?)train["op"]!["data"]);

        var run = w.Run("run", "fashion.csx", "--no-progress", "--no-tracking", "--out", "out");
        Assert.True(run.ExitCode == 0, run.ToString());
        var scores = Assert.Single(JObject.Parse(File.ReadAllText(w.At("out", "results.json")))["evaluations"]!);
        // Over 12 seeds (Fixtures/run/fashion.csx): 0.830–0.935, mean 0.884, sd 0.034; a model that learned nothing
        // scores 1/3 (within 0.009 on 3,000 images) and NLL ln 3 = 1.10. The floors lie 8 sds of the seeds below their mean.
        Scored.AccuracyOver(3_000, (double)scores["acc"]!);
        Assert.InRange((double)scores["acc"]!, 0.6, 1.0);
        Assert.InRange((double)scores["nll"]!, 0, 0.8);
    }

    [Fact]
    public void A_folder_without_the_files_is_named_at_the_line_that_reads_it()
    {
        using var w = new Workspace("fashion.csx");
        var check = w.Run("check", "fashion.csx", "--set", "dir=fashion");
        Assert.True(check.ExitCode == 2, check.ToString());
        // Reported at the line of the step that reads it (the training step), with where it looked.
        Assert.Matches(@"fashion\.csx\(6,\d+\): error ENS0411: dataset fashion-mnist:fashion\?classes=1,7\.\.8&per_class=20&per_class_seed=1: folder \S+/fashion not found", check.Flat);
        Assert.Contains("(Debian's package dataset-fashion-mnist installs them in /usr/share/datasets/fashion-mnist)", check.Flat);
    }

    [Fact]
    public void A_draw_larger_than_what_a_class_has_left_beside_its_validation_split_is_named_before_anything_runs()
    {
        using var w = new Workspace();
        File.WriteAllText(w.At("tune.csx"), "var data = FashionMnist().Validation().PerClass(5500);\nScratch(\"cifar-resnet8x16\").Train(1, data: data).Evaluate()\n");
        var check = w.Run("check", "tune.csx");
        Assert.True(check.ExitCode == 2, check.ToString());
        // 6,000 training images per class; the authors' validation split takes a tenth of them.
        Assert.Contains("tune.csx(2,29): error ENS0411: dataset fashion-mnist:/usr/share/datasets/fashion-mnist?per_class=5500&split=val: per_class=5500, but class 0 has 5,400 training images besides its validation split", check.Flat);
    }

    [Fact]
    public void Inspect_shows_a_subset_as_a_training_step_reads_it_and_names_a_missing_folder()
    {
        using var w = new Workspace();
        var shown = w.Run("inspect", "fashion-mnist:/usr/share/datasets/fashion-mnist?classes=7,1&per_class=25&split=val", "--json");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        var summary = JObject.Parse(shown.Out);
        Assert.Equal(2, (int)summary["classes"]!);
        var splits = summary["splits"]!.ToDictionary(s => (string)s["name"]!);
        Assert.Equal([25, 25], splits["train"]["per_class"]!.Values<int>());
        // The validation split (a tenth of the 12,000 training images of the two classes) takes the test split's place.
        Assert.Equal([600, 600], splits["test"]["per_class"]!.Values<int>());
        Assert.Equal("[[28,28]]", splits["test"]["sizes"]!.ToString(Newtonsoft.Json.Formatting.None));
        Assert.Contains("3 equal channels", (string?)summary["pixels"]);

        var table = w.Run("inspect", "fashion-mnist:/usr/share/datasets/fashion-mnist?classes=7,1");
        Assert.Matches(@"test\s+2,000\s+1,000 each\s+28×28", table.Flat);
        Assert.Matches(@"training images' own mean 0\.2860 and standard deviation 0\.3530", table.Flat);

        var missing = w.Run("inspect", "fashion-mnist:nowhere");
        Assert.True(missing.ExitCode == 2, missing.ToString());
        Assert.Contains("error: dataset fashion-mnist:nowhere: folder", missing.Flat);
        Assert.DoesNotContain("   at ", missing.Flat);
    }
}
