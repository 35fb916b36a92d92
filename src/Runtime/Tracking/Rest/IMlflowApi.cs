using Refit;

namespace EnsDsl.Runtime.Tracking.Rest;

/// <summary>The part of MLflow's tracking REST API (<c>/api/2.0/mlflow</c>) and artifact proxy that ensdsl uses.</summary>
public interface IMlflowApi
{
    /// <summary>The experiment of a name (the active one first); 404 RESOURCE_DOES_NOT_EXIST when none.</summary>
    [Get("/api/2.0/mlflow/experiments/get-by-name")]
    Task<ExperimentResponse> GetExperimentByName([AliasAs("experiment_name")] string name);

    /// <summary>Creates an experiment; 400 RESOURCE_ALREADY_EXISTS when the name is taken.</summary>
    [Post("/api/2.0/mlflow/experiments/create")]
    Task<CreateExperimentResponse> CreateExperiment([Body] CreateExperimentRequest request);

    /// <summary>Creates a RUNNING run.</summary>
    [Post("/api/2.0/mlflow/runs/create")]
    Task<RunResponse> CreateRun([Body] CreateRunRequest request);

    /// <summary>A run; 404 RESOURCE_DOES_NOT_EXIST when there is none of that id.</summary>
    [Get("/api/2.0/mlflow/runs/get")]
    Task<RunResponse> GetRun([AliasAs("run_id")] string runId);

    /// <summary>Runs of experiments that match a filter such as <c>tags.`k` = 'v'</c>.</summary>
    [Post("/api/2.0/mlflow/runs/search")]
    Task<SearchRunsResponse> SearchRuns([Body] SearchRunsRequest request);

    /// <summary>Sets a run's status and end time.</summary>
    [Post("/api/2.0/mlflow/runs/update")]
    Task UpdateRun([Body] UpdateRunRequest request);

    /// <summary>Logs metrics, params and tags in one call, within the server's limits.</summary>
    [Post("/api/2.0/mlflow/runs/log-batch")]
    Task LogBatch([Body] LogBatchRequest request);

    /// <summary>Uploads one artifact file through the server's artifact proxy.</summary>
    [Put("/api/2.0/mlflow-artifacts/artifacts/{**path}")]
    Task UploadArtifact(string path, [Body] HttpContent content);
}
