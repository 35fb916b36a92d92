// One step diverges (LR 1e6); the other finishes.
Report(Scratch("cifar-resnet8x16", seed: 1).Train(2, data: EmbeddedTarget(), lr: 1e6).Named("diverges").Evaluate(),
       Scratch("cifar-resnet8x16", seed: 2).Train(2, data: EmbeddedTarget(), lr: 0.05).Named("fine").Evaluate())
