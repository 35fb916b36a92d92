// The authors' StarSSE grid (scripts/byol/byol_starsse.py): cycle LR ratio {0.25, 0.5, 1, 2, 4} × cycle length
// ratio {0.5, 1, 2, 4}, over 2 pre-trained checkpoints × 2 seeds. Their script re-trains the first model in every
// cell; here the fine-tune is one node per (checkpoint, seed), shared by its 20 cells.
#load "lib/byol_cifar100.csx"

var cells = from ckpt in Checkpoints("byol", 2)
            from seed in Seeds(2)
            let center = FineTuned(ckpt, seed)
            from lrRatio in new[] { 0.25, 0.5, 1.0, 2.0, 4.0 }
            from epRatio in new[] { 0.5, 1.0, 2.0, 4.0 }
            select center.StarSnapshots(cycles: N, epochs: (int)(E * epRatio), lr: Lr * lrRatio)
                         .Ensemble().Named($"StarSSE lr×{lrRatio} ep×{epRatio} ({ckpt.Split('/').Last()}, seed {seed})");
return Report(cells);
