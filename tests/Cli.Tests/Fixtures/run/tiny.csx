// A tiny transfer chain on the embedded target task: seconds on a CPU.
var center = Scratch("cifar-resnet8x16", seed: 1).Train(3, data: EmbeddedTarget(), lr: 0.05);
var star = center.StarSnapshots(cycles: 3, epochs: 1);
return Report(star.Ensemble(), star.Soup(), Interpolate(star[0], star[1], points: 3));
