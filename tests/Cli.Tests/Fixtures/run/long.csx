// Long enough (many small batches) to be killed in the middle of training.
var center = Scratch("cifar-resnet8x16", seed: 5).Train(20, data: EmbeddedTarget(), lr: 0.05, batchSize: 8);
center.StarSnapshots(cycles: 3, epochs: 6).Ensemble()
