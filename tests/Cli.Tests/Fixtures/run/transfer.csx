// One pre-training on the embedded source task and one fine-tune on the target, as the quickstart does.
var backbone = TrainOnSource(EmbeddedSource(), epochs: 8, lr: 0.1, seed: 1);
Report(backbone.FineTune(EmbeddedTarget(), epochs: 15, lr: 0.02, seed: 1).Evaluate().Named("fine-tuned"))
