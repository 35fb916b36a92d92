using System.Text.Json.Serialization;

namespace EnsDsl.Runtime.Tracking.Rest;

// MLflow's protobuf messages as JSON (mlflow/protos/service.proto): snake_case names, int64 as numbers (read from
// strings too), unset and empty fields left out, every id a string.

/// <summary>A param or a tag.</summary>
public sealed record KeyValue([property: JsonPropertyName("key")] string Key, [property: JsonPropertyName("value")] string Value);

/// <summary>A metric point.</summary>
public sealed record MetricPoint(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("timestamp")] long Timestamp,
    [property: JsonPropertyName("step")] long Step);

/// <summary>An experiment.</summary>
public sealed record ExperimentInfo(
    [property: JsonPropertyName("experiment_id")] string ExperimentId,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("lifecycle_stage")] string? LifecycleStage);

/// <summary><c>experiments/get-by-name</c>'s answer.</summary>
public sealed record ExperimentResponse([property: JsonPropertyName("experiment")] ExperimentInfo Experiment);

/// <summary><c>experiments/create</c>'s request.</summary>
public sealed record CreateExperimentRequest([property: JsonPropertyName("name")] string Name);

/// <summary><c>experiments/create</c>'s answer.</summary>
public sealed record CreateExperimentResponse([property: JsonPropertyName("experiment_id")] string ExperimentId);

/// <summary>A run's info.</summary>
public sealed record RunInfo(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("experiment_id")] string ExperimentId,
    [property: JsonPropertyName("artifact_uri")] string? ArtifactUri,
    [property: JsonPropertyName("lifecycle_stage")] string? LifecycleStage = null);

/// <summary><c>runs/search</c>'s request.</summary>
public sealed record SearchRunsRequest(
    [property: JsonPropertyName("experiment_ids")] IReadOnlyList<string> ExperimentIds,
    [property: JsonPropertyName("filter")] string Filter,
    [property: JsonPropertyName("max_results")] int MaxResults);

/// <summary><c>runs/search</c>'s answer (no <c>runs</c> when none matched).</summary>
public sealed record SearchRunsResponse([property: JsonPropertyName("runs")] IReadOnlyList<RunMessage>? Runs);

/// <summary>A run.</summary>
public sealed record RunMessage([property: JsonPropertyName("info")] RunInfo Info);

/// <summary><c>runs/create</c>'s answer.</summary>
public sealed record RunResponse([property: JsonPropertyName("run")] RunMessage Run);

/// <summary><c>runs/create</c>'s request.</summary>
public sealed record CreateRunRequest(
    [property: JsonPropertyName("experiment_id")] string ExperimentId,
    [property: JsonPropertyName("run_name")] string RunName,
    [property: JsonPropertyName("start_time")] long StartTime,
    [property: JsonPropertyName("tags")] IReadOnlyList<KeyValue> Tags);

/// <summary><c>runs/update</c>'s request.</summary>
public sealed record UpdateRunRequest(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("end_time")] long EndTime);

/// <summary><c>runs/log-batch</c>'s request.</summary>
public sealed record LogBatchRequest(
    [property: JsonPropertyName("run_id")] string RunId,
    [property: JsonPropertyName("metrics")] IReadOnlyList<MetricPoint> Metrics,
    [property: JsonPropertyName("params")] IReadOnlyList<KeyValue> Params,
    [property: JsonPropertyName("tags")] IReadOnlyList<KeyValue> Tags);

/// <summary>MLflow's error body.</summary>
public sealed record ErrorResponse(
    [property: JsonPropertyName("error_code")] string? ErrorCode,
    [property: JsonPropertyName("message")] string? Message);
