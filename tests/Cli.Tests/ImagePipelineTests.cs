using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// The image pipeline as users run it: weights exported from one run (ensdsl export) fine-tuned by a script on an image
/// folder of JPEGs of several sizes (Fixtures/run/images.csx), a corrupt image stopping the run or skipped by the
/// dataset's policy, and <c>ensdsl eval --transform</c>.
/// </summary>
[TakesAbout(20)]
[Trait(Category.Name, Category.Python)]
public class ImagePipelineTests
{
    // JPEGs written by Pillow (python3-pil comes with python3-torchvision, which .ci/run installs).
    static void Images(string root, int train = 6)
    {
        const string script = """
            import os, sys
            import numpy as np
            from PIL import Image
            root = sys.argv[1]
            rng = np.random.default_rng(5)
            for split, count in (("train", int(sys.argv[2])), ("test", 3)):
                for c, name in enumerate(("cat", "dog")):
                    os.makedirs(f"{root}/{split}/{name}", exist_ok=True)
                    for i in range(count):
                        w, h = 36 + 7 * i, 30 + 5 * ((i + c) % 3)
                        y, x = np.mgrid[0:h, 0:w]
                        img = np.stack([127 + 90 * np.sin(x * (0.1 + 0.2 * c) + k) * np.cos(y * 0.07) for k in range(3)], axis=2)
                        img += rng.normal(0, 10, img.shape)
                        Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).save(f"{root}/{split}/{name}/{i}.jpg", quality=85)
            """;
        PythonScript.Run(script, "writing JPEGs with Pillow", root, train.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    // A one-epoch model of this architecture on the embedded target task, trained by a run and exported for PyTorch.
    static string Exported(Workspace w, string arch)
    {
        File.WriteAllText(Path.Combine(w.Directory, "export.csx"), $"return Report(Scratch(\"{arch}\", seed: 1).Train(1, data: EmbeddedTarget()).Evaluate());");
        var run = w.Run("run", "export.csx", "--no-progress", "--out", "exported-run");
        Assert.True(run.ExitCode == 0, run.ToString());
        var results = JObject.Parse(File.ReadAllText(Path.Combine(w.Directory, "exported-run", "results.json")));
        return Export(w, (string)results["nodes"]!.Single(n => (string?)n["kind"] == "train")["id"]!);
    }

    // ensdsl export of a stored model: its file in torch.save's format.
    static string Export(Workspace w, string id)
    {
        var file = Path.Combine(w.Directory, $"{id}.pt");
        var export = w.Run("export", id, "--to", file);
        Assert.True(export.ExitCode == 0, export.ToString());
        return file;
    }


    // Both scripts score on the folder's 6 test images (3 per class; the damaged image is a training image): an accuracy
    // of whole images out of 6, and a finite NLL.
    static void AssertScoredOnTheTestImages(JToken scores)
    {
        Scored.AccuracyOver(6, (double)scores["acc"]!);
        Assert.True(double.IsFinite((double)scores["nll"]!), $"NLL {scores["nll"]}");
    }

    [Fact]
    public void Swin_Tinys_recipe_fine_tunes_a_small_swin_on_images_through_timms_transforms()
    {
        using var w = new Workspace("swin_images.csx");
        File.Copy(Exported(w, "swin-e24-d2-h2-w5-p4-i20"), Path.Combine(w.Directory, "swin.pt"));
        Images(Path.Combine(w.Directory, "images"), train: 8);

        // The plan's steps carry the Swin recipe, transform included; the run applies it without a warning.
        var plan = JObject.Parse(w.Run("plan", "swin_images.csx", "--json").Out);
        var steps = plan["nodes"]!.Where(n => (string?)n["kind"] == "train").Select(n => n["op"]!).ToList();
        Assert.Equal(2, steps.Count);
        Assert.All(steps, op => Assert.Equal("swin", (string?)op["transform"]));
        Assert.All(steps, op => Assert.Equal(0.8, (double)op["loss"]!["mixup"]!));
        Assert.Empty(plan["diagnostics"]!);

        var run = w.Run("run", "swin_images.csx", "--no-progress", "--out", "out", "--loader-workers", "2");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("the engine trains this step in fp32", run.Flat);
        var results = JObject.Parse(File.ReadAllText(Path.Combine(w.Directory, "out", "results.json")));
        var ensemble = Assert.Single(results["ensembles"]!);
        Assert.Equal(2, ensemble["members"]!.Count());
        AssertScoredOnTheTestImages(ensemble["curve"]![1]!);
        Assert.True((double)ensemble["diversity"]!["kl"]! > 0, "the two members are the same model");   // seeds and draws differ
        Assert.Single(results["soups"]!);
    }

    [Fact]
    public void Exported_weights_fine_tune_on_an_image_folder_and_corrupt_images_stop_or_are_skipped_by_policy()
    {
        using var w = new Workspace("images.csx");
        var exported = Exported(w, "cifar-resnet8x16");
        var images = Path.Combine(w.Directory, "images");
        Images(images);
        var damaged = Path.Combine(images, "train", "dog", "2.jpg");
        var bytes = File.ReadAllBytes(damaged);
        File.WriteAllBytes(damaged, bytes[..(bytes.Length * 9 / 10)]);     // past the header: the scan data ends early

        var stopped = w.Run("run", "images.csx", "--set", $"ckpt={exported}", "--no-progress", "--loader-workers", "2");
        Assert.NotEqual(0, stopped.ExitCode);
        Assert.Contains("dog/2.jpg cannot be decoded as an image (the file ends early: truncated); to leave such images out and count them, add corrupt=skip", stopped.Flat);

        var run = w.Run("run", "images.csx", "--set", $"ckpt={exported}", "--set", "data=imagefolder:images?corrupt=skip", "--no-progress", "--out", "out");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("1 corrupt training image(s) left out", run.Flat);
        Assert.Contains("new 2-class head (the weights of", run.Flat);
        Assert.Contains("end in a 20-class head)", run.Flat);
        var results = JObject.Parse(File.ReadAllText(Path.Combine(w.Directory, "out", "results.json")));
        var ensemble = Assert.Single(results["ensembles"]!);
        Assert.Equal(2, ensemble["members"]!.Count());
        AssertScoredOnTheTestImages(ensemble["curve"]![1]!);
        Assert.Single(results["soups"]!);
        var soup = (string)results["nodes"]!.Single(n => (string?)n["kind"] == "soup")["id"]!;

        var weights = Export(w, soup);
        foreach (var transform in new[] { "none", "test", "pil" })
        {
            var eval = w.Run("eval", "--checkpoint", weights, "--arch", "cifar-resnet8x16", "--data", "imagefolder:images", "--transform", transform, "--json");
            Assert.True(eval.ExitCode == 0, eval.ToString());
            Assert.Equal(6, (int)JObject.Parse(eval.Out)["images"]!);
        }
        var bad = w.Run("eval", "--checkpoint", weights, "--arch", "cifar-resnet8x16", "--data", "imagefolder:images", "--transform", "centre");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("--transform centre: expected 'test'", bad.Flat);
    }
}
