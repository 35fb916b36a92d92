// One packed job of two training steps: a one-epoch centre, then an SSE cycle long enough (many small batches) to be
// requeued by Slurm in the middle; then the ensemble of the two, in a job of its own.
var center = Scratch("cifar-resnet8x16", seed: 7).Train(1, data: EmbeddedTarget(), lr: 0.05, batchSize: 8);
center.Snapshots(cycles: 2, epochs: Param("epochs", 100)).Ensemble()
