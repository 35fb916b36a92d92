// Fast Geometric Ensembling: short triangular cycles, sequential, per-batch LR.
Members Fge(Model start, int n, int epochs, double lr) =>
    start.Chain(n, m => m.Train(epochs, Triangular(lr / 100, lr), perBatch: true));

var center = Pretrained("byol").FineTune(epochs: 25, lr: 0.05);
return Report(Fge(center, 4, 2, 0.05).Ensemble());
