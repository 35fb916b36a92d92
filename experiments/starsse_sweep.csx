// The authors' StarSSE grid (scripts/{byol,resnet,swin}/…_starsse.py; for every setup): cycle LR ratio {0.25, 0.5, 1, 2, 4} × cycle length
// ratio {0.5, 1, 2, 4}, over 2 pre-trained checkpoints × 2 seeds. Their script re-trains the first model in every
// cell; here the fine-tune is one node per (checkpoint, seed), shared by its 20 cells.
#load "lib/setup.csx"

var cells = from ckpt in Checkpoints(setup, 2)
            from seed in Seeds(2)
            let center = FineTuned(ckpt, seed)
            from lrRatio in new[] { 0.25, 0.5, 1.0, 2.0, 4.0 }
            from epRatio in new[] { 0.5, 1.0, 2.0, 4.0 }
            let members = center.StarSnapshots(cycles: N, epochs: (int)(E * epRatio), lr: Lr * lrRatio)
            let cell = $"StarSSE lr×{lrRatio} ep×{epRatio} ({ckpt.Split('/').Last()}, seed {seed})"
            from output in new IReportable[] { members.Ensemble().Named(cell), members.Soup().Named(cell + " soup") }
            select output;
return Report(cells);
