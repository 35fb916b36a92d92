using System.Globalization;
using System.Text;
using EnsDsl.Planning;
using EnsDsl.Runtime.Results;
using static EnsDsl.Runtime.Reports.HtmlPage;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// One page for a run, to open and to send: a failed step first, what ran, the results table, the repetitions'
/// comparisons, the charts, the plan as a graph with every step's status, and links to the files. Built from
/// results.json's document and the charts alone, so <c>ensdsl report</c> writes the same page again from a run folder.
/// Self-contained — the style inline, the charts as PNG data, the graph as SVG, no script and nothing fetched — so
/// it opens from <c>file://</c> with no network and reads without JavaScript. Headings and tables are plain HTML a
/// screen reader follows; a step's status is written in words beside its colour.
/// </summary>
public static class HtmlReport
{
    /// <summary>A chart to show: its file name (its caption) and its PNG bytes.</summary>
    /// <param name="Name">The file name in the run folder.</param>
    /// <param name="Png">The image.</param>
    public sealed record Chart(string Name, byte[] Png);

    /// <summary>The page of the run <paramref name="doc"/> describes, with <paramref name="charts"/> in the order given and links to <paramref name="files"/>.</summary>
    public static string Build(RunDocument doc, IReadOnlyList<Chart> charts, IReadOnlyList<string> files)
    {
        var h = Start($"{doc.Experiment}: ensdsl run report", doc.Experiment);
        Failures(h, doc);
        WhatRan(h, doc);
        h.Append("<h2 id=\"results\">Results</h2>\n");
        if (doc.Groups.Count == 0) Results(h, doc);
        else
        {
            // Repeated: the conclusions first, each repetition's rows for whoever wants them.
            Repetitions(h, doc);
            h.Append($"<details>\n<summary>Each repetition's items ({doc.Outputs.Count} rows)</summary>\n");
            Results(h, doc);
            h.Append("</details>\n");
        }
        if (charts.Count > 0)
        {
            h.Append("<h2 id=\"charts\">Charts</h2>\n");
            foreach (var chart in charts) Figure(h, chart.Name, chart.Png);
        }
        Steps(h, doc);
        h.Append("<h2 id=\"files\">Files</h2>\n<ul>\n");
        foreach (var file in files) h.Append($"<li><a href=\"{E(file)}\">{E(file)}</a></li>\n");
        h.Append("</ul>\n");
        return End(h);
    }

    // A failed step first, where the reader looks: which, and why.
    static void Failures(StringBuilder h, RunDocument doc)
    {
        var failed = doc.Nodes.Where(n => n.Status == NodeStatus.Failed).ToList();
        if (failed.Count == 0) return;
        h.Append($"<section class=\"failures\" aria-labelledby=\"failed\">\n<h2 id=\"failed\">{failed.Count} step(s) failed</h2>\n<ul>\n");
        foreach (var n in failed) h.Append($"<li><strong>{E(n.Label)}</strong> ({n.Id[..8]}): {E(n.Error ?? "no reason recorded")}</li>\n");
        h.Append("</ul>\n<p>Items that needed them are skipped; run again to compute what is left.</p>\n</section>\n");
    }

    static void WhatRan(StringBuilder h, RunDocument doc)
    {
        h.Append("<h2 id=\"run\">What ran</h2>\n<dl>\n");
        Item(h, "script", doc.Script);
        if (doc.Overrides.Count > 0) Item(h, "overrides", string.Join(", ", doc.Overrides.Select(o => $"{o.Key}={o.Value}")));
        if (doc.Repeat is { } repeat) Item(h, "repeated over", repeat);
        Item(h, "store", doc.Store);
        if (doc.Host is { } host)
        {
            Item(h, "ensdsl", $"{host.Ensdsl} ({host.Engine})");
            Item(h, "machine", $"{host.Machine}: {(host.Cpu.Length > 0 ? host.Cpu + ", " : "")}{host.Cores} logical cores, {host.Os}");
            Item(h, "executor", host.Executor == "local" ? $"this process, on {Devices(host.Devices)}" : $"{host.Executor}, a job per step (device {Devices(host.Devices)})");
        }
        else Item(h, "machine", "not recorded (results.json from an ensdsl before it recorded where a run computed)");
        Item(h, "started", Time(doc.Started));
        Item(h, "finished", Time(doc.Finished));
        Item(h, "wall-clock", Duration(doc.Finished - doc.Started));
        Item(h, "steps", StepCounts(doc));
        Item(h, "MLflow", doc.Tracking is { } t ? $"run {t.Run} in {t.Store}" + (t.Server is { } server ? $", uploaded to {server}" : "") : "not tracked");
        h.Append("</dl>\n");
    }

