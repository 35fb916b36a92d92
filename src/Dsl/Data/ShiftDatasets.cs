namespace EnsDsl;

/// <summary>
/// CIFAR-10-C or CIFAR-100-C (Hendrycks &amp; Dietterich 2019), a test set under distribution shift: the CIFAR test
/// images under one of 19 corruptions at one of five severities, from the published files —
/// <c>{corruption}.npy</c> (50,000 × 32 × 32 × 3 bytes: severity 1's 10,000 images, then severity 2's, …) and
/// <c>labels.npy</c>. Only for scoring: it has no training split.
/// </summary>
/// <param name="ClassCount">10 or 100.</param>
/// <param name="Path">The folder with the <c>.npy</c> files (or the one the archive unpacks into).</param>
/// <param name="Corruption">One of <see cref="Corruptions"/>.</param>
/// <param name="Severity">1–5.</param>
public sealed record CorruptedCifar(int ClassCount, string Path, string Corruption, int Severity) : Dataset
{
    /// <summary>The published corruptions, as the authors' loader lists them (the 15 of the benchmark and 4 extra).</summary>
    public static IReadOnlyList<string> Corruptions { get; } =
    [
        "brightness", "contrast", "defocus_blur", "elastic_transform", "fog", "frost", "gaussian_blur", "gaussian_noise",
        "glass_blur", "impulse_noise", "jpeg_compression", "motion_blur", "pixelate", "saturate", "shot_noise", "snow",
        "spatter", "speckle_noise", "zoom_blur",
    ];

    /// <summary>Severities run from 1 to this.</summary>
    public const int MaxSeverity = 5;

    /// <inheritdoc />
    public override string Kind => ClassCount == 10 ? "cifar10c" : "cifar100c";
    /// <inheritdoc />
    private protected override int? KindClasses => ClassCount;
    /// <summary>Each corruption and severity: CIFAR's 10,000 test images, corrupted.</summary>
    private protected override int? TestImages => 10_000;
    /// <summary>CIFAR's test images: 1,000 (CIFAR-10) or 100 (CIFAR-100) per class.</summary>
    private protected override int? TestPerClass => 10_000 / ClassCount;
    /// <inheritdoc />
    public override bool HasTrainingSplit => false;
    /// <inheritdoc />
    protected override string KindSpec => $"{Kind}:{Path}?corruption={Corruption}&severity={Severity}";
    private protected override IEnumerable<string> OptionNames => ["corruption", "severity"];

    /// <summary>Why these values are not a published set, or null when they are.</summary>
    public static string? Problem(string corruption, int severity) =>
        !Corruptions.Contains(corruption) ? $"unknown corruption '{corruption}'; the published ones: {string.Join(", ", Corruptions)}"
        : severity is < 1 or > MaxSeverity ? $"severity runs from 1 to {MaxSeverity}, got {severity}"
        : null;
}

/// <summary>
/// CIFAR-10.1 (Recht et al. 2019), new test images for CIFAR-10 classifiers, from the published files
/// <c>cifar10.1_v{version}_data.npy</c> (N × 32 × 32 × 3 bytes) and <c>cifar10.1_v{version}_labels.npy</c>. Version 4
/// (2,021 images) is the one the authors' loader names; version 6 (2,000) is the recommended one. Only for scoring.
/// </summary>
/// <param name="Path">The folder with the two files.</param>
/// <param name="Version">4 or 6.</param>
public sealed record Cifar10Point1(string Path, int Version = 4) : Dataset
{
    /// <inheritdoc />
    public override string Kind => "cifar10.1";
    /// <inheritdoc />
    private protected override int? KindClasses => 10;
    /// <inheritdoc />
    public override bool HasTrainingSplit => false;
    /// <inheritdoc />
    protected override string KindSpec => Version == 4 ? $"cifar10.1:{Path}" : $"cifar10.1:{Path}?version={Version}";
    private protected override IEnumerable<string> OptionNames => ["version"];
}
