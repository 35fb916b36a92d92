using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Refit;

namespace EnsDsl.Runtime.Tracking.Rest;

/// <summary>How requests to a tracking server are made: MLflow's Python client's environment and retry policy.</summary>
/// <param name="Username">MLFLOW_TRACKING_USERNAME (Basic auth with the password).</param>
/// <param name="Password">MLFLOW_TRACKING_PASSWORD.</param>
/// <param name="Token">MLFLOW_TRACKING_TOKEN (Bearer, when there is no username and password).</param>
/// <param name="InsecureTls">MLFLOW_TRACKING_INSECURE_TLS: no certificate verification.</param>
/// <param name="Timeout">MLFLOW_HTTP_REQUEST_TIMEOUT (120 s).</param>
/// <param name="MaxRetries">MLFLOW_HTTP_REQUEST_MAX_RETRIES (7).</param>
/// <param name="BackoffFactor">MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR (2 s): waits factor · 2^(n−1).</param>
/// <param name="BackoffJitter">MLFLOW_HTTP_REQUEST_BACKOFF_JITTER (1 s).</param>
public sealed record HttpSettings(string? Username, string? Password, string? Token, bool InsecureTls, TimeSpan Timeout,
    int MaxRetries, TimeSpan BackoffFactor, TimeSpan BackoffJitter)
{
    /// <summary>The settings MLflow's environment variables give (their defaults otherwise).</summary>
    /// <exception cref="TrackingConfigurationException">A value MLflow would refuse.</exception>
    public static HttpSettings FromEnvironment(Func<string, string?> get) => new(
        get("MLFLOW_TRACKING_USERNAME"), get("MLFLOW_TRACKING_PASSWORD"), get("MLFLOW_TRACKING_TOKEN"),
        Bool(get, "MLFLOW_TRACKING_INSECURE_TLS"),
        TimeSpan.FromSeconds(Number(get, "MLFLOW_HTTP_REQUEST_TIMEOUT", 120)),
        (int)Number(get, "MLFLOW_HTTP_REQUEST_MAX_RETRIES", 7),
        TimeSpan.FromSeconds(Number(get, "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", 2)),
        TimeSpan.FromSeconds(Number(get, "MLFLOW_HTTP_REQUEST_BACKOFF_JITTER", 1)));

    static bool Bool(Func<string, string?> get, string name) => get(name)?.Trim().ToLowerInvariant() switch
    {
        null or "" or "false" or "0" => false,
        "true" or "1" => true,
        var other => throw new TrackingConfigurationException($"{name}={other}: expected true, false, 1 or 0"),
    };

    static double Number(Func<string, string?> get, string name, double fallback) => get(name) is not { Length: > 0 } text ? fallback
        : double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v >= 0 ? v
        : throw new TrackingConfigurationException($"{name}={text}: expected a non-negative number");
}

/// <summary>Builds the Refit client for a tracking server.</summary>
public static class MlflowHttp
{
    /// <summary>JSON as MLflow's server writes and reads it.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>A client for <paramref name="server"/> with auth, TLS settings, retries and a timeout.</summary>
    public static IMlflowApi Client(Uri server, HttpSettings settings)
    {
        var transport = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (settings.InsecureTls) transport.SslOptions.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        var http = new HttpClient(new RetryHandler(settings) { InnerHandler = new AuthHandler(settings) { InnerHandler = transport } })
        {
            BaseAddress = server,
            Timeout = Timeout.InfiniteTimeSpan,             // per attempt, in the retry handler
        };
        return RestService.For<IMlflowApi>(http, new RefitSettings { ContentSerializer = new SystemTextJsonContentSerializer(Json) });
    }

    /// <summary>MLflow's error code and message of a failed call, or the HTTP status when a proxy answered.</summary>
    public static string Describe(ApiException e)
    {
        try
        {
            if (e.Content is { Length: > 0 } body && JsonSerializer.Deserialize<ErrorResponse>(body, Json) is { ErrorCode: { } code } error)
                return $"{(int)e.StatusCode} {code}: {error.Message}";
        }
        catch (JsonException) { }
        return $"HTTP {(int)e.StatusCode} {e.ReasonPhrase} (not an MLflow answer: a proxy or another server?)";
    }

    /// <summary>The error code of a failed call, if MLflow sent one.</summary>
    public static string? Code(ApiException e)
    {
        try { return e.Content is { Length: > 0 } body ? JsonSerializer.Deserialize<ErrorResponse>(body, Json)?.ErrorCode : null; }
        catch (JsonException) { return null; }
    }

    // Basic when a username and password are set (MLflow checks them first), else Bearer. Never logged.
    sealed class AuthHandler(HttpSettings settings) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellation)
        {
            if (settings is { Username: { Length: > 0 } user, Password: { } password })
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
            else if (settings.Token is { Length: > 0 } token)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return base.SendAsync(request, cancellation);
        }
    }

    /// <summary>
    /// MLflow's retry policy: 408, 429, 500, 502, 503 and 504 and connection failures are retried on every method, up
    /// to <see cref="HttpSettings.MaxRetries"/> times, after factor · 2^(n−1) plus up to the jitter, or the server's
    /// Retry-After; each attempt has the timeout.
    /// </summary>
    internal sealed class RetryHandler(HttpSettings settings) : DelegatingHandler
    {
        static readonly HashSet<HttpStatusCode> Retried = [HttpStatusCode.RequestTimeout, HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError,
            HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellation)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellation).ConfigureAwait(false);
            var contentType = request.Content?.Headers.ContentType;
            for (int attempt = 0; ; attempt++)
            {
                using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                attemptTimeout.CancelAfter(settings.Timeout);
                var copy = new HttpRequestMessage(request.Method, request.RequestUri);
                foreach (var header in request.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
                if (body is not null)
                {
                    copy.Content = new ByteArrayContent(body);
                    copy.Content.Headers.ContentType = contentType;
                }
                TimeSpan? retryAfter = null;
                try
                {
                    var response = await base.SendAsync(copy, attemptTimeout.Token).ConfigureAwait(false);
                    if (!Retried.Contains(response.StatusCode) || attempt >= settings.MaxRetries) return response;
                    retryAfter = response.Headers.RetryAfter?.Delta
                        ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
                    response.Dispose();
                }
                catch (Exception e) when (attempt < settings.MaxRetries && !cancellation.IsCancellationRequested
                    && e is HttpRequestException or TaskCanceledException or OperationCanceledException) { }
                var backoff = settings.BackoffFactor * Math.Pow(2, attempt) + settings.BackoffJitter * Random.Shared.NextDouble();
                await Task.Delay(retryAfter is { } wait && wait > TimeSpan.Zero ? wait : backoff, cancellation).ConfigureAwait(false);
            }
        }
    }
}
