// exit: 2
// expect: no_plan.csx(5,1): error ENS0005: the script ends without a value; end it with an ensemble, soup or model (e.g. `center.StarSnapshots(cycles: 5).Ensemble()`) or `return Report(…);`
// Building values without returning one plans nothing.
var center = Pretrained("byol").FineTune();
var star = center.StarSnapshots(cycles: 5);
