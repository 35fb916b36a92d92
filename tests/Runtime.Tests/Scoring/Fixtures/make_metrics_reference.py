#!/usr/bin/python3
"""Reference values for ensdsl's evaluation metrics, computed with PyTorch (Debian's python3-torch) in float64.

Makes metrics_reference.json: three members' log-probabilities (float32) for 240 test images of 6 classes, and the
metrics that ensdsl must reproduce: per member and for the ensembles of the first k members (k = 1..3): accuracy,
mean per-class accuracy, NLL, ECE (15 bins), Brier, the NLL-optimal temperature and the calibrated NLL with
pytorch-ensembles' protocol (2 folds x 5 random splits). The splits are drawn with ensdsl's DetRandom (SplitMix64),
re-implemented below, so both sides use the same folds. Diversity of the 3-member ensemble too.

Run: /usr/bin/python3 make_metrics_reference.py   (writes metrics_reference.json beside this script)
"""
import json
import math
import os

import torch

M64 = (1 << 64) - 1


def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


class DetRandom:
    """ensdsl's src/Runtime/Data/DetRandom.cs."""

    def __init__(self, seed):
        self.state = seed

    @staticmethod
    def for_stream(seed, stream):
        h = 14695981039346656037
        for b in stream.encode("utf-8"):
            h = ((h ^ b) * 1099511628211) & M64
        return DetRandom(mix((seed & M64) ^ mix(h)))

    def next_u64(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & M64
        return mix(self.state)

    def next_double(self):
        return (self.next_u64() >> 11) * (1.0 / (1 << 53))

    def next(self, n):
        return int(self.next_double() * n)


def split(n, rng, folds=2):
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.next(i + 1)
        order[i], order[j] = order[j], order[i]
    out, start = [], 0
    for f in range(folds):
        size = n // folds + (1 if f < n % folds else 0)
        out.append(order[start:start + size])
        start += size
    return out


def nll_at(lp, y, beta):
    return -torch.log_softmax(lp * beta, 1)[torch.arange(len(y)), y].mean().item()


def fit_beta(lp, y):
    # Golden-section search of the convex NLL(beta) on a log scale, to far below ensdsl's tolerance.
    lo, hi = math.log(1e-3), math.log(1e3)
    g = (math.sqrt(5) - 1) / 2
    a, b = hi - g * (hi - lo), lo + g * (hi - lo)
    fa, fb = nll_at(lp, y, math.exp(a)), nll_at(lp, y, math.exp(b))
    for _ in range(200):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - g * (hi - lo)
            fa = nll_at(lp, y, math.exp(a))
        else:
            lo, a, fa = a, b, fb
            b = lo + g * (hi - lo)
            fb = nll_at(lp, y, math.exp(b))
    return math.exp((lo + hi) / 2)


def ece(lp, y, bins=15):
    p = lp.exp()
    conf, pred = p.max(1)
    correct = (pred == y).double()
    edges = torch.linspace(0, 1, bins + 1, dtype=torch.float64)
    total = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        inb = (conf > lo) & (conf <= hi)
        if inb.any():
            total += inb.double().mean().item() * abs(conf[inb].mean().item() - correct[inb].mean().item())
    return total


def scores(lp, y, seed=0):
    p = lp.exp()
    pred = lp.argmax(1)
    correct = (pred == y).double()
    per_class = [correct[y == c].mean().item() for c in range(lp.shape[1]) if (y == c).any()]
    onehot = torch.nn.functional.one_hot(y, lp.shape[1]).double()
    cnll = 0.0
    for run in range(5):
        folds = split(len(y), DetRandom.for_stream(seed, f"calibrated-nll/{run}"))
        for f in range(2):
            fit_idx = torch.tensor([i for g, fold in enumerate(folds) if g != f for i in fold])
            score_idx = torch.tensor(folds[f])
            beta = fit_beta(lp[fit_idx], y[fit_idx])
            cnll += nll_at(lp[score_idx], y[score_idx], beta) / 10
    return {
        "acc": correct.mean().item(),
        "acc_per_class": sum(per_class) / len(per_class),
        "nll": -lp[torch.arange(len(y)), y].mean().item(),
        "ece": ece(lp, y),
        "brier": ((p - onehot) ** 2).sum(1).mean().item(),
        "temperature": 1 / fit_beta(lp, y),
        "cnll": cnll,
    }


def main():
    torch.manual_seed(20231126)
    n, c = 240, 6
    y = torch.randint(0, c, (n,))
    # Members that are right more often than not, with different sharpness (over- and under-confident).
    members = []
    for scale in (3.0, 1.2, 0.6):
        logits = torch.randn(n, c) * 1.5 + 2.0 * torch.nn.functional.one_hot(y, c)
        members.append(torch.log_softmax(logits * scale, 1).float())
    lps64 = [m.double() for m in members]
    ensembles = []
    for k in range(1, len(members) + 1):
        avg = torch.stack([m.exp() for m in lps64[:k]]).mean(0).log()
        ensembles.append(dict(k=k, **scores(avg, y)))
    preds = [m.argmax(1) for m in lps64]
    pairs = [(i, j) for i in range(3) for j in range(3) if i < j]
    disagreement = sum((preds[i] != preds[j]).double().mean().item() for i, j in pairs) / len(pairs)
    kl = sum((lps64[i].exp() * (lps64[i] - lps64[j])).sum(1).mean().item()
             for i in range(3) for j in range(3) if i != j) / 6
    member_acc = sum((p == y).double().mean().item() for p in preds) / 3
    out = {
        "made_by": "make_metrics_reference.py with PyTorch " + torch.__version__,
        "labels": y.tolist(),
        "members": [[[float(v) for v in row] for row in m.tolist()] for m in members],
        "member_scores": [scores(m, y) for m in lps64],
        "ensembles": ensembles,
        "diversity": {"disagreement": disagreement, "kl": kl, "gain": ensembles[-1]["acc"] - member_acc},
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "metrics_reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
    print("wrote", path)


if __name__ == "__main__":
    main()
