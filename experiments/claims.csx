// The paper's claims that the embedded task can show, each decided by a paired 95 % interval over repetitions:
//   ./ensdsl run experiments/claims.csx --set cycleLr=[0.005,0.01,0.02,0.04,0.08,0.16] --repeat seed=1..5
// (the cycle LR from ×0.25 to ×8 of the fine-tuning LR, five repetitions). A repetition changes every fine-tuning's
// seed (head initialisation, data order, augmentation) and the scratch model's; the four pre-trainings play released
// checkpoints and are the same in every repetition, so they are computed once. The comparisons in results.json
// decide: transfer (fine-tuned against from scratch), Global DE against Local DE, SSE and StarSSE against Local DE
// at equal cost, StarSSE against SSE (ensembles and soups), leaving the basin (one method at two cycle LRs), and
// drift (the basin reports' mean distance to the fine-tuned model).

var source = EmbeddedSource(0);
var target = EmbeddedTarget(0);
const int K = 4;
var backbones = Seeds(K).Select(seed => TrainOnSource(source, epochs: 8, lr: 0.1, seed: seed)).ToList();

var first = 10 * Param("seed", 1);          // this repetition's seeds: 10·seed, 10·seed + 1, …
Model Tune(Model backbone, int seed) => backbone.FineTune(target, epochs: 15, lr: 0.02, seed: seed);

var center = Tune(backbones[0], first);
var local = Members(Enumerable.Range(0, K).Select(i => Tune(backbones[0], first + i))).Named("Local DE");
var global = Members(backbones.Select((b, i) => Tune(b, first + i))).Named("Global DE");
var cycleLr = Param("cycleLr", 0.02);
var sse = center.Snapshots(cycles: K, lr: cycleLr);
var star = center.StarSnapshots(cycles: K, lr: cycleLr);
var scratch = Scratch("cifar-resnet8x16", seed: first).Train(40, data: target, lr: 0.05).Named("from scratch");

return Report(local.Ensemble(), global.Ensemble(), sse.Ensemble(), star.Ensemble(),
              local.Soup(), sse.Soup(), star.Soup(),
              center.Evaluate().Named("fine-tuned"), scratch.Evaluate(),
              sse.Basin(), star.Basin());
