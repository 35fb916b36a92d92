// Compute reuse, measured (bench/reuse.sh): a small version of the authors' SSE and StarSSE sweeps (scripts/*_sse.py)
// on the embedded task — 2 methods × cycle LR ratio {1, 2} × cycle length ratio {0.5, 1}, each cell an ensemble and a
// soup of 3 snapshots around one fine-tune. With `--set cell=0` (the default) one run plans the whole sweep and
// shares the fine-tune and every common prefix; `--set cell=K` plans only the K-th cell, as the authors' scripts run
// each cell as a process of its own from the pre-trained checkpoint. `--set cell=-1` plans only the pre-training,
// which bench/reuse.sh computes once and gives every run as its input.
var cell = Param("cell", 0);
const int E = 10, Cycles = 3;
const double Lr = 0.02;
var backbone = TrainOnSource(EmbeddedSource(), epochs: 8, lr: 0.1, seed: 1);
if (cell < 0) return Report(backbone.Evaluate());

var center = backbone.FineTune(EmbeddedTarget(), epochs: E, lr: Lr, seed: 1);
var cells = (from star in new[] { false, true }
             from lrRatio in new[] { 1.0, 2.0 }
             from epRatio in new[] { 0.5, 1.0 }
             let members = star ? center.StarSnapshots(Cycles, epochs: (int)(E * epRatio), lr: Lr * lrRatio)
                                : center.Snapshots(Cycles, epochs: (int)(E * epRatio), lr: Lr * lrRatio)
             let name = $"{(star ? "StarSSE" : "SSE")} lr×{lrRatio} ep×{epRatio}"
             select new IReportable[] { members.Ensemble().Named(name), members.Soup().Named(name + " soup") }).ToList();
return Report(cell == 0 ? cells.SelectMany(c => c) : cells[cell - 1]);
