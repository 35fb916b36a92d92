using System.Globalization;

namespace EnsDsl;

/// <summary>
/// A dataset specification: what to load, never the data itself (loading is the Runtime's job).
/// Every dataset has a spec string, <c>kind:path[?option=value&amp;…]</c>, that <see cref="Parse"/> reads back:
/// <c>cifar100:datasets/cifar-100</c>, <c>cifar10:DIR</c>, <c>sun397:DIR?partition=1</c>,
/// <c>imagefolder:DIR</c>, <c>embedded:source</c>, <c>embedded:target?seed=3</c>,
/// <c>fashion-mnist:/usr/share/datasets/fashion-mnist?classes=5..9&amp;per_class=20</c>. Every kind accepts the
/// options <c>classes=</c>, <c>per_class=</c> and <c>per_class_seed=</c> (a subset: <see cref="KeptClasses"/>,
/// <see cref="Draw"/>), <c>split=</c> and <c>corrupt=</c>.
/// </summary>
/// <example><code>var data = Cifar100("datasets/cifar-100");</code></example>
public abstract record Dataset
{
    /// <summary>The kind, the part of the spec before the colon.</summary>
    public abstract string Kind { get; }

    /// <summary>
    /// Number of classes when the kind fixes it (CIFAR-100: 100), or the number kept (<see cref="KeptClasses"/>); null
    /// when only the files tell.
    /// </summary>
    public int? NumberOfClasses => KeptClasses?.Count ?? KindClasses;

    /// <summary>Number of classes of the kind, when it fixes it.</summary>
    private protected abstract int? KindClasses { get; }

    /// <summary>Training images of every class, when the kind fixes one number for all (CIFAR-100: 500).</summary>
    private protected virtual int? TrainPerClass => null;

    /// <summary>Test images of every class, when the kind fixes one number for all (CIFAR-100: 100).</summary>
    private protected virtual int? TestPerClass => null;

    /// <summary>
    /// The classes kept, in the order given (spec option <c>classes=</c>): images of the other classes are left out of
    /// every split, and the kept ones are relabelled 0..k−1 in this order. Null keeps every class.
    /// </summary>
    public ClassSelection? KeptClasses { get; init; }

    /// <summary>
    /// A class-balanced draw from the training images (spec options <c>per_class=</c>, <c>per_class_seed=</c>): that
    /// many images of every class, chosen by the seed. Null trains on every training image. The test split stays whole.
    /// </summary>
    public PerClassDraw? Draw { get; init; }


    /// <summary>
    /// Images of the split that scores models, when the kind fixes it (CIFAR: 10,000 test images); null when only the
    /// files tell, or when a validation split is held out of the training images.
    /// </summary>
    public int? ScoredImages => Split != SplitSetting.Test ? null
        : KeptClasses is { } kept ? kept.Count * TestPerClass
        : TestImages;

    /// <summary>Images of the test split, when the kind fixes it.</summary>
    private protected virtual int? TestImages => null;

    /// <summary>
    /// Images a training epoch goes through, when the kind fixes it (CIFAR: 50,000); null when only the files tell, or
    /// when a validation split is held out of them.
    /// </summary>
    public int? TrainImages => Split != SplitSetting.Test ? null
        : Draw is { } draw ? NumberOfClasses * draw.Count
        : KeptClasses is { } kept ? kept.Count * TrainPerClass
        : TrainSplitImages;

    /// <summary>Images of the training split, when the kind fixes it.</summary>
    private protected virtual int? TrainSplitImages => null;

    /// <summary>False for the sets that only score models (the distribution-shift test sets): nothing trains on them.</summary>
    public virtual bool HasTrainingSplit => true;

    /// <summary>True where the authors report mean per-class accuracy instead of top-1 (Aircraft, Caltech-101, Flowers, Pets).</summary>
    public bool MeanPerClassAccuracy { get; init; }

    /// <summary>Which split models train on and which one scores them (spec option <c>split=</c>); see <see cref="SplitSetting"/>.</summary>
    public SplitSetting Split { get; init; }

    /// <summary>True in the validation setting of hyper-parameter tuning (<see cref="SplitSetting.Validation"/>).</summary>
    public bool Validation => Split == SplitSetting.Validation;

    /// <summary>Images that cannot be decoded are left out and counted instead of stopping the run. Spec option <c>corrupt=skip</c>.</summary>
    public bool SkipCorrupt { get; init; }

    /// <summary>The spec of the kind and its own options, without the options every kind shares.</summary>
    protected abstract string KindSpec { get; }

