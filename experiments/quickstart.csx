// The quickstart: the paper's question on a small transfer task generated in memory (no downloads, CPU).
// Four independent pre-trainings on the SOURCE task play the role of pre-trained checkpoints; fine-tuning on
// the small TARGET task compares Local DE, Global DE, SSE and StarSSE ensembles and soups.
//   ensdsl run experiments/quickstart.csx
//   ensdsl plan experiments/quickstart.csx --set cycleLr=[0.02,0.04,0.08]

var source = EmbeddedSource(Param("taskSeed", 0));
var target = EmbeddedTarget(Param("taskSeed", 0));
const int Members_ = 4;
var backbones = Seeds(Members_).Select(seed => Pretrain(source, epochs: 8, lr: 0.1, seed: seed)).ToList();

Model Tune(Model backbone, int seed) => backbone.FineTune(target, epochs: 15, lr: 0.02, seed: seed);

var center = Tune(backbones[0], 1);
var local = Members(Seeds(Members_).Select(seed => Tune(backbones[0], seed))).Named("Local DE");
var global = Members(backbones.Select(b => Tune(b, 1))).Named("Global DE");
var cycleLr = Param("cycleLr", 0.02);
var sse = center.Snapshots(cycles: Members_, lr: cycleLr);
var star = center.StarSnapshots(cycles: Members_, lr: cycleLr);

return Report(local.Ensemble(), global.Ensemble(), sse.Ensemble(), star.Ensemble(),
              local.Soup(), global.Soup(), sse.Soup(), star.Soup(), star.Basin());
