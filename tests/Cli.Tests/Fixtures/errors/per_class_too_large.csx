// exit: 2
// expect: per_class_too_large.csx(5,25): error ENS0201: PerClass: per_class=501: cifar100 has 500 training images per class
// A draw larger than the kind's classes, refused at its line.
var few = Cifar100("datasets/cifar-100")
    .Classes([0, 1, 2]).PerClass(501, seed: 1);
Scratch("cifar-resnet8x16").Train(1, data: few).Evaluate()