    /// <summary>The spec string that <see cref="Parse"/> turns back into this dataset.</summary>
    public string Spec
    {
        get
        {
            List<string> shared = [];
            if (KeptClasses is { } kept) shared.Add($"classes={kept.Spec}");
            if (Draw is { } draw) shared.Add(draw.Seed == 0 ? $"per_class={draw.Count}" : $"per_class={draw.Count}&per_class_seed={draw.Seed}");
            if (Split != SplitSetting.Test) shared.Add($"split={Split.SpecName()}");
            if (SkipCorrupt) shared.Add("corrupt=skip");
            var kind = KindSpec;
            return shared.Count == 0 ? kind : kind + (kind.Contains('?') ? "&" : "?") + string.Join('&', shared);
        }
    }

    /// <summary>
    /// Why this dataset's subset (<see cref="KeptClasses"/>, <see cref="Draw"/>) cannot be taken, as far as the kind
    /// tells without reading files; null when it can. What only the files tell is checked when they are read.
    /// </summary>
    /// <example><code>Dataset.Parse("cifar100:d?per_class=501").SubsetProblem()   // "per_class=501: cifar100 has 500 training images per class"</code></example>
    public string? SubsetProblem() =>
        KeptClasses?.Indices.FirstOrDefault(c => c >= KindClasses) is { } unknown && unknown >= KindClasses
            ? $"{Kind} has classes 0..{KindClasses - 1}; there is no class {unknown}"
        : Draw is { } draw && !HasTrainingSplit ? $"per_class={draw.Count}: {Kind} has no training images to draw from (it only scores models)"
        : Draw is { Count: < 1 } small ? $"per_class={small.Count}: draw at least one training image per class"
        : Draw is { } big && TrainPerClass is { } most && big.Count > most ? $"per_class={big.Count}: {Kind} has {most:N0} training images per class"
        : null;

    /// <inheritdoc />
    public override string ToString() => Spec;

    /// <summary>The kinds <see cref="Parse"/> accepts, with an example each.</summary>
    public static IReadOnlyList<string> KnownSpecs { get; } =
        ["cifar10:DIR", "cifar100:DIR", "sun397:DIR[?partition=N]", "imagefolder:DIR", "embedded:source", "embedded:target[?seed=N]",
         "fashion-mnist:DIR", "mnist:DIR",
         "cifar10c:DIR?corruption=NAME&severity=1..5", "cifar100c:DIR?corruption=NAME&severity=1..5", "cifar10.1:DIR[?version=4|6]"];

    /// <summary>The options every kind accepts after '?'.</summary>
    static readonly string[] SharedOptions = ["classes", "per_class", "per_class_seed", "split", "corrupt"];

