// exit: 2
// expect: invalid_hyperparameters.csx(7,33): error ENS0201: FineTune: learning rates must be positive and finite; got -0.05 in cosine -0.05→0
// expect: invalid_hyperparameters.csx(8,19): error ENS0201: StarSnapshots: epochs must be ≥ 1; got 0
// expect: invalid_hyperparameters.csx(8,19): error ENS0201: StarSnapshots: learning rates must be positive and finite; got -0.05 in cosine -0.05→0 (inherited from the model it continues; pass lr: to set it)
// expect: invalid_hyperparameters.csx(9,90): error ENS0202: Soup: the models have different architectures (resnet50, resnet18); weights can only be mixed within one architecture
// Every validation error is reported at once, each at its call.
var center = Pretrained("byol").FineTune(epochs: 25, lr: -0.05);
var star = center.StarSnapshots(cycles: 5, epochs: 0);
Report(star.Ensemble(), Members(center, Pretrained("byol", arch: "resnet18").FineTune()).Soup())
