// exit: 2
// expect: type_error.csx(4,50): error CS1503: Argument 1: cannot convert from 'string' to 'int?'
// epochs must be a number.
var center = Pretrained("byol").FineTune(epochs: "25", lr: 0.05);
center.Snapshots(cycles: 5).Ensemble()