    /// <summary>Parses a dataset spec string such as <c>cifar100:datasets/cifar-100</c>.</summary>
    /// <example><code>Dataset.Parse("sun397:datasets/sun397?partition=2")</code></example>
    /// <exception cref="FormatException">The spec is malformed; the message says what is expected.</exception>
    public static Dataset Parse(string spec)
    {
        var colon = spec.IndexOf(':');
        if (colon <= 0)
            throw new FormatException($"dataset spec '{spec}' has no kind; expected one of: {string.Join(", ", KnownSpecs)}");
        var kind = spec[..colon].Trim().ToLowerInvariant();
        var rest = spec[(colon + 1)..];
        var (path, options) = SplitOptions(rest, spec);
        string Option(string key, string fallback) => options.TryGetValue(key, out var v) ? v : fallback;
        Dataset result = kind switch
        {
            "cifar10" => new Cifar(10, NonEmpty(path, spec)),
            "cifar100" => new Cifar(100, NonEmpty(path, spec)),
            "sun397" => new Sun397(NonEmpty(path, spec), Int(Option("partition", "1"), "partition", spec)),
            "imagefolder" => new ImageFolder(NonEmpty(path, spec)),
            "embedded" => new Embedded(path.Trim().ToLowerInvariant() switch
            {
                "source" => EmbeddedTask.Source,
                "target" => EmbeddedTask.Target,
                _ => throw new FormatException($"dataset spec '{spec}': the embedded task is 'source' or 'target'"),
            }, Int(Option("seed", "0"), "seed", spec)),
            "cifar10c" or "cifar100c" => Corrupted(kind == "cifar10c" ? 10 : 100, NonEmpty(path, spec),
                options.TryGetValue("corruption", out var c) ? c : throw new FormatException($"dataset spec '{spec}': name the corruption (corruption=NAME; one of {string.Join(", ", CorruptedCifar.Corruptions)})"),
                options.TryGetValue("severity", out var sv) ? Int(sv, "severity", spec) : throw new FormatException($"dataset spec '{spec}': give the severity (severity=1..{CorruptedCifar.MaxSeverity})"), spec),
            "cifar10.1" => Int(Option("version", "4"), "version", spec) is var v and (4 or 6)
                ? new Cifar10Point1(NonEmpty(path, spec), v)
                : throw new FormatException($"dataset spec '{spec}': CIFAR-10.1's version is 4 or 6"),
            "fashion-mnist" => new Mnist(MnistKind.Fashion, NonEmpty(path, spec)),
            "mnist" => new Mnist(MnistKind.Digits, NonEmpty(path, spec)),
            _ => throw new FormatException($"dataset spec '{spec}': unknown kind '{kind}'; expected one of: {string.Join(", ", KnownSpecs)}"),
        };
        var unknown = options.Keys.Except(result.OptionNames).Except(SharedOptions).ToList();
        if (unknown.Count > 0)
            throw new FormatException($"dataset spec '{spec}': unknown option '{unknown[0]}' for {kind} (every kind accepts classes=, per_class=, per_class_seed=, split=val|holdout and corrupt=skip)");
        if (options.ContainsKey("per_class_seed") && !options.ContainsKey("per_class"))
            throw new FormatException($"dataset spec '{spec}': per_class_seed= is the seed of a per_class= draw; give per_class=N too");
        ClassSelection? kept;
        try { kept = options.TryGetValue("classes", out var classes) ? ClassSelection.Parse(classes) : null; }
        catch (FormatException e) { throw new FormatException($"dataset spec '{spec}': {e.Message}"); }
        result = result with
        {
            KeptClasses = kept,
            Draw = options.TryGetValue("per_class", out var perClass)
                ? new PerClassDraw(Int(perClass, "per_class", spec), Int(Option("per_class_seed", "0"), "per_class_seed", spec))
                : null,
        };
        if (result.SubsetProblem() is { } problem) throw new FormatException($"dataset spec '{spec}': {problem}");
        return result with
        {
            Split = SplitSettings.FromSpecName(Option("split", "test")) ?? throw new FormatException(
                $"dataset spec '{spec}': split is 'test' (the default), 'val' (a validation split instead of the test split) or 'holdout' (the validation split held out for greedy soups), got '{Option("split", "test")}'"),
            SkipCorrupt = Option("corrupt", "error") switch
            {
                "error" => false,
                "skip" => true,
                var other => throw new FormatException($"dataset spec '{spec}': corrupt is 'error' or 'skip', got '{other}'"),
            },
        };
    }

    static CorruptedCifar Corrupted(int classes, string path, string corruption, int severity, string spec) =>
        CorruptedCifar.Problem(corruption, severity) is { } problem
            ? throw new FormatException($"dataset spec '{spec}': {problem}")
            : new CorruptedCifar(classes, path, corruption, severity);

    /// <summary>Option names this kind accepts after '?'.</summary>
    private protected virtual IEnumerable<string> OptionNames => [];

    static (string Path, Dictionary<string, string> Options) SplitOptions(string rest, string spec)
    {
        var q = rest.IndexOf('?');
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (q < 0) return (rest, options);
        foreach (var pair in rest[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0) throw new FormatException($"dataset spec '{spec}': option '{pair}' is not key=value");
            options[pair[..eq]] = pair[(eq + 1)..];
        }
        return (rest[..q], options);
    }

    static string NonEmpty(string path, string spec) => path.Trim().Length > 0
        ? path.Trim()
        : throw new FormatException($"dataset spec '{spec}' has no directory after the colon");

    static int Int(string text, string key, string spec) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0
            ? v
            : throw new FormatException($"dataset spec '{spec}': {key} must be a non-negative integer, got '{text}'");
}

/// <summary>CIFAR-10 or CIFAR-100 from the official archive (binary or python version) in <see cref="Path"/>.</summary>
/// <param name="ClassCount">10 or 100.</param>
/// <param name="Path">Directory holding the extracted archive.</param>
public sealed record Cifar(int ClassCount, string Path) : Dataset
{
    /// <inheritdoc />
    public override string Kind => ClassCount == 10 ? "cifar10" : "cifar100";
    /// <inheritdoc />
    private protected override int? KindClasses => ClassCount;
    /// <summary>CIFAR's test batch: 10,000 images.</summary>
    private protected override int? TestImages => 10_000;
    /// <summary>CIFAR's five training batches: 50,000 images.</summary>
    private protected override int? TrainSplitImages => 50_000;
    /// <summary>CIFAR is balanced: 5,000 (CIFAR-10) or 500 (CIFAR-100) training images per class.</summary>
    private protected override int? TrainPerClass => 50_000 / ClassCount;
    /// <summary>1,000 or 100 test images per class.</summary>
    private protected override int? TestPerClass => 10_000 / ClassCount;
    /// <inheritdoc />
    protected override string KindSpec => $"{Kind}:{Path}";
}

