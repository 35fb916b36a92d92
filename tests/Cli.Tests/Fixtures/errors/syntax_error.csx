// exit: 2
// expect: syntax_error.csx(4,52): error CS1026: ) expected
// A missing closing parenthesis.
var center = Pretrained("byol").FineTune(epochs: 25;
center.Snapshots(cycles: 5).Ensemble()
