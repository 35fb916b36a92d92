// exit: 0
// expect: not_trainable_yet.csx(5,35): warning ENS0205: FineTune: ensdsl cannot train with the 'swin' transform (the Swin recipe's RandAugment and RandomErasing) yet; `plan` and `check` work, but `run` fails at this step
// expect: not_trainable_yet.csx(6,22): warning ENS0205: StarSnapshots: ensdsl cannot train with the 'swin' transform (the Swin recipe's RandAugment and RandomErasing) yet; `plan` and `check` work, but `run` fails at this step
// Swin-Tiny's recipe augments with timm's RandAugment, which the engine does not have yet: say so at each step before a run fails there.
var center = Pretrained("swin-t").FineTune(Cifar100());
return Report(center.StarSnapshots(cycles: 3).Ensemble());
