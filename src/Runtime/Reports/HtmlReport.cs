using System.Globalization;
using System.Net;
using System.Text;
using EnsDsl.Planning;
using EnsDsl.Runtime.Results;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// One page for a run, to open and to send: what ran, the results table, the repetitions' comparisons, the charts and
/// the plan's steps with their status. Self-contained — the style inline, the charts as PNG data, no script and
/// nothing fetched — so it opens from <c>file://</c> with no network and reads without JavaScript. Headings and
/// tables are plain HTML a screen reader follows; a step's status is written in words beside its colour.
/// </summary>
public static class HtmlReport
{
    /// <summary>A chart to show: its file name (its caption) and its PNG bytes.</summary>
    /// <param name="Name">The file name in the run folder.</param>
    /// <param name="Png">The image.</param>
    public sealed record Chart(string Name, byte[] Png);

    /// <summary>The page of <paramref name="run"/>, with <paramref name="charts"/> and the outputs' lines for the user (<paramref name="notes"/>: where it is tracked).</summary>
    public static string Build(FinishedRun run, IReadOnlyList<Chart> charts, IReadOnlyList<string> notes)
    {
        var doc = run.Document;
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append($"<title>{E(doc.Experiment)}: ensdsl run report</title>\n<style>{Style}</style>\n</head>\n<body>\n<main>\n");
        h.Append($"<h1>{E(doc.Experiment)}</h1>\n");
        Failures(h, doc);
        WhatRan(h, run, notes);
        Results(h, run.Items);
        Repetitions(h, run.Repeated);
        Charts(h, charts);
        Steps(h, run);
        h.Append("<h2 id=\"files\">Files</h2>\n<ul>\n");
        foreach (var file in new[] { RunDocument.FileName, ResultsCsvOutput.FileName })
            h.Append($"<li><a href=\"{E(file)}\">{E(file)}</a></li>\n");
        h.Append("</ul>\n</main>\n</body>\n</html>\n");
        return h.ToString();
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

    static void WhatRan(StringBuilder h, FinishedRun run, IReadOnlyList<string> notes)
    {
        var doc = run.Document;
        h.Append("<h2 id=\"run\">What ran</h2>\n<dl>\n");
        void Item(string term, string value) => h.Append($"<dt>{E(term)}</dt><dd>{E(value)}</dd>\n");
        Item("script", doc.Script);
        if (doc.Overrides.Count > 0) Item("overrides", string.Join(", ", doc.Overrides.Select(o => $"{o.Key}={o.Value}")));
        if (doc.Repeat is { } repeat) Item("repeated over", repeat);
        Item("store", doc.Store);
        Item("ensdsl", Execution.RunContext.Version);
        Item("machine", $"{Environment.MachineName}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
        Item("started", doc.Started.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture));
        Item("finished", doc.Finished.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture));
        Item("wall-clock", Duration(doc.Finished - doc.Started));
        var counts = doc.Nodes.GroupBy(n => n.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {g.Key.Name()}");
        Item("steps", string.Join(", ", counts));
        foreach (var note in notes) Item("tracking", note);
        h.Append("</dl>\n");
    }

    static IReadOnlyList<string> Scores => MetricNames.Reported;

    static void Results(StringBuilder h, IReadOnlyList<ReportedItem> items)
    {
        h.Append("<h2 id=\"results\">Results</h2>\n<table>\n<caption>Every reported item: scores on the test split, and notes</caption>\n<thead><tr>");
        foreach (var column in new[] { "output", "kind", "status" }.Concat(Scores.Select(MetricNames.Title)).Append("notes"))
            h.Append($"<th scope=\"col\">{E(column)}</th>");
        h.Append("</tr></thead>\n<tbody>\n");
        foreach (var item in items)
        {
            h.Append($"<tr class=\"{item.Status.Name()}\"><th scope=\"row\">{E(item.Name)}</th><td>{item.Kind.Name()}</td><td>{item.Status.Name()}</td>");
            foreach (var score in Scores) h.Append($"<td class=\"n\">{(item.Score(score) is { } v ? F4(v) : "")}</td>");
            h.Append($"<td>{E(ItemNotes.Of(item))}</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    static void Repetitions(StringBuilder h, RepeatedResults repeated)
    {
        if (repeated.Groups.Count == 0) return;
        h.Append("<h2 id=\"repetitions\">Over the repetitions</h2>\n<table>\n<caption>Each output's scores, mean ± std over its repetitions</caption>\n<thead><tr><th scope=\"col\">output</th><th scope=\"col\">n</th>");
        foreach (var score in Scores) h.Append($"<th scope=\"col\">{E(MetricNames.Title(score))}</th>");
        h.Append("</tr></thead>\n<tbody>\n");
        foreach (var g in repeated.Groups)
        {
            h.Append($"<tr><th scope=\"row\">{E(g.Name)}</th><td class=\"n\">{g.N}</td>");
            foreach (var score in Scores)
                h.Append($"<td class=\"n\">{(g.Metrics.TryGetValue(score, out var s) ? F4(s.Mean) + (s.Std is { } std ? " ± " + F4(std) : "") : "")}</td>");
            h.Append("</tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
        if (repeated.Comparisons.Count == 0) return;
        h.Append("<table>\n<caption>Paired differences (A − B) with their intervals</caption>\n<thead><tr><th scope=\"col\">A</th><th scope=\"col\">B</th><th scope=\"col\">metric</th><th scope=\"col\">n</th><th scope=\"col\">difference</th><th scope=\"col\">interval</th><th scope=\"col\">verdict</th></tr></thead>\n<tbody>\n");
        foreach (var c in repeated.Comparisons)
        {
            var d = c.Difference;
            var verdict = d.Decided ? $"decided: A {(d.Mean > 0 ? "higher" : "lower")}" : "undecided";
            h.Append($"<tr><td>{E(c.A)}</td><td>{E(c.B)}</td><td>{E(c.Metric)}</td><td class=\"n\">{d.N}</td><td class=\"n\">{F4(d.Mean)}</td>" +
                $"<td class=\"n\">{d.Confidence.ToString("P0", CultureInfo.InvariantCulture)}: [{F4(d.Low)}, {F4(d.High)}]</td><td>{verdict}</td></tr>\n");
        }
        h.Append("</tbody>\n</table>\n");
    }

    static void Charts(StringBuilder h, IReadOnlyList<Chart> charts)
    {
        if (charts.Count == 0) return;
        h.Append("<h2 id=\"charts\">Charts</h2>\n");
        foreach (var chart in charts)
            h.Append($"<figure><img src=\"data:image/png;base64,{Convert.ToBase64String(chart.Png)}\" alt=\"{E(Caption(chart.Name))}\">" +
                $"<figcaption>{E(chart.Name)}</figcaption></figure>\n");
    }

    // What a chart shows, from its file name, for readers who cannot see it.
    static string Caption(string file) => Path.GetFileNameWithoutExtension(file).Replace('_', ' ');

    /// <summary>The plan's steps as a tree, each under the node it starts from, with its status, epochs, time and failure.</summary>
    static void Steps(StringBuilder h, FinishedRun run)
    {
        var plan = run.Experiment.Plan;
        var entries = run.Document.Nodes.ToDictionary(n => n.Id);
        var children = plan.Nodes.Where(n => n.Parents.Length > 0).GroupBy(n => n.Parents[0]).ToDictionary(g => g.Key, g => g.ToList());
        h.Append($"<h2 id=\"plan\">The plan's steps</h2>\n<p>{plan.Nodes.Length} steps, each under the step it starts from, with its status.</p>\n<ul class=\"plan\">\n");
        void Node(PlanNode node)
        {
            var entry = entries.GetValueOrDefault(node.Id);
            var status = entry?.Status.Name() ?? "planned";
            var facts = new List<string> { node.KindName };
            if (node.Epochs > 0) facts.Add($"{node.Epochs} epochs");
            if (entry?.Seconds is { } seconds) facts.Add(Duration(TimeSpan.FromSeconds(seconds)));
            if (entry?.TrainImagesPerSecond is { } rate) facts.Add($"{rate.ToString("F0", CultureInfo.InvariantCulture)} images/s");
            h.Append($"<li class=\"node {status}\" data-node=\"{node.Id}\"><span class=\"status\">{status}</span> {E(node.Label)} <span class=\"facts\">({E(string.Join(", ", facts))}; {node.Id[..8]})</span>");
            if (entry?.Error is { } error) h.Append($"<div class=\"reason\">{E(error)}</div>");
            if (children.TryGetValue(node.Id, out var below))
            {
                h.Append("\n<ul>\n");
                foreach (var child in below) Node(child);
                h.Append("</ul>\n");
            }
            h.Append("</li>\n");
        }
        foreach (var root in plan.Nodes.Where(n => n.Parents.Length == 0)) Node(root);
        h.Append("</ul>\n");
    }

    static string Duration(TimeSpan t) => t.TotalSeconds < 60 ? $"{t.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s"
        : t.TotalHours < 1 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : $"{(int)t.TotalHours} h {t.Minutes} min";

    static string F4(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

    static string E(string text) => WebUtility.HtmlEncode(text);

    // Colours paired with a border style and the status in words, so that they tell apart in greyscale too.
    const string Style = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; line-height: 1.4; }
        main { max-width: 70rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        h1 { font-size: 1.6rem; margin-bottom: 0.5rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; } dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
        table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
        caption { text-align: left; font-style: italic; padding-bottom: 0.3rem; }
        th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
        thead th { background: #f0f0f0; } td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.failed th, tr.failed td { background: #fde2e2; } tr.skipped th, tr.skipped td { color: #666; font-style: italic; }
        figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid #ddd; } figcaption { font-size: 0.85rem; color: #444; }
        ul.plan, ul.plan ul { list-style: none; padding-left: 1.2rem; } ul.plan { padding-left: 0; }
        li.node { margin: 0.15rem 0; } .facts { color: #555; font-size: 0.85rem; }
        .status { display: inline-block; min-width: 4.5rem; padding: 0 0.3rem; border: 2px solid; border-radius: 3px; font-size: 0.8rem; text-align: center; }
        li.done > .status { background: #d9f2d9; border-style: solid; } li.cached > .status { background: #e3ecf7; border-style: dotted; }
        li.failed > .status { background: #f9caca; border-style: double; border-width: 3px; font-weight: 700; }
        li.skipped > .status, li.planned > .status { background: #eee; border-style: dashed; color: #555; }
        .reason { color: #8b0000; font-weight: 600; margin-left: 5rem; }
        section.failures { border: 3px double #8b0000; background: #fdecec; padding: 0.2rem 1rem; margin: 1rem 0; }
        section.failures h2 { border: none; margin-top: 0.5rem; color: #8b0000; }
        """;
}
