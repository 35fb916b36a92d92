Pretrained("byol").FineTune(epochs: 25, lr: 0.05).Snapshots(cycles: 5).Ensemble()
