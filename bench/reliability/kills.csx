// The reliability run of bench/reliability/kills.sh: several training nodes of several epochs, a soup and an ensemble,
// small enough to be killed twenty times in a few minutes.
var center = Scratch("cifar-resnet8x16", seed: 7).Train(6, data: EmbeddedTarget(), lr: 0.05, batchSize: 16);
var star = center.StarSnapshots(cycles: 3, epochs: 3);
return Report(star.Ensemble(), star.Soup());
