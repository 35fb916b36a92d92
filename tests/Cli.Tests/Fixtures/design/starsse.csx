var data   = Cifar100(Param("data", "datasets/cifar-100"));
var center = Pretrained("byol", Param("ckpt", "checkpoints/byol-1000ep-1.pt"))
                 .FineTune(data, epochs: 25, lr: 0.05, wd: 1e-4, seed: Param("seed", 1));
var star   = center.StarSnapshots(cycles: 5, epochs: 25, lr: Param("cycleLr", 0.05));
return Report(star.Ensemble(), star.Soup());
