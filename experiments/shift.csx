// Robustness under distribution shift, with the authors' shift sets: StarSSE and Local DE ensembles (and StarSSE's
// soup) of the chosen setup scored on every corruption of CIFAR-100-C (or CIFAR-10-C and CIFAR-10.1 for CIFAR-10
// models) at one severity. SUN-397 has no shift set: only the test split is scored.
//   ensdsl plan experiments/shift.csx --set severity=[1,3,5]
//   ensdsl plan experiments/shift.csx --set data=cifar10:datasets/cifar-10
#load "lib/setup.csx"

var severity = Param("severity", 3);
var center = FineTuned(FirstCheckpoint, 1);
var star = center.StarSnapshots(cycles: N, lr: Param("cycleLr", Lr)).Named("StarSSE");
var local = Members(Seeds(N).Select(seed => FineTuned(FirstCheckpoint, seed))).Named("Local DE");
IEnumerable<(string Name, Dataset Data)> shifts = data.Kind switch
{
    "cifar100" => CifarCorruptions.Select(c => ($"{c} {severity}", Cifar100C(c, severity))),
    "cifar10" => CifarCorruptions.Select(c => ($"{c} {severity}", Cifar10C(c, severity))).Prepend(("CIFAR-10.1", Cifar10_1())),
    _ => [],
};
return Report(
    [star.Ensemble(), local.Ensemble(), star.Soup()],
    shifts.SelectMany(s => new IReportable[]
    {
        star.Ensemble(s.Data).Named($"StarSSE, {s.Name}"),
        local.Ensemble(s.Data).Named($"Local DE, {s.Name}"),
        star.Soup().Evaluate(s.Data).Named($"StarSSE soup, {s.Name}"),
    }));
