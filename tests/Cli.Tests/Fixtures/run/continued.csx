// A step that continues its parent's optimizer state (--set more=1), which 'store prune --optimizer-state' must keep working.
var first = Scratch("cifar-resnet8x16", seed: 3).Train(2, data: EmbeddedTarget(), lr: 0.05, label: "first");
var more = first.Train(1, lr: 0.01, resetOptimizer: false, label: "continued");
return Report((Param("more", 0) == 1 ? more : first).Evaluate());
