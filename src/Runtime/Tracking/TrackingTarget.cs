namespace EnsDsl.Runtime.Tracking;

/// <summary>A tracking URI that cannot be used: the message names it and says what is expected.</summary>
public sealed class TrackingConfigurationException(string message) : Exception(message);

/// <summary>
/// Where a run is tracked, from <c>MLFLOW_TRACKING_URI</c> as MLflow reads it: unset, a path or a <c>file:</c> URI
/// is a file store (unset: <c>./mlruns</c>); <c>http(s)://</c> is a tracking server.
/// </summary>
public abstract record TrackingTarget
{
    /// <summary>The environment variable MLflow's clients read.</summary>
    public const string Variable = "MLFLOW_TRACKING_URI";

    /// <summary>The target <paramref name="uri"/> names, paths relative to <paramref name="workingDirectory"/>.</summary>
    /// <exception cref="TrackingConfigurationException">A URI of another scheme, or a malformed one.</exception>
    public static TrackingTarget Parse(string? uri, string workingDirectory)
    {
        if (string.IsNullOrWhiteSpace(uri)) return new FileTarget(Path.Combine(workingDirectory, MlflowFileStore.DefaultFolder));
        uri = uri.Trim();
        if (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            return Uri.TryCreate(uri, UriKind.Absolute, out var server) && server.Host.Length > 0
                ? new ServerTarget(server)
                : throw new TrackingConfigurationException($"{Variable}={uri}: not a valid URL (expected e.g. http://localhost:5000)");
        if (uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            return Uri.TryCreate(uri, UriKind.Absolute, out var file) && file.IsFile
                ? new FileTarget(file.LocalPath)
                : throw new TrackingConfigurationException($"{Variable}={uri}: not a valid file: URI (expected e.g. file:///home/me/mlruns)");
        if (uri.Contains("://", StringComparison.Ordinal) || uri.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("databricks", StringComparison.OrdinalIgnoreCase))
            throw new TrackingConfigurationException($"{Variable}={uri}: ensdsl tracks to an MLflow server (http:// or https://) or a file store (a folder or file:// URI); " +
                "for a database, run `mlflow server --backend-store-uri <it>` and point ensdsl at the server");
        return new FileTarget(Path.GetFullPath(Path.Combine(workingDirectory, uri)));
    }
}

/// <summary>MLflow's file store in <paramref name="Root"/>.</summary>
/// <param name="Root">The <c>mlruns</c> folder.</param>
public sealed record FileTarget(string Root) : TrackingTarget;

/// <summary>An MLflow tracking server.</summary>
/// <param name="Server">Its base URL.</param>
public sealed record ServerTarget(Uri Server) : TrackingTarget;
