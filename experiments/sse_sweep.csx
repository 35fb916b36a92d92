// The authors' SSE grid (scripts/{byol,resnet,swin}/…_sse.py; for every setup): cycle LR ratio {0.25, 0.5, 1, 2, 4} × cycle length ratio
// {0.5, 1, 2, 4}, over 2 pre-trained checkpoints × 2 seeds.
#load "lib/setup.csx"

// The authors' sweep scripts fine-tune the first model again in every cell, with a seed of the cell's own (drawn by an
// unseeded np.random.choice), so their 80 cells are independent draws. Here the fine-tune is one node per (checkpoint,
// seed), shared by that pair's 20 cells, which are therefore correlated through it. --set seedPerCell=true gives every
// cell a fine-tune of its own, as theirs (seed 1000·seed + 10·i + j for the cell's LR ratio i and length ratio j):
// `ensdsl plan` then shows 16,960 epochs instead of 15,060 (1,900 more: 76 more fine-tunes of 25 epochs).
var seedPerCell = Param("seedPerCell", false);
double[] lrRatios = [0.25, 0.5, 1.0, 2.0, 4.0], epRatios = [0.5, 1.0, 2.0, 4.0];
var cells = from ckpt in Checkpoints(setup, 2)
            from seed in Seeds(2)
            from i in Enumerable.Range(0, lrRatios.Length)
            from j in Enumerable.Range(0, epRatios.Length)
            let center = FineTuned(ckpt, seedPerCell ? 1000 * seed + 10 * i + j : seed)
            let members = center.Snapshots(cycles: N, epochs: (int)(E * epRatios[j]), lr: Lr * lrRatios[i])
            let cell = $"SSE lr×{lrRatios[i]} ep×{epRatios[j]} ({ckpt.Split('/').Last()}, seed {seed})"
            from output in new IReportable[] { members.Ensemble().Named(cell), members.Soup().Named(cell + " soup") }
            select output;
return Report(cells);
