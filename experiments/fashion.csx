// The paper's claims on real images: the quickstart's comparisons on a transfer task cut from Fashion-MNIST (Debian's
// dataset-fashion-mnist), each claim decided by a paired 95 % interval over repetitions:
//   ./ensdsl run experiments/fashion.csx --set cycleLr=[0.005,0.01,0.02,0.04,0.08,0.16] --repeat seed=1..5
// Every value below was fixed before any claim's verdict was looked at, and is the embedded task's (experiments/claims.csx)
// wherever the two tasks can be made alike, so that the two tables differ by their data and not by tuning:
//  - SOURCE: classes 0-4 (T-shirt/top, Trouser, Pullover, Dress, Coat), 2,000 training images per class drawn once
//    (10,000 images: the embedded source's count, so its pre-training recipe, 8 epochs at LR 0.1 with batch 64,
//    takes the same number of steps). Checked on the source's validation split (3,000 images held out): 0.935 after
//    8 epochs, 0.941 after 16 (--set validate=true --set sourceEpochs=[8,16]; one pre-training).
//  - TARGET: classes 5-9 (Sandal, Shirt, Sneaker, Bag, Ankle boot), relabelled 0-4, with 40 training images per class
//    (200: the embedded target's count, so its fine-tuning recipe, 15 epochs at LR 0.02 with batch 64, carries over)
//    and all 5,000 test images of those classes. Chance is 0.2.
//  - A repetition re-draws every random choice but the data: the four pre-trainings (seeds 10·seed + 1..4), every
//    fine-tuning's seed and the scratch model's. Its intervals are over sets of pre-trainings, not conditional on one
//    set as in experiments/claims.csx.
//  - The cycle LR from x0.25 to x8 of the fine-tuning LR, as in claims.csx; basin reports with 5 points per line
//    (claims.csx: 11) to keep the run within its budget on 5,000 test images.
// Found after the first run's verdicts (docs/results.md): LR 0.02 under-trains this target. On the target's
// validation split (--set validate=true --set lr=[0.02,0.05,0.1,0.2]) fine-tuning scores 0.773, 0.835, 0.898 and
// 0.895, so the second run fine-tunes at the LR chosen there, with the cycle LR from x0.25 to x8 of it:
//   ./ensdsl run experiments/fashion.csx --set lr=0.1 --set cycleLr=[0.025,0.05,0.1,0.2,0.4,0.8] --repeat seed=1..5
var validate = Param("validate", false);
var fashion = FashionMnist();
var source = fashion.Classes(Enumerable.Range(0, 5)).PerClass(2000, seed: 0);
var target = fashion.Classes(Enumerable.Range(5, 5)).PerClass(40, seed: 0);
const int K = 4;

var first = 10 * Param("seed", 1);          // this repetition's seeds: 10·seed + 1, …
var backbones = Enumerable.Range(1, K).Select(i => TrainOnSource(validate ? source.Validation() : source, epochs: Param("sourceEpochs", 8), lr: 0.1, seed: first + i)).ToList();
var lr = Param("lr", 0.02);
Model Tune(Model backbone, int seed) => backbone.FineTune(validate ? target.Validation() : target, epochs: 15, lr: lr, seed: seed);
if (validate) return Report(backbones[0].Evaluate().Named("pre-training"), Tune(backbones[0], first).Evaluate().Named("fine-tuned"));

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
              sse.Basin(points: 5), star.Basin(points: 5));
