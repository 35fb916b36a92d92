// The paper's BYOL ResNet-50 → CIFAR-100 setting, as the authors' configs/byol/byol_sse.py sets it:
// E = 25 fine-tuning epochs, SGD (momentum 0.9, no Nesterov), lr 0.05 with a per-epoch cosine schedule,
// weight decay 1e-4 on every parameter, batch 256, 224 px images; ensembles of N = 5 members.
// The checkpoints are the authors' byol-1000ep-{1..5}.pt, expected in checkpoints/.

var data = Cifar100(Param("data", "datasets/cifar-100"));
const int E = 25, N = 5;
const double Lr = 0.05, Wd = 1e-4;

// The shared first model of SSE and StarSSE, and one member of Local DE.
Model FineTuned(string checkpoint, int seed) =>
    Pretrained("byol", checkpoint).FineTune(data, epochs: E, lr: Lr, wd: Wd, seed: seed);
