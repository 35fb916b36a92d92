// A step long enough (many small batches) to be requeued by Slurm in the middle, then a short star from it.
var center = Scratch("cifar-resnet8x16", seed: 7).Train(Param("epochs", 100), data: EmbeddedTarget(), lr: 0.05, batchSize: 8);
center.StarSnapshots(cycles: 2, epochs: 1).Ensemble()
