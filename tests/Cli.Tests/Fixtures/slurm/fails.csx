// A step diverges (LR 1e6): the step that continues it never starts; an independent step and its evaluation finish.
var diverges = Scratch("cifar-resnet8x16", seed: 1).Train(2, data: EmbeddedTarget(), lr: 1e6).Named("diverges");
var after = diverges.Train(1, data: EmbeddedTarget(), lr: 0.05).Named("after diverges");
var fine = Scratch("cifar-resnet8x16", seed: 2).Train(2, data: EmbeddedTarget(), lr: 0.05).Named("fine");
Report(after.Evaluate(), fine.Evaluate())
