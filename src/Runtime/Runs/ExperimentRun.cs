using EnsDsl.Planning;
using EnsDsl.Runtime.Execution;
using EnsDsl.Runtime.Reports;
using EnsDsl.Runtime.Results;
using EnsDsl.Runtime.Store;
using EnsDsl.Runtime.Torch;
using EnsDsl.Runtime.Tracking;

namespace EnsDsl.Runtime.Runs;

/// <summary>How <c>ensdsl run</c> was asked to run an experiment.</summary>
/// <param name="Store">The store's folder.</param>
/// <param name="Out">Where results go (null: <c>runs/NAME/TIMESTAMP</c>).</param>
/// <param name="Execution">How the plan is executed.</param>
/// <param name="Tracking">Record the run in MLflow (where <c>MLFLOW_TRACKING_URI</c> says).</param>
/// <param name="WorkingDirectory">The folder paths are shown relative to, and relative paths start from.</param>
/// <param name="SpaceCheck">Check the store's free space before anything computes (false with <c>--no-space-check</c>).</param>
public sealed record RunRequest(string Store, string? Out, ExecutionOptions Execution, bool Tracking, string WorkingDirectory, bool SpaceCheck = true);

/// <summary>A run that cannot start as asked: <see cref="Code"/> is one of <see cref="DiagnosticCodes"/>' ENS04xx.</summary>
/// <param name="code">The diagnostic code.</param>
/// <param name="message">What is wrong and what to do.</param>
public sealed class RunSetupException(string code, string message) : Exception(message)
{
    /// <summary>The diagnostic code.</summary>
    public string Code { get; } = code;
}

/// <summary>
/// One <c>ensdsl run</c> of an experiment, everything but the console: <see cref="Open"/> checks what the run needs
/// before anything computes (the store, the tensor engine and device, the tracking settings); <see cref="Execute"/>
/// runs the plan; <see cref="Finish"/> hands the results to the run's outputs: results.json, results.csv, the charts,
/// the tracking, and those the caller adds (the console summary).
/// </summary>
public sealed class ExperimentRun : IDisposable
{
    readonly RunRequest request;
    readonly Action<string> warn;
    readonly TrackingSession? tracking;
    readonly DateTimeOffset started = DateTimeOffset.Now;

    ExperimentRun(Experiment experiment, RunRequest request, NodeStore store, TrackingSession? tracking, Action<string> warn)
    {
        (Experiment, this.request, Store, this.tracking, this.warn) = (experiment, request, store, tracking, warn);
        // Claimed when first needed (results, or a Slurm run's folder): a part of a run (--nodes) writes no folder.
        outDirectory = new Lazy<string>(() => request.Out ?? RunFolder.Claim(request.WorkingDirectory, experiment.Name, started));
    }

    /// <summary>The experiment.</summary>
    public Experiment Experiment { get; }

    /// <summary>The store.</summary>
    public NodeStore Store { get; }

    readonly Lazy<string> outDirectory;

    /// <summary>Where results go, relative to the working directory (the default folder is claimed at first use).</summary>
    public string OutDirectory => outDirectory.Value;

    /// <summary>Checks and opens what the run needs; <paramref name="warn"/> receives tracking warnings.</summary>
    /// <exception cref="RunSetupException">The store, the engine, the device or the tracking settings cannot be used.</exception>
    public static ExperimentRun Open(Experiment experiment, RunRequest request, Action<string> warn)
    {
        NodeStore store;
        try { store = new NodeStore(Path.Combine(request.WorkingDirectory, request.Store)); }
        catch (StoreException e) { throw new RunSetupException(DiagnosticCodes.StoreUnusable, e.Message); }
        foreach (var device in request.Execution.Slots.Distinct()) CheckDevice(device);
        if (request.SpaceCheck)
        {
            var plan = experiment.Plan;
            var nodes = request.Execution.Only is { } only ? plan.Nodes.Where(n => only.Contains(n.Id)) : plan.Nodes;
            if (StoreSpace.Shortfall(plan, nodes, store.Root, request.Execution.Slots.Count) is { } shortfall)
                throw new RunSetupException(DiagnosticCodes.NoSpace, shortfall);
        }
        TrackingSession? tracking = null;
        if (request.Tracking)
        {
            try { tracking = TrackingSession.Open(Environment.GetEnvironmentVariable(TrackingTarget.Variable), experiment, request.WorkingDirectory, warn); }
            catch (TrackingConfigurationException e) { throw new RunSetupException(DiagnosticCodes.TrackingUnusable, e.Message); }
        }
        return new ExperimentRun(experiment, request, store, tracking, warn);
    }

