"""The PyTorch side of bench/run.sh (Debian's python3-torch): the authors' training step and evaluation on the data
files the C# side writes (bench/Peers/Program.cs). Prints RESULT lines in the same format, the side named <who>.

  train  <arch> <size> <batch> <steps> <classes> <prefix> <measurements> <threads> <nchw|cl> <who>
  eval   <arch> <size> <batch> <count> <classes> <prefix> <measurements> <threads> <nchw|cl> <who>
  memory <epochs> <prefix> <threads>

`cl` is PyTorch's channels-last recipe: the model converted once (`net.to(memory_format=torch.channels_last)`) and
every batch converted as it enters. A training measurement builds a fresh model and optimizer, trains them on one batch
(warm-up: the momentum buffers are created there, as the other sides create theirs before the timer), then times an
epoch. Evaluation runs in inference mode. The process environment (allocator thresholds, OpenBLAS core type) is
bench/run.sh's choice.
"""
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

LR, MOMENTUM, WD = 0.05, 0.9, 1e-4            # the authors' BYOL fine-tune


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if stride != 1 or cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):                       # as torchvision's BasicBlock: in-place ReLU and residual addition
        y = F.relu(self.bn1(self.conv1(x)), inplace=True)
        y = self.bn2(self.conv2(y))
        y += x if self.downsample is None else self.downsample(x)
        return F.relu(y, inplace=True)


class CifarResNet(nn.Module):
    """The same network as src/Runtime/Models/CifarResNet.cs."""

    def __init__(self, depth, width, classes):
        super().__init__()
        n = (depth - 2) // 6
        self.conv1 = nn.Conv2d(3, width, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        stage = lambda cin, cout, stride: nn.Sequential(*[BasicBlock(cin if i == 0 else cout, cout, stride if i == 0 else 1) for i in range(n)])
        self.layer1 = stage(width, width, 1)
        self.layer2 = stage(width, 2 * width, 2)
        self.layer3 = stage(2 * width, 4 * width, 2)
        self.fc = nn.Linear(4 * width, classes)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)), inplace=True)
        y = self.layer3(self.layer2(self.layer1(y)))
        return self.fc(F.adaptive_avg_pool2d(y, 1).flatten(1))


def model(arch, classes):
    torch.manual_seed(1)
    if arch == "resnet50":
        return torchvision.models.resnet50(num_classes=classes)
    if arch.startswith("cifar-resnet"):
        depth, width = arch[len("cifar-resnet"):].split("x")
        return CifarResNet(int(depth), int(width), classes)
    raise ValueError(arch)


def read(prefix, size):
    x = torch.from_numpy(np.fromfile(prefix + ".x", dtype=np.float32).reshape(-1, 3, size, size))
    y = torch.from_numpy(np.fromfile(prefix + ".y", dtype=np.int64))
    return x, y


def train_epoch(net, optimizer, x, y, batch, generator, smoothing=0.0, clip=None, set_to_none=False, layout=torch.contiguous_format):
    """One epoch of the authors' step: shuffled batches, CE, SGD; running loss and accuracy kept on the device.
    The Swin peer (swin_peer.py) adds label smoothing, gradient clipping and set-to-none gradients."""
    net.train()
    order = torch.randperm(len(y), generator=generator)
    loss_sum = torch.zeros(1, dtype=torch.float64)
    correct = torch.zeros(1, dtype=torch.int64)
    for start in range(0, len(y), batch):
        index = order[start:start + batch]
        xb, yb = x[index].contiguous(memory_format=layout), y[index]
        optimizer.zero_grad(set_to_none=set_to_none)
        logits = net(xb)
        loss = F.cross_entropy(logits, yb, label_smoothing=smoothing)
        loss.backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_(net.parameters(), clip)
        optimizer.step()
        loss_sum += loss.detach().double() * len(yb)
        correct += (logits.detach().argmax(1) == yb).sum()
    return loss_sum.item(), correct.item()


