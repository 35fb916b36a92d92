// A swept cycle LR with seeded repetitions: StarSSE depends on both, Local DE only on the seed.
var seed = Param("seed", 1);
var center = Scratch("cifar-resnet8x16", seed: seed).Train(2, data: EmbeddedTarget(), lr: 0.05);
var star = center.StarSnapshots(cycles: 2, epochs: 1, lr: Param("cycleLr", 0.02));
var local = Members(Seeds(2).Select(s => Scratch("cifar-resnet8x16", seed: 10 * seed + s).Train(2, data: EmbeddedTarget(), lr: 0.05))).Named("Local DE");
return Report(star.Ensemble().Named("StarSSE"), local.Ensemble());
