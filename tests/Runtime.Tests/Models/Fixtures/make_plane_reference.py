#!/usr/bin/python3
"""Reference for ensdsl's plane through three models, made with PyTorch (Debian's python3-torch).

Four state dicts of a tiny network (conv, BN, linear head) with different weights and BN statistics: a, b, c span the
plane, d is projected onto it. The plane is built as Garipov et al.'s and model-soups' code builds it, on the flat
vector of the network's parameters (BN's running statistics are not parameters): u = b - a, w = c - a,
e1 = u/|u|, e2 = (w - (w.e1) e1)/|...|; the models' coordinates; a grid of 5 x 5 points from each axis's smallest
coordinate minus a quarter of the span to its largest plus a quarter; and at three grid points the parameters
a + x e1 + y e2, with the weights (alpha, beta, gamma) of a, b, c that make that point (every tensor mixed with them,
BN statistics included, lies on the plane). d's coordinates and its distance to the plane. Writes plane_reference.json.

Run: /usr/bin/python3 make_plane_reference.py
"""
import json
import os

import torch
from torch import nn

RESOLUTION, MARGIN = 5, 0.25
POINTS = [(0, 0), (2, 3), (4, 1)]       # (row, column) of the grid


def network():
    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.Flatten(), nn.Linear(4 * 25, 3))


def main():
    torch.manual_seed(11)
    states = []
    for i in range(4):
        net = network()
        with torch.no_grad():
            for p in net.parameters():
                p.add_(torch.randn_like(p) * (0.3 + 0.2 * i))
            net[1].running_mean.uniform_(-1, 1)
            net[1].running_var.uniform_(0.5, 2)
            net[1].num_batches_tracked.fill_(10 * (i + 1))
        states.append({k: v.clone() for k, v in net.state_dict().items()})
    names = [n for n, _ in network().named_parameters()]

    def flat(state):
        return torch.cat([state[n].double().flatten() for n in names])

    a, b, c, d = (flat(s) for s in states)
    u, w = b - a, c - a
    e1 = u / u.norm()
    v = w - w.dot(e1) * e1
    e2 = v / v.norm()
    coords = [(float((m - a).dot(e1)), float((m - a).dot(e2))) for m in (a, b, c)]

    def axis(values):
        low, high = min(values), max(values)
        pad = MARGIN * (high - low)
        return torch.linspace(low - pad, high + pad, RESOLUTION, dtype=torch.float64).tolist()

    xs, ys = axis([x for x, _ in coords]), axis([y for _, y in coords])
    points = []
    for row, column in POINTS:
        x, y = xs[column], ys[row]
        theta = a + x * e1 + y * e2
        # theta - a = beta u + gamma w: least squares on the two directions (exact: theta lies in their span).
        basis = torch.stack([u, w], dim=1)
        beta, gamma = torch.linalg.lstsq(basis, (theta - a).unsqueeze(1)).solution.flatten().tolist()
        offsets, parameters = 0, {}
        for n in names:
            size = states[0][n].numel()
            parameters[n] = theta[offsets:offsets + size].tolist()
            offsets += size
        points.append({"row": row, "column": column, "x": x, "y": y, "mix": [1 - beta - gamma, beta, gamma], "parameters": parameters})
    dd = d - a
    dx, dy = float(dd.dot(e1)), float(dd.dot(e2))
    out = {
        "made_by": "make_plane_reference.py with PyTorch " + torch.__version__,
        "resolution": RESOLUTION,
        "margin": MARGIN,
        "states": [{k: {"shape": list(t.shape), "dtype": str(t.dtype), "values": t.flatten().tolist()} for k, t in s.items()} for s in states],
        "coordinates": coords,
        "x": xs,
        "y": ys,
        "points": points,
        "projected": {"x": dx, "y": dy, "distance": float((dd - dx * e1 - dy * e2).norm())},
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "plane_reference.json")
    with open(path, "w") as f:
        json.dump(out, f)
    print("wrote", path)


if __name__ == "__main__":
    main()