    // The first use of libtorch loads it: a missing or broken libtorch is the machine's problem, said as such.
    static void CheckDevice(string device)
    {
        try { TorchInfo.Resolve(device); }
        catch (ArgumentException e) { throw new RunSetupException(DiagnosticCodes.DeviceUnavailable, e.Message); }
        catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or NotSupportedException)
        {
            var reason = (e.InnerException ?? e).Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? e.GetType().Name;
            throw new RunSetupException(DiagnosticCodes.EngineUnavailable,
                $"libtorch cannot be loaded, so nothing can train here ({reason}). `ensdsl plan` and `ensdsl check` work without it; " +
                "to run, use a build with its native libraries (./ensdsl builds one) on a machine its libtorch supports");
        }
    }

    /// <summary>
    /// The plan's nodes that <paramref name="ids"/> names: comma-separated ids, or unique prefixes of at least 8
    /// characters as progress and <c>plan</c> show them.
    /// </summary>
    /// <exception cref="RunSetupException">An id that names no node, or several.</exception>
    public static IReadOnlySet<string> Nodes(Planning.Plan plan, string ids)
    {
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var matches = id.Length >= 8 ? plan.Nodes.Where(n => n.Id.StartsWith(id, StringComparison.Ordinal)).ToList() : [];
            chosen.Add(matches.Count == 1 ? matches[0].Id : throw new RunSetupException(DiagnosticCodes.UnknownNode,
                $"--nodes {id}: {(matches.Count == 0 ? "no node of the plan has this id" : $"{matches.Count} nodes start with it")} " +
                "(give an id of at least 8 characters, as `ensdsl plan` shows them)"));
        }
        return chosen.Count > 0 ? chosen : throw new RunSetupException(DiagnosticCodes.UnknownNode, "--nodes: give at least one node id");
    }

    /// <summary>
    /// Runs the plan with <paramref name="executor"/> (by default in this process); progress goes to
    /// <paramref name="progress"/> (and to tracking).
    /// </summary>
    public ExecutionReport Execute(IRunObserver progress, CancellationToken cancellation, IExecutor? executor = null)
    {
        executedBy = executor ?? new LocalExecutor();
        return executedBy.Run(Experiment.Plan, Store, request.Execution, tracking?.Observe(progress) ?? progress, cancellation);
    }

    IExecutor executedBy = new LocalExecutor();

    /// <summary>
    /// Hands the results of <paramref name="report"/> to the run's outputs, in order: results.json, results.csv, the
    /// charts, the page (report.html), the tracking (which keeps them all as artifacts), then <paramref name="more"/>
    /// (the console summary, which names what the others wrote).
    /// </summary>
    public FinishedRun Finish(ExecutionReport report, params IReadOnlyList<IRunOutput> more)
    {
        var cwd = request.WorkingDirectory;
        Directory.CreateDirectory(Path.Combine(cwd, OutDirectory));
        var items = RunResults.Of(Experiment.Plan, report);
        var repeated = Repetitions.Of(items, Experiment.Repeat);
        var document = ResultsJson.Build(Experiment, report, items, repeated, DisplayPath.Of(Store.Root, cwd), started, DateTimeOffset.Now, cwd) with
        {
            Host = RunHost.Here(RunContext.Version, TorchInfo.Describe(), executedBy.Name,
                [.. request.Execution.Slots.Select(d => d == "auto" ? $"{TorchInfo.Resolve(d)} (auto)" : d)]),
            Tracking = tracking?.Where,
        };
        var run = new FinishedRun(Experiment, report, items, repeated, document, cwd, OutDirectory);
        IReadOnlyList<IRunOutput> outputs = [new ResultsJsonOutput(), new ResultsCsvOutput(), new PlanesCsvOutput(), new ChartsOutput(warn), new HtmlReportOutput(warn), .. tracking is null ? [] : new[] { tracking }, .. more];
        var written = new List<OutputWritten>();
        foreach (var output in outputs) written.Add(output.Write(run, [.. written]));
        finished = true;
        return run;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // A run that stops on an unexpected error ends its MLflow records as FAILED instead of leaving them RUNNING.
        if (!finished) tracking?.Abort();
        tracking?.Dispose();
    }

    bool finished;
}
