using System.Runtime.CompilerServices;

namespace EnsDsl;

public static partial class Prelude
{
    /// <summary>CIFAR-10 from the official archive in <paramref name="path"/>.</summary>
    /// <param name="path">Directory of the extracted archive.</param>
    /// <example><code>Pretrained("byol").FineTune(Cifar10("datasets/cifar-10"))</code></example>
    public static Dataset Cifar10(string path = "datasets/cifar-10") => new Cifar(10, path);

    /// <summary>CIFAR-100 from the official archive in <paramref name="path"/> (the experiments' default dataset).</summary>
    /// <param name="path">Directory of the extracted archive.</param>
    /// <example><code>var data = Cifar100(Param("data", "datasets/cifar-100"));</code></example>
    public static Dataset Cifar100(string path = "datasets/cifar-100") => new Cifar(100, path);

    /// <summary>SUN-397 with its official partition files.</summary>
    /// <param name="path">Directory with the images and <c>Training_0N.txt</c>/<c>Testing_0N.txt</c>.</param>
    /// <param name="partition">Which official partition (the authors use 1).</param>
    /// <example><code>Sun397("datasets/sun397")</code></example>
    public static Dataset Sun397(string path = "datasets/sun397", int partition = 1) => new EnsDsl.Sun397(path, partition);

    /// <summary>
    /// CIFAR-100-C: the CIFAR-100 test images under <paramref name="corruption"/> at <paramref name="severity"/>, from
    /// the published <c>.npy</c> files, to score models trained on CIFAR-100 under distribution shift.
    /// </summary>
    /// <param name="corruption">One of <see cref="CifarCorruptions"/>, e.g. "fog".</param>
    /// <param name="severity">1–5.</param>
    /// <param name="path">The folder with the files.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>Report(CifarCorruptions.Select(c => star.Ensemble(Cifar100C(c, severity: 3)).Named($"StarSSE, {c}")))</code></example>
    public static Dataset Cifar100C(string corruption, int severity, string path = "datasets/cifar100c",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) => Corrupted(100, corruption, severity, path, file, line, nameof(Cifar100C));

