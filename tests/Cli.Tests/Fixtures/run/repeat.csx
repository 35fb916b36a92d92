// Two outputs of one seeded training, for --repeat seed=1..3: a star ensemble and its centre.
var seed = Param("seed", 1);
var center = Scratch("cifar-resnet8x16", seed: seed).Train(2, data: EmbeddedTarget(), lr: 0.05);
var star = center.StarSnapshots(cycles: 2, epochs: 1);
return Report(star.Ensemble().Named("StarSSE"), center.Evaluate().Named("fine-tuned"));
