var data = Cifar100(Param("data", "datasets/cifar-100"));   // as in the previous example of design.md
var cells = from ckpt in Checkpoints("byol", 2)
            from seed in Seeds(2)
            let center = Pretrained("byol", ckpt).FineTune(data, epochs: 25, lr: 0.05, wd: 1e-4, seed: seed)
            from lrRatio in new[] { 0.25, 0.5, 1.0, 2.0, 4.0 }
            from epRatio in new[] { 0.5, 1.0, 2.0, 4.0 }
            select center.StarSnapshots(cycles: 5, epochs: (int)(25 * epRatio), lr: 0.05 * lrRatio)
                         .Ensemble().Named($"star lr×{lrRatio} ep×{epRatio}");
return Report(cells);
