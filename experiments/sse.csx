// SSE (snapshot ensembles adapted to fine-tuning): fine-tune, then N − 1 sequential cycles, each from the
// previous snapshot, with the LR jumping to the cycle LR and decaying by cosine; optimizer state reset at
// every snapshot. The authors' `cosine+warmup_cosine` with fge_warmup_epochs = 0.
#load "lib/setup.csx"

var center = FineTuned(Param("ckpt", FirstCheckpoint), Param("seed", 1));
var sse = center.Snapshots(cycles: N, epochs: Param("cycleEpochs", E), lr: Param("cycleLr", Lr));
return Report(sse.Ensemble(), sse.Soup(), sse.Basin());
