// The baselines of the paper: Local DE (N fine-tunings of one pre-trained checkpoint, different seeds) and
// Global DE (one fine-tuning of each of N independent pre-trainings, the upper reference), with their soups:
// Local DE members share the pre-train basin; Global DE members do not, so their soup is expected to collapse.
// The authors fine-tune N checkpoints × N seeds (25 models) and form N independent groups of each: Local DE group g
// is checkpoint g with seeds 1..N; Global DE group g takes checkpoint i with seed (i + g) mod N + 1, so that its
// members' seeds differ and each of the 25 models is in exactly one Global DE group.
//   ensdsl plan experiments/baselines.csx                 (the first group of each: 9 fine-tunings)
//   ensdsl plan experiments/baselines.csx --set groups=5  (the authors' 25 fine-tunings, 5 groups of each)
#load "lib/setup.csx"

var groups = Param("groups", 1);
var checkpoints = Checkpoints(setup, N);
string Name(string method, int g) => groups == 1 ? method : $"{method} {g + 1}";
var outputs = Enumerable.Range(0, groups).SelectMany(g =>
{
    var local = Members(Seeds(N).Select(seed => FineTuned(checkpoints[g], seed))).Named(Name("Local DE", g));
    var global = Members(checkpoints.Select((ckpt, i) => FineTuned(ckpt, (i + g) % N + 1))).Named(Name("Global DE", g));
    return new IReportable[]
    {
        local.Ensemble(), global.Ensemble(), local.Soup(), global.Soup(),
        Interpolate(local[0], local[1]).Named($"{Name("Local DE", g)} pair"), Interpolate(global[0], global[1]).Named($"{Name("Global DE", g)} pair"),
    };
});
return Report(outputs);
