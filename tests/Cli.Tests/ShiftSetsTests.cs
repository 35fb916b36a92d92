using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>CIFAR-10.1 and CIFAR-10-C in their published layouts, scoring ensembles, soups and models through the real CLI (Fixtures/run/shift.csx).</summary>
[Trait(Category.Name, Category.Python)]
public class ShiftSetsTests
{
    // A 10-class folder of 32-pixel PNGs and small .npy files in the published layouts, written by NumPy and Pillow.
    static void Write(string root)
    {
        const string script = """
            import os, sys
            import numpy as np
            from PIL import Image
            root = sys.argv[1]
            rng = np.random.default_rng(3)
            for split, count in (("train", 3), ("test", 1)):
                for c in range(10):
                    os.makedirs(f"{root}/images/{split}/c{c}", exist_ok=True)
                    for i in range(count):
                        img = np.clip(rng.normal(40 + 20 * c, 30, size=(32, 32, 3)), 0, 255).astype(np.uint8)
                        Image.fromarray(img).save(f"{root}/images/{split}/c{c}/{i}.png")
            os.makedirs(f"{root}/cifar10_1", exist_ok=True)
            np.save(f"{root}/cifar10_1/cifar10.1_v4_data.npy", rng.integers(0, 256, size=(21, 32, 32, 3), dtype=np.uint8))
            np.save(f"{root}/cifar10_1/cifar10.1_v4_labels.npy", rng.integers(0, 10, size=21).astype(np.int64))
            os.makedirs(f"{root}/c10/CIFAR-10-C", exist_ok=True)
            np.save(f"{root}/c10/CIFAR-10-C/labels.npy", np.tile(np.arange(10, dtype=np.uint8), 5 * 3))
            for corruption in ("fog", "snow"):
                np.save(f"{root}/c10/CIFAR-10-C/{corruption}.npy", rng.integers(0, 256, size=(150, 32, 32, 3), dtype=np.uint8))
            """;
        PythonScript.Run(script, "writing the sets with NumPy and Pillow", root);
    }

    [Fact]
    public void Ensembles_soups_and_models_are_scored_on_the_shift_sets_and_training_on_one_is_refused()
    {
        using var w = new Workspace("shift.csx");
        Write(w.Directory);
        var run = w.Run("run", "shift.csx", "--set", "cifar10c=c10", "--no-progress", "--out", "out");
        Assert.True(run.ExitCode == 0, run.ToString());
        var results = JObject.Parse(File.ReadAllText(Path.Combine(w.Directory, "out", "results.json")));
        var ensembles = results["ensembles"]!.ToDictionary(e => (string)e["name"]!);
        Assert.Equal(["StarSSE on CIFAR-10.1", "StarSSE on fog 2"], ensembles.Keys.Order());
        var evaluations = results["evaluations"]!.ToDictionary(e => (string)e["name"]!);
        Assert.Equal(["centre on snow 5", "soup on fog 2"], evaluations.Keys.Order());
        // The evaluation nodes name the shift set they scored on.
        var data = results["plan"]!["nodes"]!.Where(n => (string?)n["kind"] == "evaluate").Select(n => (string)n["op"]!["data"]!).ToHashSet();
        Assert.Contains("cifar10.1:cifar10_1", data);
        Assert.Contains("cifar10c:c10?corruption=fog&severity=2", data);
        Assert.Contains("cifar10c:c10?corruption=snow&severity=5", data);

        // ensdsl eval scores a stored model on a shift set by its spec.
        var weights = Directory.GetFiles(Path.Combine(w.Directory, ".ensdsl", "nodes"), "weights.tensors", SearchOption.AllDirectories)[0];
        var eval = w.Run("eval", "--checkpoint", weights, "--arch", "cifar-resnet8x16", "--data", "cifar10.1:cifar10_1", "--json");
        Assert.True(eval.ExitCode == 0, eval.ToString());
        Assert.Equal(21, (int)JObject.Parse(eval.Out)["images"]!);

        // ensdsl eval --run scores a run's output, by its name, from the store: on the set each was reported on it gives
        // the run's scores exactly (the same predictions, scored by the same code), and it scores the same ensemble on
        // another set the script never named.
        foreach (var (output, spec, models, images) in new[]
        {
            ("StarSSE on CIFAR-10.1", "cifar10.1:cifar10_1", 2, 21), ("StarSSE on fog 2", "cifar10c:c10?corruption=fog&severity=2", 2, 30),
            ("soup on fog 2", "cifar10c:c10?corruption=fog&severity=2", 1, 30), ("centre on snow 5", "cifar10c:c10?corruption=snow&severity=5", 1, 30),
        })
        {
            var reported = results["outputs"]!.Single(o => (string?)o["name"] == output)["metrics"]!;
            var again = w.Run("eval", "--run", "out", "--output", output, "--data", spec, "--transform", "none", "--json");
            Assert.True(again.ExitCode == 0, again.ToString());
            var scored = JObject.Parse(again.Out);
            Assert.Equal((models, images), (scored["models"]!.Count(), (int)scored["images"]!));
            foreach (var score in new[] { "acc", "nll", "ece", "brier", "cnll" })
                Assert.True((double)scored[score]! == (double)reported[$"test_{score}"]!, $"{output}: {score} {scored[score]} scored again, {reported[$"test_{score}"]} in the run");
        }
        var onSnow = w.Run("eval", "--run", "out", "--output", "StarSSE on CIFAR-10.1", "--data", "cifar10c:c10?corruption=snow&severity=3", "--transform", "none", "--json");
        Assert.True(onSnow.ExitCode == 0, onSnow.ToString());
        Assert.Equal(30, (int)JObject.Parse(onSnow.Out)["images"]!);
        Assert.Equal(2, JObject.Parse(onSnow.Out)["member_acc"]!.Count());
        var soup = w.Run("eval", "--run", "out", "--output", "soup on fog 2", "--data", "cifar10.1:cifar10_1", "--transform", "none");
        Assert.True(soup.ExitCode == 0, soup.ToString());
        Assert.Matches(@"soup on fog 2\s+evaluation\s+1\s+cifar10.1:cifar10_1\s+21\s+[01]\.\d{4}", soup.Out);
        // Mistakes are named: an output that is not there (with the nearest name), and one without a model.
        var typo = w.Run("eval", "--run", "out", "--output", "StarSSE on CIFAR10.1", "--data", "cifar10.1:cifar10_1");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("no output named 'StarSSE on CIFAR10.1' (did you mean 'StarSSE on CIFAR-10.1'?)", typo.Err);
        var noName = w.Run("eval", "--run", "out", "--data", "cifar10.1:cifar10_1");
        Assert.Equal(2, noName.ExitCode);
        Assert.Contains("--run needs --output NAME", noName.Flat);

        File.WriteAllText(Path.Combine(w.Directory, "train_on_shift.csx"), "return Report(Scratch(\"cifar-resnet8x16\").Train(1, data: Cifar10_1(\"cifar10_1\")).Evaluate());");
        var refused = w.Run("check", "train_on_shift.csx");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("train_on_shift.csx(1,43): error ENS0201: Train: cifar10.1:cifar10_1 is a test set for distribution shift, with no training split", refused.Flat);
    }
}
