// exit: 2
// expect: empty_classes_spec.csx(4,12): error ENS0204: dataset spec 'fashion-mnist:fashion?classes=': classes=: name at least one class to keep
// The spec form of a subset is checked where the spec is read.
var data = Data("fashion-mnist:fashion?classes=");
Scratch("cifar-resnet8x16").Train(1, data: data).Evaluate()
