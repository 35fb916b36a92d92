// exit: 2
// expect: old_names.csx(6,16): error CS0619: 'Prelude.Pretrain(Dataset, string, int, double, double, int?, int)' is obsolete: 'Pretrain is now TrainOnSource (same arguments): it trains from scratch on a source task; Pretrained(...) loads a checkpoint'
// expect: old_names.csx(7,12): error CS0619: 'Explorations.Snapshots(Model, int, bool, int?, double?)' is obsolete: 'Snapshots(star: true) is StarSnapshots(...); Snapshots(...) without 'star' is SSE'
// Names renamed in issue 13: an old script gets a located error naming the new one.

var backbone = Pretrain(EmbeddedSource(), epochs: 8, lr: 0.1, seed: 1);
var star = backbone.FineTune(EmbeddedTarget()).Snapshots(cycles: 3, star: true);
return Report(star.Ensemble());
