using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;

namespace EnsDsl.Cli.Tests;

/// <summary>
/// Debian's headless Chromium (<c>/usr/bin/chromium</c>, which .ci/run installs), driven through the DevTools protocol
/// over its WebSocket: a page loaded as a user opens it, every request the page makes and every console message or
/// exception recorded, scripts evaluated in the page, and screenshots. No package beyond the browser.
/// </summary>
sealed class Browser : IDisposable
{
    public const string Program = "/usr/bin/chromium";

    readonly Process process;
    readonly ClientWebSocket socket = new();
    readonly string profile = Directory.CreateTempSubdirectory("ensdsl-chromium-").FullName;
    readonly ConcurrentDictionary<int, TaskCompletionSource<JObject>> pending = new();
    int next;
    string session = "";

    /// <summary>Every event the page's session sent, in order.</summary>
    public ConcurrentQueue<JObject> Events { get; } = new();

    public Browser()
    {
        Assert.True(File.Exists(Program), $"{Program} is missing: apt-get install chromium (.ci/run does)");
        var start = new ProcessStartInfo(Program, ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--remote-debugging-port=0",
            $"--user-data-dir={profile}", "--window-size=1280,900", "about:blank"]) { RedirectStandardError = true, RedirectStandardOutput = true };
        process = Process.Start(start)!;
        process.StandardOutput.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        string? endpoint = null;
        while (endpoint is null && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var line = process.StandardError.ReadLine() ?? throw new InvalidOperationException("chromium ended before it listened for DevTools");
            if (Regex.Match(line, @"DevTools listening on (ws://\S+)") is { Success: true } m) endpoint = m.Groups[1].Value;
        }
        Assert.True(endpoint is not null, "chromium did not say where DevTools listens within a minute");
        _ = Task.Run(async () => { while (await process.StandardError.ReadLineAsync() is not null) { } });
        socket.ConnectAsync(new Uri(endpoint!), CancellationToken.None).GetAwaiter().GetResult();
        _ = Task.Run(Receive);
        var target = (string)Send("Target.createTarget", new JObject { ["url"] = "about:blank" }, toBrowser: true)["targetId"]!;
        session = (string)Send("Target.attachToTarget", new JObject { ["targetId"] = target, ["flatten"] = true }, toBrowser: true)["sessionId"]!;
        foreach (var domain in new[] { "Page", "Network", "Runtime", "Log" }) Send($"{domain}.enable");
    }

    /// <summary>Opens <paramref name="path"/> as a file URL and waits for its load event.</summary>
    public void Open(string path)
    {
        var loaded = Events.Count;
        Send("Page.navigate", new JObject { ["url"] = new Uri(Path.GetFullPath(path)).AbsoluteUri });
        var clock = Stopwatch.StartNew();
        while (!Events.Skip(loaded).Any(e => (string?)e["method"] == "Page.loadEventFired"))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"{path} did not load within a minute");
            Thread.Sleep(50);
        }
        Thread.Sleep(300);                                     // late console messages
    }

    /// <summary>The value of a JavaScript expression evaluated in the page.</summary>
    public JToken Evaluate(string expression)
    {
        var result = Send("Runtime.evaluate", new JObject { ["expression"] = expression, ["returnByValue"] = true });
        Assert.True(result["exceptionDetails"] is null, $"{expression}: {result["exceptionDetails"]}");
        return result["result"]!["value"]!;
    }

    /// <summary>A PNG of the whole page.</summary>
    public byte[] Screenshot() =>
        Convert.FromBase64String((string)Send("Page.captureScreenshot", new JObject { ["format"] = "png", ["captureBeyondViewport"] = true })["data"]!);

    JObject Send(string method, JObject? parameters = null, bool toBrowser = false)
    {
        int id = Interlocked.Increment(ref next);
        var message = new JObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JObject() };
        if (!toBrowser) message["sessionId"] = session;
        var answer = pending.GetOrAdd(id, _ => new TaskCompletionSource<JObject>());
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToString(Newtonsoft.Json.Formatting.None)), WebSocketMessageType.Text, true, CancellationToken.None).GetAwaiter().GetResult();
        Assert.True(answer.Task.Wait(TimeSpan.FromSeconds(60)), $"DevTools did not answer {method}");
        var reply = answer.Task.Result;
        Assert.True(reply["error"] is null, $"{method}: {reply["error"]}");
        return (JObject)reply["result"]!;
    }

    async Task Receive()
    {
        var buffer = new byte[1 << 20];
        var text = new StringBuilder();
        while (socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult part;
            try { part = await socket.ReceiveAsync(buffer, CancellationToken.None); }
            catch (WebSocketException) { return; }
            text.Append(Encoding.UTF8.GetString(buffer, 0, part.Count));
            if (!part.EndOfMessage) continue;
            var message = JObject.Parse(text.ToString());
            text.Clear();
            if (message["id"] is { } id) pending.GetOrAdd((int)id, _ => new TaskCompletionSource<JObject>()).TrySetResult(message);
            else Events.Enqueue(message);
        }
    }

    public void Dispose()
    {
        try { socket.Dispose(); } catch (ObjectDisposedException) { }
        if (!process.HasExited) process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
        process.Dispose();
        try { Directory.Delete(profile, true); } catch (IOException) { }
    }
}
