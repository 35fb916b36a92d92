// Shares tiny.csx's centre and StarSSE branches (the same nodes), and trains a model of its own: two runs of the
// two scripts at once on one store compute each shared node once, and each has work of its own meanwhile.
var center = Scratch("cifar-resnet8x16", seed: 1).Train(3, data: EmbeddedTarget(), lr: 0.05);
var star = center.StarSnapshots(cycles: 3, epochs: 1);
var own = Scratch("cifar-resnet8x16", seed: 2).Train(4, data: EmbeddedTarget(), lr: 0.05, batchSize: 16, label: "own");
return Report(star.Ensemble(), own.Evaluate());
