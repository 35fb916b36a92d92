// The baselines of the paper: Local DE (N fine-tunings of one pre-trained checkpoint, different seeds) and
// Global DE (one fine-tuning of each of N independent pre-trainings, the upper reference), with their soups:
// Local DE members share the pre-train basin; Global DE members do not, so their soup is expected to collapse.
#load "lib/setup.csx"

var local = Members(Seeds(N).Select(seed => FineTuned(FirstCheckpoint, seed))).Named("Local DE");
var global = Members(Checkpoints(setup, N).Select((ckpt, i) => FineTuned(ckpt, i + 1))).Named("Global DE");   // each member its own seed
return Report(local.Ensemble(), global.Ensemble(), local.Soup(), global.Soup(),
              Interpolate(local[0], local[1]).Named("Local DE pair"), Interpolate(global[0], global[1]).Named("Global DE pair"));
