#!/usr/bin/python3
"""Reference for ensdsl's BatchNorm recomputation, made with PyTorch (Debian's python3-torch).

A tiny network (conv, BN, ReLU, conv, BN) with non-trivial BN statistics and affine parameters; three batches; the
running statistics after torch.optim.swa_utils.update_bn, which has the semantics of the authors' update_bn: reset
the statistics, train mode, no gradients, cumulative average (momentum None). Writes bn_reference.json.

Run: /usr/bin/python3 make_bn_reference.py
"""
import json
import os

import torch
from torch import nn


def main():
    torch.manual_seed(7)
    net = nn.Sequential(nn.Conv2d(3, 4, 3, bias=False), nn.BatchNorm2d(4), nn.ReLU(),
                        nn.Conv2d(4, 5, 3, bias=False), nn.BatchNorm2d(5))
    with torch.no_grad():
        for m in net:
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.uniform_(-1, 1)
                m.running_var.uniform_(0.5, 2)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
                m.num_batches_tracked.fill_(100)
    state = {k: v.clone() for k, v in net.state_dict().items()}
    batches = [torch.randn(6, 3, 7, 7) * (i + 1) + 0.3 * i for i in range(3)]
    torch.optim.swa_utils.update_bn(batches, net)
    after = net.state_dict()
    out = {
        "made_by": "make_bn_reference.py with PyTorch " + torch.__version__,
        "state": {k: {"shape": list(v.shape), "values": v.flatten().tolist()} for k, v in state.items()},
        "batches": [{"shape": list(b.shape), "values": b.flatten().tolist()} for b in batches],
        "expected": {k: after[k].flatten().tolist() for k in after if "running" in k},
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "bn_reference.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print("wrote", path)


if __name__ == "__main__":
    main()
