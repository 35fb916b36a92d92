// A dozen independent training steps and their ensemble: with --max-jobs 2, at most two of these jobs are in Slurm.
var members = Members(Seeds(12).Select(s => Scratch("cifar-resnet8x16", seed: s).Train(1, data: EmbeddedTarget().PerClass(10, seed: 1), lr: 0.05)));
return Report(members.Ensemble().Named("dozen"));
