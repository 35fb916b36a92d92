// StarSSE, the paper's method: fine-tune once, then N − 1 independent cycles from the fine-tuned model,
// each jumping to the cycle LR and decaying by cosine. Branches run in parallel: E + C epochs of wall-clock.
//   ensdsl plan experiments/starsse.csx --set cycleLr=0.1
//   ensdsl plan experiments/starsse.csx --set cycleLr=[0.025,0.05,0.1]     (a sweep; the fine-tune is shared)
// E and N are those of the authors' SSE configs and the paper, not of their StarSSE configs (debug values in
// byol_starsse.py; resnet_starsse.py does not run): see lib/setup.csx.
#load "lib/setup.csx"

var center = FineTuned(Param("ckpt", FirstCheckpoint), Param("seed", 1));
var star = center.StarSnapshots(cycles: N, epochs: Param("cycleEpochs", E), lr: Param("cycleLr", Lr));
return Report(star.Ensemble(), star.Soup(), star.Basin());
