using System.Globalization;
using System.Text;
using EnsDsl.Runtime.Results;
using static EnsDsl.Runtime.Reports.HtmlPage;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// The plan of a run drawn as inline SVG (<see cref="PlanGraph"/> places it): a box per step with its label, its
/// status in words and as colour and border, and its epochs, time and throughput; a block of tiles for many like
/// steps; each mark's tooltip says all of it, a failed step's reason included. No script: the page's style colours it.
/// </summary>
public static class PlanGraphSvg
{
    /// <summary>The picture of <paramref name="doc"/>'s plan with its steps' outcomes.</summary>
    public static string Of(RunDocument doc)
    {
        var entries = doc.Nodes.ToDictionary(n => n.Id);
        var nodes = doc.Plan.Nodes.ToDictionary(n => n.Id);
        var outputs = doc.Plan.Outputs.GroupBy(o => o.Node).ToDictionary(g => g.Key, g => string.Join(", ", g.Select(o => o.Name)));
        var layout = PlanGraph.Of([.. doc.Plan.Nodes.Select(n => new PlanGraph.Step(n.Id, n.Kind, n.Parents,
            Tall: Lines(n, entries.GetValueOrDefault(n.Id), Status(entries.GetValueOrDefault(n.Id))).Skip(1).Any()))]);
        var c = CultureInfo.InvariantCulture;
        string N(double v) => v.ToString("0.#", c);
        const double pad = 4;
        var s = new StringBuilder();
        s.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(layout.Width + 2 * pad)}\" height=\"{N(layout.Height + 2 * pad)}\" " +
            $"viewBox=\"{N(-pad)} {N(-pad)} {N(layout.Width + 2 * pad)} {N(layout.Height + 2 * pad)}\" role=\"img\" aria-labelledby=\"plan-graph-title\">\n" +
            $"<title id=\"plan-graph-title\">The plan as a graph: {doc.Plan.Nodes.Count} steps, each joined to the steps it starts from; the table below lists them</title>\n");
        foreach (var (from, to) in layout.Edges)
        {
            var (a, b) = (layout.Boxes[from], layout.Boxes[to]);
            double x1 = a.X + PlanGraph.BoxWidth, x2 = b.X, mid = (x1 + x2) / 2;
            s.Append($"<path class=\"edge\" d=\"M{N(x1)},{N(a.Middle)} C{N(mid)},{N(a.Middle)} {N(mid)},{N(b.Middle)} {N(x2)},{N(b.Middle)}\"/>\n");
        }
        foreach (var box in layout.Boxes)
        {
            if (box.IsBlock) Block(s, box, nodes, entries, N);
            else Step(s, box, nodes[box.Steps[0]], entries.GetValueOrDefault(box.Steps[0]), outputs.GetValueOrDefault(box.Steps[0]), N);
        }
        return s.Append("</svg>\n").ToString();
    }

    // A reported step is named in bold by the output it gives ("SSE"); its label ("ensemble of 4") is in its tooltip.
    static void Step(StringBuilder s, PlanGraph.Box box, Planning.PlanNodeEntry node, NodeEntry? entry, string? output, Func<double, string> n)
    {
        var status = Status(entry);
        var title = output ?? node.Label;
        s.Append($"<g class=\"step {status}\" data-node=\"{node.Id}\"><title>{E(Tooltip(output is null ? node.Label : $"{output}: {node.Label}", node, entry))}</title>" +
            $"<rect x=\"{n(box.X)}\" y=\"{n(box.Y)}\" width=\"{n(PlanGraph.BoxWidth)}\" height=\"{n(box.Height)}\" rx=\"4\"/>" +
            $"<text x=\"{n(box.X + 6)}\" y=\"{n(box.Y + 15)}\"{(output is null ? "" : " font-weight=\"600\"")}>{E(Fit(title, output is null ? 26 : 24))}</text>");
        var lines = Lines(node, entry, status).ToList();
        for (int i = 0; i < lines.Count; i++)
            s.Append($"<text class=\"facts\" x=\"{n(box.X + 6)}\" y=\"{n(box.Y + 29 + 13 * i)}\">{E(Fit(lines[i], 30))}</text>");
        s.Append("</g>\n");
    }

    // Under the label: the status and time; for a training step, its epochs and throughput on a line of their own.
    static IEnumerable<string> Lines(Planning.PlanNodeEntry node, NodeEntry? entry, string status)
    {
        yield return entry?.Seconds is { } seconds ? $"{status} · {Duration(TimeSpan.FromSeconds(seconds))}" : status;
        if (node.Epochs > 0)
            yield return $"{node.Epochs} epochs" + (entry?.TrainImagesPerSecond is { } rate ? $" · {rate.ToString("F0", CultureInfo.InvariantCulture)} images/s" : "");
    }

    static void Block(StringBuilder s, PlanGraph.Box box, Dictionary<string, Planning.PlanNodeEntry> nodes, Dictionary<string, NodeEntry> entries, Func<double, string> n)
    {
        var first = nodes[box.Steps[0]];
        var counts = box.Steps.GroupBy(id => Status(entries.GetValueOrDefault(id))).Select(g => $"{g.Count()} {g.Key}");
        s.Append($"<g class=\"block\"><rect x=\"{n(box.X)}\" y=\"{n(box.Y)}\" width=\"{n(PlanGraph.BoxWidth)}\" height=\"{n(box.Height)}\" rx=\"4\" fill=\"#fff\" stroke=\"#bbb\"/>" +
            $"<text x=\"{n(box.X + 6)}\" y=\"{n(box.Y + 13)}\">{E(Fit($"{box.Steps.Count} × {first.Kind} ({string.Join(", ", counts)})", 27))}</text>\n");
        for (int i = 0; i < box.Steps.Count; i++)
        {
            var node = nodes[box.Steps[i]];
            var entry = entries.GetValueOrDefault(node.Id);
            double x = box.X + 6 + i % box.Columns * PlanGraph.Tile, y = box.Y + PlanGraph.BlockCaption + i / box.Columns * PlanGraph.Tile;
            s.Append($"<rect class=\"step {Status(entry)}\" data-node=\"{node.Id}\" x=\"{n(x)}\" y=\"{n(y)}\" width=\"{n(PlanGraph.Tile - 3)}\" height=\"{n(PlanGraph.Tile - 3)}\">" +
                $"<title>{E(Tooltip(node.Label, node, entry))}</title></rect>\n");
        }
        s.Append("</g>\n");
    }

    /// <summary>A step's status as the page's classes and words name it; <c>planned</c> when the run did not reach it.</summary>
    public static string Status(NodeEntry? entry) => entry?.Status.Name() ?? "planned";

    static string Tooltip(string title, Planning.PlanNodeEntry node, NodeEntry? entry) =>
        $"{title} ({node.Kind}, {node.Id[..8]}): {string.Join(", ", Lines(node, entry, Status(entry)))}" + (entry?.Error is { } error ? $"\n{error}" : "");

    static string Fit(string text, int characters) => text.Length <= characters ? text : text[..(characters - 1)] + "…";
}
