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
        var packing = (settings.Packing == Packing.Chains ? "a chain of steps in one job" : "a job per step") + $", --pack {settings.Packing.Name()}";
        var budget = jobs.Count > settings.Budget ? $"; at most {settings.Budget} in Slurm at once, the rest submitted as earlier ones end (--max-jobs)" : "";
        console.MarkupLine($"[bold]{jobs.Count}[/] Slurm jobs ({packing}{budget}), each: sbatch {Markup.Escape(options.Count == 0 ? "(Slurm's defaults)" : string.Join(" ", options))} " +
            "--dependency=afterok:… --kill-on-invalid-dep=yes (the last job: afterany)");
        var table = new Table { Border = TableBorder.Simple };
        table.AddColumns("job", "after", "epochs", "nodes");
        foreach (var job in jobs)
            table.AddRow(job.Index.ToString(System.Globalization.CultureInfo.InvariantCulture),
                job.After.Length == 0 ? "" : string.Join(",", job.After), job.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Markup.Escape(Nodes(plan, job)));
        console.Write(table);
    }

    // A job's first training step (a packed chain: its first and last, and how many), then what else it computes.
    static string Nodes(Plan plan, SlurmJob job)
    {
        var steps = job.Nodes.Select(id => plan[id]).OfType<TrainNode>().ToList();
        var main = steps.Count > 0 ? (PlanNode)steps[0] : plan[job.Nodes[0]];
        var shown = steps.Count > 1 ? $"{job.Name} ({steps.Count} steps, {main.Id[..8]}…)" : $"{main.Label} ({main.Id[..8]})";
        var others = job.Nodes.Select(id => plan[id]).Where(n => n != main && n is not TrainNode).ToList();
        return shown + (others.Count > 0 ? $" and {others.Count} more: {string.Join(", ", others.Select(n => n.KindName).Distinct())}" : "");
    }

    /// <summary>The jobs as JSON: <c>{ "sbatch": [options], "pack": "chains"|"none", "max_jobs", "jobs": [ { "job", "name", "nodes", "after", "epochs" } ] }</c>.</summary>
    public static JObject ToJson(IReadOnlyList<SlurmJob> jobs, SlurmSettings settings) => new()
    {
        ["sbatch"] = new JArray(settings.SbatchOptions()),
        ["pack"] = settings.Packing.Name(),
        ["max_jobs"] = settings.Budget,
        ["jobs"] = new JArray(jobs.Select(j => new JObject
        {
            ["job"] = j.Index, ["name"] = j.Name, ["nodes"] = new JArray(j.Nodes), ["after"] = new JArray(j.After), ["dependency"] = j.DependencyType, ["epochs"] = j.Epochs,
        })),
    };
}
