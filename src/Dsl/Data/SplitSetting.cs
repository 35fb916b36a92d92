namespace EnsDsl;

/// <summary>
/// Which images a dataset's models train on, which ones score them, and which ones are held out for choosing among
/// them. The validation split is the authors' (CIFAR: a stratified 5,000 of the 50,000 training images; SUN-397: 10
/// per class; image folders: 10 %); the embedded tasks generate theirs as images of their own.
/// </summary>
public enum SplitSetting
{
    /// <summary>Train on every training image, score on the test split (the paper's final runs). Spec: no option, or <c>split=test</c>.</summary>
    Test,
    /// <summary>Train without the validation split and score on it instead of the test split (tuning hyper-parameters). Spec <c>split=val</c>.</summary>
    Validation,
    /// <summary>
    /// Train without the validation split, score on the test split, and keep the validation split for choices made
    /// after training that must not see the test split: a greedy soup's ingredients. Spec <c>split=holdout</c>.
    /// </summary>
    HoldOut,
}

/// <summary>The spec names of <see cref="SplitSetting"/>.</summary>
public static class SplitSettings
{
    /// <summary>The value of the spec's <c>split=</c> option: <c>test</c>, <c>val</c> or <c>holdout</c>.</summary>
    public static string SpecName(this SplitSetting split) => split switch
    {
        SplitSetting.Validation => "val",
        SplitSetting.HoldOut => "holdout",
        _ => "test",
    };

    /// <summary>The setting a spec's <c>split=</c> value names, or null.</summary>
    public static SplitSetting? FromSpecName(string name) =>
        Enum.GetValues<SplitSetting>().Select(s => (SplitSetting?)s).FirstOrDefault(s => s!.Value.SpecName() == name);
}
