// exit: 2
// expect: throws.csx(8,5): error ENS0002: the script threw InvalidOperationException: no cycle length for swin
// Script code that throws is reported at its line, not as a stack trace.
int CycleLength(string setting)
{
    if (setting == "byol")
        return 25;
    throw new InvalidOperationException($"no cycle length for {setting}");
}
var center = Pretrained("byol").FineTune();
center.StarSnapshots(cycles: 5, epochs: CycleLength("swin")).Ensemble()