    /// <summary>How the run's steps ended, counted: "130 done, 7 cached".</summary>
    public static string StepCounts(RunDocument doc) =>
        string.Join(", ", doc.Nodes.GroupBy(n => n.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.Name()}"));

    static string Devices(IReadOnlyList<string> devices) =>
        string.Join(", ", devices.GroupBy(d => d).Select(g => g.Count() > 1 ? $"{g.Count()} × {g.Key}" : g.Key));

    static IReadOnlyList<string> Scores => MetricNames.Reported;

    static void Results(StringBuilder h, RunDocument doc)
    {
        var notes = ItemNotes.Of(doc);
        h.Append("<table>\n<caption>Every reported item: scores on the test split, and notes</caption>\n<thead><tr>");
        foreach (var column in new[] { "output", "kind", "status" }.Concat(Scores.Select(MetricNames.Title)).Append("notes"))
            h.Append($"<th scope=\"col\">{E(column)}</th>");
        h.Append("</tr></thead>\n<tbody>\n");
        foreach (var (item, note) in doc.Outputs.Zip(notes))
        {
            h.Append($"<tr class=\"{item.Status.Name()}\"><th scope=\"row\">{E(item.Name)}</th><td>{item.Kind.Name()}</td><td>{item.Status.Name()}</td>");
            foreach (var score in Scores)
                h.Append($"<td class=\"n\">{(item.Metrics?.TryGetValue(MetricNames.OnTest(score), out var v) == true ? F4(v) : "")}</td>");
            h.Append($"<td>{E(note)}</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    static void Repetitions(StringBuilder h, RunDocument doc)
    {
        h.Append($"<table id=\"repetitions\">\n<caption>Each output's scores on the test split, mean ± std over its repetitions ({E(doc.Repeat ?? "")})</caption>\n<thead><tr><th scope=\"col\">output</th><th scope=\"col\">n</th>");
        foreach (var score in Scores) h.Append($"<th scope=\"col\">{E(MetricNames.Title(score))}</th>");
        h.Append("<th scope=\"col\">other measures</th></tr></thead>\n<tbody>\n");
        static string Summary(SummaryEntry s, string format) =>
            s.Mean.ToString(format, CultureInfo.InvariantCulture) + (s.Std is { } std ? " ± " + std.ToString(format, CultureInfo.InvariantCulture) : "");
        foreach (var g in doc.Groups)
        {
            h.Append($"<tr><th scope=\"row\">{E(g.Name)}</th><td class=\"n\">{g.N}</td>");
            foreach (var score in Scores)
                h.Append($"<td class=\"n\">{(g.Metrics.TryGetValue(score, out var s) ? Summary(s, "F4") : "")}</td>");
            // An analysis' barriers and distances, a diversity: what the score columns do not hold.
            var others = g.Metrics.Where(m => !Scores.Contains(m.Key)).Select(m => $"{m.Key} {Summary(m.Value, "G3")}");
            h.Append($"<td>{E(string.Join("; ", others))}</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
        if (doc.Comparisons.Count == 0) return;
        h.Append("<table>\n<caption>Paired differences (A − B) with their intervals</caption>\n<thead><tr><th scope=\"col\">A</th><th scope=\"col\">B</th><th scope=\"col\">metric</th><th scope=\"col\">n</th><th scope=\"col\">difference</th><th scope=\"col\">interval</th><th scope=\"col\">verdict</th></tr></thead>\n<tbody>\n");
        foreach (var c in doc.Comparisons)
        {
            var verdict = c.Decided ? $"decided: A {(c.Mean > 0 ? "higher" : "lower")}" : "undecided";
            h.Append($"<tr><td>{E(c.A)}</td><td>{E(c.B)}</td><td>{E(c.Metric)}</td><td class=\"n\">{c.N}</td><td class=\"n\">{F4(c.Mean)}</td>" +
                $"<td class=\"n\">{c.Confidence.ToString("P0", CultureInfo.InvariantCulture)}: [{F4(c.Low)}, {F4(c.High)}]</td><td>{verdict}</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    /// <summary>The plan as a graph, its key, and the same steps as a table for reading and for screen readers.</summary>
    static void Steps(StringBuilder h, RunDocument doc)
    {
        h.Append($"<h2 id=\"plan\">The plan</h2>\n<p>{doc.Plan.Nodes.Count} steps, left to right from the steps they start from; hover a mark for its details.</p>\n");
        h.Append("<div class=\"key\" aria-hidden=\"true\">");
        foreach (var status in new[] { "done", "cached", "failed", "skipped" })
            h.Append($"<span><svg width=\"28\" height=\"16\"><rect class=\"{status}\" x=\"2\" y=\"2\" width=\"24\" height=\"12\" rx=\"2\"/></svg> {status}</span>");
        h.Append("</div>\n<div class=\"graph\">\n").Append(PlanGraphSvg.Of(doc)).Append("</div>\n");
        var entries = doc.Nodes.ToDictionary(n => n.Id);
        h.Append($"<details>\n<summary>The {doc.Plan.Nodes.Count} steps as a table</summary>\n<table>\n<caption>Every step in plan order</caption>\n<thead><tr>" +
            "<th scope=\"col\">step</th><th scope=\"col\">kind</th><th scope=\"col\">status</th><th scope=\"col\">epochs</th><th scope=\"col\">time</th>" +
            "<th scope=\"col\">images/s</th><th scope=\"col\">id</th><th scope=\"col\">reason</th></tr></thead>\n<tbody>\n");
        foreach (var node in doc.Plan.Nodes)
        {
            var entry = entries.GetValueOrDefault(node.Id);
            var status = PlanGraphSvg.Status(entry);
            h.Append($"<tr class=\"{status}\"><th scope=\"row\">{E(node.Label)}</th><td>{E(node.Kind)}</td><td>{status}</td>" +
                $"<td class=\"n\">{(node.Epochs > 0 ? node.Epochs : "")}</td><td class=\"n\">{(entry?.Seconds is { } s ? Duration(TimeSpan.FromSeconds(s)) : "")}</td>" +
                $"<td class=\"n\">{(entry?.TrainImagesPerSecond is { } r ? r.ToString("F0", CultureInfo.InvariantCulture) : "")}</td><td>{node.Id[..8]}</td>" +
                $"<td{(entry?.Status == NodeStatus.Failed ? " class=\"reason\"" : "")}>{E(entry?.Error ?? "")}</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n</details>\n");
    }
}