    /// <summary>CIFAR-10-C: the CIFAR-10 test images under <paramref name="corruption"/> at <paramref name="severity"/>, from the published <c>.npy</c> files.</summary>
    /// <param name="corruption">One of <see cref="CifarCorruptions"/>, e.g. "gaussian_noise".</param>
    /// <param name="severity">1–5.</param>
    /// <param name="path">The folder with the files.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>model.Evaluate(Cifar10C("gaussian_noise", severity: 5))</code></example>
    public static Dataset Cifar10C(string corruption, int severity, string path = "datasets/cifar10c",
        [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) => Corrupted(10, corruption, severity, path, file, line, nameof(Cifar10C));

    /// <summary>The 19 corruptions of CIFAR-10-C and CIFAR-100-C's published files.</summary>
    /// <example><code>foreach (var c in CifarCorruptions) …</code></example>
    public static IReadOnlyList<string> CifarCorruptions => CorruptedCifar.Corruptions;

    /// <summary>CIFAR-10.1, new test images for CIFAR-10 models, from the published <c>.npy</c> files.</summary>
    /// <param name="path">The folder with <c>cifar10.1_v{version}_data.npy</c> and <c>_labels.npy</c>.</param>
    /// <param name="version">4 (the authors' loader) or 6.</param>
    /// <example><code>members.Ensemble(Cifar10_1())</code></example>
    public static Dataset Cifar10_1(string path = "datasets/cifar10_1", int version = 4) => new Cifar10Point1(path, version);

    static Dataset Corrupted(int classes, string corruption, int severity, string path, string file, int line, string member) =>
        CorruptedCifar.Problem(corruption, severity) is { } problem
            ? throw new DslException($"{member}: {problem}", CallSite.At(file, line, member), DiagnosticCodes.InvalidHyperParameter)
            : new CorruptedCifar(classes, path, corruption, severity);

    /// <summary>
    /// Zalando's Fashion-MNIST (10 kinds of clothing; 60,000 training and 10,000 test images, 28 × 28 grayscale) from
    /// its original idx files, gzipped or not: by default where Debian's <c>dataset-fashion-mnist</c> installs them. A
    /// network sees each image's one channel three times, normalised with the dataset's own mean and deviation.
    /// </summary>
    /// <param name="path">The folder with <c>train-images-idx3-ubyte[.gz]</c>, <c>train-labels-idx1-ubyte[.gz]</c> and the two <c>t10k-</c> files.</param>
    /// <example><code>var target = FashionMnist().Classes([5, 6, 7, 8, 9]).PerClass(20, seed: 1);</code></example>
    public static Dataset FashionMnist(string path = EnsDsl.Mnist.DebianFashionMnist) => new EnsDsl.Mnist(MnistKind.Fashion, path);

    /// <summary>LeCun's MNIST digits (60,000 training and 10,000 test images, 28 × 28 grayscale) from the original idx files, gzipped or not.</summary>
    /// <param name="path">The folder with <c>train-images-idx3-ubyte[.gz]</c>, <c>train-labels-idx1-ubyte[.gz]</c> and the two <c>t10k-</c> files.</param>
    /// <example><code>Scratch("cifar-resnet20", seed: 1).Train(10, data: Mnist("datasets/mnist"))</code></example>
    public static Dataset Mnist(string path = "datasets/mnist") => new EnsDsl.Mnist(MnistKind.Digits, path);

    /// <summary>
    /// This dataset with only <paramref name="classes"/> (their original indices), relabelled 0..k−1 in the order given:
    /// every split keeps exactly those classes, and a model trained on it has a head of k classes. Spec option
    /// <c>classes=</c> (<c>5..9</c>, <c>0,2,4</c>).
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="classes">Original class indices, each once.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>var source = FashionMnist().Classes([0, 1, 2, 3, 4]);</code></example>
    public static Dataset Classes(this Dataset data, IEnumerable<int> classes, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        ClassSelection kept;
        try { kept = ClassSelection.Of(classes); }
        catch (FormatException e) { throw new DslException($"{nameof(Classes)}: {e.Message}", CallSite.At(file, line, nameof(Classes)), DiagnosticCodes.InvalidHyperParameter); }
        return Checked(data with { KeptClasses = kept }, file, line, nameof(Classes));
    }

    /// <summary>
    /// This dataset with a class-balanced draw of its training images: <paramref name="count"/> of every class, chosen by
    /// <paramref name="seed"/> (another seed, other images) — the few-shot setting of transfer papers. The test split
    /// stays whole. Spec options <c>per_class=</c> and <c>per_class_seed=</c>.
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <param name="count">Training images per class.</param>
    /// <param name="seed">The draw's seed.</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>FashionMnist().Classes([5, 6, 7, 8, 9]).PerClass(20, seed: Param("draw", 1))</code></example>
    public static Dataset PerClass(this Dataset data, int count, int seed = 0, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0) =>
        Checked(data with { Draw = new PerClassDraw(count, seed) }, file, line, nameof(PerClass));

    static Dataset Checked(Dataset data, string file, int line, string member) => data.SubsetProblem() is { } problem
        ? throw new DslException($"{member}: {problem}", CallSite.At(file, line, member), DiagnosticCodes.InvalidHyperParameter)
        : data;

    /// <summary>A folder with one sub-folder per class.</summary>
    /// <param name="path">The root folder.</param>
    /// <example><code>ImageFolder("datasets/flowers").PerClassAccuracy()</code></example>
    public static Dataset ImageFolder(string path) => new EnsDsl.ImageFolder(path);

    /// <summary>The embedded synthetic SOURCE task (for pre-training), generated in memory from a seed.</summary>
    /// <param name="seed">Generator seed.</param>
    /// <example><code>TrainOnSource(EmbeddedSource(), seed: 1)</code></example>
    public static Dataset EmbeddedSource(int seed = 0) => new Embedded(EmbeddedTask.Source, seed);

    /// <summary>The embedded synthetic TARGET task (few images per class, for fine-tuning), generated in memory.</summary>
    /// <param name="seed">Generator seed (match the source's).</param>
    /// <example><code>backbone.FineTune(EmbeddedTarget())</code></example>
    public static Dataset EmbeddedTarget(int seed = 0) => new Embedded(EmbeddedTask.Target, seed);

    /// <summary>A dataset from its spec string, e.g. <c>cifar100:datasets/cifar-100</c> or <c>embedded:target</c>.</summary>
    /// <param name="spec">The spec (see <see cref="Dataset"/>).</param>
    /// <param name="file">Filled in by the compiler.</param>
    /// <param name="line">Filled in by the compiler.</param>
    /// <example><code>Data(Param("target", "embedded:target"))</code></example>
    public static Dataset Data(string spec, [CallerFilePath] string file = "", [CallerLineNumber] int line = 0)
    {
        try { return Dataset.Parse(spec); }
        catch (FormatException e) { throw new DslException(e.Message, CallSite.At(file, line, nameof(Data)), DiagnosticCodes.UnknownName); }
    }

    /// <summary>This dataset scored by mean per-class accuracy (as the authors do for Aircraft, Caltech-101, Flowers, Pets).</summary>
    /// <param name="data">The dataset.</param>
    /// <example><code>ImageFolder("datasets/pets").PerClassAccuracy()</code></example>
    public static Dataset PerClassAccuracy(this Dataset data) => data with { MeanPerClassAccuracy = true };

    /// <summary>
    /// This dataset in the validation setting, for tuning hyper-parameters as the authors do: a stratified validation
    /// split is taken from the training images and replaces the test split (CIFAR: 45,000 train / 5,000 validation,
    /// the split of scikit-learn's <c>train_test_split(stratify=labels, random_state=42)</c>; SUN-397: 10 per class).
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <example><code>Pretrained("byol").FineTune(Cifar100().Validation(), lr: Param("lr", 0.05))</code></example>
    public static Dataset Validation(this Dataset data) => data with { Split = SplitSetting.Validation };

    /// <summary>
    /// This dataset with its validation split held out: models train on the rest of the training images and are
    /// scored on the test split, and greedy soups choose their ingredients on the held-out images, which no member
    /// has seen (as model-soups holds out part of ImageNet's training set). The split is the authors' validation split
    /// (CIFAR: 5,000 images; SUN-397: 10 per class); the embedded tasks generate a held-out set of their own, so their
    /// training images stay as they are.
    /// </summary>
    /// <param name="data">The dataset.</param>
    /// <example><code>Pretrained("byol").FineTune(Cifar100().HoldOut()).StarSnapshots(cycles: 5).Soup(SoupKind.Greedy)</code></example>
    public static Dataset HoldOut(this Dataset data) => data with { Split = SplitSetting.HoldOut };

    /// <summary>Images that cannot be decoded are left out and counted (in the log and results) instead of stopping the run.</summary>
    /// <param name="data">The dataset.</param>
    /// <example><code>Sun397("datasets/sun397").SkipCorruptImages()</code></example>
    public static Dataset SkipCorruptImages(this Dataset data) => data with { SkipCorrupt = true };
}
