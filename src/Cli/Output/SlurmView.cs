using EnsDsl.Planning;
using EnsDsl.Runtime.Slurm;
using Newtonsoft.Json.Linq;
using Spectre.Console;

namespace EnsDsl.Cli.Output;

/// <summary>The Slurm jobs a plan maps to: one line per job, and as JSON.</summary>
public static class SlurmView
{
    /// <summary>Writes the jobs of <paramref name="plan"/> and the sbatch options every one gets.</summary>
    public static void Write(IAnsiConsole console, Plan plan, IReadOnlyList<SlurmJob> jobs, SlurmSettings settings)
    {
        console.WriteLine();
        var options = settings.SbatchOptions();
        console.MarkupLine($"[bold]{jobs.Count}[/] Slurm jobs, each: sbatch {Markup.Escape(options.Count == 0 ? "(Slurm's defaults)" : string.Join(" ", options))} " +
            "--dependency=afterok:… --kill-on-invalid-dep=yes (the last job: afterany)");
        var table = new Table { Border = TableBorder.Simple };
        table.AddColumns("job", "after", "epochs", "nodes");
        foreach (var job in jobs)
            table.AddRow(job.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                job.After.Length == 0 ? "" : string.Join(",", job.After), job.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(Nodes(plan, job)));
        console.Write(table);
    }

    static string Nodes(Plan plan, SlurmJob job)
    {
        var main = job.Nodes.Select(id => plan[id]).FirstOrDefault(n => n is TrainNode) ?? plan[job.Nodes[0]];
        var others = job.Nodes.Length - 1;
        return $"{main.Label} ({main.Id[..8]})" + (others > 0 ? $" and {others} more: {string.Join(", ", job.Nodes.Select(id => plan[id]).Where(n => n != main).Select(n => n.KindName).Distinct())}" : "");
    }

    /// <summary>The jobs as JSON: <c>{ "sbatch": [options], "jobs": [ { "job", "name", "nodes", "after", "epochs" } ] }</c>.</summary>
    public static JObject ToJson(IReadOnlyList<SlurmJob> jobs, SlurmSettings settings) => new()
    {
        ["sbatch"] = new JArray(settings.SbatchOptions()),
        ["jobs"] = new JArray(jobs.Select(j => new JObject
        {
            ["job"] = j.Index, ["name"] = j.Name, ["nodes"] = new JArray(j.Nodes), ["after"] = new JArray(j.After), ["dependency"] = j.DependencyType, ["epochs"] = j.Epochs,
        })),
    };
}