/// <summary>SUN-397 with the official partition files (<c>Training_0N.txt</c>/<c>Testing_0N.txt</c>).</summary>
/// <param name="Path">Directory with the images and the partition files.</param>
/// <param name="Partition">Which of the ten official partitions (the authors use 1).</param>
public sealed record Sun397(string Path, int Partition = 1) : Dataset
{
    /// <inheritdoc />
    public override string Kind => "sun397";
    /// <inheritdoc />
    private protected override int? KindClasses => 397;
    /// <summary>An official partition tests on 50 images per class.</summary>
    private protected override int? TestImages => 50 * 397;
    /// <summary>An official partition trains on 50 images per class.</summary>
    private protected override int? TrainSplitImages => 50 * 397;
    /// <inheritdoc />
    private protected override int? TrainPerClass => 50;
    /// <inheritdoc />
    private protected override int? TestPerClass => 50;
    /// <inheritdoc />
    protected override string KindSpec => Partition == 1 ? $"sun397:{Path}" : $"sun397:{Path}?partition={Partition}";
    private protected override IEnumerable<string> OptionNames => ["partition"];
}

/// <summary>A folder with one sub-folder per class (covers the other transfer datasets).</summary>
/// <param name="Path">The root folder; <c>train/</c> and <c>test/</c> inside it when present.</param>
public sealed record ImageFolder(string Path) : Dataset
{
    /// <inheritdoc />
    public override string Kind => "imagefolder";
    /// <inheritdoc />
    private protected override int? KindClasses => null;
    /// <inheritdoc />
    protected override string KindSpec => $"imagefolder:{Path}";
}

/// <summary>Which of the two embedded synthetic tasks.</summary>
public enum EmbeddedTask
{
    /// <summary>Many classes and plenty of images: for pre-training.</summary>
    Source,
    /// <summary>Related, disjoint classes with few images each: for fine-tuning.</summary>
    Target,
}

/// <summary>
/// A procedurally generated image task made in memory from <see cref="Seed"/> (no files, no downloads):
/// the default of the quickstart.
/// </summary>
/// <param name="Task">Source (pre-training) or target (fine-tuning) task.</param>
/// <param name="Seed">Generator seed; the source and target of one seed share their primitives.</param>
public sealed record Embedded(EmbeddedTask Task, int Seed = 0) : Dataset
{
    /// <summary>Classes of the source task: 40 of the 66 pairs of 12 primitives.</summary>
    public const int SourceClasses = 40;

    /// <summary>Classes of the target task: 20 other pairs, disjoint from the source's.</summary>
    public const int TargetClasses = 20;

    /// <summary>Training and test images per class of a task (held-out images for validation are extra).</summary>
    public static (int Train, int Test) ImagesPerClass(EmbeddedTask task) => task == EmbeddedTask.Source ? (250, 25) : (10, 50);

    /// <summary>Held-out training images per class of a task, for the validation setting (a tenth of the training images, at least 10).</summary>
    public static int HeldOutPerClass(EmbeddedTask task) => Math.Max(10, ImagesPerClass(task).Train / 10);

    /// <inheritdoc />
    private protected override int? TestImages => KindClasses * ImagesPerClass(Task).Test;

    /// <inheritdoc />
    private protected override int? TrainSplitImages => KindClasses * ImagesPerClass(Task).Train;

    /// <inheritdoc />
    private protected override int? TrainPerClass => ImagesPerClass(Task).Train;

    /// <inheritdoc />
    private protected override int? TestPerClass => ImagesPerClass(Task).Test;

    /// <inheritdoc />
    public override string Kind => "embedded";
    /// <inheritdoc />
    private protected override int? KindClasses => Task == EmbeddedTask.Source ? SourceClasses : TargetClasses;
    /// <inheritdoc />
    protected override string KindSpec => $"embedded:{Task.Name()}" + (Seed == 0 ? "" : $"?seed={Seed}");
    private protected override IEnumerable<string> OptionNames => ["seed"];
}
