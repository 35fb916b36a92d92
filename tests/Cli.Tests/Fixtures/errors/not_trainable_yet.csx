// exit: 0
// expect: not_trainable_yet.csx(5,14): warning ENS0205: Pretrained: ensdsl cannot train swin-t yet; `plan` and `check` work, but `run` fails at its first training step
// Swin-Tiny is in the language and plans with the authors' recipe, but the engine has no Swin network yet: say so
// before a run fails at its first training step.
var center = Pretrained("swin-t").FineTune(Cifar100());
return Report(center.StarSnapshots(cycles: 3).Ensemble());
