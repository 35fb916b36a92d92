"""The PyTorch side of bench/swin.sh: torchvision's Swin Transformer (Debian's python3-torchvision), trained with the
step bench/Peers/SwinTraining.cs gives the engine (AdamW lr 1e-4, wd 0.05 without decay on 1-D weights and the
relative-position tables, label smoothing 0.1, gradient clipping at 5, stochastic depth 0.1, fp32) and evaluated in
inference mode, on the same data files. Set up as a PyTorch user tuning for speed would: the thread count, the glibc
allocator thresholds the engine uses (given in the environment by bench/swin.sh), and the optimizer implementation
(for-each or per-parameter) as chosen on the command line; the optimizer state is created before the timer starts.

  train <arch> <size> <batch> <steps> <classes> <prefix> <measurements> <threads> <foreach 0|1>
  eval  <arch> <size> <batch> <count> <classes> <prefix> <measurements> <threads>
"""
import sys
import time

import torch
import torch.nn.functional as F
from torchvision.models.swin_transformer import SwinTransformer

from pytorch_peer import read, train_epoch   # the data files and the training loop of the ResNet peer

LR, WD, CLIP, SMOOTHING, DROP_PATH = 1e-4, 0.05, 5.0, 0.1, 0.1


def model(arch, classes):
    """swin-t, or ensdsl's small-Swin name swin-e{embed}-d{depths}-h{heads}-w{window}-p{patch}-i{image}."""
    torch.manual_seed(1)
    if arch == "swin-t":
        embed, depths, heads, window, patch = 96, [2, 2, 6, 2], [3, 6, 12, 24], 7, 4
    else:
        parts = {p[0]: p[1:] for p in arch.split("-")[1:]}
        embed, window, patch = int(parts["e"]), int(parts["w"]), int(parts["p"])
        depths, heads = [int(v) for v in parts["d"].split(".")], [int(v) for v in parts["h"].split(".")]
    return SwinTransformer(patch_size=[patch, patch], embed_dim=embed, depths=depths, num_heads=heads,
                           window_size=[window, window], stochastic_depth_prob=DROP_PATH, num_classes=classes)


def optimizer(net, foreach):
    decay, no_decay = [], []
    for name, p in net.named_parameters():
        (no_decay if p.ndim <= 1 or name.endswith("relative_position_bias_table") else decay).append(p)
    return torch.optim.AdamW([{"params": decay, "weight_decay": WD}, {"params": no_decay, "weight_decay": 0.0}],
                             lr=LR, betas=(0.9, 0.999), eps=1e-8, foreach=foreach)


def train(arch, size, batch, steps, classes, prefix, measurements, threads, foreach):
    torch.set_num_threads(threads)
    x, y = read(prefix, size)
    assert len(y) == batch * steps, f"{prefix} holds {len(y)} images, not {batch}x{steps}"
    who = "pytorch:foreach" if foreach else "pytorch:single"
    recipe = dict(smoothing=SMOOTHING, clip=CLIP, set_to_none=True)
    for _ in range(measurements):
        net = model(arch, classes)
        opt = optimizer(net, foreach)
        train_epoch(net, opt, x[:batch], y[:batch], batch, torch.Generator().manual_seed(1), **recipe)   # warm-up, state created
        start = time.perf_counter()
        train_epoch(net, opt, x, y, batch, torch.Generator().manual_seed(1), **recipe)
        seconds = time.perf_counter() - start
        print(f"RESULT train {arch}@{size}px,b{batch} {who} {len(y) / seconds:.3f}", flush=True)


def evaluation(arch, size, batch, count, classes, prefix, measurements, threads):
    torch.set_num_threads(threads)
    x, _ = read(prefix, size)
    assert len(x) == count
    net = model(arch, classes).eval()

    def run(images):
        with torch.inference_mode():
            return torch.cat([F.log_softmax(net(images[s:s + batch]), 1) for s in range(0, len(images), batch)])

    run(x[:batch])
    for _ in range(measurements):
        start = time.perf_counter()
        run(x)
        print(f"RESULT eval {arch}@{size}px,b{batch} pytorch:inference {count / (time.perf_counter() - start):.3f}", flush=True)


if __name__ == "__main__":
    mode, a = sys.argv[1], sys.argv[2:]
    if mode == "train":
        train(a[0], *map(int, a[1:5]), a[5], *map(int, a[6:8]), bool(int(a[8])))
    elif mode == "eval":
        evaluation(a[0], *map(int, a[1:5]), a[5], *map(int, a[6:8]))
    else:
        raise SystemExit(f"unknown mode {mode}")
