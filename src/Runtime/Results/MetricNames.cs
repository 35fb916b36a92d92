namespace EnsDsl.Runtime.Results;

/// <summary>
/// Every metric's name, in one table. Node records (<c>node.json</c>), <c>results.json</c>, <c>results.csv</c>, the
/// charts, the console summary and MLflow all spell metrics with these. A score on a test split is
/// <c>test_NAME</c> where it sits among other numbers of a node (node records, child runs, paths) and plain
/// <c>NAME</c> where the item already says what was scored (curves, soups, the parent run's <c>ITEM/NAME</c>).
/// </summary>
public static class MetricNames
{
    /// <summary>Accuracy (mean per-class accuracy where the dataset calls for it).</summary>
    public const string Accuracy = "acc";
    /// <summary>Negative log-likelihood.</summary>
    public const string Nll = "nll";
    /// <summary>Expected calibration error.</summary>
    public const string Ece = "ece";
    /// <summary>Brier score.</summary>
    public const string Brier = "brier";
    /// <summary>Calibrated NLL (temperature scaling, cross-validated).</summary>
    public const string CalibratedNll = "cnll";
    /// <summary>The temperature fitted on the whole test set.</summary>
    public const string Temperature = "temperature";
    /// <summary>Error (1 − accuracy), along paths.</summary>
    public const string Error = "err";

    /// <summary>The prefix of a score on the test split.</summary>
    public const string TestPrefix = "test_";
    /// <summary><c>test_acc</c>.</summary>
    public const string TestAccuracy = TestPrefix + Accuracy;
    /// <summary><c>test_nll</c>.</summary>
    public const string TestNll = TestPrefix + Nll;
    /// <summary><c>test_err</c>.</summary>
    public const string TestError = TestPrefix + Error;

    /// <summary>The scores results files, charts and the console report, in their column order.</summary>
    public static IReadOnlyList<string> Reported { get; } = [Accuracy, Nll, Ece, Brier, CalibratedNll];

    /// <summary>A score's column title in console tables: <c>acc</c>, <c>NLL</c>, <c>ECE</c>, <c>Brier</c>, <c>cNLL</c>.</summary>
    public static string Title(string score) => score switch
    {
        Accuracy => "acc",
        Nll => "NLL",
        Ece => "ECE",
        Brier => "Brier",
        CalibratedNll => "cNLL",
        _ => score,
    };

    /// <summary>A score on the test split as node records name it: <c>acc</c> → <c>test_acc</c>.</summary>
    public static string OnTest(string score) => TestPrefix + score;

    /// <summary>
    /// A metric as the reports group and compare it: a score on the test split by its own name (<c>test_acc</c> →
    /// <c>acc</c>), any other metric as it is (<c>disagreement</c>, <c>loss_barrier</c>).
    /// </summary>
    public static string Unscoped(string metric) => metric.StartsWith(TestPrefix, StringComparison.Ordinal) ? metric[TestPrefix.Length..] : metric;

    /// <summary>Mean pairwise disagreement of an ensemble's members.</summary>
    public const string Disagreement = "disagreement";
    /// <summary>Mean pairwise KL divergence of an ensemble's members.</summary>
    public const string Kl = "kl";
    /// <summary>Ensemble accuracy minus mean member accuracy.</summary>
    public const string Gain = "gain";

    /// <summary>The loss barrier of a path.</summary>
    public const string LossBarrier = "loss_barrier";
    /// <summary>The error barrier of a path.</summary>
    public const string ErrorBarrier = "error_barrier";

    /// <summary>A basin report's largest error barrier.</summary>
    public const string MaxErrorBarrier = "max_error_barrier";
    /// <summary>A basin report's mean error barrier.</summary>
    public const string MeanErrorBarrier = "mean_error_barrier";
    /// <summary>A basin report's largest loss barrier.</summary>
    public const string MaxLossBarrier = "max_loss_barrier";
    /// <summary>Mean L2 distance of the members to the centre.</summary>
    public const string MeanDistanceToCenter = "mean_distance_to_center";
    /// <summary>Mean L2 distance between members.</summary>
    public const string MeanPairwiseDistance = "mean_pairwise_distance";
    /// <summary>Mean L2 distance of the members to the weights their fine-tune started from.</summary>
    public const string MeanDistanceToPretrained = "mean_distance_to_pretrained";

    /// <summary>The lowest test error over a plane's grid.</summary>
    public const string MinTestError = "min_" + TestError;
    /// <summary>The highest test error over a plane's grid.</summary>
    public const string MaxTestError = "max_" + TestError;
    /// <summary>Mean distance of the models projected onto a plane to it.</summary>
    public const string MeanDistanceToPlane = "mean_distance_to_plane";

    /// <summary>Training loss of an epoch.</summary>
    public const string TrainLoss = "train_loss";
    /// <summary>Training accuracy of an epoch.</summary>
    public const string TrainAccuracy = "train_acc";
    /// <summary>Wall-clock seconds of an epoch.</summary>
    public const string EpochSeconds = "epoch_seconds";
    /// <summary>Training throughput of an epoch.</summary>
    public const string ImagesPerSecond = "images_per_second";
}
