// Holds a running ensdsl before it returns its plan — it writes `waiting` in the directory it runs in, then waits for
// a file `go` there — and then trains a small chain: the wrapper's rebuild test keeps a process of the old build
// alive across a rebuild this way, and the training after it loads and runs the libraries the old build shipped.
// Not in Fixtures/run: the pinned-ids test plans every script there, and this one would wait.
System.IO.File.WriteAllText("waiting", "");
for (var waited = 0; !System.IO.File.Exists("go"); waited++)
{
    if (waited > 6000) throw new System.TimeoutException("paused.csx: no file 'go' after 10 minutes");
    System.Threading.Thread.Sleep(100);
}
var center = Scratch("cifar-resnet8x16", seed: 1).Train(2, data: EmbeddedTarget(), lr: 0.05);
return Report(center.StarSnapshots(cycles: 2, epochs: 1).Ensemble());
