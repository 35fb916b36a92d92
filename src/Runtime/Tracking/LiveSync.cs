namespace EnsDsl.Runtime.Tracking;

/// <summary>
/// Brings a server up to date with an experiment's local runs every <c>interval</c> while they train — so the MLflow UI
/// shows per-epoch metrics as they come — on a background thread that training never waits for. A failed attempt is a
/// warning (once) and the next one catches up; the final sync at the end of the run ends the runs.
/// </summary>
public sealed class LiveSync : IDisposable
{
    readonly CancellationTokenSource stop = new();
    readonly Task loop;

    /// <summary>Starts calling <paramref name="sync"/> every <paramref name="interval"/>; failures go to <paramref name="warn"/> once.</summary>
    public LiveSync(Func<SyncReport> sync, TimeSpan interval, Action<string> warn)
    {
        loop = Task.Run(async () =>
        {
            bool warned = false;
            while (!stop.IsCancellationRequested)
            {
                try { await Task.Delay(interval, stop.Token).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
                try { sync(); }
                catch (Exception e) when (e is SyncException or TrackingConfigurationException or IOException)
                {
                    if (!warned) warn($"{e.Message} (retrying during the run; nothing is lost)");
                    warned = true;
                }
            }
        });
    }

    /// <summary>Stops, after the attempt in progress if any, so that no two syncs overlap.</summary>
    public void Dispose()
    {
        if (stop.IsCancellationRequested) return;
        stop.Cancel();
        try { loop.Wait(); } catch (AggregateException) { }
    }
}
