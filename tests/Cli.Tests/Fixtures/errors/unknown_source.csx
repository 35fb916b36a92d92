// exit: 2
// expect: unknown_source.csx(4,1): error ENS0204: unknown pre-trained source 'byl' (did you mean 'byol'?); known: byol, supervised, swin-t
// A typo in a registry name.
Pretrained("byl").FineTune().Snapshots(cycles: 5).Ensemble()
