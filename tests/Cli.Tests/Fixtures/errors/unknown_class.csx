// exit: 2
// expect: unknown_class.csx(4,38): error ENS0201: Classes: fashion-mnist has classes 0..9; there is no class 10
// A class that Fashion-MNIST does not have, refused at its line before anything is read.
var target = FashionMnist("fashion").Classes([3, 10]);
Scratch("cifar-resnet8x16").Train(1, data: target).Evaluate()
