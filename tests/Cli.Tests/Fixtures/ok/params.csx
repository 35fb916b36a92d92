// Parameters of every type, for --set tests.
var center = Pretrained("byol", Param("ckpt", "checkpoints/byol-1000ep-1.pt")).FineTune(epochs: 10, lr: 0.05, seed: Param("seed", 1));
var members = Param("star", false) ? center.StarSnapshots(cycles: Param("cycles", 3), lr: Param("cycleLr", 0.05)) : center.Snapshots(cycles: Param("cycles", 3), lr: Param("cycleLr", 0.05));
members.Ensemble()
