using System.Collections.Concurrent;
using System.Diagnostics;
using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Training;
using Spectre.Console;

namespace EnsDsl.Cli.Output;

/// <summary>
/// Progress of a run: on a terminal, a live display with one row per running node (epoch, loss, images/s, ETA);
/// otherwise plain lines (node start and end, and an epoch line at most every few seconds per node);
/// with --no-progress, only failures and notes.
/// </summary>
public static class RunProgress
{
    /// <summary>Runs <paramref name="execute"/> with the right observer.</summary>
    public static ExecutionReport Run(bool quiet, Func<IRunObserver, ExecutionReport> execute)
    {
        if (quiet) return execute(new PlainObserver(epochLines: false, startLines: false));
        if (Console.IsErrorRedirected || !Terminal.Error.Profile.Capabilities.Interactive)
            return execute(new PlainObserver(epochLines: true, startLines: true));
        ExecutionReport? report = null;
        var width = Terminal.Error.Profile.Width;
        var bar = width < 120 ? 10 : 40;
        Terminal.Error.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn { Width = bar }, new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx => report = execute(new LiveObserver(ctx, width - bar - OtherColumns)));
        return report!;
    }

    /// <summary>What the live display's percentage, time-left and spinner columns and the gaps between columns take.</summary>
    const int OtherColumns = 20;

    static string Short(PlanNode node) => $"{node.Label} ({node.Id[..8]})";

    /// <summary>
    /// How often plain progress lines come per node, in seconds (ENSDSL_PROGRESS_INTERVAL, default 5); an epoch that runs
    /// longer than this gets lines within it (batches done, images/s, time left in the epoch).
    /// </summary>
    static readonly double Interval = double.TryParse(Environment.GetEnvironmentVariable("ENSDSL_PROGRESS_INTERVAL"),
        System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 ? seconds : 5;

    // A row's parts, most important first: a plain line shows them all, a narrow terminal's live row the first ones
    // that fit (Columns.Fit).
    static string[] BatchParts(BatchProgress p) =>
        [$"epoch {p.Epoch}/{p.Epochs}", $"batch {p.Batch}/{p.Batches}", $"{p.ImagesPerSecond:F0} img/s", $"epoch ETA {p.EpochLeft:m\\:ss}"];

    static string[] EpochParts(EpochReport r) =>
        [$"epoch {r.Epoch}/{r.Epochs}", $"loss {r.Loss:F3}", $"acc {r.Accuracy:F3}", $"{r.ImagesPerSecond:F0} img/s"];

    static string Batch(BatchProgress p) => string.Join("  ", BatchParts(p));

    static string Epoch(EpochReport r) => string.Join("  ", EpochParts(r));

    static string Finished(NodeOutcome o) => o.Status switch
    {
        NodeStatus.Done => $"done    {Short(o.Node)}  {o.Record!.Seconds:F1} s" + (o.Record.Metrics.TryGetValue(Runtime.Results.MetricNames.TestAccuracy, out var acc) ? $"  test acc {acc:F3}" : ""),
        NodeStatus.Failed => $"FAILED  {Short(o.Node)}: {o.Error}",
        NodeStatus.Skipped => $"skipped {Short(o.Node)}: {o.Error}",
        _ => $"cached  {Short(o.Node)}",
    };

    sealed class PlainObserver(bool epochLines, bool startLines) : IRunObserver
    {
        readonly ConcurrentDictionary<string, Stopwatch> lastLine = new();
        readonly Lock gate = new();

        void Line(string text)
        {
            lock (gate) Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");
        }

        public void NodeStarted(PlanNode node)
        {
            lastLine[node.Id] = Stopwatch.StartNew();
            if (startLines) Line($"start   {Short(node)}" + (node.Epochs > 0 ? $"  {node.Epochs} epochs" : ""));
        }

        public void EpochEnded(PlanNode node, EpochReport report)
        {
            var since = lastLine.GetOrAdd(node.Id, _ => Stopwatch.StartNew());
            if (!epochLines || (since.Elapsed.TotalSeconds < Interval && report.Epoch < report.Epochs)) return;
            since.Restart();
            var eta = TimeSpan.FromSeconds(report.Seconds * (report.Epochs - report.Epoch));
            Line($"        {Short(node)}  {Epoch(report)}  ETA {eta:m\\:ss}");
        }

        public void BatchDone(PlanNode node, BatchProgress progress)
        {
            if (!epochLines || progress.Seconds < Interval || progress.Batch == progress.Batches) return;
            var since = lastLine.GetOrAdd(node.Id, _ => Stopwatch.StartNew());
            if (since.Elapsed.TotalSeconds < Interval) return;
            since.Restart();
            Line($"        {Short(node)}  {Batch(progress)}");
        }

        public void NodeFinished(NodeOutcome outcome)
        {
            if (outcome.Status == NodeStatus.Cached) return;           // counted in the summary
            if (startLines || outcome.Status is NodeStatus.Failed) Line(Finished(outcome));
        }

        public void Note(PlanNode node, string message) => Line($"note    {Short(node)}: {message}");
    }

    /// <summary>The live display: a row per running node, its text fitted to <paramref name="room"/> columns.</summary>
    sealed class LiveObserver(ProgressContext context, int room) : IRunObserver
    {
        readonly ConcurrentDictionary<string, ProgressTask> tasks = new();

        string Row(PlanNode node, IEnumerable<string> parts) => Markup.Escape(Columns.Fit(node.Label, [$"({node.Id[..8]})", .. parts], room));

        public void NodeStarted(PlanNode node) =>
            tasks[node.Id] = context.AddTask(Row(node, []), maxValue: Math.Max(node.Epochs, 1));

        public void EpochEnded(PlanNode node, EpochReport report)
        {
            if (!tasks.TryGetValue(node.Id, out var task)) return;
            task.Description = Row(node, EpochParts(report));
            task.Value = report.Epoch;
        }

        readonly ConcurrentDictionary<string, Stopwatch> lastUpdate = new();

        // Within a long epoch the row shows batches, images/s and the epoch's time left, a few times a second at most.
        public void BatchDone(PlanNode node, BatchProgress progress)
        {
            if (progress.Seconds < 1 || !tasks.TryGetValue(node.Id, out var task)) return;
            var since = lastUpdate.GetOrAdd(node.Id, _ => Stopwatch.StartNew());
            if (since.ElapsedMilliseconds < 250) return;
            since.Restart();
            task.Description = Row(node, BatchParts(progress));
            task.Value = progress.Epoch - 1 + (double)progress.Batch / progress.Batches;
        }

        public void NodeFinished(NodeOutcome outcome)
        {
            lastUpdate.TryRemove(outcome.Node.Id, out _);
            if (tasks.TryRemove(outcome.Node.Id, out var task)) { task.Value = task.MaxValue; task.StopTask(); }
            if (outcome.Status is NodeStatus.Failed or NodeStatus.Done)
                Terminal.Error.MarkupLine(outcome.Status == NodeStatus.Failed ? $"[red]{Markup.Escape(Finished(outcome))}[/]" : Markup.Escape(Finished(outcome)));
        }

        public void Note(PlanNode node, string message) => Terminal.Error.MarkupLine($"[yellow]{Markup.Escape($"{Short(node)}: {message}")}[/]");
    }
}
