using System.Collections.Immutable;
using EnsDsl.Overrides;
using EnsDsl.Planning;
using EnsDsl.Host.Scripting;

namespace EnsDsl.Host.Experiments;

/// <summary>
/// From a script path and <c>--set</c> arguments to a validated plan: parse the overrides, compile the script,
/// run it once per sweep cell (the cartesian product of list-valued overrides), check that every override names a
/// declared parameter, and merge the cells' reports into one plan.
/// </summary>
public static class ExperimentLoader
{
    /// <summary>
    /// Loads an experiment, with the script it was planned from (compiled or taken from the compile cache). Both are
    /// null when the script cannot be planned at all; otherwise the problems are the plan's validation diagnostics (and
    /// compiler warnings).
    /// </summary>
    /// <param name="scriptPath">The script.</param>
    /// <param name="sets">The <c>--set</c> arguments.</param>
    /// <param name="host">The script host.</param>
    /// <param name="repeat">The <c>--repeat</c> argument (<c>seed=1..5</c>): a sweep axis whose cells are repetitions of the others.</param>
    public static (Experiment? Experiment, LoadedScript? Script, ImmutableArray<Problem> Problems) Load(string scriptPath, IReadOnlyList<string> sets, ScriptHost host, string? repeat = null)
    {
        var (overrides, overrideProblems) = ParseOverrides(sets);
        if (!overrideProblems.IsEmpty) return (null, null, overrideProblems);
        Override? repetition = null;
        if (repeat is not null)
        {
            var parsed = OverrideGrammar.ParseOverride(repeat);
            var problem = parsed.Override switch
            {
                null => Caret(repeat, parsed.Position, DiagnosticCodes.MalformedOverride, $"--repeat {repeat}: {parsed.Error}", "--repeat"),
                { IsSweep: false } => Caret(repeat, parsed.Override.ValueOffset, DiagnosticCodes.MalformedOverride,
                    $"--repeat {repeat}: give the values to repeat over, as a list [1,2,3] or a range 1..5", "--repeat"),
                { } o when overrides.Any(s => s.Key == o.Key) => Caret(repeat, 0, DiagnosticCodes.MalformedOverride,
                    $"--repeat {o.Key}: also given with --set; give it once", "--repeat"),
                _ => null,
            };
            if (problem is not null) return (null, null, [problem]);
            repetition = parsed.Override;
        }

        var (script, problems) = host.Load(scriptPath);
        if (script is null) return (null, null, problems);

        var cells = Cells(repetition is null ? overrides : [.. overrides, repetition]);      // repetitions innermost
        var declared = new Dictionary<string, ParamDeclaration>(StringComparer.Ordinal);
        var inputs = new List<Planner.Input>();
        foreach (var (cell, values) in cells)
        {
            var context = new ParamContext(values);
            object? result;
            try { result = script.Run(context); }
            catch (OverrideException e) { return (null, null, [OverrideProblem(overrides.First(o => o.Key == e.Key), e.Code, e.Message)]); }
            catch (Exception e) { return (null, null, [ScriptHost.Locate(e, script.Closure)]); }
            foreach (var d in context.Declarations) declared.TryAdd(d.Name, d);
            var report = Report.From(result);
            if (report is null)
                return (null, null, [new Problem(DiagnosticCodes.NotAPlan, NotAPlanMessage(result), script.Closure.Main.Path, LastLine(script.Closure.Main), 1)]);
            inputs.Add(new Planner.Input(report, cell));
        }

        // Repetitions written in the script (Repeat) are read as --repeat's: one repeated parameter per experiment.
        var repeated = inputs.SelectMany(i => Planner.RepeatedParameters(i.Report)).Append(repetition?.Key).OfType<string>().Distinct().ToList();
        if (repeated.Count > 1)
            return (null, null, [new Problem(DiagnosticCodes.ConflictingRepeat,
                $"the experiment repeats over {string.Join(" and ", repeated.Select(r => $"'{r}'"))} (Repeat in the script, or --repeat): repeat over one parameter; sweep the others with --set or LINQ",
                script.Closure.Main.Path, 1, 1)]);
        var unknown = overrides.Where(o => !declared.ContainsKey(o.Key)).ToList();
        if (unknown.Count > 0)
            return (null, null, [.. unknown.Select(o => UnknownKey(o, declared.Keys, "--set"))]);
        if (repetition is not null && !declared.ContainsKey(repetition.Key))
            return (null, null, [UnknownKey(repetition, declared.Keys, "--repeat")]);

        var plan = Planner.Build(inputs);
        var diagnostics = plan.Diagnostics.Select(d => Problem.At(d.Origin, d.Code, d.Message, d.Severity));
        var experiment = new Experiment(script.Closure.Main.Path, plan, [.. declared.Values], overrides, [.. cells.Select(c => c.Cell?.Label)]) { Repeat = repeated.FirstOrDefault() };
        return (experiment, script, [.. script.Warnings, .. diagnostics]);
    }

