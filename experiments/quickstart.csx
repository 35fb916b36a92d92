// The quickstart: the paper's question on a small transfer task generated in memory (no downloads; CPU, minutes).
// Four independent pre-trainings on the SOURCE task play the role of pre-trained checkpoints. On the small TARGET
// task, ensembles of 4 at equal cost (4 × 15 fine-tuning epochs) compare Local DE, Global DE, SSE and StarSSE, with
// their uniform soups; a model trained from scratch shows the transfer benefit, and the loss along the line between
// two members, each method's basin report, and the error landscape over the plane through the fine-tuned model and
// the first snapshot of SSE and of StarSSE (every other member placed on it) show whether members share the
// fine-tuned model's basin.
//   ensdsl run experiments/quickstart.csx
//   ensdsl run experiments/quickstart.csx --set cycleLr=[0.01,0.02,0.04,0.08]

var source = EmbeddedSource(Param("taskSeed", 0));
var target = EmbeddedTarget(Param("taskSeed", 0));
const int K = 4;
var backbones = Seeds(K).Select(seed => TrainOnSource(source, epochs: 8, lr: 0.1, seed: seed)).ToList();

Model Tune(Model backbone, int seed) => backbone.FineTune(target, epochs: 15, lr: 0.02, seed: seed);

var center = Tune(backbones[0], 1);
var local = Members(Seeds(K).Select(seed => Tune(backbones[0], seed))).Named("Local DE");
var global = Members(backbones.Select((b, i) => Tune(b, i + 1))).Named("Global DE");     // each member its own seed, as Local DE's
var cycleLr = Param("cycleLr", 0.02);
var sse = center.Snapshots(cycles: K, lr: cycleLr);
var star = center.StarSnapshots(cycles: K, lr: cycleLr);
var scratch = Scratch("cifar-resnet8x16", seed: 1).Train(40, data: target, lr: 0.05).Named("from scratch");

// Basin reports: every member's barrier and distance to the fine-tuned model (the first member of each method);
// the plane: the landscape those members lie in.
return Report(local.Ensemble(), global.Ensemble(), sse.Ensemble(), star.Ensemble(),
              local.Soup(), global.Soup(), sse.Soup(), star.Soup(),
              center.Evaluate().Named("fine-tuned (one model)"), scratch.Evaluate(),
              Interpolate(local[0], local[1]).Named("Local DE pair"), Interpolate(global[0], global[1]).Named("Global DE pair"),
              local.Basin(), global.Basin(), sse.Basin(), star.Basin(),
              Plane(center, sse[1], star[1], project: Members(sse[2], sse[3], star[2], star[3], local[1], local[2], local[3])).Named("basin plane"));
