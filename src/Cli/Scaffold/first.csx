// Your first ensdsl experiment: pre-train on the embedded SOURCE task (standing in for a pre-trained checkpoint),
// fine-tune on the TARGET task, and compare the fine-tuned model with a StarSSE ensemble and soup of its snapshots.
// Runs on a CPU in under a minute, with no downloads:
//   ensdsl run first.csx
//   ensdsl run first.csx --set cycleLr=[0.01,0.04]        (one run per value, compared in one table)
// Change it: another architecture (ensdsl plan shows the cost first), Pretrained("byol") with your checkpoint, your
// dataset (Cifar10("datasets/cifar-10")), more cycles. The DSL reference: docs/api.md in the ensdsl repository.
#r "{{dsl}}"    // for your editor (completion, signatures, docs); ensdsl compiles against the DSL it runs
using EnsDsl;
using static EnsDsl.Prelude;

var source = EmbeddedSource();
var target = EmbeddedTarget();
var pretrained = TrainOnSource(source, epochs: 8, lr: 0.1, seed: 1);
var fineTuned = pretrained.FineTune(target, epochs: 12, lr: 0.02, seed: 1);
var star = fineTuned.StarSnapshots(cycles: 3, epochs: 4, lr: Param("cycleLr", 0.02));

return Report(fineTuned.Evaluate().Named("fine-tuned"), star.Ensemble(), star.Soup(), star.Basin());
