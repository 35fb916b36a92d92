using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// The Python examples of the guide's "Reading results in Python or R", run as written (but for the run folder) with
/// Debian's python3-pandas on a real run's files: they work, and what they print is what results.json holds.
/// </summary>
[Trait(Category.Name, Category.Python)]
public partial class GuideExamplesTests
{
    const string Placeholder = "runs/quickstart/20261207-120000";

    static IReadOnlyList<string> Examples()
    {
        var guide = File.ReadAllText(Path.Combine(Ensdsl.RepoRoot, "docs", "guide.md"));
        var start = guide.IndexOf("## Reading results in Python or R", StringComparison.Ordinal);
        Assert.True(start >= 0, "the guide has no section 'Reading results in Python or R'");
        var end = guide.IndexOf("\n## ", start + 3, StringComparison.Ordinal);
        var section = guide[start..(end < 0 ? guide.Length : end)];
        var examples = PythonBlock().Matches(section).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, examples.Count);
        Assert.All(examples, e => Assert.Contains(Placeholder, e));
        return examples;
    }

    static string Run(string example, string folder)
    {
        var directory = Directory.CreateTempSubdirectory("ensdsl-guide-").FullName;
        try
        {
            var file = Path.Combine(directory, "example.py");
            File.WriteAllText(file, example.Replace(Placeholder, folder, StringComparison.Ordinal));
            var start = new ProcessStartInfo("/usr/bin/python3", [file]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"the guide's example failed (apt-get install --no-install-recommends python3-pandas):\n{example}\n{error.Result}");
            return output;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    // The first number of each printed table row whose label is `label` (a row "StarSSE soup  0.05" is not StarSSE's).
    static double[] Row(string output, string label) =>
        [.. output.Split('\n').Select(l => Regex.Match(l, "^" + Regex.Escape(label) + @"\s+(-?\d+\.?\d*(?:e-?\d+)?)(?:\s|$)"))
            .Where(m => m.Success).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))];

    [Fact]
    public void The_csv_example_prints_each_outputs_scores_at_full_size()
    {
        var finished = FinishedStores.Tiny;
        var output = Run(Examples()[0], finished.RunFolder);
        var ensemble = finished.Results["ensembles"]![0]!;
        var soup = finished.Results["soups"]![0]!;
        Assert.Equal(Math.Round((double)ensemble["curve"]!.Last()!["acc"]!, 4), Assert.Single(Row(output, (string)ensemble["name"]!)), 9);
        Assert.Equal(Math.Round((double)soup["acc"]!, 4), Assert.Single(Row(output, (string)soup["name"]!)), 9);
    }

    [Fact]
    public void The_json_example_prints_the_ensembles_curves_and_the_training_steps()
    {
        var finished = FinishedStores.Tiny;
        var output = Run(Examples()[1], finished.RunFolder);
        foreach (var point in finished.Results["ensembles"]![0]!["curve"]!)
            Assert.Equal((double)point["acc"]!, Assert.Single(Row(output, ((int)point["k"]!).ToString(CultureInfo.InvariantCulture))), 6);
        var steps = finished.Results["nodes"]!.Where(n => (string?)n["kind"] == "train").ToList();
        Assert.NotEmpty(steps);
        Assert.All(steps, s => Assert.Contains((string)s["label"]!, output));
    }

    [GeneratedRegex(@"```python\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex PythonBlock();
}
