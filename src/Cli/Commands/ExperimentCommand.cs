using EnsDsl.Planning;
using Spectre.Console;
using EnsDsl.Cli.Output;
using EnsDsl.Host.Experiments;
using EnsDsl.Host.Scripting;
using Spectre.Console.Cli;

namespace EnsDsl.Cli.Commands;

/// <summary>A command that starts by turning a script into an experiment.</summary>
public abstract class ExperimentCommand<TSettings> : Command<TSettings> where TSettings : ScriptSettings
{
    /// <summary>Loads the experiment and reports its problems; null when it cannot be planned at all.</summary>
    protected static (Experiment? Experiment, bool HasErrors) Load(TSettings settings)
    {
        Timing.Mark("command parsed");
        var host = new ScriptHost(settings.NoCache ? null : new ScriptCache(ScriptCache.DefaultDirectory));
        var (experiment, script, problems) = ExperimentLoader.Load(settings.Script, settings.Sets, host, settings.Repeat);
        Terminal.Report(problems);
        if (script is not null)
        {
            var roslyn = AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Microsoft.CodeAnalysis");
            Timing.Note($"script {(script.FromCache ? "cached" : "compiled")} in {script.Elapsed.TotalMilliseconds:F0} ms; roslyn loaded: {(roslyn ? "yes" : "no")}");
        }
        Timing.Mark("planned");
        return (experiment, problems.Any(p => p.Severity == EnsDsl.Severity.Error));
    }
}
