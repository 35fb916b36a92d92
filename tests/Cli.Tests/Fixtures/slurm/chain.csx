// An SSE chain beside a star from one centre: packed (the default), the SSE's cycles after the first share one job.
var center = Scratch("cifar-resnet8x16", seed: 3).Train(2, data: EmbeddedTarget(), lr: 0.05);
var sse = center.Snapshots(cycles: 4, epochs: 1);
var star = center.StarSnapshots(cycles: 3, epochs: 1);
return Report(sse.Ensemble(), star.Ensemble());