    static (ImmutableArray<Override>, ImmutableArray<Problem>) ParseOverrides(IReadOnlyList<string> sets)
    {
        var overrides = new List<Override>();
        var problems = new List<Problem>();
        foreach (var text in sets)
        {
            var parsed = OverrideGrammar.ParseOverride(text);
            if (parsed.Override is null)
                problems.Add(Caret(text, parsed.Position, DiagnosticCodes.MalformedOverride, $"--set {text}: {parsed.Error}"));
            else if (overrides.Any(o => o.Key == parsed.Override.Key))
                problems.Add(Caret(text, 0, DiagnosticCodes.MalformedOverride, $"--set {parsed.Override.Key} is given twice; give it once (a list such as [a,b] sweeps several values)"));
            else overrides.Add(parsed.Override);
        }
        return ([.. overrides], [.. problems]);
    }

    /// <summary>The sweep cells: one per combination of the list-valued overrides, first axis outermost.</summary>
    static List<(SweepCell? Cell, IReadOnlyDictionary<string, Scalar> Values)> Cells(ImmutableArray<Override> overrides)
    {
        var fixedValues = overrides.Where(o => !o.IsSweep).ToDictionary(o => o.Key, o => o.Values[0]);
        var axes = overrides.Where(o => o.IsSweep).ToList();
        var cells = new List<(SweepCell?, IReadOnlyDictionary<string, Scalar>)>();
        void Expand(int axis, Dictionary<string, Scalar> values, List<CellValue> cell)
        {
            if (axis == axes.Count)
            {
                cells.Add((cell.Count == 0 ? null : new SweepCell([.. cell]), new Dictionary<string, Scalar>(values)));
                return;
            }
            foreach (var v in axes[axis].Values)
            {
                values[axes[axis].Key] = v;
                cell.Add(new CellValue(axes[axis].Key, v.Text));
                Expand(axis + 1, values, cell);
                cell.RemoveAt(cell.Count - 1);
            }
        }
        Expand(0, new Dictionary<string, Scalar>(fixedValues), []);
        return cells;
    }

    static Problem UnknownKey(Override o, IEnumerable<string> known, string option)
    {
        var names = known.Order(StringComparer.Ordinal).ToList();
        var suggestion = Suggest.Nearest(o.Key, names) is { } s ? $"; did you mean '{s}'?" : "";
        var list = names.Count == 0 ? "the script declares no parameters (declare one with Param(\"name\", default))" : $"known: {string.Join(", ", names)}";
        return Caret(o.Text, 0, DiagnosticCodes.UnknownOverride, $"{option} {o.Key}: the script has no parameter '{o.Key}'{suggestion} ({list})", option);
    }

    static Problem OverrideProblem(Override o, string code, string message) =>
        Caret(o.Text, o.ValueOffset, code, $"--set {o.Text}: {message}");

    /// <summary>A problem about a <c>--set</c> argument, with a caret under the character at <paramref name="position"/>.</summary>
    static Problem Caret(string text, int position, string code, string message, string option = "--set") =>
        new(code, message) { Context = [$"{option} {text}", new string(' ', option.Length + 1 + Math.Clamp(position, 0, text.Length)) + "^"] };

    static string NotAPlanMessage(object? result) =>
        (result is null ? "the script ends without a value" : $"the script's value is a {result.GetType().Name}, not something to plan") +
        "; end it with an ensemble, soup or model (e.g. `center.StarSnapshots(cycles: 5).Ensemble()`) or `return Report(…);`";

    static int LastLine(ScriptFile file) =>
        System.Text.Encoding.UTF8.GetString(file.Bytes).TrimEnd().Split('\n').Length;
}
