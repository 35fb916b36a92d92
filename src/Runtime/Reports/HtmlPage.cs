using System.Globalization;
using System.Net;
using System.Text;

namespace EnsDsl.Runtime.Reports;

/// <summary>
/// What ensdsl's pages share (a run's report.html, <c>compare --html</c>): the document's frame, one style sheet inline
/// and the spelling of numbers and times. Self-contained by construction: nothing here fetches or scripts.
/// </summary>
public static class HtmlPage
{
    /// <summary>Opens a page titled <paramref name="title"/> with its first heading.</summary>
    public static StringBuilder Start(string title, string heading)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append($"<title>{E(title)}</title>\n<style>{Style}</style>\n</head>\n<body>\n<main>\n<h1>{E(heading)}</h1>\n");
        return h;
    }

    /// <summary>Closes a page <see cref="Start"/> opened and returns its text.</summary>
    public static string End(StringBuilder h) => h.Append("</main>\n</body>\n</html>\n").ToString();

    /// <summary>A term and its value in a definition list.</summary>
    public static void Item(StringBuilder h, string term, string value) => h.Append($"<dt>{E(term)}</dt><dd>{E(value)}</dd>\n");

    /// <summary>A chart as an inline PNG with its caption; <paramref name="name"/> is its file name.</summary>
    public static void Figure(StringBuilder h, string name, byte[] png) =>
        h.Append($"<figure><img src=\"data:image/png;base64,{Convert.ToBase64String(png)}\" alt=\"{E(Path.GetFileNameWithoutExtension(name).Replace('_', ' '))}\">" +
            $"<figcaption>{E(name)}</figcaption></figure>\n");

    /// <summary>A duration as a reader says it: 4.2 s, 3 min 20 s, 2 h 5 min.</summary>
    public static string Duration(TimeSpan t) => t.TotalSeconds < 60 ? $"{t.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s"
        : t.TotalHours < 1 ? $"{(int)t.TotalMinutes} min {t.Seconds} s" : $"{(int)t.TotalHours} h {t.Minutes} min";

    /// <summary>A time with its offset.</summary>
    public static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>A score as tables show it: four decimals.</summary>
    public static string F4(double v) => v.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>Text made safe for HTML.</summary>
    public static string E(string text) => WebUtility.HtmlEncode(text);

    // Status colours come with a border style and the status in words, so that they tell apart in greyscale too; the
    // plan's picture scrolls inside its frame instead of widening the page.
    const string Style = """
        body { font-family: system-ui, sans-serif; margin: 0; color: #1a1a1a; background: #fff; line-height: 1.4; }
        main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
        h1 { font-size: 1.6rem; margin-bottom: 0.5rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; } dt { font-weight: 600; } dd { margin: 0; overflow-wrap: anywhere; }
        table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
        caption { text-align: left; font-style: italic; padding-bottom: 0.3rem; }
        th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
        thead th { background: #f0f0f0; } td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        tr.failed th, tr.failed td { background: #fde2e2; } tr.skipped th, tr.skipped td { color: #666; font-style: italic; }
        figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; border: 1px solid #ddd; } figcaption { font-size: 0.85rem; color: #444; }
        .graph { overflow: auto; max-height: 48rem; border: 1px solid #ddd; padding: 0.5rem; }
        .graph svg text { font-family: system-ui, sans-serif; font-size: 11px; fill: #1a1a1a; } .graph svg text.facts { fill: #444; font-size: 10px; }
        .graph path.edge { fill: none; stroke: #9a9a9a; stroke-width: 1.2; }
        .step rect, rect.step, .key rect { stroke-width: 1.5; }
        .done rect, rect.done, .key .done { fill: #d9f2d9; stroke: #2e7d32; }
        .cached rect, rect.cached, .key .cached { fill: #e3ecf7; stroke: #1f4e8c; stroke-dasharray: 2 2; }
        .failed rect, rect.failed, .key .failed { fill: #f4a6a6; stroke: #8b0000; stroke-width: 3.5; }
        .skipped rect, rect.skipped, .planned rect, rect.planned, .key .skipped { fill: #f4f4f4; stroke: #777; stroke-dasharray: 6 3; }
        .key { display: flex; flex-wrap: wrap; gap: 1.2rem; font-size: 0.85rem; margin: 0.3rem 0; } .key svg { vertical-align: middle; }
        details summary { cursor: pointer; margin: 0.5rem 0; }
        .reason { color: #8b0000; font-weight: 600; }
        section.failures { border: 3px double #8b0000; background: #fdecec; padding: 0.2rem 1rem; margin: 1rem 0; }
        section.failures h2 { border: none; margin-top: 0.5rem; color: #8b0000; }
        """;
}
