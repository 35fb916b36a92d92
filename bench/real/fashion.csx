// bench/real's ensdsl side: a CIFAR ResNet-20 (width 16) trained from scratch on the whole of Fashion-MNIST with the
// CIFAR recipe — SGD (momentum 0.9, weight decay 5e-4 on every parameter), LR 0.1 with cosine per epoch to 0, batch
// 128, RandomCrop(28, padding 4) + horizontal flip — then scored on the 10,000 test images. bench/real/peer.py is
// the same recipe in PyTorch.
//   ./ensdsl run bench/real/fashion.csx --set seed=1 --set epochs=4
var seed = Param("seed", 1);
var model = Scratch("cifar-resnet20x16", seed: seed)
    .Train(Param("epochs", 4), data: FashionMnist(), lr: 0.1, wd: 5e-4, batchSize: 128, seed: seed, transform: Transform.CropFlip)
    .Named("resnet-20");
return Report(model.Evaluate());
