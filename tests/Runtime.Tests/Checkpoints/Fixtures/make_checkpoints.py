#!/usr/bin/python3
"""PyTorch checkpoints for ensdsl's golden tests, made at test time with Debian's python3-torch/python3-torchvision
(the files are too large to commit: a ResNet-50 is about 100 MB).

For torchvision's ResNet-18 and ResNet-50 with seeded random weights and non-trivial BatchNorm statistics, writes the
state dict in the layouts the paper's authors use, and the logits (eval mode) for a fixed input that ensdsl computes
the same way: x[i] = sin(0.37 i) over a 2 x 3 x 64 x 64 tensor (float64, then float32). The head is scaled so that
the largest logit is 5.
  {arch}-model_state.pt  {'model_state': sd, 'epoch': 1000}           (their BYOL files)
  {arch}-state_dict.pt   {'state_dict': {'module.' + k: v}, 'arch': …} (Ashukha et al.'s supervised ResNet-50)
  {arch}-model.pt        {'model': sd}                                  (Swin)
  {arch}-bare.pt         sd
  {arch}-logits.json     {"shape": [2, 1000], "values": [...]}
Also: code.pt, a checkpoint whose pickle would call os.system when loaded by Python's pickle (ensdsl must refuse it
without running it), and legacy.pt, the pre-1.6 non-zip format.

Run: /usr/bin/python3 make_checkpoints.py OUT_DIR [resnet18,resnet50]
"""
import json
import os
import sys

import torch
import torchvision


class RunsCode:
    def __reduce__(self):
        return (os.system, ("touch PWNED",))


def model(arch, seed):
    torch.manual_seed(seed)
    net = getattr(torchvision.models, arch)()
    with torch.no_grad():
        for m in net.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 1.5)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.num_batches_tracked.fill_(1234)
    return net.eval()


def main():
    out = sys.argv[1]
    archs = sys.argv[2].split(",") if len(sys.argv) > 2 else ["resnet18", "resnet50"]
    os.makedirs(out, exist_ok=True)
    x = torch.arange(2 * 3 * 64 * 64, dtype=torch.float64).mul(0.37).sin().float().view(2, 3, 64, 64)
    for i, arch in enumerate(archs):
        net = model(arch, 100 + i)
        # Random ResNet-50 features grow through 16 blocks (logits in the hundreds); scale the head so logits are of
        # order 1 and "within 1e-4" measures the network, not float32 rounding of large numbers.
        with torch.no_grad():
            scale = 5.0 / net(x).abs().max().item()
            net.fc.weight.mul_(scale)
            net.fc.bias.mul_(scale)
        sd = net.state_dict()
        torch.save({"model_state": sd, "epoch": 1000}, os.path.join(out, f"{arch}-model_state.pt"))
        torch.save({"state_dict": {"module." + k: v for k, v in sd.items()}, "arch": arch}, os.path.join(out, f"{arch}-state_dict.pt"))
        torch.save({"model": sd}, os.path.join(out, f"{arch}-model.pt"))
        torch.save(sd, os.path.join(out, f"{arch}-bare.pt"))
        with torch.no_grad():
            logits = net(x)
        with open(os.path.join(out, f"{arch}-logits.json"), "w") as f:
            json.dump({"shape": list(logits.shape), "values": logits.flatten().tolist()}, f)
    small = {"fc.weight": torch.ones(2, 3), "fc.bias": torch.zeros(2)}
    torch.save({"model_state": small, "hook": RunsCode()}, os.path.join(out, "code.pt"))
    torch.save(small, os.path.join(out, "legacy.pt"), _use_new_zipfile_serialization=False)
    print("wrote", out)


if __name__ == "__main__":
    main()