def config(arch, size, batch):
    return f"{arch}@{size}px,b{batch}"


LAYOUTS = {"nchw": torch.contiguous_format, "cl": torch.channels_last}


def train(arch, size, batch, steps, classes, prefix, measurements, threads, layout, who):
    torch.set_num_threads(threads)
    x, y = read(prefix, size)
    assert len(y) == batch * steps, f"{prefix} holds {len(y)} images, not {batch}x{steps}"
    memory_format = LAYOUTS[layout]
    for _ in range(measurements):
        net = model(arch, classes).to(memory_format=memory_format)
        optimizer = torch.optim.SGD(net.parameters(), lr=LR, momentum=MOMENTUM, weight_decay=WD)
        train_epoch(net, optimizer, x[:batch], y[:batch], batch, torch.Generator().manual_seed(1), layout=memory_format)
        start = time.perf_counter()
        train_epoch(net, optimizer, x, y, batch, torch.Generator().manual_seed(1), layout=memory_format)
        seconds = time.perf_counter() - start
        print(f"RESULT train {config(arch, size, batch)} {who} {len(y) / seconds:.3f}", flush=True)


def evaluate(net, x, batch, memory_format):
    net.eval()
    with torch.inference_mode():
        return torch.cat([F.log_softmax(net(x[s:s + batch].contiguous(memory_format=memory_format)), 1)
                          for s in range(0, len(x), batch)])


def evaluation(arch, size, batch, count, classes, prefix, measurements, threads, layout, who):
    torch.set_num_threads(threads)
    x, _ = read(prefix, size)
    assert len(x) == count
    memory_format = LAYOUTS[layout]
    net = model(arch, classes).to(memory_format=memory_format)
    evaluate(net, x[:batch], batch, memory_format)
    for _ in range(measurements):
        start = time.perf_counter()
        evaluate(net, x, batch, memory_format)
        print(f"RESULT eval {config(arch, size, batch)} {who} {count / (time.perf_counter() - start):.3f}", flush=True)


def rss_mib(key):
    with open("/proc/self/status") as f:
        return next(float(l.split()[1]) / 1024 for l in f if l.startswith(key + ":"))


def memory(epochs, prefix, threads):
    """20 epochs of cifar-resnet8x16 on the embedded target task the C# side wrote, batch 8, as bench/Peers Memory."""
    torch.set_num_threads(threads)
    x, y = read(prefix, 20)
    classes = int(y.max()) + 1
    net = model("cifar-resnet8x16", classes)
    optimizer = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9, weight_decay=1e-4)
    rss, anonymous = [], []
    for epoch in range(epochs):
        train_epoch(net, optimizer, x, y, 8, torch.Generator().manual_seed(epoch))
        rss.append(rss_mib("VmRSS"))
        anonymous.append(rss_mib("RssAnon"))
    name = "cifar-resnet8x16"
    print(f"RESULT memory-epoch2 {name} pytorch {rss[1]:.1f}")
    print(f"RESULT memory-epoch{epochs} {name} pytorch {rss[-1]:.1f}")
    print(f"RESULT memory-growth {name} pytorch {(rss[-1] / rss[1] - 1) * 100:.2f}")
    print(f"RESULT memory-peak {name} pytorch {rss_mib('VmHWM'):.1f}")
    print(f"RESULT memory-anonymous-epoch{epochs} {name} pytorch {anonymous[-1]:.1f}")


if __name__ == "__main__":
    mode, a = sys.argv[1], sys.argv[2:]
    if mode == "train":
        train(a[0], *map(int, a[1:5]), a[5], *map(int, a[6:8]), a[8], a[9])
    elif mode == "eval":
        evaluation(a[0], *map(int, a[1:5]), a[5], *map(int, a[6:8]), a[8], a[9])
    elif mode == "memory":
        memory(int(a[0]), a[1], int(a[2]))
    else:
        raise SystemExit(f"unknown mode {mode}")
