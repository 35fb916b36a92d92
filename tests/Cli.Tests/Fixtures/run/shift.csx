// The distribution-shift test sets score models wherever a dataset goes: a small StarSSE of a tiny ResNet trained on
// a 10-class folder of 32-pixel images, its ensemble and soup scored on CIFAR-10.1 and on CIFAR-10-C (the published
// .npy layouts, small files made by the test).
var data = Data(Param("data", "imagefolder:images"));
var c101 = Cifar10_1(Param("cifar101", "cifar10_1"));
var fog = Cifar10C("fog", 2, Param("cifar10c", "CIFAR-10-C"));
var center = Scratch("cifar-resnet8x16", seed: 1).Train(2, data: data, lr: 0.05, batchSize: 8);
var star = center.StarSnapshots(cycles: 2, epochs: 1);
return Report(star.Ensemble(c101).Named("StarSSE on CIFAR-10.1"), star.Ensemble(fog).Named("StarSSE on fog 2"),
              star.Soup().Evaluate(fog).Named("soup on fog 2"), center.Evaluate(Cifar10C("snow", 5, Param("cifar10c", "CIFAR-10-C"))).Named("centre on snow 5"));
