// exit: 2
// expect: zero_cycles.csx(5,18): error ENS0100: Snapshots: cycles counts ensemble members including the fine-tuned model (the authors' num_fge) and must be ≥ 1; got 0
// cycles counts members, so 0 cannot make an ensemble.
var center = Pretrained("byol").FineTune(epochs: 25, lr: 0.05);
var sse = center.Snapshots(cycles: 0);
sse.Ensemble()
