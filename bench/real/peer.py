"""bench/real's PyTorch side: bench/real/fashion.csx's recipe in PyTorch (Debian's python3-torch), written as a PyTorch
user tuning for speed on CPU would: data in memory as tensors, batched augmentation, channels-last model and batches,
intra-op threads set to the cores given. Value for value with ensdsl:
  - data: the Debian idx files read with numpy; pixels /255 then (x − mean) / std in float32 (ToTensor + Normalize)
    with the training images' own statistics computed as ensdsl computes them (every pixel, population deviation:
    0.2860 and 0.3530 for Fashion-MNIST), the one channel repeated three times;
  - network: CIFAR ResNet-20, width 16 (bench/Peers/pytorch_peer.py's CifarResNet, as src/Runtime/Models/CifarResNet.cs),
    initialised as torchvision's ResNet (conv: Kaiming normal, fan-out, ReLU gain; BN 1 and 0; linear: PyTorch default);
  - SGD lr 0.1, momentum 0.9, weight decay 5e-4 on every parameter; LR cosine per epoch to 0 (LambdaLR: lr·½(1 + cos(π·e/E)));
  - batch 128, a fresh permutation every epoch, the last partial batch kept; cross-entropy (mean);
  - RandomCrop(28, padding=4) with black padding, then RandomHorizontalFlip(), per image, drawn once per epoch.
Prints one line per epoch (EPOCH <epoch> <seconds> <loss>) and RESULT acc/nll/peak lines.

  python3 bench/real/peer.py <seed> <epochs> <threads> [<data dir>] [cl|nchw]
(cl, channels-last, is the default; nchw measures the other layout, which PyTorch 1.13 is sometimes faster with.)
"""
import gzip
import math
import os
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "Peers"))
from pytorch_peer import CifarResNet  # noqa: E402

PAD = 4
LR, MOMENTUM, WD, BATCH = 0.1, 0.9, 5e-4, 128


def idx(path):
    with gzip.open(path) if path.endswith(".gz") else open(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def split(root, name):
    find = lambda stem: next(os.path.join(root, stem + ext) for ext in ("", ".gz") if os.path.exists(os.path.join(root, stem + ext)))
    return idx(find(f"{name}-images-idx3-ubyte")), torch.from_numpy(idx(find(f"{name}-labels-idx1-ubyte")).astype(np.int64))


def statistics(pixels):
    values = pixels.astype(np.float64)
    mean = values.mean() / 255
    return np.float32(mean), np.float32(np.sqrt(max(0.0, (values ** 2).mean() / 255 ** 2 - mean ** 2)))


def normalise(pixels, mean, std):
    images = torch.from_numpy(pixels.copy()).float().div(255)
    return images.sub(float(mean)).div(float(std)).unsqueeze(1).expand(-1, 3, -1, -1).contiguous()


def initialise(net):
    for m in net.modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)


def augment(x, flip, shift, black):
    n, c, h, w = x.shape
    padded = F.pad(x, (PAD, PAD, PAD, PAD), value=black)
    rows = (shift[:, :1] + torch.arange(h)).view(n, 1, h, 1).expand(n, c, h, w + 2 * PAD)
    cols = (shift[:, 1:] + torch.arange(w)).view(n, 1, 1, w).expand(n, c, h, w)
    out = padded.gather(2, rows).gather(3, cols)
    return torch.where(flip.view(-1, 1, 1, 1), out.flip(3), out)


def main():
    seed, epochs, threads = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    root = sys.argv[4] if len(sys.argv) > 4 else "/usr/share/datasets/fashion-mnist"
    layout = torch.channels_last if (sys.argv[5] if len(sys.argv) > 5 else "cl") == "cl" else torch.contiguous_format
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    train_pixels, train_y = split(root, "train")
    test_pixels, test_y = split(root, "t10k")
    mean, std = statistics(train_pixels)
    train_x, test_x = normalise(train_pixels, mean, std), normalise(test_pixels, mean, std)
    black = float((np.float32(0) - mean) / std)
    print(f"DATA mean {mean:.6f} std {std:.6f}", flush=True)

    net = CifarResNet(20, 16, 10)
    initialise(net)
    net = net.to(memory_format=layout)
    optimizer = torch.optim.SGD(net.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=WD)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda e: 0.5 * (1 + math.cos(math.pi * e / epochs)))
    generator = torch.Generator().manual_seed(seed)

    for epoch in range(epochs):
        start = time.perf_counter()
        net.train()
        order = torch.randperm(len(train_y), generator=generator)
        flip = torch.rand(len(train_y), generator=generator) < 0.5        # the epoch's draws, in data order
        shift = torch.randint(0, 2 * PAD + 1, (len(train_y), 2), generator=generator)
        total, seen = 0.0, 0
        for b in range(0, len(order), BATCH):
            index = order[b:b + BATCH]
            x = augment(train_x[index], flip[index], shift[index], black).contiguous(memory_format=layout)
            y = train_y[index]
            loss = F.cross_entropy(net(x), y)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(y)
            seen += len(y)
        schedule.step()
        print(f"EPOCH {epoch + 1} {time.perf_counter() - start:.3f} {total / seen:.4f}", flush=True)

    net.eval()
    log_probs = []
    with torch.inference_mode():
        for b in range(0, len(test_y), 500):
            x = test_x[b:b + 500].contiguous(memory_format=layout)
            log_probs.append(F.log_softmax(net(x).double(), dim=1))
    log_probs = torch.cat(log_probs)
    acc = (log_probs.argmax(1) == test_y).double().mean().item()
    nll = -log_probs.gather(1, test_y.view(-1, 1)).mean().item()
    print(f"RESULT acc {acc:.6f}")
    print(f"RESULT nll {nll:.6f}")
    print(f"RESULT peak_mib {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")


if __name__ == "__main__":
    main()
