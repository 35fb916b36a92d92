using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>The embedded transfer task learns through the real CLI: a guard against label, split or evaluation bugs that every other test would miss.</summary>
[Trait(Category.Name, Category.Slow)]
[TakesAbout(40)]
public class EmbeddedTaskLearningTests
{
    // A guard against label, split or evaluation bugs that every other test would miss: a pre-trained and fine-tuned
    // model must be far above chance (0.05 on 20 classes; about 0.6-0.7 on the machines measured), on any CPU.
    [Fact]
    public void A_fine_tuned_model_on_the_embedded_task_is_far_above_chance()
    {
        using var w = new Workspace("transfer.csx");
        var run = w.Run("run", "transfer.csx", "--no-progress", "--no-tracking", "--out", "out");
        Assert.True(run.ExitCode == 0, run.ToString());
        var evaluation = Assert.Single(JObject.Parse(File.ReadAllText(w.At("out", "results.json")))["evaluations"]!);
        Assert.InRange((double)evaluation["acc"]!, 0.3, 1.0);
    }
}
